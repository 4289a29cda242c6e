"""The two ways to pay, cancelling, refunding, delivering and start-up recovery.

Blocking (HTTP): call it from a worker thread, never the UI thread. Every step
journals first and asks the provider second, and every answer is journaled
before anyone acts on it:

* **order QR** (:meth:`PaymentFlow.open_order_qr`): journal ``created`` →
  precreate (idempotent by order number, so a lost answer is asked again) →
  ``awaiting`` with the QR's URL. The result comes from the signed notification
  (:meth:`PaymentFlow.on_notification`) or from :meth:`PaymentFlow.poll`,
  whichever is first; the other one is stale.
* **payment code** (:meth:`PaymentFlow.pay_with_code`): the code is recognised
  first (a foreign one makes no order); journal ``created`` → micropay. "User
  paying" and a lost answer are settled by querying (:meth:`PaymentFlow.settle`)
  — the pay call is never repeated, which could charge twice.
* **cancel** (:meth:`PaymentFlow.cancel`): query first; close (QR) or reverse
  (code) what is unpaid; refund what turns out to be charged.
* **deliver** (:meth:`PaymentFlow.deliver`): the case id is journaled before the
  case goes to the outbox, so recovery can tell a delivered case from a lost one.
* **recover** (:meth:`PaymentFlow.recover`): every unfinished order is settled
  with the gateway (start-up, and periodically for orders left by a gateway outage).

An amount or currency that differs from the order's is money held wrongly: it is
refunded at once, whoever learns of it first.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kiosk.payments.codes import classify
from kiosk.payments.errors import (
    GatewayDown,
    GatewayNoAnswer,
    GatewayRefused,
    InvalidOrderTransition,
    PaymentError,
    SignatureInvalid,
)
from kiosk.payments.gateway_client import (
    GatewayClient,
    SignatureVerifier,
    TradeStatus,
    trade_status,
)
from kiosk.payments.journal import Journal, OrderRecord
from kiosk.payments.machine import UNFINISHED, OrderEvent, OrderState
from offline_queue.ids import new_id

log = logging.getLogger(__name__)

E, S = OrderEvent, OrderState
UNSETTLED = frozenset({S.CREATED, S.AWAITING, S.UNKNOWN})
HELD = frozenset({S.PAID, S.PAID_PENDING, S.REFUND_PENDING})
CST = dt.timezone(dt.timedelta(hours=8))
MISMATCH = "amount_mismatch"

#: Definite refusals of a micropay: nothing was charged.
_REFUSALS: dict[str, str] = {
    "AUTH_CODE_INVALID": "付款码无效或已使用，未扣款。请刷新付款码后重试。",
    "PAYERROR": "支付被拒绝（余额不足或银行卡受限），未扣款。请换一种付款方式。",
    "NOTENOUGH": "余额不足，未扣款。请换一张银行卡或换一种付款方式。",
    "ORDER_CLOSED": "订单已关闭，未扣款。请重新发起缴费。",
}


@dataclass(frozen=True)
class FlowSettings:
    """Timings and policy of the flows (from ``[payments]``)."""

    kiosk_id: str
    notify_url: str
    order_ttl_s: int = 180
    poll_interval_s: float = 2.0
    micropay_wait_s: float = 60.0
    on_submit_failure: str = "refund"  # "refund" | "paid_pending"
    paid_pending_refund_days: int = 30


@dataclass
class RecoveryReport:
    """What :meth:`PaymentFlow.recover` did."""

    looked_at: int = 0
    settled: dict[str, int] = field(default_factory=dict)
    still_open: list[str] = field(default_factory=list)

    def count(self, state: OrderState) -> None:
        self.settled[state.value] = self.settled.get(state.value, 0) + 1


class PaymentFlow:
    """Payments of one terminal: the journal, the gateway client, the notification checks."""

    def __init__(
        self,
        journal: Journal,
        client: GatewayClient,
        settings: FlowSettings,
        *,
        notify_verifier: SignatureVerifier | None = None,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.journal = journal
        self.client = client
        self.settings = settings
        self.notify_verifier = notify_verifier or client.verifier
        self._wall = wall
        self._mono = monotonic
        self._wake = threading.Event()
        self._active: set[str] = set()
        self._active_lock = threading.Lock()

    # --- order numbers and ownership -------------------------------------------------

    def new_order_no(self) -> str:
        """``<kiosk 10><yymmddHHMMSS><8 hex>``: unique, ≤ 30 characters, [A-Za-z0-9]."""
        kiosk = "".join(c for c in self.settings.kiosk_id.upper() if c.isalnum())[:10] or "K"
        stamp = dt.datetime.fromtimestamp(self._wall(), CST).strftime("%y%m%d%H%M%S")
        return f"{kiosk}{stamp}{secrets.token_hex(4).upper()}"

    def claim(self, order_no: str) -> None:
        """The UI works on this order: background recovery leaves it alone."""
        with self._active_lock:
            self._active.add(order_no)

    def release(self, order_no: str) -> None:
        with self._active_lock:
            self._active.discard(order_no)

    def wake(self) -> None:
        """Cut a wait between polls short (a notification arrived, or a cancel)."""
        self._wake.set()

    # --- flow a: the terminal shows an order QR --------------------------------------

    def open_order_qr(
        self, service_code: str, amount_fen: int, subject: str, business_ref: str
    ) -> OrderRecord:
        """Create the order and its QR; the record is ``awaiting`` with ``code_url``.

        Raises :class:`GatewayDown` (resident told: nothing charged) when no QR
        could be made; an order whose creation went unanswered is closed for good
        (or left to recovery if even that fails): no QR was shown, nothing can
        have been paid.
        """
        no = self.new_order_no()
        self.journal.create(
            no, flow="native", service_code=service_code, amount_fen=amount_fen,
            subject=subject, business_ref=business_ref,
        )  # fmt: skip
        self.claim(no)
        last: PaymentError | None = None
        for _attempt in range(3):
            try:
                url = self.client.precreate(
                    no, amount_fen, subject, business_ref, self.settings.notify_url,
                    self.settings.order_ttl_s,
                )  # fmt: skip
            except GatewayDown as e:
                self._no_answer(no, e, sent=False)
                last = e
                if self.journal.get(no).state == S.FAILED:
                    break
                continue
            except GatewayNoAnswer as e:
                self._no_answer(no, e, sent=True)
                last = e
                continue
            except GatewayRefused as e:
                self.journal.apply(no, E.PROVIDER_REFUSED, e.detail, last_error=e.code)
                self.release(no)
                raise GatewayDown(f"precreate refused: {e.detail}") from None
            self.journal.set_fields(no, code_url=url)
            rec, _ = self.journal.apply(no, E.ACCEPTED, "precreate")
            return rec
        if self.journal.get(no).state != S.FAILED:
            self.cancel(no, "order QR could not be made")
        self.release(no)
        raise GatewayDown(
            f"no order QR for {no}: {last}",
            "支付系统暂时无法响应，未扣款。请稍后再试，或到窗口缴费。",
        )

    # --- flow b: the resident shows a payment code -----------------------------------

    def pay_with_code(
        self, service_code: str, amount_fen: int, subject: str, business_ref: str, raw_code: str
    ) -> OrderRecord:
        """Charge a payment code once. The record may be ``paid``, ``awaiting`` (user
        paying: call :meth:`settle`), ``unknown`` (no answer: call :meth:`settle`),
        or ``refund_pending``/``refunded`` (amount mismatch). A refusal raises."""
        code = classify(raw_code)  # a foreign code makes no order
        no = self.new_order_no()
        self.journal.create(
            no, flow="micropay", provider=code.provider.value, service_code=service_code,
            amount_fen=amount_fen, subject=subject, business_ref=business_ref,
        )  # fmt: skip
        self.claim(no)
        try:
            st = self.client.micropay(
                no, amount_fen, subject, business_ref, code.code, self.settings.notify_url
            )
        except GatewayDown as e:
            self._no_answer(no, e, sent=False)
            self.release(no)
            raise
        except GatewayNoAnswer as e:
            rec = self._no_answer(no, e, sent=True)
            return rec
        except GatewayRefused as e:
            if e.code in _REFUSALS:
                self.journal.apply(no, E.PROVIDER_REFUSED, e.detail, last_error=e.code)
                self.release(no)
                raise GatewayRefused(e.code, e.detail, _REFUSALS[e.code]) from None
            # An answer we do not know is no answer: query before anything else.
            return self._no_answer(no, e, sent=True)
        return self.record_status(no, st)

    # --- learning the result ---------------------------------------------------------

    def _no_answer(self, no: str, err: PaymentError, *, sent: bool) -> OrderRecord:
        rec = self.journal.get(no)
        event = E.NOT_SENT if (not sent and rec.state == S.CREATED) else E.NO_ANSWER
        if rec.state in UNSETTLED:
            rec, _ = self.journal.apply(no, event, err.detail, last_error=type(err).__name__)
        return rec

    def record_status(self, no: str, st: TradeStatus) -> OrderRecord:
        """Journal what the provider says of order ``no`` (from any source)."""
        rec = self.journal.get(no)
        if st.trade_state in ("NOTPAY", "USERPAYING"):
            rec, _ = self.journal.apply(no, E.ACCEPTED, st.trade_state)
            return rec
        if st.trade_state == "PAYERROR":
            rec, _ = self.journal.apply(no, E.PROVIDER_REFUSED, "PAYERROR", last_error="PAYERROR")
            return rec
        if st.trade_state in ("CLOSED", "REVOKED") and not st.charged and st.refunded_fen == 0:
            rec, _ = self.journal.apply(no, E.PROVIDER_CLOSED, st.trade_state)
            return rec
        if st.trade_state not in ("SUCCESS", "REFUND", "CLOSED", "REVOKED"):
            rec, _ = self.journal.apply(no, E.NO_ANSWER, f"unknown trade_state {st.trade_state}")
            return rec
        # Charged (perhaps refunded since, by a reverse or our own refund).
        charged = st.payer_total_fen or st.total_fen
        mismatch = charged != rec.amount_fen or st.currency != rec.currency
        note = (
            f"{MISMATCH}: provider {charged} {st.currency}, order {rec.amount_fen} {rec.currency}"
            if mismatch
            else "paid"
        )
        changes: dict[str, object] = {
            "provider_txn": st.transaction_id,
            "charged_fen": charged,
            "paid_at": st.success_time or self._wall(),
            "einvoice_no": st.einvoice_no,
            "einvoice_url": st.einvoice_url,
        }
        if mismatch:
            changes["last_error"] = note
        rec, changed = self.journal.apply(no, E.PROVIDER_PAID, note, **changes)
        if changed:
            log.info("payment %s paid (%s fen)", no, charged)
        if st.refunded_fen >= charged > 0:
            return self._provider_refunded(no, "provider reports it refunded")
        if mismatch and rec.state in (S.PAID, S.PAID_PENDING, S.REFUND_PENDING):
            return self.refund(no, "amount or currency differs from the order")
        return rec

    def _provider_refunded(self, no: str, note: str) -> OrderRecord:
        rec = self.journal.get(no)
        if rec.state in (S.PAID, S.PAID_PENDING):
            rec, _ = self.journal.apply(
                no, E.REFUND_ASKED, note, refund_no=rec.refund_no or f"REV{no}"[:32],
                refund_reason=rec.refund_reason or "cancelled",
            )  # fmt: skip
        if rec.state == S.REFUND_PENDING:
            rec, _ = self.journal.apply(no, E.PROVIDER_REFUNDED, note, refunded_at=self._wall())
        return rec

    def poll(self, no: str) -> OrderRecord:
        """Query once and journal the answer (no answer changes nothing but CREATED)."""
        try:
            st = self.client.query(no)
        except (GatewayDown, GatewayNoAnswer) as e:
            rec = self.journal.get(no)
            if rec.state == S.CREATED:
                rec, _ = self.journal.apply(no, E.NO_ANSWER, e.detail)
            return rec
        except GatewayRefused as e:
            log.warning("query of %s refused: %s", no, e.detail)
            return self.journal.get(no)
        if st is None:
            return self.journal.get(no)  # never reached the provider (yet): cancel settles it
        return self.record_status(no, st)

    def settle(self, no: str, wait_s: float | None = None) -> OrderRecord:
        """Query until the order leaves created/awaiting/unknown or ``wait_s`` passes
        (monotonic: a wall-clock jump changes nothing); then cancel what is unsettled."""
        rec = self.journal.get(no)
        wait = self.settings.micropay_wait_s if wait_s is None else wait_s
        end = self._mono() + wait
        while rec.state in UNSETTLED and self._mono() < end:
            self._wake.wait(
                timeout=max(0.0, min(self.settings.poll_interval_s, end - self._mono()))
            )
            self._wake.clear()
            rec = self.poll(no)
        if rec.state in UNSETTLED:
            rec = self.cancel(no, "not settled in time")
        return rec

    # --- notifications ----------------------------------------------------------------

    def on_notification(self, headers: Mapping[str, str], body: bytes) -> bool:
        """Handle one notification; True = acknowledge it (the provider stops resending).

        A forged, stale or replayed one is refused (False) and changes nothing; a
        duplicate is acknowledged and changes nothing; the amount is checked
        against the journal, not taken from the message.
        """
        try:
            self.notify_verifier.verify(headers, body)
        except SignatureInvalid as e:
            log.warning("payment notification refused: %s", e.detail)
            return False
        try:
            msg = json.loads(body)
            notify_id = str(msg["id"])
            kind = str(msg["event_type"])
            resource = msg["resource"]
            no = str(resource["out_trade_no"])
        except (ValueError, KeyError, TypeError):
            log.warning("payment notification malformed")
            return False
        rec = self.journal.find(no)
        if rec is None:
            log.warning("notification for an order not of this terminal: %s", no)
            return True
        if not self.journal.first_notification(notify_id, no):
            return True  # a duplicate: acknowledged, nothing done twice
        try:
            if kind == "TRANSACTION.SUCCESS":
                self.record_status(no, trade_status(resource))
            elif kind == "REFUND.SUCCESS" and self.journal.get(no).state == S.REFUND_PENDING:
                self.journal.apply(
                    no, E.PROVIDER_REFUNDED, "refund notification", refunded_at=self._wall()
                )
        except (PaymentError, InvalidOrderTransition) as e:
            log.error("notification of %s not applied: %s", no, e)
        self.wake()
        return True

    # --- ending an order ---------------------------------------------------------------

    def cancel(self, no: str, reason: str) -> OrderRecord:
        """The resident cancelled, walked away or the order timed out.

        Query first; close (QR) or reverse (code) an unpaid order; refund a charged
        one. If the gateway cannot be reached the order stays open for recovery.
        """
        rec = self.poll(no)
        if rec.state in UNSETTLED:
            try:
                st = (
                    self.client.reverse(no)
                    if rec.flow == "micropay"
                    else self.client.close_order(no)
                )
            except GatewayRefused as e:
                log.info("close of %s refused (%s): querying", no, e.code)
                rec = self.poll(no)
            except (GatewayDown, GatewayNoAnswer) as e:
                rec = self._no_answer(no, e, sent=True)
            else:
                rec = self.record_status(no, st)
        if rec.state in (S.PAID, S.PAID_PENDING):
            rec = self.refund(no, reason)
        return rec

    def refund(self, no: str, reason: str) -> OrderRecord:
        """Refund a charged order in full (idempotent: one refund number per order)."""
        rec = self.journal.get(no)
        if rec.state in (S.PAID, S.PAID_PENDING):
            rec, _ = self.journal.apply(
                no, E.REFUND_ASKED, reason, refund_no=f"R{no}"[:32], refund_reason=reason[:100]
            )
        if rec.state != S.REFUND_PENDING:
            return rec
        amount = rec.charged_fen or rec.amount_fen
        try:
            rs = self.client.refund(no, rec.refund_no, amount, rec.refund_reason or reason)
        except (GatewayDown, GatewayNoAnswer) as e:
            rec, _ = self.journal.apply(no, E.NO_ANSWER, e.detail, last_error=type(e).__name__)
            return rec
        except GatewayRefused as e:
            # Perhaps refunded already (a reverse, or our refund under its number): ask.
            st = self._query_quiet(no)
            if st is not None and st.refunded_fen >= amount:
                rec, _ = self.journal.apply(
                    no,
                    E.PROVIDER_REFUNDED,
                    f"already refunded ({e.code})",
                    refunded_at=self._wall(),
                )
            else:
                log.error("refund of %s refused: %s", no, e.detail)
                rec = self.journal.set_fields(no, last_error=f"refund refused: {e.code}")
            return rec
        if rs.status == "SUCCESS":
            rec, _ = self.journal.apply(
                no,
                E.PROVIDER_REFUNDED,
                rs.out_refund_no,
                refunded_at=rs.success_time or self._wall(),
            )
        return rec

    def _query_quiet(self, no: str) -> TradeStatus | None:
        try:
            return self.client.query(no)
        except PaymentError:
            return None

    def deliver(self, no: str, submit: Callable[[str], str]) -> OrderRecord:
        """Submit the paid case (``submit(case_id) -> acceptance number``).

        The case id is journaled first. If ``submit`` fails the order is refunded or
        kept paid-pending (``on_submit_failure``); the caller prints the slip then.
        """
        rec = self.journal.get(no)
        if rec.state != S.PAID or rec.last_error.startswith(MISMATCH):
            raise InvalidOrderTransition(
                f"order {no} in state {rec.state.value} cannot be delivered"
            )
        case_id = rec.case_id or new_id()
        self.journal.set_fields(no, case_id=case_id)
        try:
            acceptance = submit(case_id)
        except Exception as e:  # any failure of the submission: the money must not stay
            log.error("case of paid order %s not submitted: %s", no, e)
            return self.submission_failed(no, f"{type(e).__name__}: {e}")
        rec, _ = self.journal.apply(no, E.CASE_SUBMITTED, case_id, acceptance_no=acceptance or "")
        self.release(no)
        return rec

    def submission_failed(self, no: str, detail: str) -> OrderRecord:
        if self.settings.on_submit_failure == "paid_pending":
            rec, _ = self.journal.apply(
                no, E.CASE_PENDING, detail[:200], last_error="case not submitted"
            )
            return rec
        return self.refund(no, "case could not be submitted")

    # --- recovery --------------------------------------------------------------------

    def recover(self, has_case: Callable[[str], bool]) -> RecoveryReport:
        """Settle every unfinished order not being worked on by the UI.

        ``has_case(case_id)`` says whether a case is in the outbox. No resident is
        waiting for these orders, so an unpaid one is closed and a charged one whose
        case is not in the outbox is refunded.
        """
        report = RecoveryReport()
        with self._active_lock:
            active = set(self._active)
        for rec in self.journal.unfinished():
            if rec.order_no in active:
                continue
            report.looked_at += 1
            try:
                rec = self._recover_one(rec, has_case)
            except PaymentError as e:
                log.warning("recovery of %s: %s", rec.order_no, e.detail)
                rec = self.journal.get(rec.order_no)
            if rec.state in UNFINISHED and rec.state != S.PAID_PENDING:
                report.still_open.append(rec.order_no)
            report.count(rec.state)
        return report

    def _recover_one(self, rec: OrderRecord, has_case: Callable[[str], bool]) -> OrderRecord:
        no = rec.order_no
        if rec.state in UNSETTLED:
            rec = self.cancel(no, "recovered after restart")
        if rec.state == S.PAID:
            if rec.case_id and has_case(rec.case_id):
                rec, _ = self.journal.apply(no, E.CASE_SUBMITTED, "case found in the outbox")
            else:
                rec = self.refund(no, "service not delivered (terminal restarted)")
        elif rec.state == S.PAID_PENDING:
            if rec.case_id and has_case(rec.case_id):
                rec, _ = self.journal.apply(no, E.CASE_SUBMITTED, "case found in the outbox")
            elif self._wall() - rec.paid_at > self.settings.paid_pending_refund_days * 86400:
                rec = self.refund(no, "paid-pending case not completed in time")
        elif rec.state == S.REFUND_PENDING:
            rec = self.refund(no, rec.refund_reason or "refund")
        return rec
