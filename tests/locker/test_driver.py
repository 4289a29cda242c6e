"""The locker driver against pymodbus's own server over a pty, with every fault."""

from __future__ import annotations

import pytest

from drivers.base import DeviceStatus, SelfTestLevel
from drivers.locker import (
    DoorChanged,
    DoorDidNotOpen,
    DoorState,
    LockerBadFrame,
    LockerBusAbsent,
    LockerNoAnswer,
    LockerRefused,
    ModbusLocker,
)
from drivers.locker_sim import LockerBusSimulator

pytestmark = pytest.mark.integration


def test_all_doors_closed_at_start(locker: ModbusLocker) -> None:
    readings = locker.read_all()
    assert set(readings) == {c.id for c in locker.compartments}
    assert all(r.door is DoorState.CLOSED for r in readings.values())
    assert readings["A01"].item_present is False
    assert readings["B01"].item_present is None  # no item sensor fitted on board 2
    assert locker.status().status is DeviceStatus.OK


def test_open_confirms_door_then_close_and_item(
    locker: ModbusLocker, sim: LockerBusSimulator
) -> None:
    events: list[object] = []
    locker.set_event_sink(events.append)
    locker.open_compartment("A03")
    assert sim.model.board(1).compartment(3).pulses == 1
    assert locker.read("A03").door is DoorState.OPEN
    assert locker.read("A02").door is DoorState.CLOSED  # only the one asked for
    assert locker.wait_closed("A03", 0.2) is False
    sim.model.put_item(1, 3)
    sim.model.close_door(1, 3)
    assert locker.wait_closed("A03", 5.0) is True
    r = locker.read("A03")
    assert (r.door, r.item_present) == (DoorState.CLOSED, True)
    changes = [(e.compartment, e.door) for e in events if isinstance(e, DoorChanged)]
    assert ("A03", DoorState.OPEN) in changes and changes[-1] == ("A03", DoorState.CLOSED)


def test_second_board_on_the_same_bus(locker: ModbusLocker, sim: LockerBusSimulator) -> None:
    locker.open_compartment("B04")
    assert sim.model.board(2).compartment(4).pulses == 1
    assert sim.model.board(1).compartment(4).pulses == 0
    assert locker.read_all()["B04"].door is DoorState.OPEN


def test_jammed_lock_raises_did_not_open(locker: ModbusLocker, sim: LockerBusSimulator) -> None:
    sim.model.set_fault(1, 2, jammed=True)
    with pytest.raises(DoorDidNotOpen) as e:
        locker.open_compartment("A02", confirm_s=0.3)
    assert "A02" in e.value.detail and "柜门" in e.value.resident_message
    assert sim.model.board(1).compartment(2).pulses == 1


def test_stuck_door_sensor_reads_closed_after_pulse(
    locker: ModbusLocker, sim: LockerBusSimulator
) -> None:
    sim.model.set_fault(1, 1, sensor_stuck=True)
    with pytest.raises(DoorDidNotOpen):
        locker.open_compartment("A01", confirm_s=0.3)
    # The door really is open; only the sensor lies.
    assert sim.model.board(1).compartment(1).door_closed is False


def test_door_left_open_never_reads_closed(locker: ModbusLocker, sim: LockerBusSimulator) -> None:
    sim.model.set_fault(1, 4, left_open=True)
    locker.open_compartment("A04")
    assert sim.model.close_door(1, 4) is False
    assert locker.wait_closed("A04", 0.3) is False
    assert locker.read("A04").door is DoorState.OPEN


def test_no_answer_from_one_board_degrades(locker: ModbusLocker, sim: LockerBusSimulator) -> None:
    sim.set_mute(2)
    with pytest.raises(LockerNoAnswer):
        locker.read("B01")
    readings = locker.read_all()
    assert readings["B01"].door is DoorState.UNKNOWN
    assert readings["A01"].door is DoorState.CLOSED
    health = locker.status()
    assert health.status is DeviceStatus.DEGRADED and "2" in health.detail
    sim.set_mute(2, False)
    assert locker.status().status is DeviceStatus.OK


def test_no_answer_at_all_is_fault_and_open_raises(
    locker: ModbusLocker, sim: LockerBusSimulator
) -> None:
    sim.set_mute(None)
    assert locker.status().status is DeviceStatus.FAULT
    with pytest.raises(LockerNoAnswer):
        locker.open_compartment("A01")
    assert sim.model.board(1).compartment(1).pulses == 0  # the board never heard it


def test_crc_error_is_a_bad_frame_then_recovers(
    locker: ModbusLocker, sim: LockerBusSimulator
) -> None:
    sim.corrupt_next(1)
    with pytest.raises(LockerBadFrame) as e:
        locker.read("A01")
    assert "CRC" in e.value.detail
    assert locker.bus.stats.bad_frames == 1
    assert locker.read("A01").door is DoorState.CLOSED


def test_unknown_coil_is_refused(locker: ModbusLocker) -> None:
    with pytest.raises(LockerRefused):
        locker.bus.pulse(1, 40)


def test_bus_unplugged_then_replugged(locker: ModbusLocker, sim: LockerBusSimulator) -> None:
    sim.unplug()
    with pytest.raises(LockerBusAbsent):
        locker.read("A01")
    with pytest.raises(LockerBusAbsent) as e:
        locker.status()  # the manager counts a raise as a failure, ABSENT
    assert e.value.status is DeviceStatus.ABSENT
    sim.replug()
    assert locker.read("A01").door is DoorState.CLOSED


def test_self_test_opens_nothing_unless_interactive(
    locker: ModbusLocker, sim: LockerBusSimulator
) -> None:
    for level in (SelfTestLevel.INTERNAL, SelfTestLevel.EXTERNAL):
        result = locker.self_test(level)
        assert result.passed, result.detail
        assert result.facts["compartments"] == "8"
    assert all(c.pulses == 0 for b in sim.model.boards.values() for c in b.compartments)
    result = locker.self_test(SelfTestLevel.INTERACTIVE)
    assert result.passed, result.detail
    assert sim.model.board(1).compartment(1).pulses == 1
    assert sum(c.pulses for b in sim.model.boards.values() for c in b.compartments) == 1


def test_self_test_fails_when_bus_is_silent(locker: ModbusLocker, sim: LockerBusSimulator) -> None:
    sim.set_mute(None)
    result = locker.self_test(SelfTestLevel.INTERNAL)
    assert not result.passed and "no answer" in result.detail
