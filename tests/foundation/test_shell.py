"""The Qt shell: navigation follows the session, elderly and language switches."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.app.terminal import Terminal
from kiosk.clock import FakeClock
from kiosk.config import DEFAULT_CONFIG_PATH, load_config
from kiosk.session.machine import SessionState
from screens.theme import ELDERLY_SIZES, NORMAL_SIZES


@pytest.fixture
def ui(qtbot, tmp_path: Path):
    from kiosk.ui.app import build_ui

    cfg = load_config(DEFAULT_CONFIG_PATH, tmp_path)
    cfg = cfg.model_copy(
        update={"ui": cfg.ui.model_copy(update={"fullscreen": False, "watchdog": False})}
    )
    clock = FakeClock()
    terminal = Terminal(cfg, clock=clock)
    kui = build_ui(terminal, windowed=True)
    qtbot.addWidget(kui.window)
    kui.clock = clock
    yield kui
    kui.ctl.shutdown()
    terminal.stop()


def test_starts_on_attract_with_catalog_categories(ui) -> None:
    w = ui.window
    assert w.current_screen() is w.screens[SessionState.ATTRACT]
    names = [b.text() for b in w.screens[SessionState.ATTRACT].category_buttons]
    assert "证明打印" in names and len(names) >= 6
    assert not w.footer.isVisible()


def test_touch_start_goes_to_identify_with_back_and_exit(ui, qtbot) -> None:
    w = ui.window
    start = w.screens[SessionState.ATTRACT].start_btn
    qtbot.mouseClick(start, Qt.MouseButton.LeftButton)
    assert ui.ctl.state == SessionState.IDENTIFY
    assert w.current_screen() is w.screens[SessionState.IDENTIFY]
    assert w.back_btn.isVisibleTo(w) and w.exit_btn.isVisibleTo(w)
    qtbot.mouseClick(w.exit_btn, Qt.MouseButton.LeftButton)
    assert ui.ctl.state == SessionState.GOODBYE
    qtbot.mouseClick(w.screens[SessionState.GOODBYE].done_btn, Qt.MouseButton.LeftButton)
    assert ui.ctl.state == SessionState.ATTRACT


def test_idle_overlay_then_timeout(ui, qtbot) -> None:
    ui.identify.start()
    cfg = ui.ctl.session.config
    ui.clock.advance(cfg.idle_timeout_s - cfg.idle_warning_s + 1)
    qtbot.waitUntil(lambda: ui.window.overlay.isVisible(), timeout=2000)
    qtbot.mouseClick(ui.window.overlay.continue_btn, Qt.MouseButton.LeftButton)
    assert not ui.window.overlay.isVisible()
    assert ui.ctl.state == SessionState.IDENTIFY
    ui.clock.advance(cfg.idle_timeout_s + 1)
    qtbot.waitUntil(lambda: ui.ctl.state == SessionState.GOODBYE, timeout=2000)


def test_elderly_mode_enlarges_text(ui, qtbot) -> None:
    # The text itself must grow (a taller button with the same font would not help a
    # reader): the button's font goes from the normal to the elderly button size, and back.
    btn = ui.window.screens[SessionState.ATTRACT].start_btn
    assert btn.font().pixelSize() == NORMAL_SIZES.button
    qtbot.mouseClick(ui.window.elderly_btn, Qt.MouseButton.LeftButton)
    assert ui.ctl.elderly
    qtbot.waitUntil(lambda: btn.font().pixelSize() == ELDERLY_SIZES.button, timeout=2000)
    qtbot.mouseClick(ui.window.elderly_btn, Qt.MouseButton.LeftButton)
    assert not ui.ctl.elderly
    qtbot.waitUntil(lambda: btn.font().pixelSize() == NORMAL_SIZES.button, timeout=2000)


def test_language_switch_retranslates(ui, qtbot) -> None:
    w = ui.window
    assert w.exit_btn.text() == "退出"
    qtbot.mouseClick(w.lang_buttons["en"], Qt.MouseButton.LeftButton)
    assert w.exit_btn.text() == "Exit"
    assert w.screens[SessionState.ATTRACT].start_btn.text() == "Start"
    qtbot.mouseClick(w.lang_buttons["zh_TW"], Qt.MouseButton.LeftButton)
    assert w.exit_btn.text() == "退出"
    assert w.screens[SessionState.ATTRACT].start_btn.text() == "開始辦理"
    qtbot.mouseClick(w.lang_buttons["zh_CN"], Qt.MouseButton.LeftButton)
    assert w.screens[SessionState.ATTRACT].start_btn.text() == "开始办理"
