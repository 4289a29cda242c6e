"""Hand-off flows in the UI (issue 21): locker pick-up and deposit, results by post.

The screens (``screens/locker.py``, ``screens/post.py``) show what this controller
emits and send it intents. Every locker or courier call runs off the UI thread;
the answer comes back as ``locker_update`` / ``post_update`` with the sentence the
resident reads (what really happened, never more).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal

from drivers.base import DeviceEvent
from drivers.qr_scanner import CodeScanned
from kiosk.errors import KioskError
from kiosk.lazy_import import LazyModule
from kiosk.session.machine import EndReason, SessionState
from kiosk.ui.controllers.base import FlowController, ShellController
from kiosk.ui.core_texts import Message, shown
from kiosk.ui.i18n import current_language

if TYPE_CHECKING:
    from kiosk.handoff.courier import CourierKind, CourierReceipt, CourierRequest
    from kiosk.handoff.divisions import Division
    from kiosk.handoff.locker_flows import Outcome

# The courier (the outbox, its crypto), the locker flows and the card readers'
# event types load at first use, not before the first paint (issue 18); the warm
# start imports them on its thread just after it.
courier = LazyModule("kiosk.handoff.courier")
locker_flows = LazyModule("kiosk.handoff.locker_flows")
card_events = LazyModule("kiosk.identity.interpret")

log = logging.getLogger(__name__)


_PICKUP_QR = re.compile(r"(?:^|[?&;]|pickup[=:])(\d{10})(?:$|[&;])")


def scanned_pickup_code(text: str) -> str:
    """The 10-digit pick-up code in a scanned payload ("pickup=NNNNNNNNNN" or the bare code)."""
    m = _PICKUP_QR.search(text.strip())
    return m.group(1) if m else ""


class LockerMode(StrEnum):
    PICKUP = "pickup"
    DEPOSIT = "deposit"


class Phase(StrEnum):
    """What the locker / post screen shows."""

    ENTER_CODE = "enter_code"
    WAITING_ID = "waiting_id"
    WORKING = "working"
    DONE = "done"
    ERROR = "error"
    FORM = "form"


@dataclass(frozen=True)
class LockerView:
    mode: LockerMode
    phase: Phase
    #: Shown through :func:`kiosk.ui.core_texts.shown`: retranslated on a language switch.
    message: Message = ""
    compartment: str = ""


@dataclass(frozen=True)
class PostView:
    kind: CourierKind
    phase: Phase
    message: Message = ""
    waybill_no: str = ""
    errors: dict[str, Message] = field(default_factory=dict)


class HandoffController(FlowController):
    """Locker pick-up (from the attract screen), deposit and post (from the result step)."""

    locker_update = Signal(object)  # LockerView
    post_update = Signal(object)  # PostView

    def __init__(self, shell: ShellController) -> None:
        super().__init__(shell)
        self.mode = LockerMode.PICKUP
        self._post_kind: CourierKind | None = None  # 邮寄送达 unless chosen otherwise
        self._code = ""
        self._came_from = SessionState.ATTRACT
        self.last_locker: LockerView | None = None
        self.last_post: PostView | None = None
        shell.add_event_handler(self._on_event, first=True)
        self.session.on_wiped(lambda _reason: self._forget())

    @property
    def post_kind(self) -> CourierKind:
        """What the post step does: a delivery of the result, or a courier's pick-up."""
        kind: CourierKind = self._post_kind or courier.CourierKind.DELIVERY
        return kind

    # --- what is available -------------------------------------------------------------
    @property
    def handoff(self) -> Any:
        return self.terminal.services.get("handoff")

    def locker_available(self) -> bool:
        h = self.handoff
        return h is not None and h.locker_enabled

    def service(self) -> Any:
        code = self.session.data.service_code
        catalog = self.terminal.catalog
        if not code or catalog is None:
            return None
        try:
            return catalog.get(code)
        except Exception:
            return None

    def _case_ref(self) -> str:
        r = self.session.data.result
        return str(getattr(r, "acceptance_number", "") or "")

    def post_offered(self) -> bool:
        """邮寄送达 where the catalog allows it, once the case has a number."""
        svc = self.service()
        return bool(
            self.handoff is not None
            and svc is not None
            and getattr(svc, "post_delivery", False)
            and self._case_ref()
        )

    def deposit_offered(self) -> bool:
        """存放材料 where the service takes paper originals and a locker is there."""
        svc = self.service()
        return bool(
            self.locker_available()
            and svc is not None
            and getattr(svc, "locker_deposit", False)
            and self._case_ref()
        )

    def courier_pickup_offered(self) -> bool:
        """上门取件 (容缺后补): a courier collects the paper originals handed in later."""
        svc = self.service()
        return bool(
            self.handoff is not None
            and svc is not None
            and getattr(svc, "locker_deposit", False)
            and self._case_ref()
        )

    # --- emitting ---------------------------------------------------------------------------
    def _locker(self, phase: Phase, message: Message = "", compartment: str = "") -> None:
        view = LockerView(self.mode, phase, message, compartment)
        self.last_locker = view
        self.locker_update.emit(view)
        if message:
            self.speak(shown(message))

    def _post(
        self, phase: Phase, message: Message = "", waybill: str = "", **errors: Message
    ) -> None:
        view = PostView(self.post_kind, phase, message, waybill, dict(errors))
        self.last_post = view
        self.post_update.emit(view)

    # --- locker: pick-up ---------------------------------------------------------------------
    def start_pickup(self) -> None:
        """取件 on the attract screen."""
        self.mode = LockerMode.PICKUP
        self._came_from = SessionState.ATTRACT
        self._code = ""
        self.session.go(SessionState.LOCKER, "pickup")
        if not self.locker_available():
            self._locker(Phase.ERROR, lambda: self.tr("本终端暂无智能文件柜，请到窗口领取。"))
            return
        self._locker(Phase.ENTER_CODE, lambda: self.tr("请扫描回执二维码或输入取件码。"))

    def submit_code(self, code: str) -> None:
        """The code typed on the keypad or scanned from the receipt QR."""
        self.activity()
        h = self.handoff
        if h is None or self.session.state != SessionState.LOCKER:
            return

        def check() -> str:
            svc = h.locker()
            if svc is None:
                raise KioskError("locker not ready", "储物柜暂时无法使用，请联系工作人员。")
            return str(svc.check_code(code))

        def done(_case: Any, error: BaseException | None) -> None:
            if isinstance(error, KioskError):
                self._locker(Phase.ENTER_CODE, error.resident_message)
                return
            if error is not None:
                log.error("pick-up code check failed: %r", error)
                self._locker(Phase.ERROR, lambda: self.tr("取件暂时无法办理，请联系工作人员。"))
                return
            self._code = code
            self._locker(
                Phase.WAITING_ID,
                lambda: self.tr("取件码正确。请将身份证放在读卡区，核对身份后开柜。"),
            )

        self._locker(Phase.WORKING, lambda: self.tr("正在核对取件码…"))
        self.run_in_background(check, done)

    def _on_event(self, event: DeviceEvent) -> bool:
        if self.session.state != SessionState.LOCKER:
            return False
        view = self.last_locker
        if isinstance(event, CodeScanned):
            # The pick-up QR (sent with the SMS, or on the load slip) carries the code.
            code = scanned_pickup_code(event.text)
            if view is not None and view.phase is Phase.ENTER_CODE and code:
                self.submit_code(code)
            return True  # a scan on the locker screen is never a login
        update = card_events.interpret(event)
        if update is None:
            return False
        if (
            view is None
            or view.phase is not Phase.WAITING_ID
            or update.kind != card_events.UpdateKind.IDENTIFIED
        ):
            if update.document is not None:
                update.document.wipe()
            return True  # a card on the locker screen is never a login
        doc = update.document
        if doc is None:
            return True
        id_number = doc.id_number
        doc.wipe()
        self._pickup(id_number)
        return True

    def _pickup(self, id_number: str) -> None:
        h = self.handoff
        code = self._code

        def run() -> Outcome:
            svc = h.locker()
            if svc is None:
                raise KioskError("locker not ready", "储物柜暂时无法使用，请联系工作人员。")
            return svc.pickup(code, id_number)

        def done(out: Outcome | None, error: BaseException | None) -> None:
            if isinstance(error, KioskError):
                # A wrong card keeps the code step: the pair is checked again.
                self._locker(Phase.ENTER_CODE, error.resident_message)
                return
            if error is not None or out is None:
                log.error("pick-up failed: %r", error)
                self._locker(Phase.ERROR, lambda: self.tr("取件未完成，请联系工作人员。"))
                return
            self._code = ""
            done_out = out

            def msg() -> str:
                if done_out.alarm:
                    text = self.tr("%1 号柜门未关闭，已通知工作人员。取件已登记。")
                else:
                    text = self.tr("取件完成：%1 号柜。请带好您的材料。")
                return text.replace("%1", done_out.compartment)

            self._locker(Phase.DONE, msg, out.compartment)

        self._locker(
            Phase.WORKING, lambda: self.tr("身份核对中，柜门即将打开，请取出材料后关好柜门。")
        )
        self.run_in_background(run, done)

    # --- locker: deposit ---------------------------------------------------------------------
    def start_deposit(self) -> None:
        """存放材料 in the result step: the paper originals of this case go in a compartment."""
        self.mode = LockerMode.DEPOSIT
        self._came_from = SessionState.RESULT
        self.session.go(SessionState.LOCKER, "deposit")
        h = self.handoff
        case = self._case_ref()
        svc_meta = self.service()
        name = getattr(svc_meta, "name", "")

        def run() -> tuple[Outcome, str | None]:
            svc = h.locker() if h is not None else None
            if svc is None:
                raise KioskError("locker not ready", "储物柜暂时无法使用，请到窗口递交材料。")
            out = svc.deposit(case, size="medium")
            note = (
                h.print_deposit_slip(out, name)
                if out.state is not locker_flows.FlowState.EMPTY
                else None
            )
            return out, note

        def done(res: tuple[Outcome, str | None] | None, error: BaseException | None) -> None:
            if isinstance(error, KioskError):
                self._locker(Phase.ERROR, error.resident_message)
                return
            if error is not None or res is None:
                log.error("deposit failed: %r", error)
                self._locker(
                    Phase.ERROR, lambda: self.tr("材料未存入，请到窗口递交或联系工作人员。")
                )
                return
            out, note = res
            if out.state is locker_flows.FlowState.EMPTY:
                self._locker(
                    Phase.DONE,
                    lambda: self.tr("柜内未检测到材料，本次未存放。如需存放请重新操作。"),
                )
                return
            stored = out

            def msg() -> str:
                if stored.alarm:
                    text = self.tr("材料已登记在 %1 号柜，但柜门未关闭，已通知工作人员。")
                else:
                    text = self.tr("材料已存入 %1 号柜并登记，工作人员将取件处理。")
                slip = (
                    self.tr("存放凭条已打印。")
                    if note is None
                    else self.tr("凭条未能打印（%1），请记下柜号。").replace("%1", note)
                )
                return text.replace("%1", stored.compartment) + slip

            self._locker(Phase.DONE, msg, out.compartment)

        self._locker(Phase.WORKING, lambda: self.tr("柜门正在打开，请放入材料原件后关好柜门。"))
        self.run_in_background(run, done)

    def leave_locker(self) -> None:
        """The way out of the locker screen (back to the result, or end the session)."""
        if self._came_from == SessionState.RESULT and self.session.state == SessionState.LOCKER:
            self.session.go(SessionState.RESULT, "locker done")
        else:
            self.session.end(EndReason.EXIT)

    # --- post ---------------------------------------------------------------------------------
    def start_post(self, kind: CourierKind | None = None) -> None:
        kind = kind or courier.CourierKind.DELIVERY
        self._post_kind = kind
        self.session.go(SessionState.POST, f"post {kind}")
        self._post(Phase.FORM)

    def provinces(self) -> list[Division]:
        h = self.handoff
        return h.divisions.provinces() if h is not None else []

    def cities(self, province: str) -> list[Division]:
        h = self.handoff
        return h.divisions.cities(province) if h is not None else []

    def districts(self, province: str, city: str) -> list[Division]:
        h = self.handoff
        return h.divisions.districts(province, city) if h is not None else []

    def streets(self, district: str) -> list[str]:
        h = self.handoff
        return h.divisions.streets(district) if h is not None else []

    def division_name(self, code: str) -> str:
        """A division's name in the screen's language (the codes and orders stay zh_CN)."""
        h = self.handoff
        return h.divisions.shown_name(code, current_language()) if h is not None else ""

    def shown_streets(self, district: str) -> list[str]:
        """:meth:`streets` in the screen's language, in the same order."""
        h = self.handoff
        return h.divisions.shown_streets(district, current_language()) if h is not None else []

    def place_post(
        self, name: str, mobile: str, district: str, detail: str, street: str = ""
    ) -> None:
        """Validate (messages under each field), then place the order off the UI thread."""
        self.activity()
        h = self.handoff
        if h is None:
            self._post(Phase.ERROR, lambda: self.tr("邮寄服务暂不可用，请到窗口办理。"))
            return
        from kiosk.handoff.validation import (
            InvalidDetail,
            InvalidMobile,
            InvalidName,
            InvalidRecipient,
        )

        if not district:
            self._post(Phase.FORM, "", district=lambda: self.tr("请选择省、市、区县。"))
            return
        try:
            req = h.courier.request(
                self.post_kind, self._case_ref(), name, mobile, district, detail, street
            )
        except InvalidName as e:
            self._post(Phase.FORM, "", name=e.resident_message)
            return
        except InvalidMobile as e:
            self._post(Phase.FORM, "", mobile=e.resident_message)
            return
        except InvalidDetail as e:
            self._post(Phase.FORM, "", detail=e.resident_message)
            return
        except (InvalidRecipient, KioskError) as e:
            self._post(Phase.FORM, "", district=e.resident_message)
            return

        service_name = getattr(self.service(), "name", "")
        identity = self.session.data.identity
        applicant = identity.name if identity is not None else req.recipient.name

        def run() -> tuple[CourierReceipt, str | None]:
            receipt = h.courier.place(req, wait_s=self.config.outbox.submit_wait_s)
            if receipt.state is not courier.OrderState.PLACED:
                return receipt, None
            note = h.print_waybill(receipt, req)
            if req.kind is courier.CourierKind.DELIVERY:
                # The tracking number on the resident's receipt (结果邮寄回执), too.
                note = h.print_post_receipt(receipt, req, service_name, applicant) or note
            return receipt, note

        def done(
            res: tuple[CourierReceipt, str | None] | None, error: BaseException | None
        ) -> None:
            if isinstance(error, KioskError):
                self._post(Phase.ERROR, error.resident_message)
                return
            if error is not None or res is None:
                log.error("courier order failed: %r", error)
                self._post(Phase.ERROR, lambda: self.tr("寄件单未能保存，请到窗口办理邮寄。"))
                return
            receipt, note = res
            self._post(
                Phase.DONE, lambda: self._post_message(req, receipt, note), receipt.waybill_no
            )

        self._post(Phase.WORKING, lambda: self.tr("正在提交寄件信息…"))
        self.run_in_background(run, done)

    def _post_message(self, req: CourierRequest, receipt: CourierReceipt, note: str | None) -> str:
        if receipt.state is courier.OrderState.PLACED:
            msg = (
                self.tr("已下单：办理结果将邮寄到您填写的地址。运单号 %1。")
                if req.kind is courier.CourierKind.DELIVERY
                else self.tr("已下单：快递员将上门取件。运单号 %1。")
            ).replace("%1", receipt.waybill_no)
            if note is not None:
                return msg + self.tr("面单或回执未能打印（%1），运单号将以短信告知。").replace(
                    "%1", note
                )
            if req.kind is courier.CourierKind.DELIVERY:
                return msg + self.tr("寄件面单和邮寄回执（含运单号）已打印。")
            return msg + self.tr("寄件面单已打印。")
        if receipt.state is courier.OrderState.REFUSED:
            return self.tr("快递公司未接受该寄件单，工作人员将与您电话联系。")
        return self.tr("寄件单已保存在本机，网络恢复后自动向快递公司下单，运单号将以短信告知。")

    def leave_post(self) -> None:
        if self.session.state == SessionState.POST:
            self.session.go(SessionState.RESULT, "post done")

    # --- staff (technician screen) ----------------------------------------------------------
    def staff_collect(self, staff: str, on_done: Any) -> None:
        """Open every compartment holding deposits (staff collect them)."""
        h = self.handoff

        def run() -> list[Outcome]:
            svc = h.locker() if h is not None else None
            if svc is None:
                raise KioskError("locker not ready", "储物柜未就绪")
            return svc.collect_all(staff)

        self.run_in_background(run, on_done, busy=False)

    def staff_load(self, case_ref: str, id_number: str, size: str, on_done: Any) -> None:
        """Staff load a result for a case; the resident is notified through the platform."""
        h = self.handoff

        def run() -> Outcome:
            svc = h.locker() if h is not None else None
            if svc is None:
                raise KioskError("locker not ready", "储物柜未就绪")
            return svc.load(case_ref, id_number, size=size, staff="technician")

        self.run_in_background(run, on_done, busy=False)

    def _forget(self) -> None:
        self._code = ""
        self.last_locker = None
        self.last_post = None
