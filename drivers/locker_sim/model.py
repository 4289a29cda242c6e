"""The compartments behind simulated lock-control boards, with their faults.

A board has ``locks`` coils and as many door inputs, plus, where fitted, item
sensors. Its discrete-input map (as lock boards of this kind document it):
input ``n`` (0-based) is door ``n+1``, 1 = closed; input ``item_base + n`` is the
item sensor of lock ``n+1``, 1 = something inside. Writing ``FF00`` to coil ``n``
pulses lock ``n+1``: the latch releases and the spring pushes the door ajar. The
coil reads back 0 once the pulse is over, as a real board's does.

The model is plain data guarded by one lock; the Modbus server thread reads and
writes it through :meth:`BoardModel.read_inputs` and :meth:`BoardModel.pulse`,
tests and the demo act as the resident through :meth:`LockerModel.close_door`,
:meth:`LockerModel.put_item` and friends.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field


@dataclass
class CompartmentModel:
    """One door, its latch and (optionally) its item sensor."""

    door_closed: bool = True
    item_present: bool = False
    item_sensor: bool = True
    #: Faults: the latch does not release; the door sensor reads this value whatever
    #: the door does; the door will not be closed (nobody pushes it shut).
    jammed: bool = False
    sensor_stuck: bool | None = None
    left_open: bool = False
    pulses: int = 0

    def door_input(self) -> bool:
        return self.door_closed if self.sensor_stuck is None else self.sensor_stuck


@dataclass
class BoardModel:
    """One lock-control board at a Modbus unit address."""

    unit: int
    locks: int = 16
    item_base: int = 16
    compartments: list[CompartmentModel] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if not self.compartments:
            self.compartments = [CompartmentModel() for _ in range(self.locks)]

    @property
    def input_count(self) -> int:
        return self.item_base + self.locks

    def pulse(self, coil: int) -> bool:
        """A write-coil ON reached the board: release the latch of lock ``coil+1``."""
        with self._lock:
            if not 0 <= coil < self.locks:
                return False
            c = self.compartments[coil]
            c.pulses += 1
            if not c.jammed:
                c.door_closed = False
            return True

    def read_inputs(self) -> list[bool]:
        """Every discrete input of the board, door inputs first."""
        with self._lock:
            bits = [False] * self.input_count
            for n, c in enumerate(self.compartments):
                bits[n] = c.door_input()
                bits[self.item_base + n] = c.item_sensor and c.item_present
            return bits

    def compartment(self, lock: int) -> CompartmentModel:
        """The compartment of lock number ``lock`` (1-based, as on the board's label)."""
        return self.compartments[lock - 1]

    def act(self, lock: int, **changes: object) -> None:
        """Change a compartment's state under the board's lock (thread-safe)."""
        with self._lock:
            c = self.compartments[lock - 1]
            for k, v in changes.items():
                if not hasattr(c, k):
                    raise AttributeError(k)
                setattr(c, k, v)


class LockerModel:
    """All boards on one RS-485 bus, and the resident's hands."""

    def __init__(self, boards: list[BoardModel]) -> None:
        self.boards = {b.unit: b for b in boards}

    def board(self, unit: int) -> BoardModel:
        return self.boards[unit]

    def close_door(self, unit: int, lock: int) -> bool:
        """Push the door shut (the latch catches). False when the door "is left open"."""
        c = self.board(unit).compartment(lock)
        if c.left_open:
            return False
        self.board(unit).act(lock, door_closed=True)
        return True

    def open_door_by_hand(self, unit: int, lock: int) -> None:
        """A door forced open or never latched (the sensor sees it open)."""
        self.board(unit).act(lock, door_closed=False)

    def put_item(self, unit: int, lock: int) -> None:
        self.board(unit).act(lock, item_present=True)

    def take_item(self, unit: int, lock: int) -> None:
        self.board(unit).act(lock, item_present=False)

    def set_fault(
        self,
        unit: int,
        lock: int,
        *,
        jammed: bool | None = None,
        sensor_stuck: bool | str | None = "keep",
        left_open: bool | None = None,
    ) -> None:
        """Inject (or clear) a compartment fault."""
        changes: dict[str, object] = {}
        if jammed is not None:
            changes["jammed"] = jammed
        if sensor_stuck != "keep":
            changes["sensor_stuck"] = sensor_stuck
        if left_open is not None:
            changes["left_open"] = left_open
        self.board(unit).act(lock, **changes)
