"""Happy path: apply, restart, rollback; boot confirmation and automatic rollback; key rotation."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.config_packages import (
    CheckId,
    ConfigPackages,
    RollbackError,
    begin_boot,
    confirm_boot,
    effective_config,
)
from kiosk.config_packages.health import check_configuration, release_integrity
from kiosk.config_packages.keys import public_pem
from kiosk.ops.audit import verify as verify_audit
from tests.config_packages.conftest import (
    PIN_HASH,
    SAMPLE_CATALOG,
    Env,
    PackageSpec,
    audit_events,
    default_files,
)


def events(env: Env) -> list[str]:
    return [e["event"] for e in audit_events(env.audit_path)]


def test_apply_restart_rollback(env: Env) -> None:
    factory = env.base
    pk = env.packages()
    out1 = pk.apply(env.package("v1.zip", PackageSpec(version=1)))
    assert out1.applied and out1.release is not None
    cfg = out1.config
    assert cfg is not None
    assert (cfg.ui.volume, cfg.session.idle_timeout_s) == (11, 101)
    assert cfg.admin.pin_hash == PIN_HASH
    assert cfg.catalog.path == out1.release.path / "catalog.toml"
    assert cfg.catalog.path.read_bytes() == default_files(1)["catalog.toml"]
    assert (out1.release.path / "templates/receipt_footer.txt").read_text() == "版本 1\n"
    # Untouched parts of the base stay as they were.
    assert cfg.kiosk == factory.kiosk and cfg.devices == factory.devices

    # "Restart": a fresh process loads base + active release.
    code = (
        "from pathlib import Path; from kiosk.config_packages import effective_config;"
        f"c = effective_config(Path({str(env.config_path)!r}), Path({str(env.data_dir)!r}));"
        "print(c.ui.volume, c.session.idle_timeout_s)"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["11", "101.0"]

    out2 = pk.apply(env.package("v2.zip", PackageSpec(version=2)))
    assert out2.applied and out2.config is not None and out2.config.ui.volume == 12
    assert pk.store.active_name() == out2.release.name  # type: ignore[union-attr]

    back = pk.rollback()
    assert back is not None and back.name == out1.release.name
    assert effective_config(env.config_path, env.data_dir).ui.volume == 11
    assert pk.rollback() is None  # the factory configuration
    assert effective_config(env.config_path, env.data_dir) == factory
    with pytest.raises(RollbackError):
        pk.rollback()

    history = [(h.action, h.version) for h in pk.history()]
    assert history == [("applied", 1), ("applied", 2), ("rolled_back", 1), ("rolled_back", None)]
    assert events(env) == [
        "config_package.applied",
        "config_package.applied",
        "config_package.rolled_back",
        "config_package.rolled_back",
        "config_package.rollback_refused",
    ]
    assert verify_audit(env.audit_path).ok


def test_boot_confirmed_release_stays(env: Env) -> None:
    env.packages().apply(env.package("v1.zip", PackageSpec(version=1)))
    boot = begin_boot(env.base)
    assert boot.rolled_back_from is None and boot.config.ui.volume == 11
    confirm_boot(env.base)
    assert env.packages().store.boot_marker() is None
    # Later starts keep it, however many.
    for _ in range(3):
        assert begin_boot(env.base).config.ui.volume == 11
    assert "config_package.boot_confirmed" in events(env)


def test_failed_start_rolls_back_on_next_start(env: Env) -> None:
    pk = env.packages()
    pk.apply(env.package("v1.zip", PackageSpec(version=1)))
    begin_boot(env.base)
    confirm_boot(env.base)
    v2 = pk.apply(env.package("v2.zip", PackageSpec(version=2))).release
    assert v2 is not None
    # The terminal starts with v2 and dies before confirming (kill -9 of a real process).
    script = textwrap.dedent(
        f"""
        import os, signal
        from pathlib import Path
        from kiosk.config import load_config
        from kiosk.config_packages import begin_boot
        boot = begin_boot(load_config(Path({str(env.config_path)!r}), Path({str(env.data_dir)!r})))
        assert boot.config.ui.volume == 12, boot
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.returncode == -9, proc.stderr
    boot = begin_boot(env.base)
    assert boot.rolled_back_from == v2.name and boot.reason == "boot_failed"
    assert boot.config.ui.volume == 11
    last = audit_events(env.audit_path)[-1]
    assert last["event"] == "config_package.rolled_back"
    assert last["data"]["automatic"] is True and last["data"]["reason"] == "boot_failed"
    assert verify_audit(env.audit_path).ok


def test_broken_release_on_disk_rolls_back_at_start(env: Env) -> None:
    pk = env.packages()
    pk.apply(env.package("v1.zip", PackageSpec(version=1)))
    confirm_boot(env.base)
    v2 = pk.apply(env.package("v2.zip", PackageSpec(version=2))).release
    assert v2 is not None
    (v2.path / "config.toml").write_text("[ui]\nvolume = 999\n")  # invalid value
    boot = begin_boot(env.base)
    assert boot.rolled_back_from == v2.name and boot.reason.startswith("invalid")
    assert boot.config.ui.volume == 11
    problems, _ = check_configuration(env.base)
    assert problems == []


def test_check_reports_a_modified_release(env: Env) -> None:
    pk = env.packages()
    rel = pk.apply(env.package("v1.zip", PackageSpec(version=1))).release
    assert rel is not None and release_integrity(pk) == []
    (rel.path / "templates/receipt_footer.txt").write_text("edited by hand\n")
    problems, _ = check_configuration(env.base)
    assert problems == [f"release {rel.name}: templates/receipt_footer.txt modified on disk"]


def test_trusted_key_rotation(env: Env) -> None:
    pk = env.packages()
    files = default_files(1) | {"trusted_keys/next.pem": public_pem(env.other_key)}
    # Rotating the field keys is security-relevant: the field key alone cannot.
    refused = pk.apply(env.package("rotate0.zip", PackageSpec(version=1, files=files)))
    assert refused.report.failure.code == "needs_security_key"  # type: ignore[union-attr]
    rotate = env.package("rotate.zip", PackageSpec(version=1, files=files), env.security_key)
    assert pk.apply(rotate).applied
    # The old key is no longer trusted; the new one is.
    old = pk.apply(env.package("v2-old.zip", PackageSpec(version=2)))
    assert old.report.failure.code == "untrusted_key"  # type: ignore[union-attr]
    new = pk.apply(env.package("v2-new.zip", PackageSpec(version=2), key=env.other_key))
    assert new.applied, new.report.summary_en()
    # v2 carries no trusted_keys/: the rotated set is carried forward, the old key stays out.
    assert [k.label for k in pk.trusted_keys()[0] if not k.security] == ["next.pem"]
    v3 = pk.apply(env.package("v3-old.zip", PackageSpec(version=3)))
    assert v3.report.failure.code == "untrusted_key"  # type: ignore[union-attr]
    # Rolling back to the factory configuration brings back the shipped keys.
    pk.rollback()
    pk.rollback()
    assert [k.label for k in pk.trusted_keys()[0] if not k.security] == ["field-staff.pem"]


def test_target_by_region_prefix(env: Env) -> None:
    from kiosk.config_packages.manifest import Targets

    pk = env.packages()
    for i, region in enumerate(["350000", "350100", "350102"], start=1):
        out = pk.apply(
            env.package(f"r{i}.zip", PackageSpec(version=i, targets=Targets(regions=[region])))
        )
        assert out.applied, (region, out.report.summary_en())
    out = pk.apply(
        env.package("far.zip", PackageSpec(version=9, targets=Targets(regions=["350103"])))
    )
    assert out.report.failure.check is CheckId.TARGET  # type: ignore[union-attr]


def test_old_releases_are_pruned_but_active_and_previous_kept(env: Env) -> None:
    pk = env.packages()
    for v in range(1, 9):
        assert pk.apply(env.package(f"v{v}.zip", PackageSpec(version=v))).applied
    names = pk.store.release_names()
    assert len(names) == env.base.config_packages.keep_releases
    assert names[-1] == pk.store.active_name()
    assert pk.rollback() is not None and pk.store.active().version == 7  # type: ignore[union-attr]


def test_paths_in_overrides_point_into_the_release(env: Env) -> None:
    files = default_files(1) | {
        "config.toml": b'[catalog]\npath = "templates/services.toml"\n',
        "templates/services.toml": SAMPLE_CATALOG,
    }
    out = env.packages().apply(env.package(spec=PackageSpec(version=1, files=files)))
    assert out.applied and out.config is not None and out.release is not None
    assert out.config.catalog.path == out.release.path / "templates/services.toml"


def test_apply_verified_rechecks_version_under_the_lock(env: Env) -> None:
    pk = env.packages()
    report = pk.verify(env.package("v3.zip", PackageSpec(version=3)))
    assert report.ok
    ConfigPackages(load_config(env.config_path, env.data_dir)).apply(
        env.package("v4.zip", PackageSpec(version=4))
    )
    from kiosk.config_packages import ApplyError

    with pytest.raises(ApplyError):
        pk.apply_verified(report)
    assert pk.store.active().version == 4  # type: ignore[union-attr]


def test_verify_writes_nothing(env: Env, tmp_path: Path) -> None:
    pkg = env.package()
    report = env.packages().verify(pkg)
    assert report.ok
    assert not env.releases.exists()
    assert not env.audit_path.exists()


def test_a_broken_active_release_does_not_block_a_good_package(env: Env) -> None:
    pk = env.packages()
    rel = pk.apply(env.package("v1.zip", PackageSpec(version=1))).release
    assert rel is not None
    (rel.path / "config.toml").write_text("[ui]\nvolume = 999\n")
    out = pk.apply(env.package("v2.zip", PackageSpec(version=2)))
    assert out.applied and out.config is not None and out.config.ui.volume == 12
