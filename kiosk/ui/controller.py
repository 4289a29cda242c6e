"""The Qt-side controller: drives the session from the UI thread, relays device events.

Screens send intents here (start, back, exit, choose a service, …); the controller
changes the pure-Python :class:`~kiosk.session.Session` and emits signals the main
window listens to. Long operations run on the thread pool; their results come
back as queued signals. The UI thread never waits on a device.
"""

from __future__ import annotations

import glob
import logging
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QObject,
    QRunnable,
    QThreadPool,
    QTimer,
    Signal,
    SignalInstance,
    Slot,
)

from drivers.base import DeviceEvent, Health, SelfTestLevel
from drivers.camera import Camera
from drivers.signature_pad import SerialSignaturePad
from kiosk.admin import PinGuard
from kiosk.catalog import Service
from kiosk.devices import DeviceStatusChanged
from kiosk.diag_tests import frame_with_faces
from kiosk.diagnostics import QueueHistory, export_bundle, platform_report, system_report
from kiosk.identify import UpdateKind, interpret
from kiosk.qt_bridge import QtBridge
from kiosk.rating import RatingLevel
from kiosk.services import Outcome, Plan, PrefilledValue, plan, prefill, steps_for, validate_form
from kiosk.session import EndReason, SessionData, SessionState
from kiosk.submit_flow import failure_result, record_rating, run_submission
from kiosk.terminal import Terminal
from kiosk.ui.i18n import LanguageSwitcher
from kiosk.ui.signature_pad import SignaturePadAdapter
from kiosk.voice import Voice
from kiosk.watchdog import notify_watchdog

log = logging.getLogger(__name__)


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
    identify_update = Signal(object)  # kiosk.identify.IdentifyUpdate
    face_check = Signal(object)  # IdentityDocument whose photo the live face must match
    admin_event = Signal(object)  # a device event while the technician screen is open

    #: How long the identify screen shows the masked identity before moving on.
    IDENTITY_SHOW_MS = 1200

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
        self._identity_device: str | None = None
        self.pin_guard = PinGuard(terminal.config.admin, terminal.audit)
        self.voice = Voice(terminal.config.ui.voice, terminal.config.ui.volume)
        self.queue_history = QueueHistory()
        self.add_event_handler(self._on_identify_event)
        self._pool = QThreadPool.globalInstance()
        self._relays: set[_JobRelay] = set()
        self._ticks = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(tick_ms)

    # --- periodic -----------------------------------------------------------------
    queue_changed = Signal(object, object)  # online: bool | None, depth: int | None

    def _tick(self) -> None:
        self.session.tick()
        self._ticks += 1
        if self._ticks % 8 == 0:  # about every 2 s
            self.refresh_queue_status()
        if self.config.ui.watchdog:
            notify_watchdog()

    # --- device events ---------------------------------------------------------------
    def add_event_handler(self, handler: Callable[[DeviceEvent], bool]) -> None:
        """``handler(event)`` returns True when it consumed the event."""
        self._event_handlers.append(handler)

    def _on_identify_event(self, event: DeviceEvent) -> bool:
        update = interpret(event)
        if update is None:
            return False
        state = self.session.state
        if update.kind == UpdateKind.REMOVED:
            if self.session.data.identity is not None and update.device == self._identity_device:
                self._identity_device = None
                self.session.card_removed()
            self.identify_update.emit(update)
            return True
        if state == SessionState.ATTRACT and update.kind != UpdateKind.REFUSED:
            self.session.start()  # placing a card on the attract screen starts a session
        elif state != SessionState.IDENTIFY:
            # A card arriving mid-session (or on the technician screen) is not used.
            if update.document is not None:
                update.document.wipe()
            return True
        self.identify_update.emit(update)
        if update.kind == UpdateKind.IDENTIFIED and update.document is not None:
            doc = update.document
            self._identity_device = update.device
            if self.face_requested or self.config.face.require_with_card:
                # Face + ID: the identity is accepted only after the live face
                # matches the card photo (the identify screen runs the check).
                self.face_check.emit(doc)
                return True

            def accept() -> None:
                if (
                    self.session.state == SessionState.IDENTIFY
                    and self.session.data.identity is None
                ):
                    self.session.identified(doc)
                else:
                    doc.wipe()

            QTimer.singleShot(self.IDENTITY_SHOW_MS, accept)
        return True

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
    def run_in_background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any, BaseException | None], None],
        busy: bool = True,
    ) -> None:
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

    # --- intents from screens -------------------------------------------------------------
    def activity(self) -> None:
        self.session.touch()

    def start(self) -> None:
        self.face_requested = False
        self.session.start()

    def back(self) -> None:
        self.session.back()

    def exit(self) -> None:
        self.session.end(EndReason.EXIT)

    def goodbye_done(self) -> None:
        self.session.finish_goodbye()

    # --- the service flow ---------------------------------------------------------------
    preferred_category: str | None = None
    online: bool = True
    #: The resident chose 刷脸登录: the next card read is followed by a face check.
    face_requested: bool = False

    def accept_identity(self, doc: Any) -> None:
        """The face check passed (or was not needed): the session knows who this is."""
        self.face_requested = False
        if self.session.state == SessionState.IDENTIFY and self.session.data.identity is None:
            self.session.identified(doc)
        else:
            doc.wipe()

    def current_service(self) -> Service | None:
        code = self.session.data.service_code
        catalog = self.terminal.catalog
        if code is None or catalog is None:
            return None
        try:
            return catalog.get(code)
        except KeyError:
            return None

    def choose_service(self, code: str) -> None:
        catalog = self.terminal.catalog
        if catalog is None:
            return
        service = catalog.get(code)
        identity = self.session.data.identity
        # Identity fields at once; the e-licence lookup is an HTTP call, so it runs on
        # the pool while the resident reads the guide and replaces these when it lands.
        self._prefill_cache = (code, prefill(service, identity, None))
        licences = self.terminal.services.get("licences")
        if licences is not None and any(
            f.prefill and f.prefill.startswith("licence.") for f in service.form
        ):

            def done(values: Any, error: BaseException | None) -> None:
                if error is None and self.session.data.service_code == code:
                    self._prefill_cache = (code, values)

            self.run_in_background(lambda: prefill(service, identity, licences), done, busy=False)
        self.session.choose_service(code, steps_for(service))

    def offline_block_reason(self, service: Service) -> str | None:
        """Why this service cannot be done now (offline and not offline-capable)."""
        if self.online or service.offline_ok:
            return None
        if service.mode == "query":
            return self.tr("网络暂不可用，查询类事项请稍后再试或到窗口办理。")
        return self.tr(
            "网络暂不可用，本事项需要联网办理。可办理其他标有“离线可办”的事项，或到窗口办理。"
        )

    def prefilled_values(self) -> dict[str, PrefilledValue]:
        """The form's prefilled values (never blocks: see :meth:`choose_service`)."""
        service = self.current_service()
        if service is None or self._prefill_cache is None:
            return {}
        code, values = self._prefill_cache
        return values if code == service.code else {}

    _prefill_cache: tuple[str, dict[str, PrefilledValue]] | None = None

    def next_step(self) -> None:
        self.session.next()

    def submit_form(self, values: dict[str, str]) -> dict[str, str]:
        """Validate the form; on success store it and move on. Returns field errors."""
        service = self.current_service()
        if service is None:
            return {}
        errors = validate_form(service, values)
        if not errors:
            self.session.data.form_values.clear()
            self.session.data.form_values.update(values)
            self.session.next()
        return errors

    def current_plan(self) -> Plan:
        service = self.current_service()
        assert service is not None
        return plan(service, self.session.data.identity, self.session.data.form_values, self.online)

    def confirm_submit(self) -> None:
        service = self.current_service()
        if service is None:
            return
        decided = self.current_plan()
        if decided.outcome == Outcome.REFUSED:
            return
        self.session.next()  # → SUBMIT
        submitter = self.terminal.services.get("submitter")
        data = self.session.data

        def work() -> Any:
            return run_submission(submitter, self.terminal, service, data, decided)

        def done(result: Any, error: BaseException | None) -> None:
            if self.session.state != SessionState.SUBMIT:
                return  # the session ended meanwhile (cannot happen: no exit on submit)
            if error is not None:
                log.error("submission failed: %s", error)
                result = failure_result(error)
            data.result = result
            data.acceptance_number = result.acceptance_number
            self.session.next()  # → RESULT

        self.run_in_background(work, done)

    def do_another(self) -> None:
        """After a result: keep the identity, clear the service's data, back to the catalog."""
        data = self.session.data
        for a in data.attachments:
            a.wipe()
        data.attachments.clear()
        data.form_values.clear()
        data.result = None
        self.session.go(SessionState.CATALOG, "another service")

    def rate(self, level: RatingLevel, reasons: list[str]) -> None:
        data = self.session.data
        data.rating = int(level)
        data.rating_reasons[:] = reasons
        submitter = self.terminal.services.get("submitter")
        # Copies: the session is wiped right away, the worker still needs these facts.
        facts = SessionData(
            session_id=data.session_id,
            submission_id=data.submission_id,
            acceptance_number=data.acceptance_number,
        )
        self.run_in_background(
            lambda: record_rating(submitter, self.terminal, facts, level, reasons),
            lambda _r, _e: None,
            busy=False,
        )
        self.session.end(EndReason.COMPLETED)

    # --- technician access ---------------------------------------------------------------
    def admin_gesture(self) -> None:
        """The hidden gesture was made: audit it; the window then asks for the PIN."""
        self.terminal.audit.append("admin_gesture", state=str(self.session.state))

    def enter_admin(self) -> None:
        self.session.enter_admin()  # wipes any resident data first

    def leave_admin(self) -> None:
        self.session.leave_admin()

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

    _status_pending = False

    def _show_queue_status(self, status: Any) -> None:
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

    # --- device work for screens (screens never touch a device themselves) -----------------
    def device_health(self) -> dict[str, Health]:
        return self.terminal.devices.health()

    #: The outbox depth last read by :meth:`refresh_queue_status`.
    last_queue_depth: int | None = None

    def camera(self, name: str) -> Camera | None:
        device = self.terminal.devices.get(name)
        return device if isinstance(device, Camera) else None

    def signature_pad_adapter(self) -> SignaturePadAdapter | None:
        """The serial pad's Qt adapter (None for the on-screen pad), fed by device events."""
        pad = self.terminal.devices.get("signature_pad")
        if not isinstance(pad, SerialSignaturePad):
            return None
        adapter = SignaturePadAdapter(pad, self)
        self.terminal.devices.add_listener(adapter.on_device_event)
        return adapter

    def device_self_test(
        self, name: str, on_done: Callable[[Any, BaseException | None], None]
    ) -> None:
        level = SelfTestLevel.EXTERNAL if "printer" in name else SelfTestLevel.INTERNAL
        devices = self.terminal.devices
        self.run_in_background(lambda: devices.self_test(name, level), on_done, busy=False)

    def camera_test(self, name: str, on_done: Callable[[Any, BaseException | None], None]) -> None:
        """A test picture from a camera; the face camera's with the faces boxed."""
        camera = self.camera(name)

        def work() -> Any:
            if camera is None:
                raise RuntimeError(f"{name} is not available")
            frame = camera.capture_still() if hasattr(camera, "capture_still") else camera.latest()
            if frame is None:
                raise RuntimeError("no frame from the camera")
            if name == "face_camera":
                return frame_with_faces(frame.image)
            return frame.image, -1

        self.run_in_background(work, on_done, busy=False)

    def export_target(self) -> Path:
        """The first mounted USB directory, else ``<data>/exports``."""
        for pattern in self.config.config_packages.usb_mount_globs:
            for candidate in sorted(glob.glob(pattern)):
                p = Path(candidate)
                if p.is_dir() and p.stat().st_dev != Path("/").stat().st_dev:
                    return p
        return self.config.resolved_paths.data_dir / "exports"

    def export_diagnostics(self, on_done: Callable[[Any, BaseException | None], None]) -> None:
        """Write the diagnostic bundle to the USB stick (or the data dir) on the pool."""
        terminal = self.terminal

        def work() -> Path:
            target = self.export_target()
            extra: dict[str, Any] = {
                "queue_depth": self.queue_depth(),
                "queue_history": list(self.queue_history.samples),
                "problems": [asdict(p) for p in terminal.problems],
            }
            return export_bundle(target, terminal.config, terminal.devices, extra)

        self.run_in_background(work, on_done, busy=False)

    def probe_platform(self, on_done: Callable[[Any, BaseException | None], None]) -> None:
        config = self.config
        self.run_in_background(
            lambda: (platform_report(config), system_report(config)), on_done, busy=False
        )

    def queue_depth(self) -> int | None:
        submitter = self.terminal.services.get("submitter")
        depth = getattr(submitter, "depth", None)
        return depth() if callable(depth) else None

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

    @property
    def state(self) -> SessionState:
        return self.session.state

    def shutdown(self) -> None:
        self._timer.stop()
        self.voice.stop()
        self.bridge.detach()
        self._pool.waitForDone(3000)
