"""The Qt-side controller: drives the session from the UI thread, relays device events.

Screens send intents here (start, back, exit, choose a service, …); the controller
changes the pure-Python :class:`~kiosk.session.Session` and emits signals the main
window listens to. Long operations run on the thread pool; their results come
back as queued signals. The UI thread never waits on a device.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from drivers.base import DeviceEvent
from kiosk.devices import DeviceStatusChanged
from kiosk.qt_bridge import QtBridge
from kiosk.session import EndReason, SessionState
from kiosk.terminal import Terminal
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.watchdog import notify_watchdog

log = logging.getLogger(__name__)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Signal) -> None:
        super().__init__()
        self.fn = fn
        self.done = done

    def run(self) -> None:
        try:
            result: Any = self.fn()
            error: BaseException | None = None
        except BaseException as e:  # reported back to the UI thread, never lost
            result, error = None, e
        self.done.emit((result, error))


class _JobRelay(QObject):
    finished = Signal(object)


class UiController(QObject):
    """Glue between the session, the devices and the screens (UI thread only)."""

    state_changed = Signal(str, str)  # old, new
    idle_warning = Signal(float)
    idle_cleared = Signal()
    wiped = Signal(str)
    device_status = Signal(object)  # DeviceStatusChanged
    device_event = Signal(object)  # other DeviceEvent
    elderly_changed = Signal(bool)
    notice = Signal(str)  # a short message for the resident (toast)

    def __init__(self, terminal: Terminal, tick_ms: int = 250) -> None:
        super().__init__()
        self.terminal = terminal
        self.session = terminal.session
        self.config = terminal.config
        self.elderly = terminal.config.ui.elderly_mode
        self.language = LanguageSwitcher()
        self.bridge = QtBridge(terminal.devices, self)
        self.bridge.device_status.connect(self._on_device_status)
        self.bridge.device_event.connect(self._on_device_event)
        self.session.on_state_changed(lambda a, b, r: self.state_changed.emit(str(a), str(b)))
        self.session.on_idle_warning(self.idle_warning.emit)
        self.session.on_idle_warning_cleared(self.idle_cleared.emit)
        self.session.on_wiped(lambda reason: self.wiped.emit(str(reason)))
        self._event_handlers: list[Callable[[DeviceEvent], bool]] = []
        self._pool = QThreadPool.globalInstance()
        self._relays: set[_JobRelay] = set()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(tick_ms)

    # --- periodic -----------------------------------------------------------------
    def _tick(self) -> None:
        self.session.tick()
        if self.config.ui.watchdog:
            notify_watchdog()

    # --- device events ---------------------------------------------------------------
    def add_event_handler(self, handler: Callable[[DeviceEvent], bool]) -> None:
        """``handler(event)`` returns True when it consumed the event."""
        self._event_handlers.append(handler)

    def _on_device_status(self, event: DeviceStatusChanged) -> None:
        if not event.health.usable:
            self.terminal.audit.append(
                "device_fault",
                device=event.device,
                status=str(event.health.status),
                detail=event.health.detail,
            )
        self.device_status.emit(event)

    def _on_device_event(self, event: DeviceEvent) -> None:
        for handler in list(self._event_handlers):
            try:
                if handler(event):
                    return
            except Exception:
                log.exception("device event handler failed for %s", type(event).__name__)
        self.device_event.emit(event)

    # --- background work ----------------------------------------------------------------
    def run_in_background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any, BaseException | None], None],
        busy: bool = True,
    ) -> None:
        """Run ``fn`` on the thread pool; ``on_done(result, error)`` on the UI thread.

        With ``busy`` the session's idle timer pauses meanwhile (bounded).
        """
        relay = _JobRelay()
        self._relays.add(relay)
        if busy:
            self.session.begin_busy()

        def finished(payload: tuple[Any, BaseException | None]) -> None:
            self._relays.discard(relay)
            if busy:
                self.session.end_busy()
            on_done(*payload)

        relay.finished.connect(finished)
        self._pool.start(_Job(fn, relay.finished))

    # --- intents from screens -------------------------------------------------------------
    def activity(self) -> None:
        self.session.touch()

    def start(self) -> None:
        self.session.start()

    def back(self) -> None:
        self.session.back()

    def exit(self) -> None:
        self.session.end(EndReason.EXIT)

    def goodbye_done(self) -> None:
        self.session.finish_goodbye()

    def set_elderly(self, on: bool) -> None:
        if on != self.elderly:
            self.elderly = on
            self.elderly_changed.emit(on)

    def set_language(self, lang: str) -> bool:
        return self.language.set_language(lang)

    @property
    def state(self) -> SessionState:
        return self.session.state

    def shutdown(self) -> None:
        self._timer.stop()
        self.bridge.detach()
        self._pool.waitForDone(3000)
