"""The fee payment flow between review and submit (UI thread; the HTTP runs on the pool).

Pages, one at a time on the payment screen (:class:`PayPage`): the fee summary,
then either the order QR with its countdown or the "show your payment code"
prompt, then paying, and an end page: paid (continue to submit, or cancel and be
refunded), timeout, failed, refunded, or uncertain (the gateway cannot be
reached: the order is settled later, refunded if it was charged). Every page has
a cancel.

The idle timer is paused while an order is pending (``begin_busy``), within the
session's bound; when the session ends anyway (idle, card removed, exit) the
order is cancelled on the pool — closed, or refunded if charged — and the
payment journal's recovery finishes what a dead gateway left open.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal

from drivers.qr_scanner import CodeScanned, ScanRejected
from kiosk.payments.codes import classify
from kiosk.payments.errors import ForeignPaymentCode, PaymentError
from kiosk.payments.fees import ExemptionRule, FeeDue, FeeItem, FeeSchedule, birth_date_of, yuan
from kiosk.payments.journal import OrderRecord
from kiosk.payments.machine import OrderState
from kiosk.services.rules import Outcome
from kiosk.services.submit_flow import SubmitResult, failure_result, run_submission
from kiosk.session.machine import EndReason, SessionState
from kiosk.ui.controllers.base import FlowController, ShellController
from kiosk.ui.core_texts import Message
from kiosk.ui.i18n import current_language

if TYPE_CHECKING:
    from drivers.base import DeviceEvent
    from kiosk.payments.runtime import PaymentsRuntime
    from kiosk.services.catalog import Service
    from kiosk.ui.controllers.service import ServiceController

log = logging.getLogger(__name__)
S = OrderState
#: How long the "show your payment code" prompt waits for a scan.
CODE_PROMPT_S = 120.0
#: The QR's countdown ends this much before the provider's own expiry.
QR_MARGIN_S = 5.0


class PayPage(StrEnum):
    SUMMARY = "summary"
    QR = "qr"
    SHOW_CODE = "show_code"
    PAYING = "paying"
    PAID = "paid"
    TIMEOUT = "timeout"
    FAILED = "failed"
    REFUNDED = "refunded"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True)
class PaymentView:
    """What the payment screen shows now (no personal data)."""

    page: PayPage
    #: The fee and its exemption rules: the screen shows their texts in its language.
    fee: FeeItem | None = None
    rules: tuple[ExemptionRule, ...] = ()
    amount_fen: int = 0
    #: Payments are possible here (else: pay at the counter).
    available: bool = True
    order_no: str = ""
    code_url: str = ""
    seconds_left: int = 0
    #: Shown through :func:`kiosk.ui.core_texts.shown`: retranslated on a language switch.
    message: Message = ""
    einvoice_no: str = ""
    working: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def amount_text(self) -> str:
        return yuan(self.amount_fen)

    def item(self, lang: str) -> str:
        return self.fee.text("item", lang) if self.fee is not None else ""

    def legal_basis(self, lang: str) -> str:
        return self.fee.text("legal_basis", lang) if self.fee is not None else ""

    def exemptions(self, lang: str) -> list[str]:
        return [r.text("label", lang) for r in self.rules]


class PaymentController(FlowController):
    """One fee for one resident (UI thread only)."""

    update = Signal(object)  # PaymentView

    def __init__(self, shell: ShellController, service: ServiceController) -> None:
        super().__init__(shell)
        self._svc = service
        self.view = PaymentView(PayPage.SUMMARY)
        self._due: FeeDue | None = None
        self._order: str | None = None
        self._deadline: float | None = None
        self._next_poll = 0.0
        self._job = False
        self._polling = False
        #: Bumped by a cancel or a timeout: answers of older jobs are then ignored.
        self._gen = 0
        self._busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self._tick)
        shell.add_event_handler(self._on_event)
        self.session.on_wiped(self._on_wiped)

    # --- what the fee is ------------------------------------------------------------

    @property
    def runtime(self) -> PaymentsRuntime | None:
        return self.terminal.services.get("payments")

    def fee_due(self, service: Service) -> FeeDue | None:
        fees: FeeSchedule | None = self.terminal.services.get("fees")
        if fees is None:
            return None
        identity = self.session.data.identity
        born = birth_date_of(getattr(identity, "id_number", "") or "")
        return fees.assess(service.code, born, dt.date.today())

    def needs_payment(self, service: Service) -> bool:
        due = self.fee_due(service)
        return due is not None and due.amount_fen > 0

    def review_rows(self, service: Service) -> list[tuple[str, str]]:
        """The fee lines of the review screen: amount and item, basis, who is exempt."""
        due = self.fee_due(service)
        if due is None:
            return []
        fee, lang = due.fee, current_language()
        item = fee.text("item", lang)
        rows = [(self.tr("缴费"), f"{item} {yuan(fee.amount_fen)} " + self.tr("元"))]
        rows.append((self.tr("收费依据"), fee.text("legal_basis", lang)))
        sep = "; " if lang == "en" else "；"
        if due.rules:
            rows.append((self.tr("免缴对象"), sep.join(r.text("label", lang) for r in due.rules)))
        if due.exempt_by is not None:
            exempt = due.exempt_by.text("label", lang)
            rows.append((self.tr("本次"), self.tr("您符合免缴条件（%1），无需缴费。").replace("%1", exempt)))  # fmt: skip
        elif due.counter_rules:
            labels = (", " if lang == "en" else "、").join(r.text("label", lang) for r in due.counter_rules)  # fmt: skip
            rows.append((self.tr("提示"), self.tr("%1请到窗口核验后免缴。").replace("%1", labels)))
        return rows

    # --- intents ----------------------------------------------------------------------

    def begin(self, service: Service) -> None:
        """From review: show the fee summary (the payment state)."""
        due = self.fee_due(service)
        if due is None:
            return
        self._due = due
        self._order = None
        self._show(
            PaymentView(
                PayPage.SUMMARY,
                fee=due.fee,
                rules=due.rules,
                amount_fen=due.amount_fen,
                available=self.runtime is not None and self.runtime.flow is not None,
            )
        )
        self.session.go(SessionState.PAYMENT, "fee")

    def pay_by_qr(self) -> None:
        """The terminal shows an order QR for the resident's payment app to scan."""
        rt, due, service = self.runtime, self._due, self._svc.current_service()
        if rt is None or rt.flow is None or due is None or service is None or self._job:
            return
        flow = rt.flow
        ref = self.session.data.session_id
        self._hold_busy()
        self._show(replace(self.view, working=True, message=lambda: self.tr("正在生成支付二维码…")))

        def work() -> OrderRecord:
            return flow.open_order_qr(service.code, due.amount_fen, due.fee.item, ref)

        def done(rec: Any, error: BaseException | None) -> None:
            if self.state != SessionState.PAYMENT:
                return
            if error is not None:
                self._failed(error)
                return
            self._order = rec.order_no
            wait = max(10.0, rt.cfg.order_ttl_s - QR_MARGIN_S)
            self._deadline = time.monotonic() + wait
            self._next_poll = time.monotonic() + rt.cfg.poll_interval_s
            self._show(
                replace(
                    self.view,
                    page=PayPage.QR,
                    code_url=rec.code_url,
                    order_no=rec.order_no,
                    working=False,
                    message="",
                    seconds_left=int(wait),
                )
            )
            self._timer.start()

        self._run(work, done)

    def pay_by_code(self) -> None:
        """Prompt for the resident's payment code at the scanner."""
        if self.runtime is None or self._due is None:
            return
        self._hold_busy()
        self._deadline = time.monotonic() + CODE_PROMPT_S
        self._show(
            replace(
                self.view,
                page=PayPage.SHOW_CODE,
                message="",
                working=False,
                seconds_left=int(CODE_PROMPT_S),  # shown at once, not after the first tick
            )
        )
        self._timer.start()

    def scanned(self, text: str) -> None:
        """A payment code was scanned (from the QR scanner, or the demo's phone)."""
        rt, due, service = self.runtime, self._due, self._svc.current_service()
        if self.view.page != PayPage.SHOW_CODE or self._job or rt is None or rt.flow is None:
            return
        if due is None or service is None:
            return
        try:
            classify(text)  # foreign codes are refused here, before any order
        except ForeignPaymentCode as e:
            self._show(replace(self.view, message=e.resident_message))
            return
        flow = rt.flow
        ref = self.session.data.session_id
        self._deadline = None
        self._show(
            replace(self.view, page=PayPage.PAYING, message=lambda: self.tr("正在支付，请稍候…"))
        )

        def work() -> OrderRecord:
            rec = flow.pay_with_code(service.code, due.amount_fen, due.fee.item, ref, text)
            if rec.state in (S.CREATED, S.AWAITING, S.UNKNOWN):
                rec = flow.settle(rec.order_no)  # user paying / no answer: query, never re-pay
            return rec

        def done(rec: Any, error: BaseException | None) -> None:
            if error is not None:
                self._failed(error)
                return
            self._order = rec.order_no
            self._show_record(rec, timed_out=True)

        self._run(work, done)

    def cancel(self) -> None:
        """The cancel of every page: close (or refund) the order, then back to review."""
        rt, no = self.runtime, self._order
        self._timer.stop()
        self._deadline = None
        self._gen += 1  # whatever is in flight is overtaken by the cancel
        self._job = False
        if rt is None or rt.flow is None or no is None:
            self._leave_to_review(self.tr("已取消缴费，未扣款。"))
            return
        rt.flow.wake()  # a settle waiting between queries looks again at once
        if self.view.page in (PayPage.FAILED, PayPage.TIMEOUT, PayPage.REFUNDED):
            self._leave_to_review("")  # the order is over already: nothing to cancel
            return
        flow = rt.flow
        self._show(replace(self.view, working=True, message=lambda: self.tr("正在取消，请稍候…")))
        self._run(lambda: flow.cancel(no, "resident cancelled"), self._cancelled)

    def _cancelled(self, rec: Any, error: BaseException | None) -> None:
        if error is not None or rec is None:
            self._failed(error or PaymentError("cancel failed"))
            return
        if rec.state == S.CLOSED:
            self._leave_to_review(self.tr("已取消缴费，未扣款。"))
        else:
            self._show_record(rec)

    def back_to_review(self) -> None:
        """From an end page (failed, timeout, refunded): back to the review to try again."""
        self._leave_to_review("")

    def continue_after_paid(self) -> None:
        """Paid: submit the case through the normal path, carrying the payment."""
        rt, no = self.runtime, self._order
        service = self._svc.current_service()
        if rt is None or rt.flow is None or no is None or service is None or self._job:
            return
        if self.view.page != PayPage.PAID:
            return
        flow, journal = rt.flow, rt.journal
        terminal, data = self.terminal, self.session.data
        decided = self._svc.current_plan()
        submitter = terminal.services.get("submitter")
        box: dict[str, SubmitResult] = {}

        def work() -> OrderRecord:
            rec = journal.get(no)
            payment = {
                "item": rec.subject, "amount_fen": rec.charged_fen, "order_no": rec.order_no,
                "provider": rec.provider, "einvoice_no": rec.einvoice_no,
                "einvoice_url": rec.einvoice_url, "transaction_id": rec.provider_txn,
            }  # fmt: skip

            def submit(case_id: str) -> str:
                result = run_submission(
                    submitter, terminal, service, data, decided,
                    payment=payment, submission_id=case_id,
                )  # fmt: skip
                box["result"] = result
                return result.acceptance_number or ""

            return flow.deliver(no, submit)

        def done(rec: Any, error: BaseException | None) -> None:
            self._job = False
            if self.session.state != SessionState.SUBMIT:
                return
            if error is not None:
                log.error("paid case %s not delivered: %s", no, error)
                result = failure_result(error)
            else:
                result = self._delivered_result(rec, box.get("result"))
            data.result = result
            data.acceptance_number = result.acceptance_number
            self.session.next()  # → RESULT

        self._timer.stop()
        # The delivery job owns the order now: a wipe meanwhile must not refund a case
        # being stored (a crash is settled by start-up recovery from the journal).
        self._order = None
        self.session.go(SessionState.SUBMIT, "paid")
        self._job = True
        self.run_in_background(work, done)

    def _delivered_result(self, rec: OrderRecord, result: SubmitResult | None) -> SubmitResult:
        amount = yuan(rec.charged_fen or rec.amount_fen)
        if rec.state == S.SUBMITTED and result is not None:
            result.extra["payment"] = f"已缴费 {amount} 元，订单号 {rec.order_no}"
            if rec.einvoice_no:
                result.extra["einvoice"] = f"财政电子票据 {rec.einvoice_no}"
            return result
        if rec.state == S.PAID_PENDING:
            from kiosk.app.payments_wiring import print_pending_slip

            reason = print_pending_slip(self.terminal, rec)
            return SubmitResult(
                Outcome.QUEUED,
                "已缴费，申请待工作人员办理",
                f"您已缴费 {amount} 元（订单号 {rec.order_no}），但申请未能提交。"
                "请凭缴费凭条到窗口办理，无需再次缴费；如未办理，费用将原路退回。",
                print_note="请取走缴费凭条。"
                if reason is None
                else f"凭条暂时无法打印（{reason}），请记下订单号。",
                print_failed=reason is not None,
                extra={"payment": f"订单号 {rec.order_no}"},
            )
        # Whole sentences (not joined from pieces): the result screen translates each
        # through its template in kiosk/ui/core_texts.py.
        if rec.state == S.REFUNDED:
            headline = "提交未完成，费用已退回"
            detail = f"申请未能提交。您缴纳的 {amount} 元已原路退回。请稍后再试或到窗口办理。"
        else:
            headline = "提交未完成，费用退回中"
            detail = (
                f"申请未能提交。您缴纳的 {amount} 元将自动原路退回，无需再次操作。"
                "请稍后再试或到窗口办理。"
            )
        return SubmitResult(
            Outcome.REFUSED, headline, detail, extra={"payment": f"订单号 {rec.order_no}"}
        )

    # --- results and timers -----------------------------------------------------------

    def _show_record(self, rec: OrderRecord, *, timed_out: bool = False) -> None:
        amount = yuan(rec.charged_fen or rec.amount_fen)
        v = replace(self.view, order_no=rec.order_no, working=False, einvoice_no=rec.einvoice_no)
        if rec.state == S.PAID:
            self._release_busy()
            self._timer.stop()
            self._show(
                replace(
                    v,
                    page=PayPage.PAID,
                    message=lambda: self.tr("已缴费 %1 元").replace("%1", amount),
                )
            )
        elif rec.state in (S.REFUND_PENDING, S.REFUNDED):
            self._end_order_ui()
            refunded = rec.state == S.REFUNDED
            mismatch = rec.last_error.startswith("amount_mismatch")

            def text() -> str:
                if refunded:
                    t = self.tr("您支付的 %1 元已原路退回。")
                else:
                    t = self.tr("您支付的 %1 元将自动原路退回（退款处理中）。")
                if mismatch:
                    t = self.tr("支付金额与应缴金额不符。") + t
                return t.replace("%1", amount)

            self._show(replace(v, page=PayPage.REFUNDED, message=text))
        elif rec.state == S.CLOSED:
            self._end_order_ui()
            page = PayPage.TIMEOUT if timed_out else PayPage.FAILED
            self._show(
                replace(v, page=page, message=lambda: self.tr("支付未完成，订单已关闭，未扣款。"))
            )
        elif rec.state == S.FAILED:
            self._end_order_ui()
            self._show(
                replace(v, page=PayPage.FAILED, message=lambda: self.tr("支付未成功，未扣款。"))
            )
        elif rec.state in (S.CREATED, S.AWAITING, S.UNKNOWN):
            self._end_order_ui()
            self._show(
                replace(
                    v,
                    page=PayPage.UNCERTAIN,
                    message=lambda: self.tr(
                        "暂时无法确认支付结果。终端会继续向支付系统确认：如已扣款，将自动原路退回，请勿重复付款。"
                    ),
                )
            )
            if self.runtime is not None and self.runtime.flow is not None:
                self.runtime.flow.release(rec.order_no)  # recovery settles it in the background

    def _failed(self, error: BaseException) -> None:
        self._end_order_ui()
        message: Message = (
            error.resident_message
            if isinstance(error, PaymentError)
            else lambda: self.tr("支付未成功，未扣款。")
        )
        self._show(replace(self.view, page=PayPage.FAILED, message=message, working=False))

    def _tick(self) -> None:
        if self.state != SessionState.PAYMENT:
            self._timer.stop()
            return
        now = time.monotonic()
        if self._deadline is not None:
            left = max(0, int(self._deadline - now + 0.999))
            if left != self.view.seconds_left:
                self._show(replace(self.view, seconds_left=left))
            if now >= self._deadline:
                self._expired()
                return
        rt, no = self.runtime, self._order
        flow = rt.flow if rt is not None else None
        due = not self._job and not self._polling and now >= self._next_poll
        if self.view.page == PayPage.QR and rt is not None and flow is not None and no and due:
            self._next_poll = now + rt.cfg.poll_interval_s
            self._run(lambda: flow.poll(no), self._polled, quiet=True)

    def _polled(self, rec: Any, error: BaseException | None) -> None:
        if (
            error is None
            and rec is not None
            and self.view.page == PayPage.QR
            and rec.state == S.PAID
        ):
            self._show_record(rec)

    def _expired(self) -> None:
        self._deadline = None
        self._timer.stop()
        self._gen += 1
        self._job = False
        rt, no = self.runtime, self._order
        if no is None or rt is None or rt.flow is None:  # the code prompt timed out: no order
            self._end_order_ui()
            self._show(
                replace(
                    self.view, page=PayPage.TIMEOUT, message=lambda: self.tr("等待超时，未扣款。")
                )
            )
            return
        flow = rt.flow
        self._show(
            replace(self.view, working=True, message=lambda: self.tr("支付超时，正在关闭订单…"))
        )
        self._run(
            lambda: flow.cancel(no, "order QR expired"),
            lambda rec, err: self._failed(err) if err else self._show_record(rec, timed_out=True),
        )

    def _on_event(self, event: DeviceEvent) -> bool:
        if self.state != SessionState.PAYMENT or self.view.page != PayPage.SHOW_CODE:
            return False
        if isinstance(event, CodeScanned):
            self.scanned(event.text)
            return True
        if isinstance(event, ScanRejected):
            self._show(replace(self.view, message=event.resident_message))
            return True
        return False

    def _on_wiped(self, _reason: EndReason) -> None:
        """The resident walked away (idle, card removed, exit): close or refund the order."""
        self._timer.stop()
        self._deadline = None
        self._release_busy()
        rt, no = self.runtime, self._order
        self._order, self._due = None, None
        self._job = False
        self.view = PaymentView(PayPage.SUMMARY)
        if rt is None or rt.flow is None or no is None:
            return
        self._gen += 1
        flow, journal = rt.flow, rt.journal
        done_states = (S.SUBMITTED, S.CLOSED, S.FAILED, S.REFUNDED, S.PAID_PENDING)

        def settle() -> None:
            try:
                rec = journal.find(no)
                if rec is not None and rec.state not in done_states:
                    flow.cancel(no, "resident walked away")
            finally:
                flow.release(no)  # anything still open: background recovery

        self.run_in_background(settle, lambda _r, _e: None, busy=False)

    # --- helpers ----------------------------------------------------------------------

    def _leave_to_review(self, notice: str) -> None:
        self._end_order_ui()
        self._order = None
        if self.state == SessionState.PAYMENT:
            self.session.go(SessionState.REVIEW, "payment cancelled")
        if notice:
            self.notice.emit(notice)

    def _end_order_ui(self) -> None:
        self._timer.stop()
        self._deadline = None
        self._release_busy()

    def _hold_busy(self) -> None:
        if not self._busy:
            self._busy = True
            self.session.begin_busy()

    def _release_busy(self) -> None:
        if self._busy:
            self._busy = False
            self.session.end_busy()

    def _show(self, view: PaymentView) -> None:
        self.view = view
        self.update.emit(view)

    def _run(self, work: Any, done: Any, *, quiet: bool = False) -> None:
        """Run ``work`` on the pool; ``done`` only if nothing newer (a cancel) came since.

        ``quiet`` jobs (the QR's polls) block nothing: a cancel never waits for them.
        """
        gen = self._gen
        if quiet:
            self._polling = True
        else:
            self._job = True

        def finished(result: Any, error: BaseException | None) -> None:
            if quiet:
                self._polling = False
            elif gen == self._gen:
                self._job = False
            if gen != self._gen or self.state != SessionState.PAYMENT:
                return  # overtaken (cancelled, timed out, session over): the journal has it
            done(result, error)

        self.run_in_background(work, finished, busy=False)
