"""Nobody answers: the resident leaves a callback number, which goes only into the encrypted outbox.

Run on a 1366×768 screen in elderly mode: the button and the consent (in Chinese and
English) are wholly on screen and the window did not grow.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.assist.call import CallState, EndReason
from kiosk.assist.callback import CALLBACK_SERVICE
from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough import steps
from tests.assist.conftest import qt_wait
from tests.disk_scan import scan

PHONE = "13912345678"


def _on_screen(window: QWidget, w: QWidget) -> bool:
    r = QRect(w.mapTo(window, QPoint(0, 0)), w.size())
    return w.isVisible() and window.rect().contains(r)


def test_no_answer_then_a_callback_number_in_the_encrypted_outbox_only(small_wt: Any) -> None:
    wt = small_wt
    steps.identify_with_card(wt)
    steps.catalog(wt)
    steps.guide(wt)
    window: QWidget = wt.ui.window
    assist = wt.ui.assist
    # Nobody is logged in at the desk; a short ring keeps the test short.
    assist.settings = assist.settings.model_copy(update={"ring_timeout_s": 2})
    assert _on_screen(window, window.findChild(QWidget, "videoHelpButton"))
    window.findChild(QWidget, "videoHelpButton").click()
    for lang in ("en", "zh_CN"):
        window._switch_language(lang)
        wt.pump(0.2)
        for name in ("videoConsentText", "videoConsentAgree", "videoCancel"):
            assert _on_screen(window, window.findChild(QWidget, name)), (
                f"{name} off screen in {lang}"
            )
        assert (window.width(), window.height()) == (1366, 768)
    window.findChild(QWidget, "videoConsentAgree").click()
    waiting = window.findChild(QLabel, "videoWaiting")
    qt_wait(wt, lambda: "第 1 位" in waiting.text(), "the queue place")
    qt_wait(wt, lambda: assist.machine.state is CallState.CALLBACK, "the callback offer")
    phone = window.findChild(QWidget, "callbackPhone")
    assert phone.isVisible() and window.findChild(QWidget, "callbackSkip").isVisible()
    keypad = phone.parentWidget().findChild(QWidget, "keyboard")

    for key in "12345":  # not a phone number
        keypad.press(key)
    window.findChild(QWidget, "callbackSubmit").click()
    error = window.findChild(QLabel, "callbackError")
    qt_wait(wt, lambda: "手机号码" in error.text(), "the refusal")
    assert assist.machine.state is CallState.CALLBACK and phone.text() == "12345"  # nothing lost

    phone.clear()
    for key in PHONE:
        keypad.press(key)
    window.findChild(QWidget, "callbackSubmit").click()
    ended = window.findChild(QLabel, "videoEnded")
    qt_wait(wt, ended.isVisible, "the confirmation")
    assert "已记下您的电话号码" in ended.text()
    assert assist.machine.reason is EndReason.CALLBACK_LEFT
    assert phone.text() == ""  # the field forgot it

    # Through the outbox (sealed on disk) to the platform: one callback request.
    from offline_queue.server.db import dump_submissions, read_submission_body

    submitter = wt.terminal.services["submitter"]
    requests = [s for s in submitter.outbox.list() if s.service_code == CALLBACK_SERVICE]
    assert len(requests) == 1
    qt_wait(wt, lambda: submitter.stats().unsent == 0, "the outbox delivered")
    platform = wt.terminal.services["demo_platform"]
    stored = [
        s
        for s in dump_submissions(platform.server.settings.db_path)
        if s.service_code == CALLBACK_SERVICE
    ]
    assert len(stored) == 1 and stored[0].submission_id == requests[0].id
    body = read_submission_body(platform.server.settings.db_path, requests[0].id)
    assert body is not None and PHONE in repr(body) and "no_answer" in repr(body)

    window.findChild(QWidget, "videoBackToService").click()
    qt_wait(wt, lambda: not ended.isVisible(), "the overlay closed")
    assert wt.terminal.session.state is SessionState.FORM

    data_dir = wt.terminal.config.resolved_paths.data_dir

    def skip(f: Path) -> bool:
        rel = f.relative_to(data_dir).parts
        return rel[0] == "platform"  # the central side, not the terminal

    result = scan([data_dir], [PHONE], skip)
    assert result.hits == [], f"the callback number in clear: {result.hits}"
    assert result.checked >= 5
