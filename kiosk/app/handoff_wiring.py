"""Attaching the hand-off services (issue 21): locker flows, courier orders, their slips.

``attach_handoff(terminal)`` runs after the outbox is attached: courier orders are
rows of that outbox (their own ``courier`` lane on its sync worker), locker events
go to the platform's lane. The locker service is built lazily, once the device
manager has the locker open; building it settles what a power cut left half-done
(:meth:`LockerService.recover`). Door checks then run with the terminal's periodic
maintenance, off the UI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from typing import Any

from drivers.base import DeviceError
from kiosk.app.terminal import StartupProblem, Terminal
from kiosk.handoff.courier import CourierOrders, CourierReceipt, CourierRequest
from kiosk.handoff.divisions import load_divisions
from kiosk.handoff.locker_flows import LockerService, Outcome
from kiosk.handoff.locker_journal import LockerJournal, SlotState
from kiosk.handoff.pickup_codes import PickupCodes
from kiosk.handoff.reporting import OutboxReporter
from kiosk.platform.courier import CourierClient, CourierDestination
from kiosk.services.receipt_codes import receipt_track_url
from printer_templates import render_receipt
from printer_templates.errors import TemplateError
from printer_templates.escpos import Align, Cut, Element, Feed, Pair, QrCode, Rule, Text, render
from printer_templates.waybill import WaybillSlip, waybill_slip

log = logging.getLogger(__name__)

DOOR_CHECK_S = 5.0


class Handoff:
    """The hand-off services of the running terminal (``terminal.services["handoff"]``)."""

    def __init__(self, terminal: Terminal, outbox: Any, worker: Any) -> None:
        cfg = terminal.config
        h = cfg.handoff
        self.terminal = terminal
        self.outbox = outbox
        self.journal = LockerJournal(cfg.resolved_paths.data_dir / h.journal)
        self.codes = PickupCodes(self.journal, h.pickup_max_attempts, h.pickup_lockout_s)
        self.divisions = load_divisions()
        self.courier_client = CourierClient(h.courier.url, h.courier.token, h.courier.timeout_s)
        self.courier = CourierOrders(
            outbox,
            self.journal,
            self.divisions,
            h.courier,
            cfg.kiosk.id,
            sensitive=terminal.session.sensitive,
        )
        worker.add_destination(CourierDestination(self.courier_client))
        worker.on_acknowledged(self.courier.acknowledged)
        self._locker: LockerService | None = None
        #: Operations the power cut left that the start-up recovery could not settle yet
        #: (their board did not answer): retried by :meth:`maintain`.
        self._unsettled: set[str] = set()
        self._lock = threading.Lock()
        self._next_door_check = 0.0

    # --- the locker ---------------------------------------------------------------------
    @property
    def locker_enabled(self) -> bool:
        return self.terminal.config.devices.locker.enabled

    def locker(self) -> LockerService | None:
        """The locker flows, once the device is there (recovered on first use)."""
        with self._lock:
            if self._locker is not None:
                return self._locker
            device = self.terminal.devices.get("locker") if self.locker_enabled else None
            if device is None or not hasattr(device, "open_compartment"):
                return None
            h = self.terminal.config.handoff
            svc = LockerService(
                device,  # type: ignore[arg-type]
                self.journal,
                OutboxReporter(self.outbox, self.terminal.config.kiosk.id),
                self.codes,
                kiosk_id=self.terminal.config.kiosk.id,
                door_alarm_s=h.door_alarm_s,
                close_wait_s=h.close_wait_s,
            )
            left = {op.op_id for op in self.journal.unfinished()}  # all the power cut's
            try:
                settled = svc.recover()
            except DeviceError as e:
                log.warning("locker recovery postponed: %s", e.detail)
                return None
            if settled:
                self.terminal.record("locker_recovered", operations=len(settled))
            self._unsettled = left & {op.op_id for op in self.journal.unfinished()}
            if self._unsettled:
                log.warning("locker recovery: %d operation(s) left for later", len(self._unsettled))
            self._locker = svc
            return svc

    def _settle_rest(self, svc: LockerService) -> None:
        """Settle what the start-up recovery left (a board that did not answer then)."""
        try:
            settled = svc.recover(only=self._unsettled)
        except DeviceError as e:
            log.warning("locker recovery postponed again: %s", e.detail)
            return
        if settled:
            self.terminal.record("locker_recovered", operations=len(settled))
        self._unsettled &= {op.op_id for op in self.journal.unfinished()}

    def maintain(self) -> None:
        """Periodic (off the UI thread): build the service when the device is up, check doors."""
        if not self.locker_enabled:
            return
        now = time.monotonic()
        if now < self._next_door_check:
            return
        self._next_door_check = now + DOOR_CHECK_S
        svc = self.locker()
        if svc is not None:
            if self._unsettled:
                self._settle_rest(svc)
            for alarm in svc.check_doors():
                self.terminal.record("locker_alarm", compartment=alarm.compartment)

    def alerts(self) -> list[str]:
        """Technician lines (``terminal.alerts()``): one per compartment needing someone.

        A compartment out of service (it did not open, or a power cut left its contents
        unknown) says so with its fault; any other alarm (a door left open) with its
        reason and since when. Read from memory and the journal: no bus I/O.
        """
        svc = self._locker
        alarms = dict(svc.alarms) if svc is not None else {}
        out = []
        for s in self.journal.slots():
            if s.state is SlotState.OUT_OF_SERVICE:
                out.append(f"locker {s.id}: out of service ({s.fault or 'no fault noted'})")
                alarms.pop(s.id, None)
        for cid, alarm in sorted(alarms.items()):
            since = dt.datetime.fromtimestamp(alarm.since_wall).strftime("%H:%M")
            out.append(f"locker {cid}: {alarm.reason} (since {since})")
        return out

    # --- slips -----------------------------------------------------------------------------
    def _printer(self) -> Any:
        return self.terminal.devices.get("receipt_printer")

    def _profile(self) -> Any:
        from kiosk.devices.factories.receipt_printer import receipt_profile

        cfg = self.terminal.config
        return receipt_profile(cfg.devices.receipt_printer, cfg)

    def print_deposit_slip(self, outcome: Outcome, service_name: str) -> str | None:
        """存放凭条; returns what went wrong (resident-safe) or None."""
        printer = self._printer()
        if printer is None:
            return "凭条打印机未配置"
        when = dt.datetime.fromtimestamp(outcome.at or time.time()).strftime("%Y-%m-%d %H:%M")
        els: list[Element] = [
            Text(self.terminal.config.kiosk.name, Align.CENTER),
            Text("材料存放凭条", Align.CENTER, bold=True, double=True),
            Rule(),
            Pair("事项名称：", service_name),
            Pair("受理编号：", outcome.case_ref),
            Pair("存放柜格：", outcome.compartment),
            Pair("存放时间：", when),
            Pair("终端编号：", self.terminal.config.kiosk.id),
            Rule(),
            Text("工作人员取件后将在办理进度中更新。", Align.CENTER),
            QrCode(outcome.case_ref),
            Feed(1),
            Cut(),
        ]
        try:
            printer.print_job(render(els, self._profile()).data, f"deposit_{outcome.op_id}")
        except DeviceError as e:
            return e.resident_message
        return None

    def print_waybill(self, receipt: CourierReceipt, req: CourierRequest) -> str | None:
        """寄件面单 with Code128 and QR; only once the courier gave the waybill number."""
        printer = self._printer()
        if printer is None:
            return "凭条打印机未配置"
        if not receipt.waybill_no:
            return "运单号尚未生成，联网后将通过短信告知。"
        cfg = self.terminal.config
        slip = WaybillSlip(
            waybill_no=receipt.waybill_no,
            kind=req.kind.value,
            case_ref=req.case_ref,
            recipient_name=req.recipient.name,
            recipient_phone=req.recipient.mobile,
            address=req.address.full_text(),
            created_at=dt.datetime.now(),
            track_url=f"{cfg.handoff.courier.url.rstrip('/')}/t/{receipt.waybill_no}",
            kiosk_id=cfg.kiosk.id,
        )
        try:
            printer.print_job(waybill_slip(slip, self._profile()), f"waybill_{receipt.order_id}")
        except DeviceError as e:
            return e.resident_message
        return None

    def print_post_receipt(
        self, receipt: CourierReceipt, req: CourierRequest, service_name: str, applicant: str
    ) -> str | None:
        """结果邮寄回执 with the tracking number: the resident's record of the posting.

        Printed once the courier gave the waybill number (it is also reported into
        the case, :meth:`CourierOrders.acknowledged`); name and phone are masked by
        the template, the address is printed for the resident to check.
        """
        printer = self._printer()
        if printer is None:
            return "凭条打印机未配置"
        if not receipt.waybill_no:
            return "运单号尚未生成，联网后将通过短信告知。"
        cfg = self.terminal.config
        fields = {
            "service_name": service_name,
            "applicant_name": applicant,
            "acceptance_number": req.case_ref,
            "accepted_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "kiosk_id": cfg.kiosk.id,
            "kiosk_name": cfg.kiosk.name,
            "recipient_name": req.recipient.name,
            "recipient_phone": req.recipient.mobile,
            "mail_address": req.address.full_text(),
            "track_url": receipt_track_url(
                cfg.devices.qr_scanner.receipt_track_url, acceptance_no=req.case_ref
            ),
            "waybill_no": receipt.waybill_no,
        }
        try:
            rendered = render_receipt("mail_result_receipt", fields, self._profile())
            printer.print_job(rendered.data, f"post_{receipt.order_id}")
        except TemplateError as e:
            log.error("post receipt not rendered: %s", e)
            return "凭条生成失败"
        except DeviceError as e:
            return e.resident_message
        return None

    def stop(self) -> None:
        self.courier_client.close()
        self.journal.close()


def attach_handoff(terminal: Terminal) -> Handoff | None:
    """Build the hand-off services on the running outbox; problems are recorded, not raised."""
    submitter = terminal.services.get("submitter")
    if submitter is None:
        return None  # no outbox: nothing can be promised (the outbox problem is shown)
    try:
        handoff = Handoff(terminal, submitter.outbox, submitter.worker)
    except Exception as e:  # a bad journal must not crash-loop the terminal
        log.exception("hand-off services not started")
        terminal.problems.append(StartupProblem("handoff", f"not started: {e!r}"))
        return None
    terminal.services["handoff"] = handoff
    terminal.periodic.append(handoff.maintain)
    terminal.alert_sources.append(handoff.alerts)
    return handoff
