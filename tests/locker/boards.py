"""Two simulated lock boards and the compartments wired to them (shared by tests and bench)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from drivers.locker import CompartmentSize, CompartmentSpec

if TYPE_CHECKING:
    # Imported where used: pymodbus's server package takes over a second to import, and
    # the processes the power-cut tests kill only need the compartment specs.
    from drivers.locker_sim import LockerBusSimulator, LockerModel

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
    from drivers.locker_sim import BoardModel, LockerModel

    boards = [BoardModel(u, locks=LOCKS, item_base=ITEM_BASE) for u in UNITS]
    for n in range(1, LOCKS + 1):
        boards[1].compartment(n).item_sensor = False
    return LockerModel(boards)


@contextlib.contextmanager
def running_sim() -> Iterator[LockerBusSimulator]:
    """The two boards on a started simulator, closed afterwards."""
    from drivers.locker_sim import LockerBusSimulator

    s = LockerBusSimulator(make_model())
    s.start()
    try:
        yield s
    finally:
        s.close()
