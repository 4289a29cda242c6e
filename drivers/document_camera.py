"""The document camera (高拍仪): a high-resolution UVC camera looking down at a plate.

Capture itself (the source, FOURCC before size, the latest-frame-wins thread,
reconnect with backoff, the file/image-sequence stand-in) is the generic camera
code of :mod:`drivers.camera`; this module adds only what is specific to a
document camera:

* :meth:`DocumentCamera.capture_still` returns a frame taken *after* the request
  (never a stale one from before the resident pressed the button);
* the health probe reports DEGRADED when the camera negotiated a smaller mode than
  configured — the usual symptom of MJPG not being accepted, after which OpenCV
  falls back to YUYV at 1280×720 or less and scans become unreadable;
* the self-test adds the negotiated resolution and FOURCC to the facts.

Page detection, perspective correction and encoding are host-side work
(vendor SDKs do it on the PC too) and live in :mod:`kiosk.materials.scanning`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from drivers.base import DeviceStatus, Health, SelfTestLevel, SelfTestResult
from drivers.camera import (
    Camera,
    CameraTimeout,
    FileSource,
    Frame,
    FrameSource,
    OpenCvSource,
    parse_device,
)


def open_document_source(
    source: str,
    width: int,
    height: int,
    fps: float,
    fourcc: str = "MJPG",
) -> OpenCvSource:
    """A UVC document camera by index (``"1"``) or path (``/dev/video2``)."""
    return OpenCvSource(parse_device(source), width, height, fps=fps, fourcc=fourcc)


class DocumentCamera(Camera):
    """A document camera device over any :class:`~drivers.camera.FrameSource`."""

    kind: ClassVar[str] = "document_camera"

    def __init__(
        self,
        source: FrameSource,
        name: str | None = None,
        expected_size: tuple[int, int] | None = None,
        stale_after_s: float = 3.0,
        reconnect_initial_s: float = 0.5,
        reconnect_max_s: float = 5.0,
        idle_after_s: float | None = None,
        probe_every_s: float = 10.0,
    ) -> None:
        super().__init__(
            source,
            name=name,
            stale_after_s=stale_after_s,
            reconnect_initial_s=reconnect_initial_s,
            reconnect_max_s=reconnect_max_s,
            idle_after_s=idle_after_s,
            probe_every_s=probe_every_s,
        )
        #: What the configuration asks for; only checked for a real (OpenCV) source.
        self.expected_size = expected_size

    def negotiated_mode(self) -> tuple[tuple[int, int], str] | None:
        """(width, height), FOURCC that the camera accepted, or None for a stand-in source."""
        if isinstance(self.source, OpenCvSource) and self.source.actual_size != (0, 0):
            return self.source.actual_size, self.source.actual_fourcc
        return None

    def status(self) -> Health:
        health = super().status()
        mode = self.negotiated_mode()
        if health.status == DeviceStatus.OK and mode is not None and self.expected_size:
            (w, h), fourcc = mode
            ew, eh = self.expected_size
            if w * h < ew * eh:
                return Health(
                    DeviceStatus.DEGRADED,
                    f"camera gave {w}x{h} {fourcc or '?'} instead of {ew}x{eh}: "
                    "check the FOURCC (MJPG) and `v4l2-ctl --list-formats-ext`",
                )
        return health

    def capture_still(self, timeout: float = 3.0) -> Frame:
        """A frame captured after this call started (raises CameraTimeout/CameraLost)."""
        requested = time.monotonic()
        latest = self.capture.latest()
        after = latest.seq if latest is not None else 0
        deadline = requested + timeout
        while True:
            frame = self.capture.wait_frame(after, timeout=max(0.01, deadline - time.monotonic()))
            if frame.timestamp >= requested:
                return frame
            after = frame.seq
            if time.monotonic() >= deadline:
                raise CameraTimeout(f"camera {self.name}: no fresh frame within {timeout:.1f} s")

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        result = super().self_test(level)
        facts = dict(result.facts)
        mode = self.negotiated_mode()
        passed, detail = result.passed, result.detail
        if mode is not None:
            (w, h), fourcc = mode
            facts["negotiated"] = f"{w}x{h} {fourcc}"
            if self.expected_size and w * h < self.expected_size[0] * self.expected_size[1]:
                ew, eh = self.expected_size
                detail += f"; only {w}x{h} negotiated (expected {ew}x{eh})"
        if self.expected_size:
            facts["expected"] = f"{self.expected_size[0]}x{self.expected_size[1]}"
        return SelfTestResult(passed, level, detail, facts)


def simulated_document_camera(
    directory: Path,
    fps: float = 15,
    name: str | None = None,
    idle_after_s: float | None = None,
    probe_every_s: float = 10.0,
) -> DocumentCamera:
    """The simulator: stills of photographed pages from a directory (``sequence.txt`` order)."""
    return DocumentCamera(
        FileSource(Path(directory), fps=fps, loop=True),
        name=name,
        idle_after_s=idle_after_s,
        probe_every_s=probe_every_s,
    )
