"""The 视频帮办 button and consent overlay at 1366×768 in elderly mode, in English too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QWidget

from kiosk.assist.call import CallState
from kiosk.ui.walkthrough.harness import Display, demo_ui


def _on_screen(window: QWidget, w: QWidget) -> bool:
    r = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
    return w.isVisible() and window.rect().contains(r)


def test_button_and_consent_fit_a_small_screen_in_elderly_mode(qapp: Any, tmp_path: Path) -> None:
    display = Display(1366, 768, elderly=True)
    with demo_ui(tmp_path / "shots", display=display) as wt:
        window = wt.ui.window
        for lang in ("zh_CN", "en"):
            window._switch_language(lang)
            wt.pump(0.2)
            help_ = window.findChild(QWidget, "videoHelpButton")
            assert _on_screen(window, help_), "the button is on the attract screen"
            help_.click()
            wt.pump(0.2)
            for name in ("videoConsentText", "videoConsentAgree", "videoCancel"):
                w = window.findChild(QWidget, name)
                assert _on_screen(window, w), f"{name} off screen in {lang}"
            assert (window.width(), window.height()) == (1366, 768)  # the overlay did not grow it
            window.findChild(QWidget, "videoCancel").click()
            wt.pump(0.1)
            assert wt.ui.assist.machine.state is CallState.IDLE
            assert not window.findChild(QWidget, "videoConsentText").isVisible()
