"""The driver contract every device kind implements, and the small types it shares.

A device module (one per kind) holds: the interface for that kind (a subclass of
:class:`Device` or a Protocol), the real driver(s), a simulator speaking the same
wire protocol, and ``self_test()``. Drivers import nothing of ours except this
module: they are plain Python and know nothing of Qt, sessions or config files.

Rules of the contract:

* ``open()`` acquires the device (port, socket, reader) and raises
  :class:`DeviceError` (or a subclass) when it cannot.
* ``status()`` is a quick, side-effect-free health probe. It returns a
  :class:`Health`; it may raise :class:`DeviceError`, which counts as a failure.
* ``close()`` releases everything and never raises; it is called on shutdown and
  before every reopen, also after a surprise removal.
* ``self_test(level)`` follows UnifiedPOS CheckHealth levels: INTERNAL (no
  output), EXTERNAL (e.g. a test print), INTERACTIVE (with a technician).
* Operations on removable hardware return results or raise :class:`DeviceError`
  with a resident-safe message; they never let OS errors escape.
* Every method may be called from a worker thread; drivers guard their own state.
* Events (card read, code scanned, …) are delivered through ``emit()``, on the
  driver's own thread. Whoever listens must not block.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar


class DeviceStatus(StrEnum):
    OK = "OK"
    DEGRADED = "DEGRADED"  # works, but needs attention soon (paper near end, …)
    FAULT = "FAULT"  # present but not working
    ABSENT = "ABSENT"  # not found (unplugged, port missing)


@dataclass(frozen=True)
class Health:
    """A device's status with a short technician-facing detail (no personal data)."""

    status: DeviceStatus
    detail: str = ""
    #: A definite reading (a sensor says "paper out", the port is gone), not a
    #: flaky one: the device manager reports it at once instead of after N strikes.
    definite: bool = False

    @classmethod
    def ok(cls, detail: str = "") -> Health:
        return cls(DeviceStatus.OK, detail)

    @property
    def usable(self) -> bool:
        return self.status in (DeviceStatus.OK, DeviceStatus.DEGRADED)


class SelfTestLevel(StrEnum):
    INTERNAL = "internal"
    EXTERNAL = "external"
    INTERACTIVE = "interactive"


@dataclass(frozen=True)
class SelfTestResult:
    passed: bool
    level: SelfTestLevel
    detail: str
    #: Extra facts for the diagnostics screen (already masked, never personal data).
    facts: dict[str, str] = field(default_factory=dict)


class DeviceError(Exception):
    """A device operation failed.

    ``resident_message`` is the short Chinese sentence a resident may see;
    ``detail`` is for technicians and logs. ``status`` says what this failure
    means for the device's health (FAULT unless the device is gone: ABSENT).
    """

    resident_message: str = "设备暂时无法使用，请稍后再试或联系工作人员。"
    status: DeviceStatus = DeviceStatus.FAULT

    def __init__(self, detail: str, resident_message: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if resident_message is not None:
            self.resident_message = resident_message

    def __str__(self) -> str:
        return self.detail


class DeviceAbsent(DeviceError):
    """The device is not there (port missing, unplugged, reader gone)."""

    resident_message = "设备未连接，请联系工作人员。"
    status = DeviceStatus.ABSENT


class DeviceTimeout(DeviceError):
    """The device did not answer in time."""

    resident_message = "设备响应超时，请稍后再试。"


@dataclass(frozen=True)
class DeviceEvent:
    """Base class of everything a device reports on its own (card read, scan, …).

    ``device`` is the configured device name (e.g. ``"idcard"``); the manager fills
    it in when the driver leaves it empty.
    """

    device: str = ""


@dataclass(frozen=True)
class HealthChanged(DeviceEvent):
    """A driver saw its own health change (port gone, sensor tripped).

    The device manager checks the device's ``status()`` at once instead of at its
    next poll; the event itself is not passed on to listeners.
    """


EventSink = Callable[[DeviceEvent], None]


class Device(ABC):
    """Base class of every driver and simulator."""

    #: Device kind, matching the key under ``[devices]`` in the configuration.
    kind: ClassVar[str] = "device"

    def __init__(self, name: str | None = None) -> None:
        self.name = name or self.kind
        self._sink: EventSink | None = None
        self._sink_lock = threading.Lock()

    def set_event_sink(self, sink: EventSink | None) -> None:
        with self._sink_lock:
            self._sink = sink

    def emit(self, event: DeviceEvent) -> None:
        """Deliver an event to whoever listens (the device manager)."""
        with self._sink_lock:
            sink = self._sink
        if sink is not None:
            sink(event)

    @abstractmethod
    def open(self) -> None:
        """Acquire the device; raise :class:`DeviceError` when that fails."""

    @abstractmethod
    def close(self) -> None:
        """Release the device. Never raises."""

    @abstractmethod
    def status(self) -> Health:
        """Quick health probe."""

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        """Default self-test: the health probe. Drivers override with real checks."""
        try:
            health = self.status()
        except DeviceError as e:
            return SelfTestResult(False, level, e.detail)
        return SelfTestResult(health.usable, level, f"{health.status}: {health.detail}")
