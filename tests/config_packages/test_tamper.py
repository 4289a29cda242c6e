"""The tamper matrix: each bad package is refused by its own check with its own reason,
the refusal is audited, and the running configuration is left exactly as it was."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.config_packages import CheckId, CheckStatus
from kiosk.config_packages.manifest import Targets
from kiosk.ops.audit import verify as verify_audit
from tests.config_packages.conftest import (
    Entry,
    Env,
    PackageSpec,
    audit_events,
    default_files,
    now,
    write_zip,
)


def flip_bit(data: bytes, index: int = 0) -> bytes:
    b = bytearray(data)
    b[index] ^= 0x01
    return bytes(b)


def replace_entry(name: str, fn: Callable[[Entry], Entry]) -> Callable[[list[Entry]], list[Entry]]:
    return lambda es: [fn(e) if e.name == name else e for e in es]


def t_flip_file(es: list[Entry]) -> list[Entry]:
    return replace_entry("config.toml", lambda e: Entry(e.name, flip_bit(e.data, 3)))(es)


def t_flip_manifest(es: list[Entry]) -> list[Entry]:
    return replace_entry("manifest.json", lambda e: Entry(e.name, flip_bit(e.data, 40)))(es)


def t_missing(es: list[Entry]) -> list[Entry]:
    return [e for e in es if e.name != "templates/receipt_footer.txt"]


def t_extra(es: list[Entry]) -> list[Entry]:
    return [*es, Entry("images/logo.png", b"\x89PNG not in the manifest")]


def t_parent(es: list[Entry]) -> list[Entry]:
    return [*es, Entry("templates/../../etc/cron.d/evil", b"* * * * * root sh\n")]


def t_absolute(es: list[Entry]) -> list[Entry]:
    return [*es, Entry("/etc/passwd", b"root::0:0::/:/bin/sh\n")]


def t_symlink(es: list[Entry]) -> list[Entry]:
    return [*es, Entry("images/shadow", b"/etc/shadow", mode=stat.S_IFLNK | 0o777)]


def t_duplicate(es: list[Entry]) -> list[Entry]:
    evil = Entry("config.toml", b"[ui]\nvolume = 0\n")
    return [*es, evil]


def t_bomb(es: list[Entry]) -> list[Entry]:
    # 20 MiB of zeros deflate to ~20 KiB: a 1000:1 ratio.
    return [*es, Entry("images/bomb.bin", bytes(20 * 1024 * 1024))]


def t_unsigned(es: list[Entry]) -> list[Entry]:
    return [e for e in es if e.name != "manifest.sig"]


# (case, spec changes, signing key: "other" = untrusted, tamper, expected check, expected code)
CASES: list[tuple[str, dict[str, object], str, object, CheckId, str]] = [
    ("wrong key", {}, "other", None, CheckId.SIGNATURE, "untrusted_key"),
    ("bit flipped in a file", {}, "", t_flip_file, CheckId.FILES, "hash_mismatch"),
    ("bit flipped in the manifest", {}, "", t_flip_manifest, CheckId.SIGNATURE, "bad_signature"),
    ("missing file", {}, "", t_missing, CheckId.FILES, "missing_file"),
    ("extra file", {}, "", t_extra, CheckId.FILES, "extra_file"),
    ("../ path", {}, "", t_parent, CheckId.PATHS, "parent_path"),
    ("absolute path", {}, "", t_absolute, CheckId.PATHS, "absolute_path"),
    ("symlink entry", {}, "", t_symlink, CheckId.PATHS, "symlink"),
    ("duplicate entry", {}, "", t_duplicate, CheckId.PATHS, "duplicate_entry"),
    ("zip bomb", {}, "", t_bomb, CheckId.SIZES, "compression_ratio"),
    ("unsigned", {}, "", t_unsigned, CheckId.SIGNATURE, "signature_missing"),
    (
        "wrong target",
        {"targets": Targets(kiosk_ids=["XM-SM-0042"], regions=["350200"])},
        "",
        None,
        CheckId.TARGET,
        "wrong_target",
    ),
    (
        "expired",
        {"created_at": now() - timedelta(days=40), "valid_for": timedelta(days=30)},
        "",
        None,
        CheckId.EXPIRY,
        "expired",
    ),
    (
        "created in the future",
        {"created_at": now() + timedelta(days=2)},
        "",
        None,
        CheckId.EXPIRY,
        "not_yet_valid",
    ),
    ("app too old", {"min_app_version": "99.0"}, "", None, CheckId.APP_VERSION, "app_too_old"),
    (
        "schema-invalid config",
        {"files": {"config.toml": b"[ui]\nlanguage = 1\n"}},
        "",
        None,
        CheckId.CONFIG,
        "config_invalid",
    ),
    (
        "unknown config key",
        {"files": {"config.toml": b"[ui]\nvolumme = 3\n"}},
        "",
        None,
        CheckId.CONFIG,
        "config_invalid",
    ),
    (
        "config syntax error",
        {"files": {"config.toml": b"[ui\nvolume = 3\n"}},
        "",
        None,
        CheckId.CONFIG,
        "config_syntax",
    ),
    (
        "moves the data directory",
        {"files": {"config.toml": b'[paths]\ndata_dir = "/tmp/elsewhere"\n'}},
        "",
        None,
        CheckId.CONFIG,
        "forbidden_override",
    ),
    (
        "bad PIN hash",
        {"files": {"admin_pin_hash.txt": b"123456\n"}},
        "",
        None,
        CheckId.CONFIG,
        "pin_hash_invalid",
    ),
    (
        "rotated key is not a key",
        {"files": {"trusted_keys/new.pem": b"-----BEGIN PUBLIC KEY-----\nxx\n"}},
        "security",
        None,
        CheckId.CONFIG,
        "trusted_keys_invalid",
    ),
    (
        "broken catalog",
        {"files": {"catalog.toml": b'version = "1"\n[[services]]\ncode = "x"\n'}},
        "",
        None,
        CheckId.CATALOG,
        "catalog_invalid",
    ),
]


@pytest.mark.parametrize(
    ("case", "spec", "which_key", "tamper", "check", "code"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_refused_with_its_own_reason_and_nothing_changes(
    env: Env,
    case: str,
    spec: dict[str, object],
    which_key: str,
    tamper: Callable[[list[Entry]], list[Entry]] | None,
    check: CheckId,
    code: str,
) -> None:
    # A release is already active: refusal must leave it, and everything else, alone.
    assert env.packages().apply(env.package("good.zip", PackageSpec(version=1))).applied
    before = env.state()
    events_before = len(audit_events(env.audit_path))

    pkg = env.package(
        "bad.zip",
        PackageSpec(version=2, **spec),  # type: ignore[arg-type]
        key={"other": env.other_key, "security": env.security_key}.get(which_key),
        tamper=tamper,
    )
    seen = []
    outcome = env.packages().apply(pkg, on_check=seen.append)

    assert not outcome.applied
    failure = outcome.report.failure
    assert failure is not None, case
    assert (failure.check, failure.code) == (check, code), failure
    assert failure.reason_zh and failure.reason_en
    # Every check is reported, in order; those after the failing one were not run.
    assert [r.check for r in seen] == list(CheckId)
    after_fail = [r.status for r in seen[list(CheckId).index(check) + 1 :]]
    assert all(s is CheckStatus.SKIPPED for s in after_fail)
    assert not outcome.report.payload  # nothing unverified is handed on

    assert env.state() == before
    events = audit_events(env.audit_path)
    assert len(events) == events_before + 1
    assert events[-1]["event"] == "config_package.refused"
    assert events[-1]["data"]["code"] == code
    assert verify_audit(env.audit_path).ok


def test_each_tamper_case_has_a_distinct_reason() -> None:
    main_cases = [c for c in CASES if c[0] not in ("unknown config key",)]
    codes = [c[5] for c in main_cases]
    assert len(codes) == len(set(codes))


def test_downgrade_and_replay_refused(env: Env) -> None:
    pk = env.packages()
    assert pk.apply(env.package("v5.zip", PackageSpec(version=5))).applied
    before = env.state()
    down = pk.apply(env.package("v4.zip", PackageSpec(version=4)))
    assert (down.report.failure.check, down.report.failure.code) == (  # type: ignore[union-attr]
        CheckId.VERSION,
        "downgrade",
    )
    replay = pk.apply(env.package("v5.zip", PackageSpec(version=5)))
    assert replay.report.failure.code == "same_version"  # type: ignore[union-attr]
    assert env.state() == before


def test_rolled_back_version_cannot_be_replayed(env: Env) -> None:
    pk = env.packages()
    pk.apply(env.package("v1.zip", PackageSpec(version=1)))
    pk.apply(env.package("v2.zip", PackageSpec(version=2)))
    pk.rollback()
    again = pk.apply(env.package("v2.zip", PackageSpec(version=2)))
    assert again.report.failure.code == "same_version"  # type: ignore[union-attr]


def test_signed_rollback_package_may_downgrade(env: Env) -> None:
    pk = env.packages()
    pk.apply(env.package("v5.zip", PackageSpec(version=5)))
    outcome = pk.apply(
        env.package(
            "rb.zip",
            PackageSpec(version=3, kind="rollback", rollback_from=5, valid_for=timedelta(days=2)),
        )
    )
    assert outcome.applied, outcome.report.summary_en()
    assert outcome.config is not None and outcome.config.ui.volume == 13


def test_raw_bit_flip_in_the_archive_is_refused(env: Env) -> None:
    pkg = env.package()
    data = bytearray(pkg.read_bytes())
    # Flip a bit inside the compressed data of catalog.toml (the largest entry).
    at = data.find(b"catalog.toml") + 200
    data[at] ^= 0x10
    pkg.write_bytes(bytes(data))
    report = env.packages().verify(pkg)
    assert not report.ok
    assert report.failure is not None
    assert report.failure.check in (CheckId.ARCHIVE, CheckId.FILES)
    assert report.failure.code in ("corrupt_entry", "hash_mismatch", "not_zip")


def test_directory_entries(env: Env) -> None:
    def with_dirs(extra: str) -> Callable[[list[Entry]], list[Entry]]:
        return lambda es: [
            Entry("templates/", b"", mode=0o40755),
            Entry(extra, b"", mode=0o40755),
            *es,
        ]

    ok = env.packages().verify(env.package("d1.zip", tamper=with_dirs("templates/")))
    assert ok.failure is not None and ok.failure.code == "duplicate_entry"
    fine = env.packages().verify(
        env.package("d2.zip", tamper=lambda es: [Entry("templates/", b"", mode=0o40755), *es])
    )
    assert fine.ok, fine.summary_en()
    stray = env.packages().verify(env.package("d3.zip", tamper=with_dirs("images/")))
    assert (stray.failure.check, stray.failure.code) == (CheckId.FILES, "extra_file")  # type: ignore[union-attr]


def test_not_a_zip_and_empty_file(env: Env) -> None:
    junk = env.tmp / "kiosk-config-junk.zip"
    junk.write_bytes(os.urandom(3000))
    assert env.packages().verify(junk).failure.code == "not_zip"  # type: ignore[union-attr]
    empty = env.tmp / "empty.zip"
    empty.write_bytes(b"")
    assert env.packages().verify(empty).failure.code == "empty"  # type: ignore[union-attr]
    missing = env.packages().verify(env.tmp / "gone.zip")
    assert missing.failure.code == "unreadable"  # type: ignore[union-attr]


def test_oversized_file_and_package(env: Env, tmp_path: Path) -> None:
    text = env.config_path.read_text()
    text = text.replace(
        "keep_releases = 5", "keep_releases = 5\nmax_file_bytes = 4096\nmax_package_bytes = 900000"
    )
    env.config_path.write_text(text)
    files = default_files(1)
    files["images/photo.jpg"] = os.urandom(8192)
    report = env.packages().verify(env.package(spec=PackageSpec(files=files)))
    assert (report.failure.check, report.failure.code) == (  # type: ignore[union-attr]
        CheckId.SIZES,
        "file_too_large",
    )
    big = tmp_path / "big.zip"
    write_zip(big, [Entry("images/noise.bin", os.urandom(1_000_000), compress=0)])
    report = env.packages().verify(big)
    assert report.failure.code == "package_too_large"  # type: ignore[union-attr]


def test_unknown_file_in_layout_is_refused_by_the_manifest_check(env: Env) -> None:
    # Listed in the (validly signed) manifest but not a known part of a package.
    from kiosk.config_packages.keys import make_signature

    manifest = (
        b'{"format": 1, "package_id": "x", "version": 9, "created_at": "2020-01-01T00:00:00Z",'
        b' "expires_at": "2099-01-01T00:00:00Z", "targets": {"all": true},'
        b' "files": [{"path": "run.sh", "size": 0, "sha256": "' + b"0" * 64 + b'"}]}'
    )
    pkg = write_zip(
        env.tmp / "odd.zip",
        [
            Entry("manifest.json", manifest),
            Entry("run.sh", b""),
            Entry("manifest.sig", make_signature(manifest, env.key)),
        ],
    )
    report = env.packages().verify(pkg)
    assert (report.failure.check, report.failure.code) == (  # type: ignore[union-attr]
        CheckId.MANIFEST,
        "manifest_invalid",
    )
