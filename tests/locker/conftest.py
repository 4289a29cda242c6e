"""Fixtures: simulated lock boards (pymodbus's server on a pty) and the real driver."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from drivers.locker import LockerSettings, ModbusLocker
from drivers.locker_sim import LockerBusSimulator

from .boards import compartment_specs, running_sim


@pytest.fixture
def sim() -> Iterator[LockerBusSimulator]:
    with running_sim() as s:
        yield s


@pytest.fixture
def locker(sim: LockerBusSimulator) -> Iterator[ModbusLocker]:
    d = ModbusLocker(
        LockerSettings(
            port=sim.port,
            timeout_s=0.3,
            retries=0,
            compartments=compartment_specs(),
            open_confirm_s=1.0,
            self_test_compartment="A01",
        )
    )
    d.open()
    try:
        yield d
    finally:
        d.close()
