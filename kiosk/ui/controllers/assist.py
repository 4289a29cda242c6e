"""视频帮办: the video-help flow's controller (consent, queue, call, callback), on the UI thread.

The call's media and signalling run in :class:`kiosk.assist.rtc.CallEngine` on its
own thread; its reports come back here as a queued signal and drive the
:class:`~kiosk.assist.call.CallMachine`. The help is an overlay: the session stays
where the resident was, and when the call ends the overlay closes over the same
screen. A session wipe (idle, card pulled, exit) ends the call and forgets it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal

from kiosk.assist.call import CallEvent, CallMachine, CallState, EndReason, EventKind
from kiosk.assist.callback import CallbackNumberInvalid, leave_callback
from kiosk.ui.controllers.base import FlowController, ShellController

if TYPE_CHECKING:
    # aiortc, PyAV, OpenCV and numpy: about 1 s of imports, needed at the first
    # call, not before the first paint (issue 18). Imported where used.
    import numpy as np

    from kiosk.assist.masking import Rect
    from kiosk.assist.media import CameraSource
    from kiosk.assist.rtc import CallEngine, CallPlan
    from kiosk.ui.screen_capture import ScreenCapture

log = logging.getLogger(__name__)

#: What a call needs: aiortc, PyAV, OpenCV (~1 s of imports, +54 MB resident for
#: aiortc alone), loaded only by terminals that place a call.
CALL_MODULES = ("kiosk.assist.settings", "kiosk.assist.rtc", "kiosk.assist.media")


class AssistController(FlowController):
    """Places and ends 视频帮办 calls for the resident; never lets staff drive anything."""

    #: The call machine changed: the overlay re-reads :attr:`machine`.
    changed = Signal()
    #: A message from the staff member (text).
    message = Signal(str)
    #: The callback request: stored (True, "") or refused (False, "invalid" | "failed").
    callback_done = Signal(bool, str)
    _engine_event = Signal(object)

    def __init__(self, shell: ShellController, camera: CameraSource | None = None) -> None:
        super().__init__(shell)
        self.settings = self.config.assist
        self.machine = CallMachine()
        self._camera_override = camera
        self._engine: CallEngine | None = None
        self._capture: ScreenCapture | None = None
        self._window: Any = None  # the main window (a QWidget: controllers never import QtWidgets)
        self._ring = QTimer(self)
        self._ring.setSingleShot(True)
        self._ring.timeout.connect(self._ring_timed_out)
        # A resident talking to staff is not idle: keep the session from timing out.
        self._keepalive = QTimer(self)
        self._keepalive.setInterval(1000)
        self._keepalive.timeout.connect(self._keep_alive)
        self._engine_event.connect(self._on_event)
        shell.wiped.connect(self._on_wiped)

    # --- what the overlay asks -----------------------------------------------------------

    @property
    def available(self) -> bool:
        """True when this terminal is set up for video help."""
        return bool(self.settings.enabled)

    @property
    def engine(self) -> CallEngine | None:
        """The media engine, once a call was placed (tests and the bench read its stats)."""
        return self._engine

    def attach_window(self, window: Any) -> None:
        """The window whose picture is shared (masked) during a call."""
        self._window = window

    def request(self) -> None:
        """The resident tapped 视频帮办: show what staff will see and hear."""
        if self.machine.active:
            return
        self.machine.ask_consent()
        self.changed.emit()
        # While the resident reads the consent text, not on the UI thread at the tap.
        from kiosk.ui.warm_start import preload

        threading.Thread(
            target=preload, args=(CALL_MODULES,), name="call-preload", daemon=True
        ).start()

    def decline(self) -> None:
        """The resident does not want the call after all."""
        if self.machine.state is CallState.CONSENT:
            self.machine.end(EndReason.DECLINED)
            self.machine.wipe()
            self.changed.emit()

    def consent(self) -> None:
        """The resident agreed: place the call."""
        if self.machine.state is not CallState.CONSENT:
            return
        from kiosk.assist.settings import CredentialMissing

        self.machine.consent(uuid.uuid4().hex)
        try:
            plan = self._plan(self.machine.call_id)
        except CredentialMissing as exc:
            log.warning("video help unavailable: %s", exc.detail)
            self.machine.end(EndReason.UNAVAILABLE)
            self.changed.emit()
            return
        self._ensure_engine().place(plan)
        self._ring.start(int(self.settings.ring_timeout_s * 1000))
        self._keepalive.start()
        self.changed.emit()

    def hang_up(self) -> None:
        """The resident hangs up (any time: consent, queue, call)."""
        if self.machine.state is CallState.CONSENT:
            self.decline()
            return
        if not self.machine.in_call:
            return
        if self._engine is not None:
            self._engine.hang_up(EndReason.RESIDENT_HUNG_UP)
        self._ended(EndReason.RESIDENT_HUNG_UP)

    def allow_unmask(self, allowed: bool) -> None:
        """Second consent: personal fields visible to staff for this call only."""
        self.machine.unmask(allowed)
        if self._engine is not None:
            self._engine.set_unmasked(self.machine.unmasked)
        self.changed.emit()

    def submit_callback(self, phone: str) -> None:
        """Store a callback number in the encrypted outbox (off the UI thread)."""
        if self.machine.state is not CallState.CALLBACK:
            return
        submitter = self.terminal.services.get("submitter")
        if submitter is None:
            self.callback_done.emit(False, "failed")
            return
        call_id, service = self.machine.call_id, self.session.data.service_code or ""

        def done(_result: Any, error: BaseException | None) -> None:
            if isinstance(error, CallbackNumberInvalid):
                self.callback_done.emit(False, "invalid")
                return
            if error is not None:
                log.error("callback not stored: %s", getattr(error, "detail", type(error).__name__))
                self.callback_done.emit(False, "failed")
                return
            self.machine.end(EndReason.CALLBACK_LEFT)
            self.changed.emit()
            self.callback_done.emit(True, "")

        self.run_in_background(lambda: leave_callback(submitter, call_id, phone, service), done)

    def skip_callback(self) -> None:
        """No callback wanted: close the offer."""
        if self.machine.state is CallState.CALLBACK:
            self.machine.end(EndReason.NO_ANSWER)
            self.changed.emit()

    def dismiss(self) -> None:
        """The resident read the end message: back to where they were."""
        if self.machine.state is CallState.ENDED:
            self.machine.wipe()
            self.changed.emit()

    def staff_image(self) -> np.ndarray | None:
        """The latest picture of the staff member (small RGB), or None."""
        return self._engine.staff_frame() if self._engine is not None else None

    def shutdown(self) -> None:
        """Stop the media engine (application exit)."""
        if self._engine is not None:
            self._engine.close()
            self._engine = None

    # --- inside ------------------------------------------------------------------------------

    def _plan(self, call_id: str) -> CallPlan:
        from kiosk.assist.rtc import CallPlan
        from kiosk.assist.settings import read_credential, rtc_configuration

        s = self.settings
        path = s.credential_file
        if not path.is_absolute():
            path = self.config.resolved_paths.data_dir / path
        return CallPlan(
            call_id=call_id,
            desk_url=s.signalling_url,
            terminal_id=self.config.kiosk.id,
            credential=read_credential(path),
            rtc=rtc_configuration(s),
            location=s.location or self.config.kiosk.name,
            service=self.session.data.service_code or "",
            width=s.camera_width,
            height=s.camera_height,
            fps=s.fps,
            screen_fps=s.screen_fps,
            screen_max_width=s.screen_max_width,
            connect_timeout_s=s.connect_timeout_s,
            microphone=s.microphone,
            speaker=s.speaker,
        )

    def _ensure_engine(self) -> CallEngine:
        if self._engine is None:
            from kiosk.assist.media import from_camera
            from kiosk.assist.rtc import CallEngine

            camera = self._camera_override
            if camera is None:
                device = self.camera("face_camera")
                camera = from_camera(device) if device is not None else (lambda: None)
            # Emitted on the engine's thread; Qt queues it to this (UI) thread.
            self._engine = CallEngine(camera, self._engine_event.emit)
        return self._engine

    def _push(self, rgb: np.ndarray, rects: list[Rect]) -> None:
        if self._engine is not None:
            self._engine.push_screen(rgb, rects)

    def _on_event(self, event: CallEvent) -> None:
        if not self.machine.apply(event):
            return
        if event.kind is EventKind.ANSWERED:
            self._ring.stop()
            self._start_capture()
        elif event.kind is EventKind.MESSAGE:
            self.message.emit(event.text)
        elif event.kind is EventKind.ENDED:
            self._ended(event.reason or EndReason.PROTOCOL_ERROR)
            return
        self.changed.emit()

    def _start_capture(self) -> None:
        if self._window is None:
            return
        if self._capture is None:
            from kiosk.ui.screen_capture import ScreenCapture

            self._capture = ScreenCapture(self._window, self._push, self.settings.screen_fps, self)
        self._capture.start()

    def _ended(self, reason: EndReason) -> None:
        self._ring.stop()
        self._keepalive.stop()
        if self._capture is not None:
            self._capture.stop()
        self.machine.end(reason)
        self.changed.emit()

    def _ring_timed_out(self) -> None:
        if self.machine.state is CallState.QUEUED:
            self.machine.ring_timed_out()
            if self._engine is not None:
                self._engine.hang_up(EndReason.NO_ANSWER)
            if self._capture is not None:
                self._capture.stop()
            self.changed.emit()

    def _keep_alive(self) -> None:
        if self.machine.in_call or self.machine.state is CallState.CALLBACK:
            self.activity()
        else:
            self._keepalive.stop()

    def _on_wiped(self, _reason: str) -> None:
        if self.machine.in_call and self._engine is not None:
            self._engine.hang_up(EndReason.SESSION_ENDED)
        if self.machine.active:
            self._ended(EndReason.SESSION_ENDED)
        self.machine.wipe()
        self.changed.emit()
