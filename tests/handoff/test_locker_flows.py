"""The four locker flows end to end: real driver, pymodbus server on a pty, real journal
and outbox. (The same flows through the UI are in test_locker_ui.py.)"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from drivers.locker_sim import LockerBusSimulator
from kiosk.handoff.locker_flows import (
    TRANSITIONS,
    CompartmentFault,
    Flow,
    FlowState,
    IllegalTransition,
    LockerService,
    LockerUnavailable,
    NoCompartment,
)
from kiosk.handoff.locker_journal import OpKind, SlotState
from kiosk.handoff.pickup_codes import PickupCodeError, PickupIdMismatch, PickupLocked
from offline_queue.outbox import Outbox

from .conftest import ID_NUMBER, OTHER_ID, Resident

pytestmark = pytest.mark.integration


def reports(outbox: Outbox) -> list[dict[str, object]]:
    return [json.loads(outbox.envelope_bytes(s.id))["form"] for s in outbox.list()]


def test_transition_tables_refuse_skipping_steps() -> None:
    f = Flow("x", OpKind.DEPOSIT, "C1")
    with pytest.raises(IllegalTransition):
        f.to(FlowState.WAITING_CLOSE)
    for kind, table in TRANSITIONS.items():
        assert FlowState.IDLE in table, kind
        reachable = set().union(*table.values())
        assert FlowState.DONE in reachable, kind


def test_deposit_assigns_opens_waits_reports(
    make_service: Callable[..., LockerService],
    sim: LockerBusSimulator,
    outbox: Outbox,
    resident: Resident,
) -> None:
    svc = make_service()
    seen: list[FlowState] = []
    svc.on_change(lambda f: seen.append(f.state))
    resident.close_after_open(svc, "A01", put=True)  # the first small compartment
    out = svc.deposit("350102-XK-0001-000123", size="small")
    assert out.state is FlowState.DONE and out.compartment == "A01"
    assert seen == [
        FlowState.ASSIGNING,
        FlowState.OPENING,
        FlowState.WAITING_CLOSE,
        FlowState.REPORTING,
        FlowState.DONE,
    ]
    slot = svc.journal.slot("A01")
    assert slot is not None and slot.state is SlotState.DEPOSIT
    assert slot.case_ref == "350102-XK-0001-000123"
    (r,) = reports(outbox)
    assert r["event"] == "deposit" and r["case"] == "350102-XK-0001-000123"
    assert r["compartment"] == "A01"
    # The next small deposit gets the next compartment.
    resident.close_after_open(svc, "A02", put=True)
    assert svc.deposit("C-2", size="small").compartment == "A02"


def test_deposit_closed_empty_is_not_reported(
    make_service: Callable[..., LockerService], outbox: Outbox, resident: Resident
) -> None:
    svc = make_service()
    resident.close_after_open(svc, "A03", put=False)
    out = svc.deposit("C-3", size="medium")
    assert out.state is FlowState.EMPTY
    assert svc.journal.slot("A03").state is SlotState.FREE  # type: ignore[union-attr]
    assert reports(outbox) == []


def test_jammed_compartment_out_of_service_next_one_used(
    make_service: Callable[..., LockerService],
    sim: LockerBusSimulator,
    resident: Resident,
) -> None:
    svc = make_service()
    sim.model.set_fault(1, 1, jammed=True)
    resident.close_after_open(svc, "A02", put=True)
    out = svc.deposit("C-4", size="small")
    assert out.compartment == "A02" and out.state is FlowState.DONE
    assert svc.journal.slot("A01").state is SlotState.OUT_OF_SERVICE  # type: ignore[union-attr]
    assert "A01" in svc.alarms
    # Never assigned again until a technician resets it, even with the fault gone.
    sim.model.set_fault(1, 1, jammed=False)
    resident.close_after_open(svc, "A03", put=True)
    assert svc.deposit("C-5", size="small").compartment == "A03"  # medium: smalls are taken
    svc.reset_compartment("A01")
    resident.close_after_open(svc, "A01", put=True)
    assert svc.deposit("C-6", size="small").compartment == "A01"


def test_no_free_compartment(make_service: Callable[..., LockerService]) -> None:
    svc = make_service()
    for slot in svc.journal.slots():
        if slot.size == "large":
            svc.journal.set_slot(slot.id, SlotState.DEPOSIT, "X")
    with pytest.raises(NoCompartment) as e:
        svc.deposit("C-7", size="large")
    assert "柜格" in e.value.resident_message


def test_bus_down_nothing_taken_out_of_service(
    make_service: Callable[..., LockerService], sim: LockerBusSimulator
) -> None:
    svc = make_service()
    sim.set_mute(None)
    with pytest.raises(LockerUnavailable) as e:
        svc.deposit("C-8", size="small")
    assert "未存入" in e.value.resident_message
    assert all(s.state is SlotState.FREE for s in svc.journal.slots())


def test_door_left_open_raises_alarm_and_keeps_the_deposit(
    make_service: Callable[..., LockerService],
    sim: LockerBusSimulator,
    outbox: Outbox,
) -> None:
    svc = make_service(close_wait_s=1.5, door_alarm_s=0.3)
    alarms = []
    svc.on_alarm(alarms.append)
    sim.model.set_fault(2, 1, left_open=True)
    sim.model.put_item(2, 1)
    out = svc.deposit("C-9", size="large")
    assert out.state is FlowState.LEFT_OPEN and out.alarm
    assert [a.compartment for a in alarms][:1] == ["B01"]
    assert svc.journal.slot("B01").state is SlotState.DEPOSIT  # type: ignore[union-attr]
    (r,) = reports(outbox)
    assert r["door_left_open"] is True


def test_collect_load_pickup_round_trip(
    make_service: Callable[..., LockerService],
    sim: LockerBusSimulator,
    outbox: Outbox,
    resident: Resident,
) -> None:
    svc = make_service()
    resident.close_after_open(svc, "A01", put=True)
    svc.deposit("C-10", size="small")
    # b. staff collect: the deposit compartment opens, staff take it out and close.
    resident.close_after_open(svc, "A01", take=True)
    (col,) = svc.collect_all(staff="staff-07")
    assert col.state is FlowState.DONE and col.compartment == "A01"
    assert svc.journal.slot("A01").state is SlotState.FREE  # type: ignore[union-attr]
    # c. staff load a result for the case; the resident is notified via the outbox.
    resident.close_after_open(svc, "A03", put=True)
    loaded = svc.load("C-10", ID_NUMBER, size="medium", staff="staff-07")
    assert loaded.state is FlowState.DONE and loaded.compartment == "A03"
    assert loaded.code is not None and len(loaded.code.code) == 10
    events = [r["event"] for r in reports(outbox)]
    assert events.count("deposit") == 1 and "collected" in events and "result_loaded" in events
    raw = outbox.envelope_bytes(outbox.list()[-1].id)
    assert loaded.code.code.encode() in raw  # in the (decrypted) row only, for the SMS
    # d. pick-up: code, then the ID card.
    assert svc.check_code(loaded.code.code) == "C-10"
    resident.close_after_open(svc, "A03", take=True)
    picked = svc.pickup(loaded.code.code, ID_NUMBER)
    assert picked.state is FlowState.DONE and picked.compartment == "A03"
    assert svc.journal.slot("A03").state is SlotState.FREE  # type: ignore[union-attr]
    assert "picked_up" in [r["event"] for r in reports(outbox)]
    # A used code opens nothing.
    with pytest.raises(PickupCodeError):
        svc.check_code(loaded.code.code)


def test_wrong_codes_lock_out_after_five_and_survive_restart(
    make_service: Callable[..., LockerService], resident: Resident
) -> None:
    svc = make_service()
    resident.close_after_open(svc, "A03", put=True)
    loaded = svc.load("C-11", ID_NUMBER, size="medium")
    assert loaded.code is not None
    wrong = "0000000000" if loaded.code.code != "0000000000" else "1111111111"
    for left in (4, 3, 2, 1):
        with pytest.raises(PickupCodeError) as e:
            svc.check_code(wrong)
        assert f"{left} 次" in e.value.resident_message
    with pytest.raises(PickupLocked):
        svc.check_code(wrong)
    # Even the right code is refused while locked, also by a fresh service (restart).
    with pytest.raises(PickupLocked):
        svc.check_code(loaded.code.code)
    svc.locker.close()  # the terminal restarts: the port is opened afresh
    svc2 = make_service()
    with pytest.raises(PickupLocked):
        svc2.check_code(loaded.code.code)


def test_id_card_of_someone_else_opens_nothing(
    make_service: Callable[..., LockerService], sim: LockerBusSimulator, resident: Resident
) -> None:
    svc = make_service()
    resident.close_after_open(svc, "A03", put=True)
    loaded = svc.load("C-12", ID_NUMBER, size="medium")
    assert loaded.code is not None
    pulses = sim.model.board(1).compartment(3).pulses
    with pytest.raises(PickupIdMismatch) as e:
        svc.pickup(loaded.code.code, OTHER_ID)
    assert "不符" in e.value.resident_message
    assert sim.model.board(1).compartment(3).pulses == pulses
    assert svc.journal.slot("A03").state is SlotState.RESULT  # type: ignore[union-attr]


def test_jammed_at_pickup_is_a_clear_fault(
    make_service: Callable[..., LockerService], sim: LockerBusSimulator, resident: Resident
) -> None:
    svc = make_service()
    resident.close_after_open(svc, "A03", put=True)
    loaded = svc.load("C-13", ID_NUMBER, size="medium")
    assert loaded.code is not None
    sim.model.set_fault(1, 3, jammed=True)
    with pytest.raises(CompartmentFault):
        svc.pickup(loaded.code.code, ID_NUMBER)
    slot = svc.journal.slot("A03")
    assert slot is not None and slot.state is SlotState.OUT_OF_SERVICE
    assert slot.case_ref == "C-13"  # the result is still known to be inside


def test_door_forced_open_raises_alarm(
    make_service: Callable[..., LockerService], sim: LockerBusSimulator
) -> None:
    svc = make_service()
    sim.model.open_door_by_hand(2, 3)
    assert [a.compartment for a in svc.check_doors()] == ["B03"]
    sim.model.close_door(2, 3)
    svc.check_doors()
    assert "B03" not in svc.alarms
