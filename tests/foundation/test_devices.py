import threading
import time

import pytest

from drivers.base import Device, DeviceAbsent, DeviceError, DeviceStatus, Health
from kiosk.clock import FakeClock
from kiosk.config import DEFAULT_CONFIG_PATH, HealthConfig, load_config
from kiosk.devices.manager import DeviceManager, DeviceSlot, DeviceStatusChanged, Phase


class FlakyDevice(Device):
    """A device whose health the test scripts: a list of outcomes, one per probe."""

    kind = "flaky"

    def __init__(self) -> None:
        super().__init__("flaky")
        self.outcomes: list[object] = []
        self.opens = 0
        self.closes = 0
        self.fail_open = False

    def open(self) -> None:
        self.opens += 1
        if self.fail_open:
            raise DeviceAbsent("port /dev/ttyUSB9 not found")

    def close(self) -> None:
        self.closes += 1

    def status(self) -> Health:
        outcome = self.outcomes.pop(0) if self.outcomes else Health.ok()
        if isinstance(outcome, Exception):
            raise outcome
        assert isinstance(outcome, Health)
        return outcome


def slot_for(dev: Device, clock: FakeClock, events: list) -> DeviceSlot:
    cfg = HealthConfig(
        grace_period_s=5,
        poll_interval_s=1,
        failures_before_fault=3,
        reopen_backoff_initial_s=2,
        reopen_backoff_max_s=8,
    )
    return DeviceSlot("flaky", dev, cfg, events.append, clock)


def test_fault_only_after_three_consecutive_failures() -> None:
    clock, events = FakeClock(), []
    dev = FlakyDevice()
    slot = slot_for(dev, clock, events)
    slot.step()
    assert slot.health.status == DeviceStatus.OK
    clock.advance(10)  # out of the grace period
    fault = Health(DeviceStatus.FAULT, "paper out")
    dev.outcomes = [fault, Health.ok(), fault, fault]
    for _ in range(4):
        slot.step()
        clock.advance(1)
    assert slot.health.status == DeviceStatus.OK  # 1 fail, ok, 2 fails: no flapping
    dev.outcomes = [fault]
    slot.step()
    assert slot.health.status == DeviceStatus.FAULT
    assert slot.tracker.phase == Phase.REOPENING
    assert dev.closes == 1
    changes = [e for e in events if isinstance(e, DeviceStatusChanged)]
    assert [c.health.status for c in changes][-1] == DeviceStatus.FAULT


def test_reopen_with_backoff_and_recovery() -> None:
    clock, events = FakeClock(), []
    dev = FlakyDevice()
    slot = slot_for(dev, clock, events)
    clock.advance(10)
    dev.fail_open = True
    for _ in range(3):
        slot.step()
    assert slot.health.status == DeviceStatus.ABSENT
    opens = dev.opens
    slot.step()  # inside the backoff window: no reopen attempt
    assert dev.opens == opens
    clock.advance(2.1)
    slot.step()
    assert dev.opens == opens + 1
    assert slot.tracker.backoff_s == 4  # doubled
    dev.fail_open = False
    clock.advance(4.1)
    slot.step()
    assert slot.health.status == DeviceStatus.OK  # back by itself
    assert slot.tracker.backoff_s == 0


def test_grace_period_hides_start_up_failures() -> None:
    clock, events = FakeClock(), []
    dev = FlakyDevice()
    dev.fail_open = True
    slot = slot_for(dev, clock, events)
    for _ in range(5):
        slot.step()
        clock.advance(0.5)
    # During the grace period the slot keeps its initial ABSENT (never FAULT) and says why.
    assert slot.health.status == DeviceStatus.ABSENT
    assert slot.health.detail.startswith("starting: ")


def test_status_exception_counts_as_failure() -> None:
    clock, events = FakeClock(), []
    dev = FlakyDevice()
    slot = slot_for(dev, clock, events)
    clock.advance(10)
    dev.outcomes = [DeviceError("no answer")] * 3
    for _ in range(3):
        slot.step()
    assert slot.health.status == DeviceStatus.FAULT
    assert slot.health.detail == "no answer"


def test_unknown_driver_is_fault_and_others_still_build(tmp_path) -> None:
    cfg = load_config(DEFAULT_CONFIG_PATH, tmp_path)
    devices = cfg.devices.model_copy(
        update={"idcard": cfg.devices.idcard.model_copy(update={"driver": "nonsense"})}
    )
    cfg = cfg.model_copy(update={"devices": devices})
    mgr = DeviceManager(cfg)
    mgr.build(only=["idcard"])
    dev = mgr.get("idcard")
    assert dev is not None
    health = dev.status()
    assert health.status == DeviceStatus.FAULT
    assert "unknown driver 'nonsense'" in health.detail


def test_manager_threads_publish_and_stop(tmp_path) -> None:
    cfg = load_config(DEFAULT_CONFIG_PATH, tmp_path)
    cfg = cfg.model_copy(
        update={
            "health": HealthConfig(grace_period_s=0, poll_interval_s=0.02, failures_before_fault=3)
        }
    )
    mgr = DeviceManager(cfg)
    dev = FlakyDevice()
    got = threading.Event()
    seen: list = []

    def listener(ev) -> None:
        seen.append(ev)
        if isinstance(ev, DeviceStatusChanged) and ev.health.status == DeviceStatus.FAULT:
            got.set()

    mgr.add_listener(listener)
    mgr.add_device("flaky", dev)
    dev.outcomes = [Health.ok()] + [Health(DeviceStatus.FAULT, "cover open")] * 3
    mgr.start()
    assert got.wait(5)
    assert all(e.device == "flaky" for e in seen)
    mgr.stop()
    assert dev.closes >= 1
    n = dev.opens
    time.sleep(0.1)
    assert dev.opens == n  # no thread left probing after stop


def test_crashing_driver_does_not_kill_supervision() -> None:
    class Broken(FlakyDevice):
        def status(self) -> Health:
            raise ZeroDivisionError("driver bug")

    clock, events = FakeClock(), []
    slot = slot_for(Broken(), clock, events)
    clock.advance(10)
    for _ in range(3):
        slot.step()
    assert slot.health.status == DeviceStatus.FAULT
    assert "ZeroDivisionError" in slot.health.detail


@pytest.mark.parametrize("n", [1])
def test_health_usable(n: int) -> None:
    assert Health(DeviceStatus.DEGRADED, "paper near end").usable
    assert not Health(DeviceStatus.ABSENT).usable


def test_a_definite_reading_is_reported_at_once_and_the_device_stays_open() -> None:
    clock, events = FakeClock(), []
    dev = FlakyDevice()
    slot = slot_for(dev, clock, events)
    slot.step()
    clock.advance(10)
    dev.outcomes = [Health(DeviceStatus.FAULT, "paper out", definite=True)]
    slot.step()
    assert slot.health.status == DeviceStatus.FAULT  # the first reading, not the third
    assert dev.closes == 0 and slot.tracker.phase == Phase.RUNNING  # it answered: kept open
    slot.step()  # paper loaded again
    assert slot.health.status == DeviceStatus.OK


def test_a_vanished_port_is_absent_at_once_and_reopened() -> None:
    clock, events = FakeClock(), []
    dev = FlakyDevice()
    slot = slot_for(dev, clock, events)
    slot.step()
    dev.outcomes = [Health(DeviceStatus.ABSENT, "port gone", definite=True)]
    slot.step()  # even within the start-up grace
    assert slot.health.status == DeviceStatus.ABSENT
    assert slot.tracker.phase == Phase.REOPENING and dev.closes == 1


def test_health_changed_from_a_driver_wakes_its_supervisor(tmp_path) -> None:
    from drivers.base import HealthChanged

    config = load_config(DEFAULT_CONFIG_PATH, tmp_path)
    config = config.model_copy(
        update={"health": config.health.model_copy(update={"poll_interval_s": 60})}
    )
    manager = DeviceManager(config)
    seen: list = []
    manager.add_listener(seen.append)
    dev = FlakyDevice()
    slot = manager.add_device("flaky", dev)
    manager.start()
    try:
        deadline = time.monotonic() + 10
        while slot.health.status != DeviceStatus.OK and time.monotonic() < deadline:
            time.sleep(0.01)
        dev.outcomes = [Health(DeviceStatus.ABSENT, "port gone", definite=True)]
        dev.emit(HealthChanged("flaky"))  # what a driver does when its port vanishes
        deadline = time.monotonic() + 10
        while slot.health.status == DeviceStatus.OK and time.monotonic() < deadline:
            time.sleep(0.01)
        assert slot.health.status == DeviceStatus.ABSENT  # not after a 60 s poll
        assert not [e for e in seen if isinstance(e, HealthChanged)]  # not passed on
    finally:
        manager.stop()
