"""Two simulated lock boards and the compartments wired to them (shared by tests and bench)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from drivers.locker import CompartmentSize, CompartmentSpec
from drivers.locker_sim import BoardModel, LockerBusSimulator, LockerModel

UNITS = (1, 2)
LOCKS = 4
ITEM_BASE = 16


def compartment_specs() -> tuple[CompartmentSpec, ...]:
    """Two boards of four locks: unit 1 small/medium with item sensors, unit 2 large without."""
    specs = []
    for unit in UNITS:
        for n in range(1, LOCKS + 1):
            size = CompartmentSize.SMALL if n <= 2 else CompartmentSize.MEDIUM
            if unit == 2:
                size = CompartmentSize.LARGE
            specs.append(
                CompartmentSpec(
                    id=f"{'AB'[unit - 1]}{n:02d}",
                    board=unit,
                    coil=n - 1,
                    door_input=n - 1,
                    size=size,
                    item_input=(ITEM_BASE + n - 1) if unit == 1 else None,
                )
            )
    return tuple(specs)


def make_model() -> LockerModel:
    boards = [BoardModel(u, locks=LOCKS, item_base=ITEM_BASE) for u in UNITS]
    for n in range(1, LOCKS + 1):
        boards[1].compartment(n).item_sensor = False
    return LockerModel(boards)


@contextlib.contextmanager
def running_sim() -> Iterator[LockerBusSimulator]:
    """The two boards on a started simulator, closed afterwards."""
    s = LockerBusSimulator(make_model())
    s.start()
    try:
        yield s
    finally:
        s.close()
