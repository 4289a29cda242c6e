"""The Qt adapter and the field-staff overlay, on real packages (pytest-qt, offscreen)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.config_packages import CheckId, CheckResult
from kiosk.ui.controllers.packages import PackageController
from screens.package_overlay import PackageOverlay
from tests.config_packages.conftest import Entry, Env, PackageSpec, audit_events


def test_checks_stream_then_apply(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    ctl = PackageController(env.base)
    overlay = PackageOverlay()
    qtbot.addWidget(overlay)
    overlay.bind(ctl)
    streamed: list[CheckResult] = []
    ctl.checkCompleted.connect(streamed.append)

    pkg = env.package("kiosk-config-1.zip", PackageSpec(version=1))
    with qtbot.waitSignal(ctl.verificationFinished, timeout=10_000) as got:
        assert ctl.verify(str(pkg))
    report = got.args[0]
    assert report.ok
    assert [r.check for r in streamed] == list(CheckId)
    assert overlay.state == "verified"
    assert overlay.apply_btn.isEnabled()
    assert overlay.findChild(object, "mark_catalog").text() == "✓"

    with qtbot.waitSignal(ctl.applied, timeout=10_000) as done:
        qtbot.mouseClick(overlay.apply_btn, Qt.MouseButton.LeftButton)
    outcome = done.args[0]
    assert outcome.config.ui.volume == 11
    assert overlay.state == "applied"
    assert "r000001-v1" in overlay.result.text()
    assert env.packages().store.active_name() == "r000001-v1"


def test_refused_package_names_the_failed_check(qtbot, env: Env) -> None:  # type: ignore[no-untyped-def]
    ctl = PackageController(env.base)
    overlay = PackageOverlay()
    qtbot.addWidget(overlay)
    overlay.bind(ctl)

    def tamper(es: list[Entry]) -> list[Entry]:
        return [*es, Entry("../../evil.sh", b"rm -rf /")]

    pkg = env.package("kiosk-config-bad.zip", PackageSpec(version=1), tamper=tamper)
    with qtbot.waitSignal(ctl.verificationFinished, timeout=10_000):
        ctl.verify(str(pkg))
    assert overlay.state == "refused"
    text = overlay.result.text()
    assert "包内路径安全" in text and ".." in text
    assert overlay.findChild(object, "mark_paths").text() == "✗"
    assert overlay.findChild(object, "mark_signature").text() == "–"
    assert not overlay.apply_btn.isEnabled()
    assert ctl.apply() is False
    assert not env.releases.exists()
    assert audit_events(env.audit_path)[-1]["data"]["code"] == "parent_path"


def test_usb_to_overlay(qtbot, env: Env, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = env.config_path.read_text().replace(
        'usb_mount_globs = ["/media/*", "/media/*/*", "/run/media/*/*"]',
        f'usb_mount_globs = ["{tmp_path}/media/*"]\nusb_poll_interval_s = 0.05',
    )
    env.config_path.write_text(text)
    ctl = PackageController(env.base)
    overlay = PackageOverlay()
    qtbot.addWidget(overlay)
    overlay.bind(ctl)
    ctl.packageFound.connect(ctl.verify)
    ctl.start_watching()
    try:
        stick = tmp_path / "media" / "STICK"
        stick.mkdir(parents=True)
        pkg = env.package("kiosk-config-2.zip", PackageSpec(version=2))
        with qtbot.waitSignal(ctl.verificationFinished, timeout=10_000) as got:
            pkg.rename(stick / pkg.name)
        assert got.args[0].ok
        assert overlay.state == "verified"
    finally:
        ctl.stop_watching()
