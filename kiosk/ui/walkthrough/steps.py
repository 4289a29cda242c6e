"""The scripted steps of the walkthrough, in order.

One online session — ID card on the simulated SAM reader, a certificate service,
prefilled form, a material on the simulated document camera, signature, submit,
certificate printed, rating, wipe — then a fee-paying session (the order QR paid by
the demo's phone on the reference gateway, 视频帮办 answered by the demo's staff
member, the result sent by post through the reference courier), a locker deposit
and the pick-up of a result staff loaded, then one offline session (platform
stopped) that ends with a queued receipt, then the technician screen. Every device
is driven through its simulator, which speaks the real protocol to the real driver;
every keyboard (pinyin, 注音, letters, the 123 page, the number keypad) is opened.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QLabel, QPushButton

from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough.harness import Walkthrough
from screens.keyboard import KeyboardMode

S = SessionState
#: Deck cards (config/idcard_deck.json) used by the walkthrough.
LOCAL_RESIDENT = 8  # 陈美玲, 福州: qualifies for instant approval
EXPIRED_CARD = 3
FACE_DEMO_CARD = 10  # 张伟: card photo of the same person as the simulated camera
#: A fee of 10.00 元 (config/fees.toml), results by post.
FEE_SERVICE = "JT-JSZ-HZ"
#: Paper originals into the locker, results by post.
LOCKER_SERVICE = "QY-GTH-DJ"
#: What the demo's staff member writes, in the resident's language (staff would).
STAFF_HELLO = {
    "zh_CN": "您好，我是鼓楼区政务服务中心的工作人员。",
    "zh_TW": "您好，我是鼓樓區政務服務中心的工作人員。",
    "en": "Hello, I am on the staff of the Gulou service centre.",
}
#: Fuzhou, Gulou district (GB/T 2260 codes of the address picker).
POST_AREA = ("350000", "350100", "350102")


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


# --- fee payment, video help, results by post -------------------------------------------------
def _to_review(wt: Walkthrough, service: str, values: dict[str, str]) -> None:
    """A service chosen and its form filled as typed before (the form itself is shot above)."""
    ui, session = _ui(wt), wt.terminal.session
    ui.service.choose_service(service)
    expect(wt, S.GUIDE)
    session.data.form_values.update(values)
    session.go(S.REVIEW)
    expect(wt, S.REVIEW)


def _end_session(wt: Walkthrough) -> None:
    ctl = _ui(wt).ctl
    ctl.exit()
    idcard(wt).remove_card()
    if wt.wait_for(lambda: wt.terminal.session.state is S.GOODBYE, 10):
        ctl.goodbye_done()
    expect(wt, S.ATTRACT)


def fee_payment(wt: Walkthrough) -> None:
    """The fee summary, the order QR with its countdown, paid by the phone, the result."""
    import datetime as dt

    from kiosk.ui.controllers.payment import PayPage

    _ui(wt).identify.start()
    expect(wt, S.IDENTIFY)
    idcard(wt).place_card(LOCAL_RESIDENT)
    expect(wt, S.CATALOG)
    date = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    _to_review(wt, FEE_SERVICE, {"phone": "13800138000", "date": date})
    wt.shot("payment-review-fee")
    _ui(wt).service.confirm_submit()
    expect(wt, S.PAYMENT)
    pay = _ui(wt).service.payment
    if not wt.wait_for(lambda: pay.view.page == PayPage.SUMMARY and pay.view.available, 10):
        raise WalkthroughError(f"no fee summary: {pay.view!r}")
    wt.shot("payment-summary")
    pay.pay_by_qr()
    if not wt.wait_for(lambda: pay.view.page == PayPage.QR and pay.view.seconds_left > 0, 20):
        raise WalkthroughError(f"no order QR: {pay.view!r}")
    wt.shot("payment-qr")
    status = wt.terminal.devices.extras["demo_phone"].pay_qr(pay.view.code_url)
    if status != 200 or not wt.wait_for(lambda: pay.view.page == PayPage.PAID, 20):
        raise WalkthroughError(f"the order QR was not paid ({status}): {pay.view!r}")
    wt.shot("payment-paid")
    pay.continue_after_paid()
    expect(wt, S.RESULT, 30)
    wt.shot("payment-result")


def video_help(wt: Walkthrough) -> None:
    """视频帮办 from the result screen: consent, the queue, the call, hung up."""
    from kiosk.assist.call import CallState
    from video_desk.demo_staff import DemoStaff

    window = _ui(wt).window
    assist = _ui(wt).assist
    desk = wt.terminal.services["video_desk"]
    # The staff member is another person at another desk: the harness waiting on them
    # blocks the UI thread, which is the harness's stall, not the terminal's.
    with wt.stalls.paused():
        staff = DemoStaff(desk.url, desk.thread.ws_url, desk.staff_id, desk.staff_password)
        staff.start()
    try:
        window.findChild(QPushButton, "videoHelpButton").click()
        wt.shot("video-consent")
        assist.consent()
        if not wt.wait_for(lambda: assist.machine.state is CallState.QUEUED, 20):
            raise WalkthroughError(f"call not queued: {assist.machine.state}")
        wt.shot("video-queued")
        with wt.stalls.paused():
            staff.answer_next()
        if not wt.wait_for(lambda: assist.machine.state is CallState.CONNECTED, 30):
            raise WalkthroughError(f"call not connected: {assist.machine.state}")
        with wt.stalls.paused():
            staff.message(STAFF_HELLO[wt.display.language])
        panel = window.findChild(QLabel, "staffVideo")
        wt.wait_for(lambda: assist.machine.messages != [] and panel.pixmap() is not None
                    and not panel.pixmap().isNull(), 15)  # fmt: skip
        wt.shot("video-call")
        assist.hang_up()
        wt.shot("video-ended")
        assist.dismiss()
    finally:
        with wt.stalls.paused():
            staff.stop()


def video_callback(wt: Walkthrough) -> None:
    """视频帮办 when nobody answers: the callback page, its keypad, the number left."""
    from kiosk.assist.call import CallState, EndReason
    from screens.video_help import VideoHelpOverlay

    window = _ui(wt).window
    assist = _ui(wt).assist
    settings = assist.settings
    # Nobody is logged in at the desk now; a short ring instead of two minutes' wait.
    assist.settings = settings.model_copy(update={"ring_timeout_s": 1})
    try:
        window.findChild(QPushButton, "videoHelpButton").click()
        assist.consent()
        if not wt.wait_for(lambda: assist.machine.state is CallState.CALLBACK, 20):
            raise WalkthroughError(f"no callback offer: {assist.machine.state}")
    finally:
        assist.settings = settings
    (overlay,) = window.findChildren(VideoHelpOverlay)
    for key in "13912345678":
        overlay.keypad.press(key)
    wt.shot("video-callback")
    overlay.submit_btn.click()
    if not wt.wait_for(lambda: assist.machine.reason is EndReason.CALLBACK_LEFT, 20):
        raise WalkthroughError(f"callback number not left: {overlay.callback_error.text()!r}")
    wt.shot("video-callback-left")
    assist.dismiss()


def post_delivery(wt: Walkthrough) -> None:
    """邮寄送达 from the result: the address picker, the street on every keyboard, checks."""
    from kiosk.ui.controllers.handoff import Phase
    from screens.handoff_entries import HandoffEntries

    ui = _ui(wt)
    (entry,) = ui.window.findChildren(HandoffEntries)
    if not entry.post_btn.isVisible():
        raise WalkthroughError("邮寄送达 not offered on the result")
    entry.post_btn.click()
    expect(wt, S.POST)
    post = screen(wt, S.POST)
    post.select(*POST_AREA)
    kb = post.keyboard
    kb.attach(post.inputs["name"], KeyboardMode.PINYIN)
    kb.show()
    for key in "chenmeiling":
        kb.press(key)
    kb.space()
    kb.attach(post.inputs["detail"], KeyboardMode.PINYIN)
    for key in "gupinglu":
        kb.press(key)
    wt.shot("post-pinyin")
    kb.space()
    kb.set_mode(KeyboardMode.PINYIN, symbols=True)  # the 123 page: the house number
    for key in "88":
        kb.press(key)
    kb.insert_text(kb._words()[0])  # 号
    wt.shot("post-123")
    if wt.display.language == "zh_TW":  # as a resident does: the 注音 key
        kb.attach(post.inputs["detail"], KeyboardMode.PINYIN)
        kb.findChild(QPushButton, "key_input_method").click()
        if kb.mode != KeyboardMode.ZHUYIN:
            raise WalkthroughError("the 注音 key did not open the 注音 keyboard")
    else:
        kb.attach(post.inputs["detail"], KeyboardMode.ZHUYIN)
    for sym in "ㄍㄨˇ":
        kb.press_zhuyin(sym)
    wt.shot("post-zhuyin")
    kb.attach(post.inputs["detail"], KeyboardMode.LETTERS)  # a building's letter
    kb.press("b")
    wt.shot("post-letters")
    kb.attach(post.inputs["mobile"], KeyboardMode.NUMERIC)
    for key in "1391234567":  # one digit short: refused, said at the field
        kb.press(key)
    post.submit()
    if not wt.wait_for(lambda: post.errors["mobile"].text() != "", 5):
        raise WalkthroughError("a 10-digit mobile number was accepted")
    wt.shot("post-bad-mobile")
    kb.press("8")
    post.submit()
    if not wt.wait_for(lambda: ui.handoff.last_post.phase is Phase.DONE, 30):
        raise WalkthroughError(f"no waybill: {post.message.text()!r}")
    wt.shot("post-done")
    post.leave_btn.click()
    expect(wt, S.RESULT)
    _end_session(wt)


# --- the document locker ---------------------------------------------------------------------
def close_locker_door(wt: Walkthrough, put: bool = False, take: bool = False) -> str:
    """Act as the person at the locker: once the terminal waits for an opened door to
    close (its flow says so), put or take the item and push the door shut.

    Returns the compartment. Driven by the flow's state, never by time.
    """
    from kiosk.handoff.locker_flows import FlowState

    handoff = _ui(wt).handoff.handoff
    acted: set[str] = wt.__dict__.setdefault("_acted_flows", set())
    found: list[tuple[str, str]] = []

    def waiting() -> bool:
        svc = handoff.locker()
        for f in list(svc.flows.values()) if svc else []:
            if f.state is FlowState.WAITING_CLOSE and f.op_id not in acted:
                found.append((f.op_id, f.compartment))
                return True
        return False

    if not wt.wait_for(waiting, 30):
        raise WalkthroughError("no compartment waiting for its door")
    op_id, cid = found[0]
    acted.add(op_id)
    unit, lock = (1 if cid.startswith("A") else 2), int(cid[1:])
    model = wt.terminal.devices.extras["locker_sim"].model
    if put:
        model.put_item(unit, lock)
    if take:
        model.take_item(unit, lock)
    model.close_door(unit, lock)
    return cid


def locker_deposit(wt: Walkthrough) -> None:
    """存放材料原件 from the result: the door opens, the originals go in, the slip prints."""
    from kiosk.ui.controllers.handoff import Phase
    from screens.handoff_entries import HandoffEntries

    ui = _ui(wt)
    ui.identify.start()
    expect(wt, S.IDENTIFY)
    idcard(wt).place_card(LOCAL_RESIDENT)
    expect(wt, S.CATALOG)
    _to_review(
        wt,
        LOCKER_SERVICE,
        {"shop_name": "美玲小吃", "business_scope": "餐饮服务",
         "shop_address": "福州市鼓楼区鼓屏路88号", "phone": "13800138000"},
    )  # fmt: skip
    ui.service.confirm_submit()
    expect(wt, S.RESULT, 30)
    wt.shot("result-handoff-offered")
    result = wt.terminal.session.data.result
    identity = wt.terminal.session.data.identity
    # What staff need to load the result later (kept in memory by the walkthrough only).
    wt.__dict__["locker_case"] = (result.acceptance_number, identity.id_number)
    (entry,) = ui.window.findChildren(HandoffEntries)
    entry.deposit_btn.click()
    expect(wt, S.LOCKER)
    wt.wait_for(lambda: ui.handoff.last_locker is not None
                and ui.handoff.last_locker.phase is Phase.WORKING, 10)  # fmt: skip
    wt.shot("locker-deposit-open")
    close_locker_door(wt, put=True)
    if not wt.wait_for(lambda: ui.handoff.last_locker.phase is Phase.DONE, 30):
        raise WalkthroughError(f"deposit not done: {ui.handoff.last_locker!r}")
    wt.shot("locker-deposit-done")
    screen(wt, S.LOCKER).leave_btn.click()
    expect(wt, S.RESULT)
    _end_session(wt)


def locker_pickup(wt: Walkthrough) -> None:
    """Staff load the result; the resident types the code on the keypad, then the ID card."""
    from kiosk.ui.controllers.handoff import Phase
    from screens.handoff_entries import HandoffEntries

    ui = _ui(wt)
    case, id_number = wt.__dict__.pop("locker_case")
    loaded: list[Any] = []
    ui.handoff.staff_load(case, id_number, "medium", lambda out, err: loaded.append((out, err)))
    close_locker_door(wt, put=True)  # staff put the licence in
    if not wt.wait_for(lambda: bool(loaded), 30) or loaded[0][1] is not None:
        raise WalkthroughError(f"result not loaded: {loaded!r}")
    code = loaded[0][0].code.code  # sent to the resident by SMS through the platform
    (entry,) = ui.window.findChildren(HandoffEntries)
    wt.shot("attract-pickup")
    entry.pickup_btn.click()
    expect(wt, S.LOCKER)
    locker = screen(wt, S.LOCKER)
    for k in code:
        locker.keyboard.press(k)
    wt.shot("locker-pickup-code")
    locker._submit()
    if not wt.wait_for(lambda: ui.handoff.last_locker.phase is Phase.WAITING_ID, 30):
        raise WalkthroughError(f"code refused: {locker.message.text()!r}")
    wt.shot("locker-pickup-card")
    idcard(wt).place_card(LOCAL_RESIDENT)
    close_locker_door(wt, take=True)
    if not wt.wait_for(lambda: ui.handoff.last_locker.phase is Phase.DONE, 30):
        raise WalkthroughError(f"pick-up not done: {locker.message.text()!r}")
    wt.shot("locker-pickup-done")
    idcard(wt).remove_card()
    locker.leave_btn.click()
    if wt.wait_for(lambda: wt.terminal.session.state is S.GOODBYE, 10):
        ui.ctl.goodbye_done()
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
    expect(wt, S.CATALOG, 90)  # the face models load first: slow on a loaded machine
    wt.shot("face-login-accepted")
    ctl.exit()
    idcard(wt).remove_card()
    ctl.goodbye_done()
    expect(wt, S.ATTRACT)


# --- offline session --------------------------------------------------------------------------
def offline_session(wt: Walkthrough) -> None:
    platform = wt.terminal.services.get("demo_platform")
    if platform is not None:
        # Off the UI thread: waiting for the demo child to stop its server took
        # 160 ms there, a stall of the harness's making, not of the terminal's.
        stopper = threading.Thread(target=platform.stop, name="walkthrough-stop-platform")
        stopper.start()
        wt.wait_for(lambda: not stopper.is_alive(), 20)
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


#: One resident from the card to a submitted case (the result step showing).
TO_SUBMITTED: tuple[Callable[[Walkthrough], None], ...] = (
    identify_with_card,
    catalog,
    guide,
    form,
    materials,
    signature,
    review_and_submit,
)

STEPS: list[Callable[[Walkthrough], None]] = [
    attract,
    attract_elderly,
    attract_languages,
    expired_card_refused,
    *TO_SUBMITTED,
    rating_and_goodbye,
    fee_payment,
    video_help,
    video_callback,
    post_delivery,
    locker_deposit,
    locker_pickup,
    face_login,
    offline_session,
    technician,
]
