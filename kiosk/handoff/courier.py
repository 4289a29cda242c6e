"""Results by post (邮寄送达) and material pick-up (上门取件) as courier orders.

An order is validated (name, mobile, district in the delivery area, detail line),
then written to the encrypted outbox as a row for the ``courier`` lane; the row's
id is the courier's ``client_order_id``, so however often the sync worker retries
(offline, timeouts, a kill -9 between the courier's commit and our ack) the courier
makes one waybill. Placing the same kind of order twice for one case returns the
first order (the journal maps case + kind → order id before the row is written),
so a double tap never makes a second one either.

The resident's name, phone and address are personal data: they exist only inside
the outbox row (AES-GCM), are registered for masking in logs, and the registry is
wiped with the session. When the courier answers, the waybill number is journaled
and reported to the platform against the case (an outbox row of its own, once).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kiosk.errors import KioskError
from kiosk.handoff.divisions import Address, Divisions
from kiosk.handoff.locker_journal import LockerJournal
from kiosk.handoff.reporting import COURIER_SERVICE_CODE, OutboxReporter, new_report_id
from kiosk.handoff.validation import (
    OutsideDeliveryArea,
    Recipient,
    check_detail,
    check_recipient,
)
from kiosk.handoff_settings import CourierConfig
from kiosk.privacy import SENSITIVE, SensitiveValues
from offline_queue.errors import QueueError
from offline_queue.models import State
from offline_queue.outbox import Outbox

log = logging.getLogger(__name__)

COURIER_LANE = "courier"  # the destination's name (kiosk.platform.courier.COURIER_LANE)


class CourierKind(StrEnum):
    DELIVERY = "delivery"  # 邮寄送达: the result goes to the resident
    PICKUP = "pickup"  # 上门取件: a courier collects materials handed in later


class OrderState(StrEnum):
    SAVED = "saved"  # in the outbox, not yet at the courier (offline, or still sending)
    PLACED = "placed"  # the courier made the waybill
    REFUSED = "refused"  # the courier refused it (dead letter): staff must call


class CourierOrderFailed(KioskError):
    resident_message = "寄件单未能保存，请到窗口办理邮寄。"


@dataclass(frozen=True)
class CourierRequest:
    kind: CourierKind
    case_ref: str
    recipient: Recipient
    address: Address
    items: tuple[str, ...] = ("办理结果",)


@dataclass(frozen=True)
class CourierReceipt:
    order_id: str
    state: OrderState
    waybill_no: str = ""
    duplicate: bool = False
    detail: str = ""


class CourierOrders:
    """Places courier orders through the outbox and follows their acknowledgement."""

    def __init__(
        self,
        outbox: Outbox,
        journal: LockerJournal,
        divisions: Divisions,
        settings: CourierConfig,
        kiosk_id: str,
        sensitive: SensitiveValues = SENSITIVE,
    ) -> None:
        self.outbox = outbox
        self.journal = journal
        self.divisions = divisions
        self.settings = settings
        self.kiosk_id = kiosk_id
        self.sensitive = sensitive
        self.notes = OutboxReporter(outbox, kiosk_id)
        self._acked = threading.Condition()

    # --- building ---------------------------------------------------------------------------
    def request(
        self,
        kind: CourierKind,
        case_ref: str,
        name: str,
        mobile: str,
        district: str,
        detail: str,
        street: str = "",
    ) -> CourierRequest:
        """Validate what the resident entered; raises an :class:`InvalidRecipient` subclass.

        ``street`` is one picked from the district's list ("" = typed in ``detail``).
        """
        # Registered before anything can log them (validation errors included).
        self.sensitive.add(name)
        self.sensitive.add(detail, masked="[地址]")
        recipient = check_recipient(name, mobile)
        detail = check_detail(detail)
        self.sensitive.add(detail, masked="[地址]")
        address = self.divisions.address(district, detail, street)
        if not self.divisions.in_area(district, self.settings.delivery_area):
            raise OutsideDeliveryArea(f"district {district} outside the delivery area")
        return CourierRequest(kind, case_ref, recipient, address)

    def _order(self, req: CourierRequest) -> dict[str, Any]:
        s = self.settings
        office = {
            "name": s.sender_name,
            "phone": s.sender_phone,
            "division": s.sender_division,
            "street": "",
            "detail": s.sender_detail,
        }
        resident = {
            "name": req.recipient.name,
            "phone": req.recipient.mobile,
            "division": req.address.district.code,
            "street": req.address.street,
            "detail": req.address.detail,
        }
        sender, recipient = (
            (office, resident) if req.kind is CourierKind.DELIVERY else (resident, office)
        )
        return {
            "kind": req.kind.value,
            "sender": sender,
            "recipient": recipient,
            "items": [{"name": n, "count": 1} for n in req.items],
            "reference": req.case_ref,
        }

    # --- placing ------------------------------------------------------------------------------
    def place(self, req: CourierRequest, wait_s: float = 3.0) -> CourierReceipt:
        """Write the order durably (then it reaches the courier once), wait briefly for it."""
        known = self.journal.courier_order(req.case_ref, req.kind.value)
        duplicate = known is not None
        if known is None:
            order_id, note_id = new_report_id(), new_report_id()
            # Journal the ids first: a double tap or a crash right after finds this order.
            self.journal.add_courier_order(req.case_ref, req.kind.value, order_id, note_id)
        else:
            order_id, _, waybill = known
            if waybill or self._in_outbox(order_id):
                return self._receipt(order_id, duplicate=True)
            # Journaled, but a crash came before the outbox row: write it now, same id.
        try:
            self.outbox.enqueue(
                COURIER_SERVICE_CODE,
                self.kiosk_id,
                {"order": self._order(req), "case": req.case_ref},
                None,
                submission_id=order_id,
                connector=COURIER_LANE,
            )
        except QueueError as e:
            raise CourierOrderFailed(e.detail, e.resident_message) from None
        log.info("courier order %s queued (%s, case %s)", order_id, req.kind, req.case_ref)
        self.wait(order_id, wait_s)
        return self._receipt(order_id, duplicate=duplicate)

    def _in_outbox(self, order_id: str) -> bool:
        try:
            self.outbox.get(order_id)
        except QueueError:
            return False
        return True

    def resume(self, case_ref: str, kind: CourierKind) -> CourierReceipt | None:
        """An order journaled for this case whose outbox row a crash may have prevented."""
        known = self.journal.courier_order(case_ref, kind.value)
        return None if known is None else self._receipt(known[0], duplicate=True)

    def _receipt(self, order_id: str, duplicate: bool = False) -> CourierReceipt:
        try:
            info = self.outbox.get(order_id)
        except QueueError:
            # Purged after the courier's answer: the journal has the waybill.
            waybill = self.journal.waybill_of(order_id)
            state = OrderState.PLACED if waybill else OrderState.SAVED
            return CourierReceipt(order_id, state, waybill, duplicate)
        if info.acceptance_no:
            return CourierReceipt(order_id, OrderState.PLACED, info.acceptance_no, duplicate)
        if info.state is State.DEAD:
            return CourierReceipt(
                order_id, OrderState.REFUSED, duplicate=duplicate, detail=info.last_error or ""
            )
        return CourierReceipt(order_id, OrderState.SAVED, duplicate=duplicate)

    def wait(self, order_id: str, timeout_s: float) -> None:
        """Block until the order is acknowledged (``acknowledged`` is called) or the time is up."""
        with self._acked:
            self._acked.wait_for(
                lambda: self._receipt(order_id).state is not OrderState.SAVED, timeout_s
            )

    def acknowledged(self, submission_id: str, waybill_no: str) -> None:
        """The sync worker's ack hook: journal the waybill and tell the platform's case."""
        found = self.journal.set_waybill(submission_id, waybill_no)
        if found is None:
            return  # not a courier order
        case_ref, kind, note_id = found
        try:
            self.notes.report(
                note_id,
                {
                    "event": "courier_waybill",
                    "case": case_ref,
                    "kind": kind,
                    "waybill_no": waybill_no,
                },
            )
        except QueueError:
            log.exception("courier: waybill note for %s not queued", case_ref)
        with self._acked:
            self._acked.notify_all()
