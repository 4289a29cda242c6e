"""What every flow controller shares: the session shell and background jobs.

The :class:`ShellController` owns what is the terminal's, not a flow's: the session's
signals, the periodic tick, the device-event bridge, background jobs, network and
outbox status, elderly mode, language and voice. Each flow controller
(:class:`FlowController` subclasses) holds one flow's intents and state and reaches
the shared parts through its shell. Screens send intents to their own flow's
controller only; the main window talks to the shell.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, SignalInstance, Slot

from drivers.base import DeviceEvent
from drivers.camera import Camera
from kiosk.app.terminal import Terminal
from kiosk.app.watchdog import notify_watchdog
from kiosk.config import KioskConfig
from kiosk.devices.manager import DeviceStatusChanged
from kiosk.ops.diagnostics import QueueHistory
from kiosk.session.machine import EndReason, Session, SessionState
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.qt_bridge import QtBridge
from kiosk.voice import Voice

log = logging.getLogger(__name__)

#: ``on_done(result, error)``: how a background job reports back on the UI thread.
Done = Callable[[Any, BaseException | None], None]


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: SignalInstance) -> None:
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
    """Lives on the UI thread; the worker emits ``finished`` and Qt queues the call.

    The result is delivered through a method of this QObject (not a closure), so
    the receiver's thread affinity is unambiguous: a closure connected across
    threads has crashed PySide6 here before.
    """

    finished = Signal(object)

    def __init__(self, callback: Callable[[tuple[Any, BaseException | None]], None]) -> None:
        super().__init__()
        self._callback = callback
        self.finished.connect(self._deliver)

    @Slot(object)
    def _deliver(self, payload: tuple[Any, BaseException | None]) -> None:
        self._callback(payload)


class ShellController(QObject):
    """The session shell shared by every flow (UI thread only)."""

    state_changed = Signal(str, str)  # old, new
    idle_warning = Signal(float)
    idle_cleared = Signal()
    wiped = Signal(str)
    device_status = Signal(object)  # DeviceStatusChanged
    device_event = Signal(object)  # a DeviceEvent no flow consumed
    admin_event = Signal(object)  # a device event while the technician screen is open
    elderly_changed = Signal(bool)
    notice = Signal(str)  # a short message for the resident (toast)
    queue_changed = Signal(object, object)  # online: bool | None, depth: int | None
    #: The identity card was lifted mid-session: whole seconds left before the
    #: session ends (counting down once a second), ``None`` when the card is back
    #: or the session is over. The screens show "请勿取走证件" with it.
    card_grace = Signal(object)
    stopping = Signal()  # the UI is shutting down: hooks on the application come off

    def __init__(self, terminal: Terminal, tick_ms: int = 250) -> None:
        super().__init__()
        self.terminal = terminal
        self.session: Session = terminal.session
        self.config: KioskConfig = terminal.config
        self.elderly = terminal.config.ui.elderly_mode
        self.language = LanguageSwitcher()
        self.voice = Voice(terminal.config.ui.voice, terminal.config.ui.volume)
        self.queue_history = QueueHistory()
        #: Whether the platform is reachable, as last learnt (status bar, offline rules).
        self.online = True
        #: The category tapped on the attract screen, opened first by the catalog.
        self.preferred_category: str | None = None
        #: The outbox depth last read by :meth:`refresh_queue_status`.
        self.last_queue_depth: int | None = None
        self.bridge = QtBridge(terminal.devices, self)
        self.bridge.device_status.connect(self._on_device_status)
        self.bridge.device_event.connect(self._on_device_event)
        self.session.on_state_changed(lambda a, b, r: self.state_changed.emit(str(a), str(b)))
        self.state_changed.connect(self._trim_after_wipe)
        self.session.on_idle_warning(self.idle_warning.emit)
        self.session.on_idle_warning_cleared(self.idle_cleared.emit)
        self.session.on_wiped(lambda reason: self.wiped.emit(str(reason)))
        self._grace_shown: int | None = None
        self.session.on_card_grace(self._on_card_grace)
        self._event_handlers: list[Callable[[DeviceEvent], bool]] = []
        self._pool = QThreadPool.globalInstance()
        self._relays: set[_JobRelay] = set()
        self._status_pending = False
        self._maintaining = False
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(tick_ms)
        demo = [p for p in terminal.problems if p.what == "demo"]
        if demo:  # said on screen once the window is up (and in the log already)
            QTimer.singleShot(1500, self, self._say_demo)

    # --- periodic -----------------------------------------------------------------
    def _tick(self) -> None:
        self.session.tick()
        left = self.session.card_grace_left
        if left is not None:
            self._on_card_grace(left)
        self._ticks += 1
        self._follow_platform_probe()
        if self._ticks % 8 == 0:  # about every 2 s
            self.refresh_queue_status()
        if self._ticks % 20 == 0 and not self._maintaining:  # about every 5 s
            self._maintaining = True
            self.run_in_background(self.terminal.maintain, self._maintained, busy=False)
        if self.config.ui.watchdog:
            notify_watchdog()

    def _say_demo(self) -> None:
        self.notice.emit(self.tr("演示模式：设备已替换为模拟器"))

    def _maintained(self, _result: Any, error: BaseException | None) -> None:
        self._maintaining = False
        if error is not None:
            log.error("terminal maintenance failed: %s", error)

    def alerts(self) -> list[str]:
        """Technician alerts (start-up problems, unwritten audit events, damaged outbox,
        spoken prompts nobody can hear)."""
        alerts = self.terminal.alerts()
        if self.voice.enabled and self.voice.last_error:
            alerts = [*alerts, f"voice prompts not heard: {self.voice.last_error}"]
        return alerts

    def service_refusal(self, service: Any) -> str | None:
        """Why ``service`` cannot start now for lack of disk space (resident text), or None."""
        applies = getattr(service, "mode", "apply") != "query"
        if applies and self.terminal.services.get("submitter") is None:
            # No sound outbox (damaged beyond salvage, key trouble): nothing could be
            # stored, so the resident is told now, not after filling in the forms.
            log.warning("service %s refused at start: no outbox", getattr(service, "code", "?"))
            return self.tr("终端暂时无法受理新的申请，请到窗口办理或稍后再试。")
        check = self.terminal.service_space(service)
        if check.ok:
            return None
        log.warning("service %s refused at start: %s", getattr(service, "code", "?"), check.detail)
        return self.tr("终端存储空间不足，暂时无法受理新的申请，请到窗口办理或稍后再试。")

    def _on_card_grace(self, left: float | None) -> None:
        shown = None if left is None else math.ceil(left)
        if shown != self._grace_shown:
            self._grace_shown = shown
            self.card_grace.emit(shown)

    # --- device events ---------------------------------------------------------------
    def add_event_handler(
        self, handler: Callable[[DeviceEvent], bool], first: bool = False
    ) -> None:
        """``handler(event)`` returns True when it consumed the event; ``first`` puts it
        before the others (a flow that needs a card mid-session, e.g. the locker pick-up)."""
        if first:
            self._event_handlers.insert(0, handler)
        else:
            self._event_handlers.append(handler)

    def _on_device_status(self, event: DeviceStatusChanged) -> None:
        if not event.health.usable:
            self.terminal.record(
                "device_fault",
                device=event.device,
                status=str(event.health.status),
                detail=event.health.detail,
            )
        self.device_status.emit(event)

    def _on_device_event(self, event: DeviceEvent) -> None:
        if self.session.state == SessionState.ADMIN:
            # On the technician screen a card or a scan is a device test, never a login.
            self.admin_event.emit(event)
            return
        for handler in list(self._event_handlers):
            try:
                if handler(event):
                    return
            except Exception:
                log.exception("device event handler failed for %s", type(event).__name__)
        self.device_event.emit(event)

    # --- background work ----------------------------------------------------------------
    def run_in_background(self, fn: Callable[[], Any], on_done: Done, busy: bool = True) -> None:
        """Run ``fn`` on the thread pool; ``on_done(result, error)`` on the UI thread.

        With ``busy`` the session's idle timer pauses meanwhile (bounded).
        """
        if busy:
            self.session.begin_busy()

        def finished(payload: tuple[Any, BaseException | None]) -> None:
            self._relays.discard(relay)
            if busy:
                self.session.end_busy()
            on_done(*payload)

        relay = _JobRelay(finished)
        self._relays.add(relay)
        self._pool.start(_Job(fn, relay.finished))

    # --- intents shared by every screen -----------------------------------------------------
    def activity(self) -> None:
        self.session.touch()

    def back(self) -> None:
        self.session.back()

    def exit(self) -> None:
        self.session.end(EndReason.EXIT)

    def goodbye_done(self) -> None:
        self.session.finish_goodbye()

    def admin_gesture(self) -> None:
        """The hidden gesture was made: audit it; the window then asks for the PIN."""
        self.terminal.record("admin_gesture", state=str(self.session.state))

    def enter_admin(self) -> None:
        self.session.enter_admin()  # wipes any resident data first

    def leave_admin(self) -> None:
        self.session.leave_admin()

    @property
    def state(self) -> SessionState:
        return self.session.state

    # --- network and outbox status ------------------------------------------------------------
    def refresh_queue_status(self) -> None:
        """Network and outbox depth for the status bar (read on the pool: disk I/O)."""
        submitter = self.terminal.services.get("submitter")
        if submitter is None:
            self.queue_changed.emit(None, None)
            return
        if self._status_pending:
            return
        self._status_pending = True

        def done(status: Any, error: BaseException | None) -> None:
            self._status_pending = False
            if error is not None:
                log.error("queue status unavailable: %s", error)
            else:
                self._show_queue_status(status)

        self.run_in_background(submitter.status, done, busy=False)

    def _trim_after_wipe(self, old: str, new: str) -> None:
        """Back on the attract screen after a session: give its memory back (issue 18)."""
        if new == str(SessionState.ATTRACT) and old != str(SessionState.ATTRACT):
            from kiosk.allocator import trim_memory

            self.run_in_background(trim_memory, lambda _r, _e: None, busy=False)

    def _follow_platform_probe(self) -> None:
        """The idle platform probe's verdict, on the tick: offline is shown within seconds."""
        probe = self.terminal.services.get("platform_probe")
        verdict = getattr(probe, "online", None)
        if verdict is not None and verdict != self.online:
            self.online = verdict
            self.queue_changed.emit(verdict, self.last_queue_depth)

    def _show_queue_status(self, status: Any) -> None:
        probe = self.terminal.services.get("platform_probe")
        # The probe is the freshest word (it talks every second, idle or not); the
        # sync worker's verdict may be minutes old when nothing was waiting.
        online = getattr(probe, "online", None)
        if online is None:
            online = status.online
        if online is None:
            # The sync worker has not talked to the platform yet (nothing to send):
            # the heartbeat's last answer says whether the platform is reachable.
            hb = self.terminal.services.get("heartbeat")
            if hb is not None and (hb.sent or hb.last_error):
                online = hb.last_error is None
        if online is not None:
            self.online = bool(online)
        self.last_queue_depth = status.pending
        self.queue_history.add(status.pending)
        self.queue_changed.emit(online, status.pending)

    def queue_depth(self) -> int | None:
        submitter = self.terminal.services.get("submitter")
        depth = getattr(submitter, "depth", None)
        return depth() if callable(depth) else None

    # --- devices screens may show (never drive) ------------------------------------------------
    def camera(self, name: str) -> Camera | None:
        device = self.terminal.devices.get(name)
        return device if isinstance(device, Camera) else None

    # --- presentation ---------------------------------------------------------------------
    def set_elderly(self, on: bool) -> None:
        if on != self.elderly:
            self.elderly = on
            self.elderly_changed.emit(on)

    def set_language(self, lang: str) -> bool:
        self.voice.language = lang
        return self.language.set_language(lang)

    def speak(self, text: str) -> None:
        self.voice.say(text)

    def set_voice(self, on: bool) -> None:
        self.voice.enabled = on
        if not on:
            self.voice.stop()

    def shutdown(self) -> None:
        self.stopping.emit()
        self._timer.stop()
        self.voice.stop()
        self.bridge.detach()
        self._pool.waitForDone(3000)


class FlowController(QObject):
    """Base of the per-flow controllers: the shared shell, reached by delegation."""

    def __init__(self, shell: ShellController) -> None:
        super().__init__(shell)
        self.shell = shell

    @property
    def session(self) -> Session:
        return self.shell.session

    @property
    def terminal(self) -> Terminal:
        return self.shell.terminal

    @property
    def config(self) -> KioskConfig:
        return self.shell.config

    @property
    def elderly(self) -> bool:
        return self.shell.elderly

    @property
    def online(self) -> bool:
        return self.shell.online

    @property
    def state(self) -> SessionState:
        return self.shell.session.state

    @property
    def state_changed(self) -> SignalInstance:
        return self.shell.state_changed

    @property
    def notice(self) -> SignalInstance:
        return self.shell.notice

    def activity(self) -> None:
        self.shell.activity()

    def back(self) -> None:
        self.shell.back()

    def exit(self) -> None:
        self.shell.exit()

    def goodbye_done(self) -> None:
        self.shell.goodbye_done()

    def speak(self, text: str) -> None:
        self.shell.speak(text)

    def camera(self, name: str) -> Camera | None:
        return self.shell.camera(name)

    def run_in_background(self, fn: Callable[[], Any], on_done: Done, busy: bool = True) -> None:
        self.shell.run_in_background(fn, on_done, busy)
