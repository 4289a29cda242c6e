"""Smart document lockers: lock-control boards on RS-485, speaking Modbus RTU.

Facts (shared/specs/platforms-payments-handoff.md, "Lock-control boards"): boards
share one RS-485 bus, each at its own unit address (DIP switches). Write single
coil (function 05, ``FF00`` = on) pulses a lock open; read discrete inputs
(function 02) reports the door sensors (1 = closed) and, where fitted, an item
sensor (1 = something inside). Framing and CRC-16/MODBUS are pymodbus's, never
ours: :class:`ModbusLockBus` is a thin, thread-safe wrapper of pymodbus's
``ModbusSerialClient`` that turns its outcomes into our :class:`DeviceError`
family with a named reason (no answer, bad frame, unplugged, refused address).

:class:`ModbusLocker` is the device the manager supervises: compartments mapped
to (board, coil, door input, item input) with a size, ``open_compartment`` that
pulses and waits until the door reads open, ``read_all`` for the sensors, and a
``self_test`` that opens nothing unless asked (INTERACTIVE opens one chosen
compartment).

The simulator (pymodbus's own server on a pty, driven by a compartment model) is
in ``drivers/locker_sim/``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from drivers.base import (
    Device,
    DeviceAbsent,
    DeviceError,
    DeviceEvent,
    DeviceStatus,
    DeviceTimeout,
    Health,
    SelfTestLevel,
    SelfTestResult,
)

log = logging.getLogger(__name__)

KIND = "locker"


class CompartmentSize(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


class DoorState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"  # the board did not answer


# --- errors ----------------------------------------------------------------------------


class LockerError(DeviceError):
    """A locker operation failed."""

    resident_message = "储物柜暂时无法使用，请联系工作人员。"


class LockerNoAnswer(LockerError, DeviceTimeout):
    """A board did not answer (powered off, wrong address, cable cut)."""

    resident_message = "储物柜没有响应，请联系工作人员。"


class LockerBadFrame(LockerError):
    """A board answered with a frame that failed its CRC or could not be parsed."""

    resident_message = "储物柜通信异常，请稍后再试。"


class LockerBusAbsent(LockerError, DeviceAbsent):
    """The RS-485 adapter is not there (port missing, unplugged)."""

    resident_message = "储物柜未连接，请联系工作人员。"
    status = DeviceStatus.ABSENT


class LockerRefused(LockerError):
    """A board answered with a Modbus exception (no such coil or input)."""


class DoorDidNotOpen(LockerError):
    """The lock was pulsed but the door sensor still reads closed (jammed lock)."""

    resident_message = "柜门未能打开，请联系工作人员。"


class DoorDidNotClose(LockerError):
    """The door stayed open past the allowed time."""

    resident_message = "柜门未关闭，请关好柜门。"


# --- configuration -----------------------------------------------------------------------


@dataclass(frozen=True)
class CompartmentSpec:
    """Where a compartment is wired: board unit, coil, door input, item input (0-based)."""

    id: str
    board: int
    coil: int
    door_input: int
    size: CompartmentSize = CompartmentSize.MEDIUM
    item_input: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.board <= 247:
            raise ValueError(f"compartment {self.id}: board address {self.board} not in 1..247")
        if self.coil < 0 or self.door_input < 0 or (self.item_input or 0) < 0:
            raise ValueError(f"compartment {self.id}: coil and inputs are 0-based, not negative")


@dataclass(frozen=True)
class LockerSettings:
    """Bus and compartment settings (built from the configuration by the factory)."""

    port: str
    baud: int = 9600
    parity: str = "N"
    timeout_s: float = 0.5
    retries: int = 1
    compartments: tuple[CompartmentSpec, ...] = ()
    #: How long a pulsed door may take to read open.
    open_confirm_s: float = 3.0
    poll_interval_s: float = 0.05
    #: Compartment the INTERACTIVE self-test opens ("" = none chosen).
    self_test_compartment: str = ""

    @property
    def boards(self) -> list[int]:
        return sorted({c.board for c in self.compartments})


@dataclass(frozen=True)
class CompartmentReading:
    """What a compartment's sensors say right now."""

    compartment: str
    door: DoorState
    #: ``None`` where no item sensor is fitted (or the board did not answer).
    item_present: bool | None = None


@dataclass(frozen=True)
class DoorChanged(DeviceEvent):
    """A compartment's door opened or closed (seen by a poll)."""

    compartment: str = ""
    door: DoorState = DoorState.UNKNOWN


# --- the bus ------------------------------------------------------------------------------


@dataclass
class BusStats:
    requests: int = 0
    no_answer: int = 0
    bad_frames: int = 0


class ModbusLockBus:
    """pymodbus's serial client on one RS-485 bus, serialised by a lock.

    Every call returns a value or raises a :class:`LockerError` subclass; pymodbus's
    own exceptions and OS errors never escape. A ``trace_packet`` hook counts the
    bytes that came back, so a frame dropped for a bad CRC (bytes arrived, no valid
    answer) is told apart from silence.
    """

    def __init__(
        self,
        port: str,
        baud: int = 9600,
        parity: str = "N",
        timeout_s: float = 0.5,
        retries: int = 1,
    ) -> None:
        self.port = port
        self.baud = baud
        self.stats = BusStats()
        self._lock = threading.Lock()
        self._rx_bytes = 0
        # pymodbus (with asyncio, ~100 ms) is imported when a bus is built (after the
        # UI's first paint), not by every module that names the locker (issue 18).
        from pymodbus.client import ModbusSerialClient

        self._client = ModbusSerialClient(
            port=port,
            baudrate=baud,
            parity=parity,
            bytesize=8,
            stopbits=1,
            timeout=timeout_s,
            retries=retries,
            trace_packet=self._trace,
        )

    def _trace(self, sending: bool, data: bytes) -> bytes:
        if not sending:
            self._rx_bytes += len(data)
        return data

    def connect(self) -> None:
        with self._lock:
            self._connect_locked()

    def _connect_locked(self) -> None:
        if self._client.connected:
            return
        if not os.path.exists(self.port):
            raise LockerBusAbsent(f"locker bus port {self.port} not found")
        if not self._client.connect():
            raise LockerBusAbsent(f"locker bus port {self.port} cannot be opened")

    def close(self) -> None:
        with self._lock:
            try:
                self._client.close()
            except Exception:  # close never raises (driver contract)
                log.debug("locker bus close failed", exc_info=True)

    def _call(self, what: str, unit: int, fn: Callable[[], Any]) -> Any:
        from pymodbus.exceptions import ConnectionException, ModbusException, ModbusIOException

        with self._lock:
            self._connect_locked()
            self._rx_bytes = 0
            self.stats.requests += 1
            try:
                reply = fn()
            except ModbusIOException as e:
                if not os.path.exists(self.port):
                    self._client.close()
                    raise LockerBusAbsent(f"locker bus port {self.port} went away") from None
                if self._rx_bytes:
                    self.stats.bad_frames += 1
                    raise LockerBadFrame(
                        f"unit {unit}: {what}: {self._rx_bytes} bytes came back, no valid frame"
                        " (CRC error?)"
                    ) from e
                self.stats.no_answer += 1
                raise LockerNoAnswer(f"unit {unit}: {what}: no answer") from e
            except (ConnectionException, OSError) as e:
                self._client.close()
                raise LockerBusAbsent(f"locker bus {self.port}: {e}") from None
            except ModbusException as e:
                raise LockerError(f"unit {unit}: {what}: {e}") from None
            if reply.isError():
                code = getattr(reply, "exception_code", "?")
                raise LockerRefused(f"unit {unit}: {what}: Modbus exception {code}")
            return reply

    def pulse(self, unit: int, coil: int) -> None:
        """Write single coil ``coil`` ON (function 05, FF00): the board pulses the lock."""
        self._call(
            f"write coil {coil}", unit, lambda: self._client.write_coil(coil, True, device_id=unit)
        )

    def read_inputs(self, unit: int, start: int, count: int) -> list[bool]:
        """Read ``count`` discrete inputs from ``start`` (function 02)."""
        reply = self._call(
            f"read inputs {start}+{count}",
            unit,
            lambda: self._client.read_discrete_inputs(start, count=count, device_id=unit),
        )
        bits = list(reply.bits)
        if len(bits) < count:
            raise LockerBadFrame(f"unit {unit}: asked {count} inputs, got {len(bits)}")
        return [bool(b) for b in bits[:count]]


def wait_for_door(
    bus: ModbusLockBus,
    unit: int,
    door_input: int,
    want_closed: bool,
    timeout_s: float,
    poll_interval_s: float = 0.05,
) -> bool:
    """Poll one door input until it reads ``want_closed``; False on timeout.

    A single missed answer while polling is tolerated (the next poll asks again);
    the last error is raised only if no answer came back at all before the deadline.
    """
    deadline = time.monotonic() + timeout_s
    last_error: LockerError | None = None
    answered = False
    while True:
        try:
            closed = bus.read_inputs(unit, door_input, 1)[0]
            answered = True
            if closed == want_closed:
                return True
        except (LockerNoAnswer, LockerBadFrame) as e:
            last_error = e
        if time.monotonic() >= deadline:
            if not answered and last_error is not None:
                raise last_error
            return False
        time.sleep(poll_interval_s)


# --- the device --------------------------------------------------------------------------


class ModbusLocker(Device):
    """A document locker: compartments on lock boards sharing one Modbus RTU bus."""

    kind: ClassVar[str] = KIND

    def __init__(self, settings: LockerSettings, name: str | None = None) -> None:
        super().__init__(name)
        self.settings = settings
        self._by_id = {c.id: c for c in settings.compartments}
        if len(self._by_id) != len(settings.compartments):
            raise ValueError("locker: compartment ids must be unique")
        wired = [(c.board, c.coil) for c in settings.compartments]
        if len(set(wired)) != len(wired):
            raise ValueError("locker: two compartments share one (board, coil)")
        self.bus = ModbusLockBus(
            settings.port, settings.baud, settings.parity, settings.timeout_s, settings.retries
        )
        self._last: dict[str, DoorState] = {}

    @property
    def compartments(self) -> tuple[CompartmentSpec, ...]:
        return self.settings.compartments

    def spec(self, compartment: str) -> CompartmentSpec:
        try:
            return self._by_id[compartment]
        except KeyError:
            raise LockerError(f"no compartment {compartment!r} configured") from None

    # --- contract -----------------------------------------------------------------
    def open(self) -> None:
        self.bus.connect()

    def close(self) -> None:
        self.bus.close()

    def status(self) -> Health:
        answered, silent = [], []
        for unit in self.settings.boards:
            try:
                self._read_board(unit)
                answered.append(unit)
            except (LockerNoAnswer, LockerBadFrame) as e:
                silent.append(f"{unit} ({e.detail})")
        if not self.settings.boards:
            return Health(DeviceStatus.FAULT, "no compartments configured", definite=True)
        if not silent:
            return Health.ok(f"{len(answered)} board(s) answer on {self.settings.port}")
        if answered:
            return Health(DeviceStatus.DEGRADED, "board(s) not answering: " + ", ".join(silent))
        return Health(DeviceStatus.FAULT, "no board answers: " + ", ".join(silent))

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        """INTERNAL / EXTERNAL read every sensor and open nothing; INTERACTIVE opens the
        configured ``self_test_compartment`` and checks that its door reads open."""
        try:
            readings = self.read_all()
        except LockerError as e:
            return SelfTestResult(False, level, e.detail)
        unknown = [r.compartment for r in readings.values() if r.door is DoorState.UNKNOWN]
        opened = sum(r.door is DoorState.OPEN for r in readings.values())
        facts = {
            "compartments": str(len(readings)),
            "doors_open": str(opened),
            "boards": ",".join(str(b) for b in self.settings.boards),
        }
        if unknown:
            return SelfTestResult(False, level, "no answer for " + ", ".join(unknown), facts)
        if level is not SelfTestLevel.INTERACTIVE:
            return SelfTestResult(True, level, f"{len(readings)} compartments read", facts)
        chosen = self.settings.self_test_compartment
        if not chosen:
            return SelfTestResult(False, level, "no self-test compartment chosen", facts)
        try:
            self.open_compartment(chosen)
        except LockerError as e:
            return SelfTestResult(False, level, f"{chosen}: {e.detail}", facts)
        return SelfTestResult(True, level, f"{chosen} opened; close its door", facts)

    # --- operations ----------------------------------------------------------------
    def _read_board(self, unit: int) -> list[bool]:
        specs = [c for c in self.compartments if c.board == unit]
        top = max(max(c.door_input, c.item_input or 0) for c in specs)
        return self.bus.read_inputs(unit, 0, top + 1)

    def read_all(self) -> dict[str, CompartmentReading]:
        """Every compartment's door (and item) sensor; UNKNOWN where a board is silent.

        Raises :class:`LockerBusAbsent` when the bus itself is gone.
        """
        out: dict[str, CompartmentReading] = {}
        for unit in self.settings.boards:
            try:
                bits: list[bool] | None = self._read_board(unit)
            except (LockerNoAnswer, LockerBadFrame, LockerRefused) as e:
                log.warning("locker: board %d: %s", unit, e.detail)
                bits = None
            for c in self.compartments:
                if c.board != unit:
                    continue
                if bits is None:
                    out[c.id] = CompartmentReading(c.id, DoorState.UNKNOWN)
                    continue
                door = DoorState.CLOSED if bits[c.door_input] else DoorState.OPEN
                item = bits[c.item_input] if c.item_input is not None else None
                out[c.id] = CompartmentReading(c.id, door, item)
        self._note_changes(out.values())
        return out

    def read(self, compartment: str) -> CompartmentReading:
        """One compartment's sensors (raises on no answer)."""
        c = self.spec(compartment)
        top = max(c.door_input, c.item_input or 0)
        bits = self.bus.read_inputs(c.board, 0, top + 1)
        door = DoorState.CLOSED if bits[c.door_input] else DoorState.OPEN
        reading = CompartmentReading(
            c.id, door, bits[c.item_input] if c.item_input is not None else None
        )
        self._note_changes([reading])
        return reading

    def open_compartment(self, compartment: str, confirm_s: float | None = None) -> None:
        """Pulse the lock and wait until the door reads open.

        Raises :class:`DoorDidNotOpen` if it stays shut (jammed lock, stuck sensor),
        or the bus errors (no answer, bad frame, unplugged).
        """
        c = self.spec(compartment)
        self.bus.pulse(c.board, c.coil)
        timeout = self.settings.open_confirm_s if confirm_s is None else confirm_s
        if not wait_for_door(
            self.bus, c.board, c.door_input, False, timeout, self.settings.poll_interval_s
        ):
            raise DoorDidNotOpen(f"{c.id} (unit {c.board}, coil {c.coil}): door still closed")
        self._note_changes([CompartmentReading(c.id, DoorState.OPEN)])

    def wait_closed(self, compartment: str, timeout_s: float) -> bool:
        """Poll until the door reads closed; False if it is still open at the deadline."""
        c = self.spec(compartment)
        closed = wait_for_door(
            self.bus, c.board, c.door_input, True, timeout_s, self.settings.poll_interval_s
        )
        if closed:
            self._note_changes([CompartmentReading(c.id, DoorState.CLOSED)])
        return closed

    def _note_changes(self, readings: Iterable[CompartmentReading]) -> None:
        for r in readings:
            if r.door is DoorState.UNKNOWN:
                continue
            if self._last.get(r.compartment) is not r.door:
                self._last[r.compartment] = r.door
                self.emit(DoorChanged(compartment=r.compartment, door=r.door))
