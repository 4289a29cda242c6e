"""The locker through the device manager: built from [devices.locker], supervised."""

from __future__ import annotations

import pytest

from drivers.base import DeviceStatus, SelfTestLevel
from drivers.locker import ModbusLocker
from drivers.locker_sim import LockerBusSimulator
from kiosk.clock import FakeClock
from kiosk.config import ConfigError, config_from_dict, load_config
from kiosk.devices.manager import DeviceManager

pytestmark = pytest.mark.integration


def _manager(clock: FakeClock | None = None, **locker: object) -> DeviceManager:
    base = load_config()
    data = base.model_dump(mode="json", exclude={"source_dir", "data_dir_override"})
    data["devices"]["locker"].update({"enabled": True, "driver": "sim", **locker})
    data["health"]["grace_period_s"] = 0
    return DeviceManager(config_from_dict(data), clock=clock or FakeClock())


def test_sim_factory_supervised_like_the_others() -> None:
    clock = FakeClock()
    mgr = _manager(clock, timeout_s=0.2, retries=0, self_test_compartment="B02")
    mgr.build(only=["locker"])
    sim = mgr.extras["locker_sim"]
    assert isinstance(sim, LockerBusSimulator)
    slot = mgr.slots["locker"]
    try:
        assert isinstance(slot.device, ModbusLocker)
        assert len(slot.device.compartments) == 16
        slot.step()
        assert slot.health.status is DeviceStatus.OK, slot.health
        # INTERNAL opens nothing; INTERACTIVE opens the chosen compartment only.
        assert mgr.self_test("locker", SelfTestLevel.INTERNAL).passed
        assert sum(c.pulses for b in sim.model.boards.values() for c in b.compartments) == 0
        assert mgr.self_test("locker", SelfTestLevel.INTERACTIVE).passed
        assert sim.model.board(2).compartment(2).pulses == 1
        # The whole bus falls silent: FAULT after the configured strikes.
        sim.set_mute(None)
        for _ in range(mgr.config.health.failures_before_fault + 1):
            slot.step()
        assert slot.health.status is DeviceStatus.FAULT
        sim.set_mute(None, False)
        for _ in range(5):
            clock.advance(mgr.config.health.reopen_backoff_max_s)  # past any backoff
            slot.step()
            if slot.health.usable:
                break
        assert slot.health.usable, slot.health
    finally:
        mgr.stop()
        sim.close()


def test_config_refuses_two_compartments_on_one_coil() -> None:
    with pytest.raises(ConfigError) as e:
        _manager(
            compartments=[
                {"id": "X1", "board": 1, "coil": 0},
                {"id": "X2", "board": 1, "coil": 0},
            ]
        )
    assert "share one (board, coil)" in str(e.value)
