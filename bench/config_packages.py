"""Configuration packages: how long build, sign, verify, apply, rollback and start-up take.

Two packages: a typical one (config overrides, the sample catalog, a PIN hash, a
template) and a large one (plus 200 images of 48 KiB, ~9.6 MiB). Verification reads
the whole zip into memory, hashes every file and validates config and catalog;
apply writes, fsyncs and switches the ``current`` link. Also shown: verification
throughput in MiB/s of payload, and apply time relative to verify time.

    .venv/bin/python bench/config_packages.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import DEFAULT_CONFIG_PATH, load_config
from kiosk.config_packages import ConfigPackages, Targets, build_package
from kiosk.config_packages.keys import public_pem


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def write_sources(src: Path, images: int) -> int:
    (src / "templates").mkdir(parents=True)
    (src / "config.toml").write_text("[ui]\nvolume = 70\n[session]\nidle_timeout_s = 120\n")
    (src / "catalog.toml").write_bytes((DEFAULT_CONFIG_PATH.parent / "catalog.toml").read_bytes())
    (src / "templates" / "footer.txt").write_text("服务热线 12345\n")
    if images:
        (src / "images").mkdir()
        for i in range(images):
            (src / "images" / f"guide_{i:03d}.jpg").write_bytes(os.urandom(48 * 1024))
    return sum(p.stat().st_size for p in src.rglob("*") if p.is_file())


def bench_one(tmp: Path, label: str, images: int, key: Ed25519PrivateKey, repeat: int) -> str:
    """One row of the table: every operation on one package."""
    src = tmp / f"src-{label}"
    size = write_sources(src, images)
    pkg = tmp / f"{label}.zip"
    versions = iter(range(1, 10_000))

    def build() -> None:
        build_package(
            src, pkg, version=next(versions), package_id=label, targets=Targets(all=True), key=key
        )

    t_build = timed(build, repeat)
    packages = ConfigPackages(load_config(tmp / "kiosk.toml", tmp / f"data-{label}"))
    t_verify = timed(lambda: packages.verify(pkg), repeat)
    applies, rollbacks = [], []
    for _ in range(repeat):
        build()
        t = time.perf_counter()
        assert packages.apply(pkg).applied
        applies.append(time.perf_counter() - t)
        t = time.perf_counter()
        packages.rollback()
        rollbacks.append(time.perf_counter() - t)
    t_apply, t_rb = statistics.median(applies), statistics.median(rollbacks)
    build()
    packages.apply(pkg)

    def boot() -> None:
        packages.begin_boot()
        packages.confirm_boot()

    t_boot = timed(boot, repeat)
    mib = size / 1048576
    return (
        f"{label:<10}{mib:>8.2f}Mi{t_build * 1000:>10.1f}ms{t_verify * 1000:>8.1f}ms"
        f"{mib / t_verify:>8.1f}{t_apply * 1000:>8.1f}ms{t_apply / t_verify:>14.2f}"
        f"{t_rb * 1000:>8.1f}ms{t_boot * 1000:>7.1f}ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    key = Ed25519PrivateKey.generate()
    with tempfile.TemporaryDirectory(prefix="bench-pkg-") as tmp_s:
        tmp = Path(tmp_s)
        (tmp / "keys").mkdir()
        (tmp / "keys" / "bench.pem").write_bytes(public_pem(key))
        cfg_text = DEFAULT_CONFIG_PATH.read_text().replace(
            'trusted_keys_dir = "keys"', f'trusted_keys_dir = "{tmp / "keys"}"'
        )
        (tmp / "kiosk.toml").write_text(cfg_text)
        print(
            f"{'package':<10}{'payload':>10}{'build+sign':>12}{'verify':>10}"
            f"{'MiB/s':>8}{'apply':>10}{'apply/verify':>14}{'rollback':>10}{'boot':>9}"
        )
        for label, images in (("typical", 0), ("large", 200)):
            print(bench_one(tmp, label, images, key, args.repeat))
    print(
        "apply = verify + write + fsync + switch; boot = begin_boot + confirm_boot (recover, overlay, marker)"
    )


if __name__ == "__main__":
    main()
