"""A new configuration is adopted between sessions, never during one."""

from __future__ import annotations

from kiosk.config_packages.reload import PendingConfig, changed_sections, needs_restart
from tests.config_packages.conftest import Env, PackageSpec, default_files


def test_pending_config_waits_for_the_session_to_end(env: Env) -> None:
    old = env.base
    new = env.packages().apply(env.package(spec=PackageSpec(version=1))).config
    assert new is not None
    pending = PendingConfig()
    pending.offer(new)
    assert pending.take(session_active=True) is None
    assert pending.waiting
    assert pending.take(session_active=False) == new
    assert pending.take(session_active=False) is None
    assert changed_sections(old, new) == {"ui", "session", "admin", "catalog"}
    assert not needs_restart(old, new)


def test_device_changes_need_a_restart(env: Env) -> None:
    files = default_files(1) | {"config.toml": b'[devices.receipt_printer]\nencoding = "GBK"\n'}
    new = env.packages().apply(env.package(spec=PackageSpec(version=1, files=files))).config
    assert new is not None
    assert "devices" in changed_sections(env.base, new)
    assert needs_restart(env.base, new)
