"""Device manager: builds configured devices, supervises their health, relays events.

Health supervision follows the rule VxSuite and Odoo's IoT box learned the hard
way: a grace period after start-up, a device declared FAULT only after N
consecutive failures (no flapping, no double prints), then closed and reopened
with exponential backoff, and back to OK by itself when it answers again.

Each device has its own supervisor thread, so a device that blocks in ``status()``
delays nobody else. The decision logic lives in :class:`HealthTracker`, which is
pure and driven by an explicit ``now`` so that tests run it with a fake clock.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from drivers.base import (
    Device,
    DeviceError,
    DeviceEvent,
    DeviceStatus,
    Health,
    HealthChanged,
    SelfTestLevel,
    SelfTestResult,
)
from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.config import HealthConfig, KioskConfig
from kiosk.devices.registry import BUILTIN_DRIVERS

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeviceStatusChanged(DeviceEvent):
    """Published whenever a device's *reported* (debounced) health changes."""

    health: Health = field(default_factory=lambda: Health(DeviceStatus.ABSENT, "not started"))
    previous: Health | None = None


class Phase(StrEnum):
    """Where the supervisor is with a device (what diagnostics shows besides status)."""

    STARTING = "starting"
    RUNNING = "running"
    REOPENING = "reopening"
    STOPPED = "stopped"


@dataclass
class HealthTracker:
    """Debounces raw observations into a reported health (pure logic, no threads)."""

    config: HealthConfig
    started_at: float
    reported: Health = field(default_factory=lambda: Health(DeviceStatus.ABSENT, "starting"))
    failures: int = 0
    phase: Phase = Phase.STARTING
    next_reopen_at: float = 0.0
    backoff_s: float = 0.0

    def in_grace(self, now: float) -> bool:
        return now - self.started_at < self.config.grace_period_s

    def observe(self, now: float, health: Health) -> bool:
        """Record one observation. Returns True when the device must be reopened."""
        if health.usable:
            self.failures = 0
            self.backoff_s = 0.0
            self.phase = Phase.RUNNING
            self.reported = health
            return False
        self.failures += 1
        if health.definite and health.status != DeviceStatus.ABSENT:
            # A definite sensor reading (paper out, cover open) is not debounced: the
            # resident must not be sent to a printer without paper. The device
            # answered, so it stays open; it is OK again as soon as it says so.
            self.phase = Phase.RUNNING
            self.reported = health
            return False
        if health.definite:
            # The port or the device's process is gone: FAULT/ABSENT at once, reopen.
            self.failures = max(self.failures, self.config.failures_before_fault)
        elif self.in_grace(now) and self.phase == Phase.STARTING:
            # Still starting: show why, but do not declare FAULT yet.
            self.reported = Health(self.reported.status, f"starting: {health.detail}")
            return False
        if self.failures >= self.config.failures_before_fault:
            self.reported = health
            self.phase = Phase.REOPENING
            self.backoff_s = (
                self.config.reopen_backoff_initial_s
                if self.backoff_s == 0
                else min(self.backoff_s * 2, self.config.reopen_backoff_max_s)
            )
            self.next_reopen_at = now + self.backoff_s
            return True
        return False


DeviceFactory = Callable[["DeviceContext"], Device]

#: (kind, driver) → "module:function" building the device. Imports are lazy so
#: that start-up only pays for the drivers actually configured.
#: (kind, driver) → ``"module:function"``: the built-in table plus what was registered.
DRIVER_REGISTRY: dict[tuple[str, str], str] = dict(BUILTIN_DRIVERS)


def register_driver(kind: str, driver: str, target: str) -> None:
    """Register ``"module:function"`` as the factory of ``driver`` for ``kind``."""
    DRIVER_REGISTRY[(kind, driver)] = target


def known_drivers(kind: str) -> list[str]:
    return sorted(d for k, d in DRIVER_REGISTRY if k == kind)


@dataclass
class DeviceContext:
    """What a factory gets: the device's name, its settings and the whole config."""

    name: str
    settings: Any
    config: KioskConfig
    #: Shared objects a demo needs between devices (e.g. a simulator's control).
    extras: dict[str, Any] = field(default_factory=dict)


class UnavailableDevice(Device):
    """Stands in for a device that could not be built (unknown driver, bad settings)."""

    kind = "unavailable"

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name)
        self.reason = reason

    def open(self) -> None:
        raise DeviceError(self.reason)

    def close(self) -> None:
        pass

    def status(self) -> Health:
        return Health(DeviceStatus.FAULT, self.reason)


class DeviceSlot:
    """One configured device and its supervisor thread."""

    def __init__(
        self,
        name: str,
        device: Device,
        health_config: HealthConfig,
        publish: Callable[[DeviceEvent], None],
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.name = name
        self.device = device
        self.clock = clock
        self.tracker = HealthTracker(health_config, started_at=clock.monotonic())
        self._publish = publish
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._opened = False
        self.io_lock = threading.RLock()

    @property
    def health(self) -> Health:
        return self.tracker.reported

    def _set_reported(self, before: Health) -> None:
        after = self.tracker.reported
        if after != before:
            level = logging.WARNING if not after.usable else logging.INFO
            log.log(
                level,
                "device %s: %s → %s (%s)",
                self.name,
                before.status,
                after.status,
                after.detail,
                extra={"device": self.name, "status": str(after.status)},
            )
            self._publish(DeviceStatusChanged(self.name, after, before))

    def step(self) -> None:
        """One supervision step: open if needed, probe, debounce, maybe reopen."""
        now = self.clock.monotonic()
        before = self.tracker.reported
        if self.tracker.phase == Phase.REOPENING and now < self.tracker.next_reopen_at:
            return
        if not self._opened:
            try:
                with self.io_lock:
                    self.device.open()
                self._opened = True
            except DeviceError as e:
                self.tracker.observe(now, Health(e.status, e.detail))
                self._set_reported(before)
                return
            except Exception as e:  # a driver bug must not kill supervision
                log.exception("device %s: open crashed", self.name)
                self.tracker.observe(now, Health(DeviceStatus.FAULT, f"open crashed: {e!r}"))
                self._set_reported(before)
                return
        try:
            health = self.device.status()
        except DeviceError as e:
            health = Health(e.status, e.detail)
        except Exception as e:
            log.exception("device %s: status crashed", self.name)
            health = Health(DeviceStatus.FAULT, f"status crashed: {e!r}")
        if self.tracker.observe(now, health):
            self._close_device()
        self._set_reported(before)

    def _close_device(self) -> None:
        try:
            with self.io_lock:
                self.device.close()
        except Exception:
            log.exception("device %s: close raised (contract says it must not)", self.name)
        self._opened = False

    def start(self, poll_interval_s: float) -> None:
        def run() -> None:
            while not self._stop.is_set():
                self.step()
                wait = poll_interval_s
                if self.tracker.phase == Phase.REOPENING:
                    wait = max(0.01, self.tracker.next_reopen_at - self.clock.monotonic())
                elif self.tracker.phase == Phase.STARTING:
                    wait = min(poll_interval_s, 0.5)
                self._wake.wait(wait)
                self._wake.clear()

        self._thread = threading.Thread(target=run, name=f"device-{self.name}", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """Ask for an immediate health check (e.g. after an operation failed)."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._close_device()
        self.tracker.phase = Phase.STOPPED


class DeviceManager:
    """Builds every configured device and supervises it.

    Listeners receive every :class:`DeviceEvent` (status changes and the devices'
    own events) on device threads; the Qt bridge turns them into queued signals.
    """

    def __init__(self, config: KioskConfig, clock: Clock = SYSTEM_CLOCK) -> None:
        self.config = config
        self.clock = clock
        self.slots: dict[str, DeviceSlot] = {}
        self._listeners: list[Callable[[DeviceEvent], None]] = []
        self._listeners_lock = threading.Lock()
        self.extras: dict[str, Any] = {}

    # --- events --------------------------------------------------------------
    def add_listener(self, listener: Callable[[DeviceEvent], None]) -> None:
        with self._listeners_lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Callable[[DeviceEvent], None]) -> None:
        with self._listeners_lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def _dispatch(self, name: str, event: DeviceEvent) -> None:
        if not event.device:
            object.__setattr__(event, "device", name)
        with self._listeners_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                log.exception("device event listener failed")

    # --- building ------------------------------------------------------------
    def build(self, only: list[str] | None = None) -> None:
        """Build every enabled device from config (or only the named ones)."""
        devices_cfg = self.config.devices
        for name in type(devices_cfg).model_fields:
            if only is not None and name not in only:
                continue
            settings = getattr(devices_cfg, name)
            if not settings.enabled:
                continue
            device = self._build_one(name, settings)
            self.add_device(name, device)

    def _build_one(self, name: str, settings: Any) -> Device:
        key = (name, settings.driver)
        target = DRIVER_REGISTRY.get(key)
        if target is None:
            known = ", ".join(known_drivers(name)) or "none"
            reason = f"unknown driver '{settings.driver}' for {name} (known: {known})"
            log.error("device %s: %s", name, reason)
            return UnavailableDevice(name, reason)
        module_name, _, func_name = target.partition(":")
        try:
            factory: DeviceFactory = getattr(importlib.import_module(module_name), func_name)
            return factory(DeviceContext(name, settings, self.config, self.extras))
        except DeviceError as e:
            log.error("device %s: cannot be built: %s", name, e.detail)
            return UnavailableDevice(name, e.detail)
        except Exception as e:
            log.exception("device %s: factory %s crashed", name, target)
            return UnavailableDevice(name, f"driver {settings.driver} failed to load: {e!r}")

    def add_device(self, name: str, device: Device) -> DeviceSlot:
        def publish(event: DeviceEvent) -> None:
            self._dispatch(name, event)

        def sink(event: DeviceEvent) -> None:
            if isinstance(event, HealthChanged):
                slot.poke()  # the driver knows its health changed: check it now
                return
            publish(event)

        slot = DeviceSlot(name, device, self.config.health, publish, self.clock)
        device.set_event_sink(sink)
        self.slots[name] = slot
        return slot

    # --- running -------------------------------------------------------------
    def start(self) -> None:
        for slot in self.slots.values():
            slot.start(self.config.health.poll_interval_s)

    #: Simulators the ``sim`` factories start and keep in :attr:`extras`; they end with
    #: the devices (a stopped terminal leaves no emulator thread, pty or socket behind).
    SIMULATORS = (
        "idcard_emulator",
        "qr_emulator",
        "locker_sim",
    )

    def stop(self) -> None:
        for slot in self.slots.values():
            slot.stop()
        for key in self.SIMULATORS:
            sim = self.extras.get(key)  # kept: tests and the demo panel read it after
            end = getattr(sim, "stop", None) or getattr(sim, "close", None)
            if callable(end):
                try:
                    end()
                except Exception:
                    log.exception("simulator %s did not stop cleanly", key)

    def get(self, name: str) -> Device | None:
        slot = self.slots.get(name)
        return slot.device if slot else None

    def health(self) -> dict[str, Health]:
        return {name: slot.health for name, slot in self.slots.items()}

    def any_fault(self) -> bool:
        return any(not h.usable for h in self.health().values())

    def self_test(self, name: str, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        slot = self.slots[name]
        try:
            with slot.io_lock:
                return slot.device.self_test(level)
        except DeviceError as e:
            return SelfTestResult(False, level, e.detail)
        except Exception as e:
            log.exception("self-test of %s crashed", name)
            return SelfTestResult(False, level, f"self-test crashed: {e!r}")
