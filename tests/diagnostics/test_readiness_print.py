"""The technician prints the readiness report from the screen (issue 24): it comes out
of the (emulated) receipt printer with the kiosk id, each device and its last self-test,
and nothing personal."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough.harness import demo_ui


@pytest.fixture
def wt(qapp, tmp_path: Path):
    with demo_ui(tmp_path / "shots") as wt:
        yield wt


def test_readiness_report_printed_from_the_technician_screen(wt) -> None:
    emulator = wt.terminal.devices.extras["receipt_emulator"]
    ui = wt.ui
    ui.ctl.enter_admin()
    screen = ui.window.screens[SessionState.ADMIN]
    wt.pump()
    # A self-test first: the report carries its outcome.
    screen.run_test("qr_scanner")
    assert wt.wait_for(lambda: "qr_scanner" in ui.technician.self_tests.snapshot(), 20)
    before = len(emulator.receipts)
    screen.readiness_btn.click()
    assert wt.wait_for(lambda: "就绪报告已打印" in screen.bundle_note.text(), 30), (
        screen.bundle_note.text()
    )
    receipts = emulator.wait_for_receipts(before + 1, timeout=10)
    text = receipts[-1].text
    assert wt.terminal.config.kiosk.id in text
    assert "扫码器" in text  # each device by its label
    assert screen.readiness_btn.isEnabled()
    ui.technician.leave_admin()
