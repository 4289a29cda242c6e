"""Qt adapter of the face login: the preview pump on the UI thread, the heavy work on a worker.

:class:`FaceLoginAdapter` lives on the UI thread. A QTimer pulls the camera's
newest frame at the preview rate and hands it, mirrored, to the preview
listeners; when the worker is idle it also puts that frame in the worker's
one-frame mailbox. While the worker is busy, newer frames only go to the
preview: frames are dropped, never queued, so the decision is always made on a
recent frame and the preview stays fluid. The worker (:class:`FaceWorker`, a
thread) drives :class:`kiosk.biometrics.face_flow.FaceLoginFlow`; the models themselves run
in a child process (``FaceConfig.backend_process``) because dlib holds the GIL.

Why per-frame results are polled by the timer rather than emitted as Qt signals:
in PySide6 6.12.0 every Python-side ``Signal.emit()`` drops a reference to
``True`` — after a few thousand emissions the interpreter aborts with
"bool_dealloc: deallocating True or False" (see docs/face-login.md). The timer's
``timeout`` is emitted by C++ and is not affected, so frames and updates travel
through plain callbacks on the UI thread, and only the rare events (ready, speak,
finished) are signals.

QtCore only: the widgets live in ``screens/face_login.py``.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

import cv2
import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from kiosk.biometrics.face import (
    FaceBackend,
    FaceEngineCrashed,
    FaceError,
    FaceVerifier,
    backend_from_config,
    choose_reference_photo,
)
from kiosk.biometrics.face_flow import FaceLoginFlow, FlowUpdate, Phase
from kiosk.config import FaceConfig
from kiosk.identity.document import IdentityDocument, Photo

log = logging.getLogger(__name__)

#: No frame for this long while the login runs = the camera is gone.
CAMERA_LOST_AFTER_S = 3.0


class CameraLike(Protocol):
    """What the adapter needs of a camera (drivers.camera.Camera has it)."""

    def latest(self) -> Any: ...


class OutcomeStatus(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNAVAILABLE = "unavailable"


@dataclass(frozen=True)
class FaceLoginOutcome:
    """How a face login ended. ``message`` is resident-safe Chinese; ``detail`` for logs."""

    status: OutcomeStatus
    message: str
    detail: str = ""
    distance: float | None = None
    attempts_used: int = 0
    document: IdentityDocument | None = None


# --- the worker thread -------------------------------------------------------------


@dataclass(frozen=True)
class _Result:
    """What the worker reports: ("prepared" | "update" | "error", payload, generation)."""

    kind: str
    payload: Any
    generation: int


class FaceWorker:
    """A thread that prepares the reference and processes frames, one at a time.

    Commands (prepare, wipe, stop) are queued in order; frames go to a one-frame
    mailbox that a newer frame overwrites. Results go to :attr:`results`, read by
    the UI thread. ``generation`` tags every job so that results of a cancelled
    login are recognised and ignored.
    """

    def __init__(
        self,
        config: FaceConfig,
        backend_factory: Callable[[FaceConfig], FaceBackend],
        clock: Callable[[], float],
    ) -> None:
        self.config = config
        self._backend_factory = backend_factory
        self._clock = clock
        self._backend: FaceBackend | None = None
        self._flow: FaceLoginFlow | None = None
        self._cond = threading.Condition()
        self._commands: deque[tuple[str, Any, int]] = deque()
        self._frame: tuple[np.ndarray, int] | None = None
        self.results: queue.SimpleQueue[_Result] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="face-worker", daemon=True)
        self._thread.start()

    # --- called from the UI thread ---
    def command(self, name: str, payload: Any = None, generation: int = 0) -> None:
        with self._cond:
            if name == "wipe":
                self._frame = None
            self._commands.append((name, payload, generation))
            self._cond.notify()

    def submit(self, image: np.ndarray, generation: int) -> None:
        """Hand over a frame; an unprocessed older one is dropped."""
        with self._cond:
            self._frame = (image, generation)
            self._cond.notify()

    def stop(self, timeout: float = 10.0) -> None:
        self.command("stop")
        self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    # --- the thread ---
    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._commands and self._frame is None:
                    self._cond.wait()
                if self._commands:
                    name, payload, gen = self._commands.popleft()
                    frame = None
                else:
                    name, payload, gen = "frame", None, 0
                    frame, self._frame = self._frame, None
            if name == "stop":
                self._wipe()
                if self._backend is not None:
                    self._backend.close()
                    self._backend = None
                return
            if name == "wipe":
                self._wipe()
            elif name == "prepare":
                self._prepare(payload, gen)
            elif frame is not None:
                self._process(*frame)

    def _wipe(self) -> None:
        if self._flow is not None:
            self._flow.wipe()
            self._flow = None

    def _prepare(self, photo: Photo, gen: int) -> None:
        try:
            if self._backend is None:
                self._backend = self._backend_factory(self.config)
            verifier = FaceVerifier(self.config, self._backend)
            reference = verifier.load_reference(photo)
            self._flow = FaceLoginFlow(verifier, reference, self._clock())
        except FaceError as e:
            self._drop_dead_backend()
            self.results.put(_Result("error", e, gen))
            return
        except Exception as e:  # a bug or OS error must end the login, not the thread
            log.exception("face engine could not be prepared")
            self._drop_dead_backend()
            self.results.put(_Result("error", FaceEngineCrashed(f"cannot start: {e!r}"), gen))
            return
        self.results.put(_Result("prepared", None, gen))

    def _process(self, image: np.ndarray, gen: int) -> None:
        flow = self._flow
        if flow is None:
            return
        try:
            update = flow.process(image, self._clock())
        except FaceError as e:
            self._drop_dead_backend()
            self.results.put(_Result("error", e, gen))
            return
        except Exception as e:
            log.exception("face engine failed on a frame")
            self.results.put(_Result("error", FaceEngineCrashed(f"frame failed: {e!r}"), gen))
            return
        self.results.put(_Result("update", update, gen))

    def _drop_dead_backend(self) -> None:
        if self._backend is not None and not getattr(self._backend, "alive", True):
            self._backend.close()
            self._backend = None


# --- the adapter -----------------------------------------------------------------------

PreviewListener = Callable[[np.ndarray], None]
UpdateListener = Callable[[FlowUpdate], None]


class FaceLoginAdapter(QObject):
    """The face login as the screen sees it.

    Rare events are signals: :attr:`ready`, :attr:`speak`, :attr:`finished`. Per
    frame, listeners added with :meth:`add_preview_listener` get the mirrored RGB
    frame and those added with :meth:`add_update_listener` get each
    :class:`FlowUpdate` — both called on the UI thread.
    """

    #: The reference photo is encoded: the resident may look at the camera.
    ready = Signal()
    #: Text to speak (the shell connects it to the voice prompts).
    speak = Signal(str)
    #: The login ended (FaceLoginOutcome), whatever the reason.
    finished = Signal(object)

    def __init__(
        self,
        camera: CameraLike,
        config: FaceConfig,
        backend_factory: Callable[[FaceConfig], FaceBackend] = backend_from_config,
        preview_fps: int = 30,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.camera = camera
        self.config = config
        self._clock = clock
        self._worker = FaceWorker(config, backend_factory, clock)
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(1000 / preview_fps)))
        self._timer.timeout.connect(self._tick)
        self._preview_listeners: list[PreviewListener] = []
        self._update_listeners: list[UpdateListener] = []
        self._generation = 0
        self._running = False
        self._shut_down = False
        self._ready = False
        self._busy = False
        self._last_seq = -1
        self._last_frame_at = 0.0
        self._last_instruction = ""
        self._document: IdentityDocument | None = None
        #: Counters for benchmarks and tests (frames shown / processed / dropped).
        self.frames_previewed = 0
        self.frames_processed = 0
        self.frames_dropped = 0

    # --- listeners ------------------------------------------------------------------
    def add_preview_listener(self, listener: PreviewListener) -> None:
        self._preview_listeners.append(listener)

    def add_update_listener(self, listener: UpdateListener) -> None:
        self._update_listeners.append(listener)

    # --- intents --------------------------------------------------------------------
    def start(self, document: IdentityDocument | None, licence_photo: Photo | None = None) -> None:
        """Begin a face login for ``document`` (its photo, else the licence photo)."""
        if self._shut_down:
            raise RuntimeError("face login adapter was shut down")
        self._generation += 1
        self._busy = self._ready = False
        self._last_seq = -1
        self._last_instruction = ""
        self.frames_previewed = self.frames_processed = self.frames_dropped = 0
        try:
            photo = choose_reference_photo(document, licence_photo)
        except FaceError as e:
            self._running = True
            self._finish(OutcomeStatus.UNAVAILABLE, e.resident_message, e.detail)
            return
        self._document = document
        self._running = True
        self._last_frame_at = self._clock()
        self._say("请稍候，正在准备人脸核验")
        self._timer.start()
        self._worker.command("prepare", photo, self._generation)

    def cancel(self) -> None:
        """The resident pressed cancel / chose another way."""
        if self._running:
            self._finish(OutcomeStatus.CANCELLED, "已取消刷脸登录", "cancelled by resident")

    def shutdown(self) -> None:
        """Stop everything: the timer, the worker thread and the engine (application exit)."""
        if self._shut_down:
            return
        self._timer.stop()
        self._running = False
        self._shut_down = True
        self._worker.stop()

    @property
    def running(self) -> bool:
        return self._running

    # --- the pump (UI thread) --------------------------------------------------------
    @Slot()
    def _tick(self) -> None:
        self._drain_results()
        if not self._running:
            return
        frame = self.camera.latest()
        now = self._clock()
        if frame is None or frame.seq == self._last_seq:
            if now - self._last_frame_at > CAMERA_LOST_AFTER_S:
                self._finish(
                    OutcomeStatus.FAILED,
                    "摄像头暂时无法使用，请使用其他方式登录",
                    "no camera frame for 3 s",
                )
            return
        self._last_seq = frame.seq
        self._last_frame_at = now
        if self._preview_listeners:
            # Mirrored: residents expect to see themselves as in a mirror.
            mirrored = cv2.flip(cv2.cvtColor(frame.image, cv2.COLOR_BGR2RGB), 1)
            for listener in self._preview_listeners:
                listener(mirrored)
        self.frames_previewed += 1
        if not self._ready:
            return
        if self._busy:
            self.frames_dropped += 1
            return
        self._busy = True
        self._worker.submit(frame.image, self._generation)

    def _drain_results(self) -> None:
        while True:
            try:
                result = self._worker.results.get_nowait()
            except queue.Empty:
                return
            if result.generation != self._generation or not self._running:
                continue  # from a login that already ended
            if result.kind == "prepared":
                self._ready = True
                self.ready.emit()
                self._say("请正对摄像头")
            elif result.kind == "update":
                self._busy = False
                self._on_update(result.payload)
            else:
                self._busy = False
                error: FaceError = result.payload
                status = OutcomeStatus.FAILED if self._ready else OutcomeStatus.UNAVAILABLE
                log.warning("face login: %s", error.detail)
                self._finish(status, error.resident_message, error.detail)

    def _on_update(self, update: FlowUpdate) -> None:
        self.frames_processed += 1
        for listener in self._update_listeners:
            listener(update)
        self._say(update.instruction)
        if update.phase == Phase.SUCCEEDED:
            self._finish(OutcomeStatus.SUCCEEDED, "核验通过", "match and liveness passed", update)
        elif update.phase == Phase.FAILED:
            self._finish(OutcomeStatus.FAILED, update.instruction, str(update.fail_reason), update)

    def _say(self, text: str) -> None:
        if text and text != self._last_instruction:
            self._last_instruction = text
            self.speak.emit(text)

    def _finish(
        self,
        status: OutcomeStatus,
        message: str,
        detail: str,
        update: FlowUpdate | None = None,
    ) -> None:
        self._timer.stop()
        self._running = False
        self._ready = False
        self._worker.command("wipe", None, self._generation)  # zero the reference encoding
        outcome = FaceLoginOutcome(
            status,
            message,
            detail,
            distance=update.distance if update else None,
            attempts_used=update.attempt if update else 0,
            document=self._document if status == OutcomeStatus.SUCCEEDED else None,
        )
        self._document = None
        log.info("face login finished: %s (%s)", status, detail)
        if status != OutcomeStatus.SUCCEEDED:
            self._say(message)
        self.finished.emit(outcome)
