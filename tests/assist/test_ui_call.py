"""The whole terminal UI with a call: the 视频帮办 button, consent, queue, masked screen, wipe.

The terminal runs on the simulators (the walkthrough harness, the same as the full
flow test) with the demo's own video desk. A Python staff peer answers and decodes
the shared screen: the pixels of the form's personal fields (the resident's name,
ID number, …) are black in what staff receive while the rest of the picture is the
screen itself; after the second consent they are not; after the call and the session
wipe, nothing of the call or the resident is left.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPoint, QRect, qInstallMessageHandler
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.assist.call import CallState, EndReason
from kiosk.assist.masking import Rect
from kiosk.session.machine import SessionState
from kiosk.ui.screen_capture import grab_rgb
from kiosk.ui.walkthrough import steps
from screens.video_help import VideoHelpOverlay
from tests.assist.conftest import qt_wait
from tests.assist.peer import LiveDesk, LoopThread, StaffPeer
from tests.ui.test_full_flow import NAME, assert_no_trace


def _resize(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    import cv2

    return cv2.resize(rgb, size, interpolation=cv2.INTER_AREA)


def _inside(frame: np.ndarray, rects: list[Rect], shrink: int = 3) -> list[np.ndarray]:
    out = []
    for r in rects:
        x0, y0, x1, y1 = r.x + shrink, r.y + shrink, r.x + r.w - shrink, r.y + r.h - shrink
        if x1 > x0 and y1 > y0:
            out.append(frame[y0:y1, x0:x1])
    return out


def _outside_mask(shape: tuple[int, int], rects: list[Rect], grow: int = 6) -> np.ndarray:
    keep = np.ones(shape, bool)
    for r in rects:
        keep[max(0, r.y - grow) : r.y + r.h + grow, max(0, r.x - grow) : r.x + r.w + grow] = False
    return keep


def test_video_help_masks_personal_fields_and_leaves_nothing_behind(
    wt: Any, peer_loop: LoopThread
) -> None:
    steps.identify_with_card(wt)
    steps.catalog(wt)
    steps.guide(wt)
    assert wt.terminal.session.state is SessionState.FORM
    window: QWidget = wt.ui.window
    name_field = window.findChild(QWidget, "field_name")
    assert (
        name_field is not None and NAME in name_field.text()
    )  # the screen shows the resident's name

    help_ = window.findChild(QWidget, "videoHelpButton")
    assert help_ is not None and help_.isVisible()
    help_.click()
    consent = window.findChild(QLabel, "videoConsentText")
    qt_wait(wt, consent.isVisible, "the consent text")
    assert "工作人员将看到" in consent.text() and "不录音、不录像" in consent.text()
    assert window.findChild(QWidget, "videoCancel").isVisible()  # a way out
    desk_svc = wt.terminal.services["video_desk"]
    staff = StaffPeer(LiveDesk(desk_svc.thread, {}))
    peer_loop.run(staff.login(desk_svc.staff_password, desk_svc.staff_id))
    window.findChild(QWidget, "videoConsentAgree").click()

    assist = wt.ui.assist
    waiting = window.findChild(QLabel, "videoWaiting")
    qt_wait(wt, lambda: "第 1 位" in waiting.text(), "queue place on screen")
    call_id = assist.machine.call_id
    row = next(c for c in staff.queue if c["call_id"] == call_id)
    assert row["service"] == "ZM-WFZJL" and row["terminal_id"] == wt.terminal.config.kiosk.id
    peer_loop.run(staff.send(type="pick", call_id=call_id))
    qt_wait(wt, lambda: assist.machine.state is CallState.CONNECTED, "the call connected")
    panel = window.findChild(QWidget, "videoCallPanel")
    assert panel.isVisible() and not window.findChild(QLabel, "videoConsentText").isVisible()
    exit_btn = window.findChild(QWidget, "exitButton")
    exit_rect = QRect(exit_btn.mapTo(window, QPoint(0, 0)), exit_btn.size())
    assert exit_btn.isVisible() and not panel.geometry().intersects(exit_rect)  # the way out stays
    qt_wait(wt, lambda: staff.counts.get("screen", 0) >= 3, "screen frames at the staff peer")
    qt_wait(
        wt,
        lambda: (
            window.findChild(QLabel, "staffVideo").pixmap() is not None
            and not window.findChild(QLabel, "staffVideo").pixmap().isNull()
        ),
        "staff picture in the corner",
    )

    # Grabbing the window over and over leaves no painter behind (a left-over painter
    # once crashed the process: "Cannot destroy paint device that is being painted").
    warnings: list[str] = []
    previous = qInstallMessageHandler(lambda _kind, _ctx, msg: warnings.append(msg))
    try:
        for _ in range(30):
            grab_rgb(window)
            wt.pump(0.02)
    finally:
        qInstallMessageHandler(previous)
    assert not [w for w in warnings if "paint device" in w], warnings

    # What staff receive, against what the screen shows now.
    local, rects = grab_rgb(window)
    assert any(
        r.x <= name_field.mapTo(window, name_field.rect().topLeft()).x() < r.x + r.w for r in rects
    ), "the name field is among the masked rectangles"
    seen = staff.counts["screen"]
    qt_wait(wt, lambda: staff.counts["screen"] >= seen + 3, "fresh screen frames")
    got = staff.frames["screen"][-1]
    fh, fw = got.shape[:2]
    sx, sy = fw / local.shape[1], fh / local.shape[0]
    scaled = [r.scaled(sx, sy) for r in rects]
    expected = _resize(local, (fw, fh))
    for area, before in zip(_inside(got, scaled), _inside(expected, scaled), strict=True):
        assert area.mean() < 30, "a personal field is visible to staff"
        assert before.std() > 5 or before.mean() > 60, "the field had something to hide"
    keep = _outside_mask((fh, fw), scaled)
    diff = np.abs(got.astype(int) - expected.astype(int)).mean(axis=2)
    assert diff[keep].mean() < 25, "the rest of the shared picture is the screen itself"

    # Second consent: this call only, the fields are shown.
    window.findChild(QWidget, "videoUnmask").click()
    wt.pump(0.1)
    window.findChild(QWidget, "videoUnmaskYes").click()
    assert assist.machine.unmasked
    local, _ = grab_rgb(window)
    expected = _resize(local, (fw, fh))
    name_rects = [
        r.scaled(sx, sy)
        for r in rects
        if r.y == name_field.mapTo(window, name_field.rect().topLeft()).y()
    ]

    def shown_to_staff() -> bool:
        # Frames encoded before the unmask may still be in flight on a loaded machine
        # (the jitter buffer, the encoder's queue): wait for one that shows the field.
        got = staff.frames["screen"][-1]
        pairs = zip(_inside(got, name_rects), _inside(expected, name_rects), strict=True)
        return all(abs(area.mean() - before.mean()) < 25 for area, before in pairs)

    qt_wait(wt, shown_to_staff, "unmasked: staff see the field as it is")

    peer_loop.run(staff.send(type="message", call_id=call_id, text="请核对您的联系电话"))
    messages = window.findChild(QLabel, "staffMessages")
    qt_wait(wt, lambda: "请核对您的联系电话" in messages.text(), "the staff message on screen")

    peer_loop.run(staff.send(type="hangup", call_id=call_id))
    ended = window.findChild(QLabel, "videoEnded")
    qt_wait(wt, ended.isVisible, "the end message")
    assert "工作人员已结束通话" in ended.text()
    # Every way a call can end has its own words for the resident.
    overlay = window.findChild(VideoHelpOverlay)
    said = {
        r: overlay.end_message(r)
        for r in EndReason
        if r not in (EndReason.DECLINED, EndReason.SESSION_ENDED)
    }
    assert len(set(said.values())) == len(said), said
    assert assist.machine.reason is EndReason.STAFF_HUNG_UP and not assist.machine.unmasked
    assert not panel.isVisible() and assist.machine.messages == []
    window.findChild(QWidget, "videoBackToService").click()
    qt_wait(wt, lambda: not ended.isVisible(), "the overlay closed")
    assert wt.terminal.session.state is SessionState.FORM  # back where the resident was
    assert NAME in window.findChild(QWidget, "field_name").text()

    # The session ends: nothing of the resident or of the call is left.
    wt.ui.ctl.exit()
    qt_wait(
        wt,
        lambda: wt.terminal.session.state in (SessionState.GOODBYE, SessionState.ATTRACT),
        "session end",
    )
    wt.ui.ctl.goodbye_done() if wt.terminal.session.state is SessionState.GOODBYE else None
    qt_wait(wt, lambda: wt.terminal.session.state is SessionState.ATTRACT, "attract")
    assert assist.machine.state is CallState.IDLE and assist.machine.call_id == ""
    assert assist.engine is not None and not assist.engine.holds_call_data()
    assert "请核对您的联系电话" not in messages.text()
    assert_no_trace(wt)
    peer_loop.run(staff.close())
