"""Qt adapter of the document camera and the scan pipeline (QtCore only, no widgets).

A worker object on its own ``QThread`` polls the camera's newest frame a few
times per second, finds the page outline on a small copy, feeds the auto-capture
logic and, when it is time (or when asked), runs the full pipeline on the
full-resolution frame. Results come back to the UI thread as queued signals; the
UI thread never touches a frame bigger than the preview, nor waits on anything.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QMetaObject, QObject, Qt, QThread, QTimer, Signal, Slot

from drivers.base import DeviceError
from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.config import DocumentCameraConfig
from kiosk.lazy_import import LazyModule
from kiosk.materials.scanning import (
    AutoCapture,
    CaptureDecision,
    CaptureState,
    Image,
    PdfDocument,
    ScanError,
    ScanResult,
    ScanSettings,
    analyse_preview,
    assemble_pdf,
    scan_page,
)

if TYPE_CHECKING:
    import cv2
    import numpy as np
else:  # imported on first use, not at start-up (issue 18)
    cv2 = LazyModule("cv2")
    np = LazyModule("numpy")

log = logging.getLogger(__name__)


class FrameLike(Protocol):
    # Read-only, so that frozen dataclasses (drivers.camera.Frame) match.
    @property
    def image(self) -> np.ndarray: ...

    @property
    def seq(self) -> int: ...


class FrameProvider(Protocol):
    """What the adapter needs of a camera: the newest frame (``DocumentCamera`` has it)."""

    def latest(self) -> FrameLike | None: ...


@dataclass(frozen=True)
class Preview:
    """One live-preview frame for the screen: small RGB pixels and the page outline."""

    rgb: Image  # contiguous H×W×3 RGB, at most ``preview_width`` wide
    corners: np.ndarray | None  # (4, 2) in preview pixels, or None when no page is seen
    decision: CaptureDecision


@dataclass(frozen=True)
class ScannedPage:
    """A page the pipeline produced, with a small RGB thumbnail for the review panel."""

    result: ScanResult
    thumbnail: Image  # contiguous RGB, at most 640 px tall


@dataclass(frozen=True)
class PdfReady:
    key: str
    document: PdfDocument


def _thumbnail(jpeg: bytes, max_height: int = 640) -> Image:
    buf = np.frombuffer(jpeg, dtype=np.uint8)
    img = cv2.imdecode(buf, cv2.IMREAD_REDUCED_COLOR_2)
    if img is None:  # cannot happen for our own encoder's output; keep the UI alive anyway
        return np.zeros((max_height, max_height * 7 // 10, 3), np.uint8)
    scale = min(1.0, max_height / img.shape[0])
    img = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    return np.ascontiguousarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))


class _ScanWorker(QObject):
    preview = Signal(object)  # Preview
    scanned = Signal(object)  # ScannedPage
    failed = Signal(str, str)  # resident message, technician detail
    pdf_ready = Signal(object)  # PdfReady
    camera_lost = Signal(bool)  # True: no frames; False: frames again

    def __init__(
        self,
        camera: FrameProvider,
        settings: ScanSettings,
        auto_capture: AutoCapture,
        preview_fps: float,
        preview_width: int,
    ) -> None:
        super().__init__()
        self.camera = camera
        self.settings = settings
        self.auto = auto_capture
        self.auto_enabled = True
        self.interval_ms = max(20, int(1000 / preview_fps))
        self.preview_width = preview_width
        self._timer: QTimer | None = None
        self._last_seq = -1
        self._missing = 0
        self._lost = False

    @Slot()
    def start(self) -> None:
        if self._timer is None:
            self._timer = QTimer(self)
            self._timer.timeout.connect(self._tick)
        self.auto.reset()
        self._timer.start(self.interval_ms)

    @Slot()
    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.auto.reset()

    @Slot(bool)
    def set_auto(self, enabled: bool) -> None:
        self.auto_enabled = enabled
        self.auto.reset()

    @Slot()
    def rearm(self) -> None:
        """After a retake: the page lying there may be captured again once still."""
        self.auto.reset()

    def _frame(self) -> FrameLike | None:
        try:
            return self.camera.latest()
        except DeviceError as e:
            log.warning("document camera: %s", e.detail)
            return None

    def _set_lost(self, lost: bool) -> None:
        if lost != self._lost:
            self._lost = lost
            self.camera_lost.emit(lost)

    @Slot()
    def _tick(self) -> None:
        frame = self._frame()
        if frame is None:
            self._missing += 1
            if self._missing * self.interval_ms > 2000:
                self._set_lost(True)
            return
        self._missing = 0
        self._set_lost(False)
        if frame.seq == self._last_seq:
            return
        self._last_seq = frame.seq
        image = frame.image
        try:
            step = analyse_preview(image, self.auto, self.preview_width, self.settings)
        except cv2.error as e:  # a malformed frame must not stop the preview
            log.warning("page detection failed: %s", e)
            return
        decision = step.decision
        rgb = np.ascontiguousarray(cv2.cvtColor(step.small, cv2.COLOR_BGR2RGB))
        self.preview.emit(Preview(rgb, step.corners, decision))
        if self.auto_enabled and decision.state == CaptureState.CAPTURE:
            self._scan(image)

    @Slot()
    def capture_now(self) -> None:
        """The manual button: scan the newest frame whatever auto-capture thinks."""
        frame = self._frame()
        if frame is None:
            self.failed.emit(
                "高拍仪暂时没有画面，请稍候再试。", "no frame from the document camera"
            )
            return
        self._scan(frame.image)

    def _scan(self, image: Image) -> None:
        try:
            result = scan_page(image, self.settings)
        except ScanError as e:
            self.failed.emit(e.resident_message, e.detail)
            return
        except cv2.error as e:
            self.failed.emit(ScanError.resident_message, f"OpenCV: {e}")
            return
        self.scanned.emit(ScannedPage(result, _thumbnail(result.jpeg)))

    @Slot(str, object)
    def assemble(self, key: str, pages: Sequence[bytes]) -> None:
        try:
            doc = assemble_pdf(list(pages), title=key)
        except ScanError as e:
            self.failed.emit(e.resident_message, e.detail)
            return
        self.pdf_ready.emit(PdfReady(key, doc))


class ScanAdapter(QObject):
    """The materials screen's handle on the document camera (lives on the UI thread).

    Signals (all delivered on the UI thread): ``preview(Preview)``,
    ``scanned(ScannedPage)``, ``failed(resident_message, detail)``,
    ``pdf_ready(PdfReady)``, ``camera_lost(bool)``.
    """

    preview = Signal(object)
    scanned = Signal(object)
    failed = Signal(str, str)
    pdf_ready = Signal(object)
    camera_lost = Signal(bool)

    _start = Signal()
    _stop = Signal()
    _capture = Signal()
    _rearm = Signal()
    _set_auto = Signal(bool)
    _assemble = Signal(str, object)

    def __init__(
        self,
        camera: FrameProvider,
        settings: ScanSettings | None = None,
        still_time_s: float = 1.0,
        motion_threshold: float = 0.003,
        auto_capture: bool = True,
        preview_fps: float = 8.0,
        preview_width: int = 960,
        clock: Clock = SYSTEM_CLOCK,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("scan-worker")
        self._worker = _ScanWorker(
            camera,
            settings or ScanSettings(),
            AutoCapture(still_time_s, motion_threshold, clock),
            preview_fps,
            preview_width,
        )
        self._worker.auto_enabled = auto_capture
        self._worker.moveToThread(self._thread)
        for src, dst in (
            (self._worker.preview, self.preview),
            (self._worker.scanned, self.scanned),
            (self._worker.failed, self.failed),
            (self._worker.pdf_ready, self.pdf_ready),
            (self._worker.camera_lost, self.camera_lost),
        ):
            src.connect(dst)
        self._start.connect(self._worker.start)
        self._stop.connect(self._worker.stop)
        self._capture.connect(self._worker.capture_now)
        self._rearm.connect(self._worker.rearm)
        self._set_auto.connect(self._worker.set_auto)
        self._assemble.connect(self._worker.assemble)
        self._thread.start()

    @property
    def auto_capture(self) -> bool:
        return self._worker.auto_enabled

    def start(self) -> None:
        """Start the live preview (and auto-capture)."""
        self._start.emit()

    def stop(self) -> None:
        self._stop.emit()

    def capture_now(self) -> None:
        self._capture.emit()

    def rearm(self) -> None:
        self._rearm.emit()

    def set_auto_capture(self, enabled: bool) -> None:
        self._set_auto.emit(enabled)

    def assemble(self, key: str, pages: Sequence[bytes]) -> None:
        """Build one PDF of ``pages`` off the UI thread; ``pdf_ready`` brings it back."""
        self._assemble.emit(key, list(pages))

    def shutdown(self) -> None:
        """Stop the worker thread (call before the adapter is dropped)."""
        if self._thread.isRunning():
            # Stop the worker's timer on its own thread and wait for it (a queued call
            # could still be pending when the thread's event loop quits).
            QMetaObject.invokeMethod(
                self._worker, "stop", Qt.ConnectionType.BlockingQueuedConnection
            )
            self._thread.quit()
            self._thread.wait(5000)


def adapter_from_config(camera: FrameProvider, cfg: DocumentCameraConfig) -> ScanAdapter:
    """An adapter with the document camera's configured pipeline and auto-capture timing."""
    from kiosk.devices.factories.document_camera import scan_settings

    return ScanAdapter(
        camera,
        scan_settings(cfg),
        still_time_s=cfg.still_time_s,
        motion_threshold=cfg.motion_threshold,
        auto_capture=cfg.auto_capture,
    )
