"""The scripted steps of the walkthrough, in order.

One online session — ID card on the simulated SAM reader, a certificate service,
prefilled form, a material on the simulated document camera, signature, submit,
certificate printed, rating, wipe — then one offline session (platform stopped)
that ends with a queued receipt, then the technician screen. Every device is
driven through its simulator, which speaks the real protocol to the real driver.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF

from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough.harness import Walkthrough

S = SessionState
#: Deck cards (config/idcard_deck.json) used by the walkthrough.
LOCAL_RESIDENT = 8  # 陈美玲, 福州: qualifies for instant approval
EXPIRED_CARD = 3
FACE_DEMO_CARD = 10  # 张伟: card photo of the same person as the simulated camera


class WalkthroughError(RuntimeError):
    """A step did not reach the state it expected (the screenshot would lie)."""


def _ui(wt: Walkthrough) -> Any:
    return wt.ui


def expect(wt: Walkthrough, state: SessionState, timeout: float = 15.0) -> None:
    if not wt.wait_for(lambda: wt.terminal.session.state == state, timeout):
        raise WalkthroughError(f"expected {state}, still in {wt.terminal.session.state}")


def screen(wt: Walkthrough, state: SessionState) -> Any:
    return _ui(wt).window.screens[state]


def idcard(wt: Walkthrough) -> Any:
    return wt.terminal.devices.extras["idcard_emulator"]


# --- attract, elderly, languages --------------------------------------------------------
def attract(wt: Walkthrough) -> None:
    wt.wait_for(lambda: False, 1.0)  # let the devices come up (status bar)
    wt.shot("attract")


def attract_elderly(wt: Walkthrough) -> None:
    _ui(wt).ctl.set_elderly(True)
    wt.shot("attract-elderly")
    _ui(wt).ctl.set_elderly(False)


def attract_languages(wt: Walkthrough) -> None:
    _ui(wt).window._switch_language("en")
    wt.shot("attract-en")
    _ui(wt).window._switch_language("zh_TW")
    wt.shot("attract-zh_TW")
    _ui(wt).window._switch_language("zh_CN")


# --- identify -----------------------------------------------------------------------------
def expired_card_refused(wt: Walkthrough) -> None:
    _ui(wt).identify.start()
    expect(wt, S.IDENTIFY)
    wt.shot("identify")
    idcard(wt).place_card(EXPIRED_CARD)
    ident = screen(wt, S.IDENTIFY)
    status = ident.status
    # The refusal in any language: the screen's mode, not its (translated) words.
    if not wt.wait_for(lambda: ident._mode == "refused", 10):
        raise WalkthroughError(f"expired card not refused: {status.text()!r}")
    wt.shot("identify-expired-refused")
    idcard(wt).remove_card()
    wt.wait_for(lambda: False, 1.0)


def identify_with_card(wt: Walkthrough) -> None:
    idcard(wt).place_card(LOCAL_RESIDENT)
    status = screen(wt, S.IDENTIFY).status
    if not wt.wait_for(lambda: wt.terminal.session.data.identity is not None, 10):
        raise WalkthroughError(f"card not read: {status.text()!r}")
    wt.shot("identify-card-read")
    expect(wt, S.CATALOG)


# --- catalog, guide, form ---------------------------------------------------------------------
def catalog(wt: Walkthrough) -> None:
    wt.shot("catalog")
    cat = screen(wt, S.CATALOG)
    cat._toggle_keyboard()
    for key in "wfz":
        cat.keyboard.press(key)
    wt.shot("catalog-search-wfz")
    cat._toggle_keyboard()
    _ui(wt).service.choose_service("ZM-WFZJL")
    expect(wt, S.GUIDE)


def guide(wt: Walkthrough) -> None:
    wt.shot("guide")
    _ui(wt).service.next_step()
    expect(wt, S.FORM)


def form(wt: Walkthrough) -> None:
    f = screen(wt, S.FORM)
    wt.shot("form-prefilled")
    f.submit()  # nothing chosen yet: the errors show
    wt.shot("form-errors")
    group = f.choices["purpose"]
    group.buttons()[0].click()
    phone = f.inputs["phone"]
    f.keyboard.attach(phone, f.keyboard.mode.NUMERIC)
    f.keyboard.show()
    for key in "13800138000":
        f.keyboard.press(key)
    wt.shot("form-keypad")
    # The pinyin keyboard with candidates up, as for an address (nothing chosen:
    # the phone field keeps its digits).
    f.keyboard.attach(phone, f.keyboard.mode.PINYIN)
    for key in "gulou":
        f.keyboard.press(key)
    wt.shot("form-pinyin")
    f.keyboard.attach(phone, f.keyboard.mode.NUMERIC)
    f.submit()
    expect(wt, S.MATERIALS)


def materials(wt: Walkthrough) -> None:
    step = screen(wt, S.MATERIALS)
    widget = step.widget
    wt.wait_for(lambda: False, 1.5)
    wt.shot("materials-live")
    if not wt.wait_for(lambda: str(widget.mode) == "review", 20):
        widget.capture()
        if not wt.wait_for(lambda: str(widget.mode) == "review", 20):
            raise WalkthroughError("the document camera did not capture a page")
    wt.shot("materials-review")
    widget.accept_page()
    wt.wait_for(lambda: False, 0.3)
    widget.finish()
    expect(wt, S.SIGNATURE, 30)


def draw(canvas: Any, strokes: list[list[tuple[float, float]]]) -> None:
    """Draw strokes (in fractions of the canvas) as a pen would: dense points."""
    w, h = canvas.width(), canvas.height()
    t = 0
    for stroke in strokes:
        x0, y0 = stroke[0]
        canvas.begin_stroke(QPointF(w * x0, h * y0), 0.6, t, "mouse")
        for x1, y1 in stroke[1:]:
            for k in range(1, 9):
                t += 10
                x = x0 + (x1 - x0) * k / 8
                y = y0 + (y1 - y0) * k / 8
                canvas.extend_stroke(QPointF(w * x, h * y), 0.7, t)
            x0, y0 = x1, y1
        canvas.end_stroke(None, t)


SIGNATURE_STROKES = [
    [(0.15, 0.6), (0.2, 0.35), (0.25, 0.65), (0.3, 0.35), (0.35, 0.6)],
    [(0.42, 0.45), (0.5, 0.3), (0.55, 0.7), (0.62, 0.4), (0.72, 0.55), (0.82, 0.38)],
]


def signature(wt: Walkthrough) -> None:
    sig = screen(wt, S.SIGNATURE).widget
    draw(sig.canvas, SIGNATURE_STROKES)
    wt.shot("signature")
    sig.confirm()
    expect(wt, S.REVIEW)


def review_and_submit(wt: Walkthrough) -> None:
    wt.shot("review")
    _ui(wt).service.confirm_submit()
    wt.shot("submit")
    expect(wt, S.RESULT, 30)
    wt.shot("result-certificate-printed")


def rating_and_goodbye(wt: Walkthrough) -> None:
    _ui(wt).service.next_step()
    expect(wt, S.RATING)
    r = screen(wt, S.RATING)
    from kiosk.services.rating import RatingLevel

    r._pick(RatingLevel.DISSATISFIED)
    wt.shot("rating-reasons")
    r._pick(RatingLevel.VERY_SATISFIED)
    r._submit()
    expect(wt, S.GOODBYE)
    wt.shot("goodbye-wiped")
    idcard(wt).remove_card()
    _ui(wt).ctl.goodbye_done()
    expect(wt, S.ATTRACT)


# --- face + ID ------------------------------------------------------------------------------
def face_login(wt: Walkthrough) -> None:
    ctl = _ui(wt).ctl
    _ui(wt).identify.start()
    expect(wt, S.IDENTIFY)
    ident = screen(wt, S.IDENTIFY)
    ident.face_btn.click()
    idcard(wt).place_card(FACE_DEMO_CARD)
    if not wt.wait_for(lambda: ident.face_screen is not None and ident.face_screen.isVisible(), 15):
        raise WalkthroughError("the face check did not start")
    wt.wait_for(lambda: False, 0.8)
    wt.shot("face-login")
    expect(wt, S.CATALOG, 45)
    wt.shot("face-login-accepted")
    ctl.exit()
    idcard(wt).remove_card()
    ctl.goodbye_done()
    expect(wt, S.ATTRACT)


# --- offline session --------------------------------------------------------------------------
def offline_session(wt: Walkthrough) -> None:
    platform = wt.terminal.services.get("demo_platform")
    if platform is not None:
        platform.stop()
    ctl = _ui(wt).ctl
    service = _ui(wt).service
    wt.wait_for(lambda: ctl.online is False, 20)
    _ui(wt).identify.start()
    expect(wt, S.IDENTIFY)
    idcard(wt).place_card(LOCAL_RESIDENT)
    expect(wt, S.CATALOG)
    service.choose_service("ZM-WFZJL")  # needs the network: the guide says so
    expect(wt, S.GUIDE)
    wt.shot("offline-guide-needs-network")
    ctl.back()
    expect(wt, S.CATALOG)
    service.choose_service("SB-SBK-GS")  # offline-capable
    expect(wt, S.GUIDE)
    service.next_step()
    expect(wt, S.FORM)
    f = screen(wt, S.FORM)
    f.inputs["phone"].setText("13800138000")
    f.choices["reason"].buttons()[0].click()
    f.submit()
    expect(wt, S.SIGNATURE)
    sig = screen(wt, S.SIGNATURE).widget
    draw(sig.canvas, SIGNATURE_STROKES)
    sig.confirm()
    expect(wt, S.REVIEW)
    wt.shot("offline-review")
    service.confirm_submit()
    expect(wt, S.RESULT, 40)
    result = wt.terminal.session.data.result
    if result is None or "办理成功" in result.headline or not result.provisional:
        # Offline the application only sits in the outbox: the screen must say so.
        raise WalkthroughError(f"offline result not honest: {result!r}")
    wt.shot("offline-result-queued-receipt")
    ctl.exit()
    idcard(wt).remove_card()
    ctl.goodbye_done()
    expect(wt, S.ATTRACT)


# --- technician -----------------------------------------------------------------------------------
def technician(wt: Walkthrough) -> None:
    w = _ui(wt).window
    w.pin_pad.open()
    wt.shot("admin-pin")
    w.pin_pad.entry.setText("246810")
    w.pin_pad._submit()
    expect(wt, S.ADMIN)
    wt.wait_for(lambda: False, 2.0)
    wt.shot("admin-diagnostics")
    _ui(wt).ctl.leave_admin()


STEPS: list[Callable[[Walkthrough], None]] = [
    attract,
    attract_elderly,
    attract_languages,
    expired_card_refused,
    identify_with_card,
    catalog,
    guide,
    form,
    materials,
    signature,
    review_and_submit,
    rating_and_goodbye,
    face_login,
    offline_session,
    technician,
]
