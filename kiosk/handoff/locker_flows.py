"""The locker's four flows as explicit state machines, and their recovery after a power cut.

* **Deposit** — a resident leaves paper originals for a case: a free compartment of
  the right size is reserved, it opens, the terminal waits for the door to close,
  journals the deposit and reports it (case ↔ compartment) through the outbox.
* **Collect** — staff open every compartment holding deposits and take them out.
* **Load** — staff put a result in a compartment for a case; a pick-up code is
  issued and the resident is notified through the platform.
* **Pick-up** — the resident gives the code (receipt QR or typed), then reads the
  ID card as a second factor; the compartment opens; the pick-up is recorded.

Every step is journaled before anyone is told (``LockerJournal``, fsync). A
compartment that does not open is taken out of service and never assigned again
until a technician resets it. A door left open raises an alarm after
``door_alarm_s``. :meth:`LockerService.recover` settles, at start-up, whatever a
power cut left half-done, from the journal and the sensors.

Methods block (bus I/O, waiting for a door): the UI runs them in the background and
follows :attr:`LockerService.flows` (what the technician screen shows) through the
``on_change`` listener. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, Protocol

from drivers.base import DeviceError
from drivers.locker import (
    CompartmentReading,
    CompartmentSpec,
    DoorState,
    LockerBadFrame,
    LockerBusAbsent,
    LockerNoAnswer,
)
from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.errors import KioskError
from kiosk.handoff.locker_journal import LockerJournal, OpKind, SlotState
from kiosk.handoff.pickup_codes import (
    IssuedCode,
    PickupCodeError,
    PickupCodes,
    PickupIdMismatch,
    PickupLocked,
    PickupResult,
)
from kiosk.handoff.reporting import Reporter, new_report_id

log = logging.getLogger(__name__)


class Locker(Protocol):
    """What the flows need of the locker device (drivers.locker.ModbusLocker)."""

    @property
    def compartments(self) -> tuple[CompartmentSpec, ...]: ...

    def open_compartment(self, compartment: str, confirm_s: float | None = None) -> None: ...

    def wait_closed(self, compartment: str, timeout_s: float) -> bool: ...

    def read(self, compartment: str) -> CompartmentReading: ...

    def read_all(self) -> dict[str, CompartmentReading]: ...

    def close(self) -> None: ...


# --- states and transitions ----------------------------------------------------------------


class FlowState(StrEnum):
    """States shared by the four flows (each uses the subset its table allows)."""

    IDLE = "idle"
    CHECKING_CODE = "checking_code"
    WAITING_ID = "waiting_id"
    ASSIGNING = "assigning"
    OPENING = "opening"
    WAITING_CLOSE = "waiting_close"
    REPORTING = "reporting"
    DONE = "done"
    # Ends other than DONE.
    NO_COMPARTMENT = "no_compartment"
    OPEN_FAILED = "open_failed"
    LEFT_OPEN = "left_open"
    EMPTY = "empty"  # closed with nothing inside (item sensor)
    WRONG_CODE = "wrong_code"
    LOCKED_OUT = "locked_out"
    ID_MISMATCH = "id_mismatch"
    BUS_DOWN = "bus_down"


_S = FlowState
TRANSITIONS: dict[OpKind, dict[FlowState, frozenset[FlowState]]] = {
    OpKind.DEPOSIT: {
        _S.IDLE: frozenset({_S.ASSIGNING}),
        _S.ASSIGNING: frozenset({_S.OPENING, _S.NO_COMPARTMENT}),
        _S.OPENING: frozenset({_S.WAITING_CLOSE, _S.OPEN_FAILED, _S.ASSIGNING, _S.BUS_DOWN}),
        _S.WAITING_CLOSE: frozenset({_S.REPORTING, _S.LEFT_OPEN, _S.EMPTY, _S.BUS_DOWN}),
        _S.LEFT_OPEN: frozenset({_S.REPORTING}),
        _S.REPORTING: frozenset({_S.DONE, _S.LEFT_OPEN}),
    },
    OpKind.COLLECT: {
        _S.IDLE: frozenset({_S.OPENING}),
        _S.OPENING: frozenset({_S.WAITING_CLOSE, _S.OPEN_FAILED, _S.BUS_DOWN}),
        _S.WAITING_CLOSE: frozenset({_S.REPORTING, _S.LEFT_OPEN, _S.BUS_DOWN}),
        _S.REPORTING: frozenset({_S.DONE}),
    },
    OpKind.LOAD: {
        _S.IDLE: frozenset({_S.ASSIGNING}),
        _S.ASSIGNING: frozenset({_S.OPENING, _S.NO_COMPARTMENT}),
        _S.OPENING: frozenset({_S.WAITING_CLOSE, _S.OPEN_FAILED, _S.ASSIGNING, _S.BUS_DOWN}),
        _S.WAITING_CLOSE: frozenset({_S.REPORTING, _S.LEFT_OPEN, _S.EMPTY, _S.BUS_DOWN}),
        _S.REPORTING: frozenset({_S.DONE}),
    },
    OpKind.PICKUP: {
        _S.IDLE: frozenset({_S.CHECKING_CODE}),
        _S.CHECKING_CODE: frozenset({_S.WAITING_ID, _S.WRONG_CODE, _S.LOCKED_OUT}),
        _S.WAITING_ID: frozenset({_S.OPENING, _S.ID_MISMATCH, _S.LOCKED_OUT}),
        _S.OPENING: frozenset({_S.WAITING_CLOSE, _S.OPEN_FAILED, _S.BUS_DOWN}),
        _S.WAITING_CLOSE: frozenset({_S.REPORTING, _S.LEFT_OPEN, _S.BUS_DOWN}),
        _S.LEFT_OPEN: frozenset({_S.REPORTING}),
        _S.REPORTING: frozenset({_S.DONE}),
    },
}


class IllegalTransition(RuntimeError):
    pass


@dataclass
class Flow:
    """One running (or finished) flow: what the technician screen lists."""

    op_id: str
    kind: OpKind
    case_ref: str
    state: FlowState = FlowState.IDLE
    compartment: str = ""
    detail: str = ""
    history: list[FlowState] = field(default_factory=list)

    def to(self, state: FlowState) -> None:
        allowed = TRANSITIONS[self.kind].get(self.state, frozenset())
        if state not in allowed:
            raise IllegalTransition(f"{self.kind} {self.state} → {state}")
        self.history.append(self.state)
        self.state = state


# --- errors the UI shows ---------------------------------------------------------------------


class LockerFlowError(KioskError):
    """A locker flow ended without doing what was asked."""

    resident_message = "储物柜操作未完成，请联系工作人员。"


class NoCompartment(LockerFlowError):
    resident_message = "暂无合适的空闲柜格，请联系工作人员。"


class CompartmentFault(LockerFlowError):
    resident_message = "柜门未能打开，该柜格已停用，请联系工作人员。"


class LockerUnavailable(LockerFlowError):
    resident_message = "储物柜暂时无法使用，您的材料未存入，请联系工作人员。"


# --- outcomes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    """How a flow ended, what the screen says."""

    op_id: str
    state: FlowState
    compartment: str = ""
    case_ref: str = ""
    at: float = 0.0
    #: For a load: the pick-up code sent to the resident through the platform.
    code: IssuedCode | None = None
    alarm: bool = False


@dataclass(frozen=True)
class Alarm:
    compartment: str
    since_wall: float
    reason: str


# Sizes tried for a request, smallest that fits first.
_SIZE_ORDER = {
    "small": ["small", "medium", "large"],
    "medium": ["medium", "large"],
    "large": ["large"],
}


class LockerService:
    """The flows over one locker device, journal, pick-up codes and reporter."""

    def __init__(
        self,
        locker: Locker,
        journal: LockerJournal,
        reporter: Reporter,
        codes: PickupCodes,
        *,
        kiosk_id: str,
        door_alarm_s: float = 60.0,
        close_wait_s: float = 180.0,
        clock: Clock = SYSTEM_CLOCK,
        poll_s: float = 0.5,
    ) -> None:
        self.locker = locker
        self.journal = journal
        self.reporter = reporter
        self.codes = codes
        self.kiosk_id = kiosk_id
        self.door_alarm_s = door_alarm_s
        self.close_wait_s = close_wait_s
        self.clock = clock
        self.poll_s = poll_s
        self.flows: dict[str, Flow] = {}
        self.alarms: dict[str, Alarm] = {}
        self._lock = threading.Lock()
        self._listeners: list[Callable[[Flow], None]] = []
        self._alarm_listeners: list[Callable[[Alarm], None]] = []
        journal.sync_compartments({c.id: str(c.size) for c in locker.compartments})
        self._specs = {c.id: c for c in locker.compartments}

    # --- listeners ---------------------------------------------------------------------------
    def on_change(self, cb: Callable[[Flow], None]) -> None:
        self._listeners.append(cb)

    def on_alarm(self, cb: Callable[[Alarm], None]) -> None:
        self._alarm_listeners.append(cb)

    def _move(self, flow: Flow, state: FlowState, detail: str = "") -> None:
        flow.to(state)
        flow.detail = detail
        self.journal.advance(flow.op_id, state.value)
        log.info(
            "locker %s %s: %s → %s %s",
            flow.kind,
            flow.op_id,
            flow.history[-1],
            state,
            detail,
            extra={"compartment": flow.compartment},
        )
        for cb in list(self._listeners):
            try:
                cb(replace(flow, history=list(flow.history)))
            except Exception:
                log.exception("locker flow listener failed")

    def _raise_alarm(self, compartment: str, reason: str) -> Alarm:
        alarm = Alarm(compartment, time.time(), reason)
        with self._lock:
            self.alarms[compartment] = alarm
        log.warning("locker alarm: %s: %s", compartment, reason)
        for cb in list(self._alarm_listeners):
            try:
                cb(alarm)
            except Exception:
                log.exception("locker alarm listener failed")
        return alarm

    def clear_alarm(self, compartment: str) -> None:
        with self._lock:
            self.alarms.pop(compartment, None)

    def _new_flow(self, kind: OpKind, case_ref: str) -> Flow:
        flow = Flow(new_report_id(), kind, case_ref)
        with self._lock:
            self.flows[flow.op_id] = flow
        return flow

    # --- shared steps ------------------------------------------------------------------------
    def _reserve(self, flow: Flow, size: str) -> str:
        cid = self.journal.reserve(_SIZE_ORDER.get(size, [size]), flow.op_id, flow.case_ref)
        if cid is None:
            self._move(flow, FlowState.NO_COMPARTMENT, f"no free {size} compartment")
            self.journal.finish(flow.op_id, FlowState.NO_COMPARTMENT.value)
            raise NoCompartment(f"{flow.kind}: no free compartment of size {size} or larger")
        flow.compartment = cid
        return cid

    def _open(self, flow: Flow, cid: str, prior: SlotState) -> bool:
        """Open ``cid``; False (and the compartment out of service) if it stays shut."""
        try:
            self.locker.open_compartment(cid)
            return True
        except DeviceError as e:
            if isinstance(e, LockerNoAnswer | LockerBadFrame | LockerBusAbsent):
                # The bus, not the compartment: nothing opened, nothing to take out of service.
                self._move(flow, FlowState.BUS_DOWN, e.detail)
                self.journal.finish(
                    flow.op_id,
                    FlowState.BUS_DOWN.value,
                    (cid, prior, flow.case_ref if prior is not SlotState.FREE else ""),
                )
                raise LockerUnavailable(f"{flow.kind} {cid}: {e.detail}") from None
            log.error("locker: %s did not open (%s): out of service", cid, e.detail)
            self.journal.set_slot(
                cid,
                SlotState.OUT_OF_SERVICE,
                flow.case_ref if prior in (SlotState.DEPOSIT, SlotState.RESULT) else "",
                fault=e.detail,
            )
            self._raise_alarm(cid, f"did not open: {e.detail}")
            return False

    def _wait_close(self, flow: Flow, cid: str) -> bool:
        """Wait for the door; alarm after ``door_alarm_s``; False at ``close_wait_s``."""
        start = self.clock.monotonic()
        alarmed = False
        while True:
            remaining = self.close_wait_s - (self.clock.monotonic() - start)
            if remaining <= 0:
                return False
            if self.locker.wait_closed(cid, min(self.poll_s, remaining)):
                if alarmed:
                    self.clear_alarm(cid)
                return True
            if not alarmed and self.clock.monotonic() - start >= self.door_alarm_s:
                alarmed = True
                self._raise_alarm(cid, "door left open")

    def _item(self, cid: str) -> bool | None:
        try:
            return self.locker.read(cid).item_present
        except DeviceError:
            return None

    def _assign_and_open(self, kind: OpKind, case_ref: str, size: str) -> tuple[Flow, str]:
        """Begin a deposit or load: reserve a free compartment of the size and open it.

        A compartment that will not open goes out of service and the next one is tried
        (three at most); on return the flow waits for the door to close.
        """
        flow = self._new_flow(kind, case_ref)
        self.journal.begin(flow.op_id, kind, "", case_ref, FlowState.IDLE.value)
        self._move(flow, FlowState.ASSIGNING)
        for _ in range(3):
            cid = self._reserve(flow, size)
            self._move(flow, FlowState.OPENING, cid)
            if self._open(flow, cid, SlotState.FREE):
                self._move(flow, FlowState.WAITING_CLOSE, cid)
                return flow, cid
            self._move(flow, FlowState.ASSIGNING, f"{cid} out of service")
        self._move(flow, FlowState.OPEN_FAILED)
        self.journal.finish(flow.op_id, FlowState.OPEN_FAILED.value)
        raise CompartmentFault(f"{kind} {case_ref}: no compartment opened")

    # --- a. deposit ---------------------------------------------------------------------------
    def deposit(self, case_ref: str, size: str = "medium") -> Outcome:
        """A resident deposits materials for ``case_ref``. Blocks until the door closes."""
        flow, cid = self._assign_and_open(OpKind.DEPOSIT, case_ref, size)
        closed = self._wait_close(flow, cid)
        return self._settle_deposit(flow, cid, closed)

    def _settle_deposit(self, flow: Flow, cid: str, closed: bool) -> Outcome:
        item = self._item(cid)
        if closed and item is False:
            # The sensor sees nothing: nothing was deposited; say so, free the compartment.
            self._move(flow, FlowState.EMPTY, "closed with nothing inside")
            self.journal.finish(flow.op_id, FlowState.EMPTY.value, (cid, SlotState.FREE, ""))
            return Outcome(flow.op_id, FlowState.EMPTY, cid, flow.case_ref, time.time())
        left_open = not closed
        if left_open:
            self._move(flow, FlowState.LEFT_OPEN, "door still open")
            self._raise_alarm(cid, "door left open after a deposit")
        self._move(flow, FlowState.REPORTING)
        event = self._event("deposit", flow, cid, door_left_open=left_open)
        # Journal first (fsync), then the outbox row under the journaled id.
        self.journal.advance(flow.op_id, FlowState.REPORTING.value, report_id=flow.op_id)
        self.reporter.report(flow.op_id, event)
        self.journal.finish(
            flow.op_id, FlowState.DONE.value, (cid, SlotState.DEPOSIT, flow.case_ref)
        )
        self._move(flow, FlowState.DONE)
        return Outcome(
            flow.op_id,
            FlowState.LEFT_OPEN if left_open else FlowState.DONE,
            cid,
            flow.case_ref,
            time.time(),
            alarm=left_open,
        )

    def _event(self, kind: str, flow: Flow, cid: str, **extra: Any) -> dict[str, Any]:
        return {
            "event": kind,
            "case": flow.case_ref,
            "compartment": cid,
            "kiosk": self.kiosk_id,
            "at": time.time(),
            **extra,
        }

    # --- b. staff collect -------------------------------------------------------------------
    def collect_all(self, staff: str) -> list[Outcome]:
        """Open each compartment holding deposits, one after the other, for staff."""
        out = []
        for slot in self.journal.slots():
            if slot.state is not SlotState.DEPOSIT:
                continue
            flow = self._new_flow(OpKind.COLLECT, slot.case_ref)
            flow.compartment = slot.id
            self.journal.begin(
                flow.op_id, OpKind.COLLECT, slot.id, slot.case_ref, FlowState.IDLE.value
            )
            self._move(flow, FlowState.OPENING, slot.id)
            if not self._open(flow, slot.id, SlotState.DEPOSIT):
                self._move(flow, FlowState.OPEN_FAILED)
                self.journal.finish(flow.op_id, FlowState.OPEN_FAILED.value)
                out.append(Outcome(flow.op_id, FlowState.OPEN_FAILED, slot.id, slot.case_ref))
                continue
            self._move(flow, FlowState.WAITING_CLOSE, slot.id)
            closed = self._wait_close(flow, slot.id)
            if not closed:
                self._move(flow, FlowState.LEFT_OPEN)
                self._raise_alarm(slot.id, "door left open after collection")
                self.journal.finish(flow.op_id, FlowState.LEFT_OPEN.value)
                out.append(
                    Outcome(flow.op_id, FlowState.LEFT_OPEN, slot.id, slot.case_ref, alarm=True)
                )
                continue
            out.append(self._finish_collect(flow, slot.id, staff))
        return out

    def _finish_collect(self, flow: Flow, cid: str, staff: str) -> Outcome:
        self._move(flow, FlowState.REPORTING)
        self.journal.advance(flow.op_id, FlowState.REPORTING.value, report_id=flow.op_id)
        self.reporter.report(flow.op_id, self._event("collected", flow, cid, staff=staff))
        self.journal.finish(flow.op_id, FlowState.DONE.value, (cid, SlotState.FREE, ""))
        self._move(flow, FlowState.DONE)
        return Outcome(flow.op_id, FlowState.DONE, cid, flow.case_ref, time.time())

    # --- c. staff load ----------------------------------------------------------------------
    def load(self, case_ref: str, id_number: str, size: str = "medium", staff: str = "") -> Outcome:
        """Staff put a result in a compartment for ``case_ref``; the resident is notified."""
        flow, cid = self._assign_and_open(OpKind.LOAD, case_ref, size)
        if not self._wait_close(flow, cid):
            self._move(flow, FlowState.LEFT_OPEN)
            self._raise_alarm(cid, "door left open after loading")
            self.journal.finish(
                flow.op_id, FlowState.LEFT_OPEN.value, (cid, SlotState.OUT_OF_SERVICE, case_ref)
            )
            return Outcome(flow.op_id, FlowState.LEFT_OPEN, cid, case_ref, alarm=True)
        if self._item(cid) is False:
            self._move(flow, FlowState.EMPTY, "closed with nothing inside")
            self.journal.finish(flow.op_id, FlowState.EMPTY.value, (cid, SlotState.FREE, ""))
            return Outcome(flow.op_id, FlowState.EMPTY, cid, case_ref)
        self._move(flow, FlowState.REPORTING)
        code = self.codes.issue(case_ref, cid, id_number)
        self.journal.advance(flow.op_id, FlowState.REPORTING.value, report_id=flow.op_id)
        # The code travels only inside the encrypted outbox row; the platform sends the SMS.
        self.reporter.report(
            flow.op_id,
            self._event("result_loaded", flow, cid, staff=staff, notify={"pickup_code": code.code}),
        )
        self.journal.finish(flow.op_id, FlowState.DONE.value, (cid, SlotState.RESULT, case_ref))
        self._move(flow, FlowState.DONE)
        return Outcome(flow.op_id, FlowState.DONE, cid, case_ref, time.time(), code=code)

    # --- d. resident pick-up ------------------------------------------------------------------
    def check_code(self, code: str) -> str:
        """First factor: the code alone. Returns the case reference; raises on a wrong code."""
        answer = self.codes.check(code)
        if answer.result is PickupResult.LOCKED:
            raise PickupLocked(f"pick-up codes locked for {answer.locked_for_s:.0f} s")
        if answer.result is not PickupResult.OK or answer.record is None:
            raise PickupCodeError(
                f"wrong pick-up code ({answer.attempts_left} tries left)",
                f"取件码不正确，还可尝试 {answer.attempts_left} 次。",
            )
        return answer.record.case_ref

    def pickup(self, code: str, id_number: str) -> Outcome:
        """Both factors: the code and the ID card read now. Opens the compartment."""
        flow = self._new_flow(OpKind.PICKUP, "")
        flow.to(FlowState.CHECKING_CODE)
        answer = self.codes.check(code, id_number)
        if answer.result is PickupResult.LOCKED:
            flow.to(FlowState.LOCKED_OUT)
            raise PickupLocked(f"pick-up codes locked for {answer.locked_for_s:.0f} s")
        if answer.result is PickupResult.WRONG or answer.record is None:
            flow.to(FlowState.WRONG_CODE)
            raise PickupCodeError(
                f"wrong pick-up code ({answer.attempts_left} tries left)",
                f"取件码不正确，还可尝试 {answer.attempts_left} 次。",
            )
        flow.to(FlowState.WAITING_ID)
        if answer.result is PickupResult.ID_MISMATCH:
            flow.to(FlowState.ID_MISMATCH)
            raise PickupIdMismatch(f"ID card does not match case {answer.record.case_ref}")
        rec = answer.record
        flow.case_ref, flow.compartment = rec.case_ref, rec.compartment
        self.journal.begin(
            flow.op_id, OpKind.PICKUP, rec.compartment, rec.case_ref, FlowState.WAITING_ID.value
        )
        self._move(flow, FlowState.OPENING, rec.compartment)
        if not self._open(flow, rec.compartment, SlotState.RESULT):
            self._move(flow, FlowState.OPEN_FAILED)
            self.journal.finish(flow.op_id, FlowState.OPEN_FAILED.value)
            raise CompartmentFault(f"pick-up {rec.case_ref}: {rec.compartment} did not open")
        self._move(flow, FlowState.WAITING_CLOSE, rec.compartment)
        closed = self._wait_close(flow, rec.compartment)
        if not closed:
            self._move(flow, FlowState.LEFT_OPEN)
            self._raise_alarm(rec.compartment, "door left open after a pick-up")
        return self._finish_pickup(flow, rec.lookup, left_open=not closed)

    def _finish_pickup(self, flow: Flow, lookup: str, left_open: bool = False) -> Outcome:
        cid = flow.compartment
        self._move(flow, FlowState.REPORTING)
        self.journal.advance(flow.op_id, FlowState.REPORTING.value, report_id=flow.op_id)
        self.reporter.report(
            flow.op_id, self._event("picked_up", flow, cid, door_left_open=left_open)
        )
        self.journal.mark_picked(lookup)
        self.journal.finish(flow.op_id, FlowState.DONE.value, (cid, SlotState.FREE, ""))
        self._move(flow, FlowState.DONE)
        return Outcome(flow.op_id, FlowState.DONE, cid, flow.case_ref, time.time(), alarm=left_open)

    # --- technician -------------------------------------------------------------------------
    def reset_compartment(self, cid: str) -> None:
        """A technician put a faulty compartment back in service (it is empty and shut)."""
        self.journal.set_slot(cid, SlotState.FREE)
        self.clear_alarm(cid)

    def check_doors(self) -> list[Alarm]:
        """One look at every door: a door open with no flow running raises an alarm."""
        busy = {
            f.compartment
            for f in self.flows.values()
            if f.state in (FlowState.OPENING, FlowState.WAITING_CLOSE)
        }
        raised = []
        try:
            readings = self.locker.read_all()
        except DeviceError as e:
            log.warning("locker: door check failed: %s", e.detail)
            return []
        for cid, r in readings.items():
            if r.door is DoorState.OPEN and cid not in busy and cid not in self.alarms:
                raised.append(self._raise_alarm(cid, "door open"))
            elif (
                r.door is DoorState.CLOSED
                and cid in self.alarms
                and self.alarms[cid].reason.startswith("door")
            ):
                self.clear_alarm(cid)
        return raised

    # --- after a power cut ----------------------------------------------------------------------
    def recover(self, only: Collection[str] | None = None) -> list[Outcome]:
        """Settle every operation a power cut left unfinished, from the journal and sensors.

        At start ``only`` is None: every unfinished operation is the power cut's, and the
        compartments are checked too (a reservation nobody owns, an item in a free
        compartment, a door open). An operation whose compartment gave no reading (its
        board did not answer) stays unfinished; the caller asks again later with
        ``only`` = those operations' ids, and nothing else is touched then (flows of
        this process may be running).
        """
        try:
            readings = self.locker.read_all()
        except DeviceError as e:
            log.error("locker recovery postponed: %s", e.detail)
            return []
        out: list[Outcome] = []
        for op in self.journal.unfinished():
            if only is not None and op.op_id not in only:
                continue
            r = readings.get(op.compartment)
            if r is None or r.door is DoorState.UNKNOWN:
                log.warning(
                    "locker recovery: %s %s: no reading for %r", op.kind, op.op_id, op.compartment
                )
                continue
            flow = Flow(op.op_id, op.kind, op.case_ref, FlowState(op.state), op.compartment)
            with self._lock:
                self.flows[flow.op_id] = flow
            outcome = self._recover_one(flow, op.state, op.report_id, r)
            if flow.state is not outcome.state:
                # Settled by the recovery, not by a transition of the table: the flow must
                # not stay "waiting_close" (the technician screen would show it running,
                # and the door check would take its compartment for busy).
                flow.history.append(flow.state)
                flow.state = outcome.state
            out.append(outcome)
        if only is not None:
            return out
        live = {op.op_id for op in self.journal.unfinished()}
        for cid, r in readings.items():
            slot = self.journal.slot(cid)
            if slot and slot.state is SlotState.RESERVED and slot.op_id not in live:
                self.journal.set_slot(cid, SlotState.FREE)  # reserved by an op now settled
                slot = self.journal.slot(cid)
            if slot and slot.state is SlotState.FREE and r.item_present:
                self.journal.set_slot(
                    cid, SlotState.OUT_OF_SERVICE, fault="item found in a free compartment"
                )
                self._raise_alarm(cid, "item found in a free compartment")
            if r.door is DoorState.OPEN and cid not in self.alarms:
                self._raise_alarm(cid, "door open at start-up")
        return out

    def _recover_one(
        self, flow: Flow, state: str, report_id: str, r: CompartmentReading
    ) -> Outcome:
        cid = flow.compartment
        closed = r.door is DoorState.CLOSED
        opened = state in (
            FlowState.WAITING_CLOSE.value,
            FlowState.REPORTING.value,
            FlowState.LEFT_OPEN.value,
        )
        end = lambda s: Outcome(flow.op_id, s, cid, flow.case_ref, time.time())  # noqa: E731
        if flow.kind is OpKind.DEPOSIT:
            if not cid:
                self.journal.finish(flow.op_id, "interrupted")
                return end(FlowState.NO_COMPARTMENT)
            if r.item_present is None and not opened and state == FlowState.OPENING.value:
                # No item sensor, and the lock may have been pulsed before the cut: the
                # compartment may hold materials nobody recorded. Keep it for staff.
                self.journal.finish(
                    flow.op_id, "interrupted", (cid, SlotState.OUT_OF_SERVICE, flow.case_ref)
                )
                self._raise_alarm(cid, "deposit interrupted by a power cut: check the contents")
                return end(FlowState.OPEN_FAILED)
            present = r.item_present if r.item_present is not None else opened
            if present:
                # The materials are inside: finish the deposit and report it (same id: once).
                if not closed:
                    self._raise_alarm(cid, "door left open (recovered after power loss)")
                event = self._event("deposit", flow, cid, recovered=True, door_left_open=not closed)
                self.journal.advance(flow.op_id, FlowState.REPORTING.value, report_id=flow.op_id)
                self.reporter.report(flow.op_id, event)
                self.journal.finish(
                    flow.op_id, FlowState.DONE.value, (cid, SlotState.DEPOSIT, flow.case_ref)
                )
                return end(FlowState.DONE)
            self.journal.finish(flow.op_id, "interrupted", (cid, SlotState.FREE, ""))
            return end(FlowState.EMPTY)
        if flow.kind is OpKind.COLLECT:
            if closed and (r.item_present is False or (r.item_present is None and opened)):
                return self._finish_collect(flow, cid, staff="(recovered)")
            self.journal.finish(flow.op_id, "interrupted", (cid, SlotState.DEPOSIT, flow.case_ref))
            return end(FlowState.OPEN_FAILED)
        if flow.kind is OpKind.LOAD:
            # The code cannot be issued again (the ID number is not kept): staff must
            # check the compartment and load again.
            if not cid:
                self.journal.finish(flow.op_id, "interrupted")
                return end(FlowState.NO_COMPARTMENT)
            self.journal.finish(
                flow.op_id, "interrupted", (cid, SlotState.OUT_OF_SERVICE, flow.case_ref)
            )
            self._raise_alarm(cid, "loading interrupted by a power cut: check and load again")
            return end(FlowState.OPEN_FAILED)
        # Pick-up: once the door had opened the resident had their result.
        if opened or r.item_present is False:
            lookup = self.journal.pickup_for(cid, flow.case_ref)
            flow.state = FlowState.WAITING_CLOSE
            return self._finish_pickup(flow, lookup, left_open=not closed)
        self.journal.finish(flow.op_id, "interrupted", (cid, SlotState.RESULT, flow.case_ref))
        return end(FlowState.OPEN_FAILED)
