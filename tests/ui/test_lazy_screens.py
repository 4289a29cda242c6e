"""Start-up builds only the attract screen before the first paint (issue 18).

The other screens come in idle time or when first shown; a resident who places a
card at once, and a keyboard-wedge scanner that appears with the devices, must
not notice the difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from kiosk.session.machine import SessionState
from kiosk.ui.qr_sources import QrSources
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import demo_ui
from screens.main_window import MainWindow


@pytest.fixture
def held_idle_build(monkeypatch):
    """No screen is built in idle time during the test: only what is asked for."""
    monkeypatch.setattr(MainWindow, "IDLE_BUILD_MS", 3_600_000)


def test_only_the_attract_screen_exists_before_the_first_paint(qapp, tmp_path: Path) -> None:
    from kiosk.app.demo import demo_config
    from kiosk.app.terminal import Terminal
    from kiosk.config import load_config
    from kiosk.ui.app import build_ui

    config = demo_config(load_config(None, tmp_path), tmp_path)
    terminal = Terminal(config, demo=True)
    ui = build_ui(terminal, windowed=True)
    try:
        screens = ui.window.screens
        assert [s.state for s in screens.built()] == [SessionState.ATTRACT]
        assert len(screens) > 10 and SessionState.FORM in screens  # all known, not built
        ui.window.show()
        deadline = 200
        while screens.unbuilt() and deadline:
            qapp.processEvents()
            QTest.qWait(25)
            deadline -= 1
        assert screens.unbuilt() == []  # the rest followed in idle time
        assert set(ui.window.pages) == set(screens)
    finally:
        ui.window.shutdown()
        ui.ctl.shutdown()
        ui.window.close()
        ui.window.deleteLater()


def test_a_card_placed_at_once_logs_in(qapp, tmp_path: Path, held_idle_build) -> None:
    with demo_ui(tmp_path / "shots") as wt:
        screens = wt.ui.window.screens
        assert SessionState.CATALOG in screens.unbuilt()
        steps.identify_with_card(wt)  # builds identify and catalog on the way
        assert wt.terminal.session.state == SessionState.CATALOG
        assert wt.ui.window.stack.currentWidget() is wt.ui.window.pages[SessionState.CATALOG]
        assert SessionState.FORM in screens.unbuilt()  # nothing else was needed


def test_a_keyboard_wedge_scanner_that_appears_with_the_devices_is_heard(
    qapp, tmp_path: Path, monkeypatch
) -> None:
    import kiosk.app.demo as demo

    # The demo with a keyboard-wedge scanner in place of the serial simulator.
    monkeypatch.setitem(demo.SIM_DRIVER_NAMES, "qr_scanner", "keyboard")
    with demo_ui(tmp_path / "shots") as wt:
        sources = wt.ui.identify.findChild(QrSources)
        assert sources is not None
        assert wt.wait_for(lambda: sources.wedge is not None, 10)  # installed once it opened
        notices: list[str] = []
        wt.ui.identify.notice.connect(notices.append)
        window = wt.ui.window.windowHandle()
        for ch in "NOT-A-CODE-42":
            QTest.keyClick(window, ch)
        QTest.keyClick(window, Qt.Key.Key_Return)
        assert wt.wait_for(lambda: bool(notices), 10)  # the router answered on the attract
        assert sources._router is not None
    # The window is gone but the application lives on: its keys are nobody's scans.
    field = QLineEdit()
    field.show()
    field.setFocus()
    QTest.keyClicks(field, "abc")
    QTest.qWait(100)  # past the wedge's burst timeout, had it held them
    assert field.text() == "abc"
    field.close()
