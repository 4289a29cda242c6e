"""Cameras: a generic OpenCV capture thread, a file/sequence stand-in, and the face camera.

The capture part is reusable by every camera kind (face camera, document camera):

* a :class:`FrameSource` yields BGR frames — :class:`OpenCvSource` (a UVC device
  by index or path, with FOURCC set *before* width/height because many UVC
  cameras only offer their high resolutions once MJPG is selected) or
  :class:`FileSource` (a video file, a single image, or a directory of images,
  paced at a given fps, looping: the simulator and the tests use it);
* :class:`CaptureThread` reads a source on its own thread into a
  latest-frame-wins buffer (a slow consumer never builds a queue: it always gets
  the newest frame and older ones are dropped), and reopens the source with
  backoff when it disappears (unplugged camera, read failures);
* :class:`Camera` is the :class:`~drivers.base.Device` wrapping a capture thread
  (open/close/status/self_test). :class:`FaceCamera` is the face camera kind.

Plain Python and OpenCV only: no Qt, nothing of ours but :mod:`drivers.base`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import cv2
    import numpy as np

from drivers.base import (
    Device,
    DeviceAbsent,
    DeviceError,
    DeviceStatus,
    DeviceTimeout,
    Health,
    SelfTestLevel,
    SelfTestResult,
)


class _LazyModule:
    """Imports a module on first attribute access.

    cv2 and numpy cost 100-200 ms to import: everything that merely names a camera
    (the UI shell's ``isinstance`` checks, the device registry) must not pay it
    before the first paint. The device thread that opens a camera does.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._mod: Any = None

    def __getattr__(self, attr: str) -> Any:
        if self._mod is None:
            import importlib

            self._mod = importlib.import_module(self._name)
        return getattr(self._mod, attr)


if not TYPE_CHECKING:
    cv2 = _LazyModule("cv2")
    np = _LazyModule("numpy")

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")
VIDEO_SUFFIXES = (".avi", ".mp4", ".mkv", ".mov", ".mjpg", ".mjpeg")


@dataclass(frozen=True)
class Frame:
    """One captured frame: BGR pixels, a sequence number and the capture time.

    ``seq`` increases by one per frame read by the capture thread, so a consumer
    can tell how many frames it skipped. ``timestamp`` is ``time.monotonic()``.
    """

    image: np.ndarray
    seq: int
    timestamp: float

    @property
    def width(self) -> int:
        return int(self.image.shape[1])

    @property
    def height(self) -> int:
        return int(self.image.shape[0])


class CameraLost(DeviceAbsent):
    """The camera stopped delivering frames (unplugged, or the source is gone)."""

    resident_message = "摄像头未连接，请联系工作人员。"


class CameraTimeout(DeviceTimeout):
    """No frame arrived in time."""

    resident_message = "摄像头暂时无法使用，请稍后再试。"


# --- sources ---------------------------------------------------------------------


class FrameSource(ABC):
    """Where frames come from. Used by one thread at a time (the capture thread)."""

    @abstractmethod
    def open(self) -> None:
        """Start the source; raise :class:`DeviceError` when it cannot."""

    @abstractmethod
    def read(self) -> np.ndarray:
        """Return the next BGR frame, blocking until it is due.

        Raise :class:`DeviceError` when the source failed (the capture thread then
        reopens it).
        """

    @abstractmethod
    def release(self) -> None:
        """Free the source. Never raises."""

    def describe(self) -> str:
        """Technician-facing name of the source (no personal data)."""
        return type(self).__name__


def fourcc_code(fourcc: str) -> int:
    """``"MJPG"`` → OpenCV's integer FOURCC; raises ValueError unless 4 characters."""
    if len(fourcc) != 4:
        raise ValueError(f"FOURCC must be 4 characters, got {fourcc!r}")
    return int(cv2.VideoWriter.fourcc(*fourcc))


def parse_device(source: str) -> int | str:
    """``"0"`` → device index 0; anything else (``/dev/video2``, a URL) stays a string."""
    s = source.strip()
    return int(s) if s.isdigit() else s


class OpenCvSource(FrameSource):
    """A camera through ``cv2.VideoCapture`` (V4L2 on Linux).

    ``fourcc`` (e.g. ``"MJPG"``) is set before the resolution: UVC cameras
    negotiate the resolutions they offer per pixel format, and a 3264×2448
    document camera only reaches that size in MJPG (YUYV stops at ~1280×720).
    """

    def __init__(
        self,
        device: int | str,
        width: int,
        height: int,
        fps: float = 30,
        fourcc: str = "",
        backend: int | None = None,
    ) -> None:
        self.device = device
        self.width = width
        self.height = height
        self.fps = fps
        self.fourcc = fourcc
        self.backend = backend
        self._cap: cv2.VideoCapture | None = None
        self.actual_size: tuple[int, int] = (0, 0)
        self.actual_fourcc = ""

    def describe(self) -> str:
        return f"opencv:{self.device} {self.width}x{self.height}@{self.fps} {self.fourcc}".strip()

    def open(self) -> None:
        is_dev_path = isinstance(self.device, str) and self.device.startswith("/dev/")
        if is_dev_path and not os.path.exists(str(self.device)):
            raise CameraLost(f"camera {self.device} not present")
        backend = self.backend
        if backend is None:
            backend = cv2.CAP_V4L2 if isinstance(self.device, int) else cv2.CAP_ANY
        cap = cv2.VideoCapture(self.device, backend)
        if not cap.isOpened():
            cap.release()
            raise CameraLost(f"cannot open camera {self.device}")
        # Order matters: FOURCC, then size, then fps.
        if self.fourcc:
            cap.set(cv2.CAP_PROP_FOURCC, fourcc_code(self.fourcc))
        cap.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        cap.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        cap.set(cv2.CAP_PROP_FPS, self.fps)
        # One buffered frame: the capture thread drains as fast as frames come,
        # so the driver must not hold stale ones either.
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)
        self.actual_size = (
            int(cap.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        )
        code = int(cap.get(cv2.CAP_PROP_FOURCC))
        self.actual_fourcc = "".join(chr((code >> (8 * i)) & 0xFF) for i in range(4)).strip("\0")
        self._cap = cap

    def read(self) -> np.ndarray:
        cap = self._cap
        if cap is None:
            raise CameraLost("camera not open")
        ok, frame = cap.read()
        if not ok or frame is None:
            raise CameraLost(f"camera {self.device} returned no frame")
        return frame

    def release(self) -> None:
        cap, self._cap = self._cap, None
        if cap is not None:
            try:
                cap.release()
            except Exception:  # release must never raise (driver contract)
                log.debug("VideoCapture.release raised", exc_info=True)


@dataclass(frozen=True)
class SequenceItem:
    """One still of an image sequence, shown for ``frames`` consecutive frames."""

    path: Path
    frames: int = 1


def read_sequence(directory: Path) -> list[SequenceItem]:
    """The stills of a sequence directory.

    With a ``sequence.txt`` (lines ``file [frames]``, ``#`` comments), that order
    and those repeat counts; otherwise every image in the directory, sorted by name,
    once each. A blink lasting 150 ms thus needs one line, not five copies.
    """
    listing = directory / "sequence.txt"
    if listing.is_file():
        items: list[SequenceItem] = []
        for lineno, raw in enumerate(listing.read_text("utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            try:
                count = int(parts[1]) if len(parts) > 1 else 1
            except ValueError:
                raise DeviceError(f"{listing}:{lineno}: frame count is not a number") from None
            if count < 1:
                raise DeviceError(f"{listing}:{lineno}: frame count must be at least 1")
            items.append(SequenceItem(directory / parts[0], count))
        return items
    return [
        SequenceItem(p)
        for p in sorted(directory.iterdir())
        if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
    ]


class FileSource(FrameSource):
    """A stand-in camera: a video file, one image, or a directory of images.

    Frames are paced at ``fps`` (``0`` = as fast as read, for benchmarks) and the
    source loops unless ``loop`` is False (then it raises :class:`CameraLost` at
    the end, like an unplugged camera). Frames are resized to ``size`` when given,
    as a real camera would deliver its configured resolution.
    """

    def __init__(
        self,
        path: Path,
        fps: float = 30,
        loop: bool = True,
        size: tuple[int, int] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.fps = fps
        self.loop = loop
        self.size = size
        self._sleep = sleep
        self._video: cv2.VideoCapture | None = None
        # The stills stay encoded (a photographed A4 page decodes to 15 MB, a whole
        # sequence to tens of MB held all day); one decoded still is kept, the one
        # on show, since a sequence repeats each still for several frames.
        self._stills: list[tuple[Path, np.ndarray]] = []  # (file, its encoded bytes)
        self._order: list[int] = []
        self._pos = 0
        self._next_due = 0.0
        self._shown: tuple[int, np.ndarray] | None = None

    def describe(self) -> str:
        return f"file:{self.path.name}@{self.fps}"

    def open(self) -> None:
        p = self.path
        if not p.exists():
            raise CameraLost(f"simulated camera source {p} not found")
        self._pos = 0
        self._next_due = time.monotonic()
        if p.is_dir() or p.suffix.lower() in IMAGE_SUFFIXES:
            items = read_sequence(p) if p.is_dir() else [SequenceItem(p)]
            if not items:
                raise DeviceError(f"simulated camera source {p} holds no images")
            cache: dict[Path, int] = {}
            self._stills, self._order, self._shown = [], [], None
            for item in items:
                if item.path not in cache:
                    try:
                        encoded = np.fromfile(item.path, dtype=np.uint8)
                    except OSError as e:
                        raise DeviceError(f"cannot read image {item.path.name}: {e}") from e
                    cache[item.path] = len(self._stills)
                    self._stills.append((item.path, encoded))
                    # Decoded once here so that a broken file fails open(), not a frame.
                    self._shown = (cache[item.path], self._decode(cache[item.path]))
                self._order.extend([cache[item.path]] * item.frames)
            return
        video = cv2.VideoCapture(str(p))
        if not video.isOpened():
            video.release()
            raise DeviceError(f"cannot open video {p.name}")
        self._video = video

    def _decode(self, index: int) -> np.ndarray:
        path, encoded = self._stills[index]
        image = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
        if image is None:
            raise DeviceError(f"cannot decode image {path.name}")
        return self._fit(image)

    def _still(self, index: int) -> np.ndarray:
        shown = self._shown
        if shown is None or shown[0] != index:
            shown = self._shown = (index, self._decode(index))
        return shown[1]

    def _fit(self, image: np.ndarray) -> np.ndarray:
        if self.size is None or (image.shape[1], image.shape[0]) == self.size:
            return image
        return cv2.resize(image, self.size, interpolation=cv2.INTER_AREA)

    def _pace(self) -> None:
        if self.fps <= 0:
            return
        now = time.monotonic()
        if self._next_due > now:
            self._sleep(self._next_due - now)
        # Never "catch up" with a burst after a stall: a camera does not either.
        self._next_due = max(self._next_due, now) + 1.0 / self.fps

    def read(self) -> np.ndarray:
        self._pace()
        if self._video is not None:
            ok, frame = self._video.read()
            if not ok and self.loop:
                self._video.set(cv2.CAP_PROP_POS_FRAMES, 0)
                ok, frame = self._video.read()
            if not ok or frame is None:
                raise CameraLost(f"video {self.path.name} ended")
            return self._fit(frame)
        if not self._order:
            raise CameraLost("simulated camera not open")
        if self._pos >= len(self._order):
            if not self.loop:
                raise CameraLost(f"image sequence {self.path.name} ended")
            self._pos = 0
        frame = self._still(self._order[self._pos])
        self._pos += 1
        # A copy: consumers may draw on or wipe a frame; the stills must stay intact.
        return frame.copy()

    def release(self) -> None:
        video, self._video = self._video, None
        if video is not None:
            try:
                video.release()
            except Exception:
                log.debug("VideoCapture.release raised", exc_info=True)
        self._stills, self._order, self._shown = [], [], None


# --- the capture thread ------------------------------------------------------------


@dataclass(frozen=True)
class CaptureStats:
    """What diagnostics and benchmarks want to know about a running capture."""

    frames: int
    fps: float
    reconnects: int
    connected: bool
    last_error: str
    #: What the last failure means for health (ABSENT: unplugged; FAULT: broken).
    last_status: DeviceStatus
    last_frame_age_s: float | None
    #: No consumer asked for a frame lately: frames are not read (see CaptureThread).
    idle: bool = False


class CaptureThread:
    """Reads a :class:`FrameSource` on its own thread into a latest-frame-wins buffer.

    ``latest()`` never blocks; ``wait_frame(after_seq)`` blocks until a newer frame
    than ``after_seq`` exists. When the source fails, it is released and reopened
    with exponential backoff (``reconnect_initial_s`` … ``reconnect_max_s``) until
    :meth:`stop`; meanwhile ``connected`` is False and ``last_error`` says why.

    With ``idle_after_s``, the thread stops reading once no consumer has asked for
    a frame (``latest``/``wait_frame``) for that long, and drops the frame it held;
    the next ask wakes it. Meanwhile it reads one frame every ``probe_every_s`` so
    an unplugged camera is still noticed. Why: the terminal waits on its attract
    screen most of the day, and reading and copying frames nobody looks at churned
    a document camera's 8 MB frame 15 times a second and held the last one, which
    may show a resident (issue 18).
    The source stays open: reopening a real camera takes up to a second.
    """

    def __init__(
        self,
        source: FrameSource,
        name: str = "camera",
        reconnect_initial_s: float = 0.5,
        reconnect_max_s: float = 5.0,
        idle_after_s: float | None = None,
        probe_every_s: float = 10.0,
    ) -> None:
        self.source = source
        self.name = name
        self.reconnect_initial_s = reconnect_initial_s
        self.reconnect_max_s = reconnect_max_s
        self.idle_after_s = idle_after_s if idle_after_s and idle_after_s > 0 else None
        self.probe_every_s = probe_every_s
        self._wanted_at = time.monotonic()
        self._idle = False
        self._probed_at: float | None = None
        self._cond = threading.Condition()
        self._latest: Frame | None = None
        self._seq = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._connected = False
        self._last_error = ""
        self._last_status = DeviceStatus.ABSENT
        self._reconnects = 0
        self._fps = 0.0

    # --- lifecycle ----------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._wanted_at = time.monotonic()  # a fresh start streams until nobody asks
        self._thread = threading.Thread(target=self._run, name=f"capture-{self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
        with self._cond:
            self._latest = None  # a frame may show a resident: do not keep it
            self._connected = False

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run(self) -> None:
        backoff = 0.0
        first = True
        while not self._stop.is_set():
            try:
                self.source.open()
            except DeviceError as e:
                self._set_disconnected(e)
                backoff = self._next_backoff(backoff)
                self._stop.wait(backoff)
                continue
            except Exception as e:  # an OpenCV bug must not kill the thread
                self._set_disconnected(DeviceError(f"open crashed: {e!r}"))
                backoff = self._next_backoff(backoff)
                self._stop.wait(backoff)
                continue
            if not first:
                self._reconnects += 1
                log.info("camera %s: reconnected (%s)", self.name, self.source.describe())
            first = False
            with self._cond:
                self._connected = True
                self._last_error = ""
            error = self._pump()
            self.source.release()
            if error is not None:
                log.warning("camera %s: %s; reopening", self.name, error.detail)
                self._set_disconnected(error)
                backoff = self._next_backoff(0.0)
                self._stop.wait(backoff)

    def _pump(self) -> DeviceError | None:
        """Read frames until stopped (None) or the source fails (the error returned)."""
        window_start = time.monotonic()
        window_frames = 0
        while not self._stop.is_set():
            if self._wait_while_idle():
                try:
                    self.source.read()  # the idle probe: is the camera still there?
                except DeviceError as e:
                    return e
                except Exception as e:
                    return DeviceError(f"read crashed: {e!r}")
                with self._cond:
                    self._probed_at = time.monotonic()
                continue
            try:
                image = self.source.read()
            except DeviceError as e:
                return e
            except Exception as e:
                return DeviceError(f"read crashed: {e!r}")
            now = time.monotonic()
            with self._cond:
                self._seq += 1
                self._latest = Frame(image, self._seq, now)
                self._cond.notify_all()
            window_frames += 1
            if now - window_start >= 1.0:
                self._fps = window_frames / (now - window_start)
                window_start, window_frames = now, 0
        return None

    def _wait_while_idle(self) -> bool:
        """Block while nobody wants frames; True when an idle probe read is due."""
        if self.idle_after_s is None:
            return False
        with self._cond:
            while not self._stop.is_set():
                now = time.monotonic()
                if now - self._wanted_at < self.idle_after_s:
                    self._idle = False
                    return False
                probed_at = self._probed_at
                if not self._idle or probed_at is None:
                    self._idle = True
                    self._latest = None  # a frame may show a resident: not kept idle
                    self._fps = 0.0
                    self._probed_at = probed_at = now
                probe_due = probed_at + self.probe_every_s
                if now >= probe_due:
                    return True
                self._cond.wait(probe_due - now)
        return False

    def _want(self) -> None:
        """A consumer asked for a frame (call with the condition held): wake an idle thread."""
        self._wanted_at = time.monotonic()
        if self._idle:
            self._cond.notify_all()

    def _set_disconnected(self, error: DeviceError) -> None:
        with self._cond:
            self._connected = False
            self._last_error = error.detail
            self._last_status = error.status
            self._latest = None
            self._cond.notify_all()

    def _next_backoff(self, current: float) -> float:
        if current <= 0:
            return self.reconnect_initial_s
        return min(current * 2, self.reconnect_max_s)

    # --- consumers ------------------------------------------------------------------
    def latest(self) -> Frame | None:
        """The newest frame, or None before the first one / while disconnected / idle."""
        with self._cond:
            self._want()
            return self._latest

    def wait_frame(self, after_seq: int = 0, timeout: float = 2.0) -> Frame:
        """Block until a frame newer than ``after_seq`` exists; return the newest one.

        Raises :class:`CameraTimeout` (or :class:`CameraLost` when the source is
        down) after ``timeout`` seconds.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                self._want()
                f = self._latest
                if f is not None and f.seq > after_seq:
                    return f
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.is_set():
                    if not self._connected and self._last_error:
                        raise CameraLost(f"camera {self.name}: {self._last_error}")
                    raise CameraTimeout(f"camera {self.name}: no frame within {timeout:.1f} s")
                self._cond.wait(remaining)

    def stats(self) -> CaptureStats:
        with self._cond:
            latest = self._latest
            return CaptureStats(
                frames=self._seq,
                fps=self._fps,
                reconnects=self._reconnects,
                connected=self._connected,
                last_error=self._last_error,
                last_status=self._last_status,
                last_frame_age_s=(time.monotonic() - latest.timestamp) if latest else None,
                idle=self._idle,
            )


# --- the device -------------------------------------------------------------------


class Camera(Device):
    """A camera device: a capture thread over a source, with health and self-test.

    Other camera kinds subclass it and set ``kind`` (the document camera reuses
    everything here). ``stale_after_s``: a running camera whose newest frame is
    older than this is reported FAULT (a frozen driver), not OK. ``idle_after_s``:
    see :class:`CaptureThread` (None: frames are read all the time).
    """

    kind: ClassVar[str] = "camera"

    def __init__(
        self,
        source: FrameSource,
        name: str | None = None,
        stale_after_s: float = 2.0,
        reconnect_initial_s: float = 0.5,
        reconnect_max_s: float = 5.0,
        idle_after_s: float | None = None,
        probe_every_s: float = 10.0,
    ) -> None:
        super().__init__(name)
        self.source = source
        self.stale_after_s = stale_after_s
        self.capture = CaptureThread(
            source,
            name=self.name,
            reconnect_initial_s=reconnect_initial_s,
            reconnect_max_s=reconnect_max_s,
            idle_after_s=idle_after_s,
            probe_every_s=probe_every_s,
        )

    def open(self) -> None:
        # The capture thread opens (and keeps reopening) the source itself, so a
        # camera plugged in later is picked up without the manager's help.
        self.capture.start()

    def close(self) -> None:
        self.capture.stop()

    def status(self) -> Health:
        s = self.capture.stats()
        if not self.capture.running:
            return Health(DeviceStatus.ABSENT, "capture not running")
        if not s.connected:
            if not s.last_error:
                return Health(DeviceStatus.DEGRADED, "connecting")
            return Health(s.last_status, s.last_error)
        if s.idle:
            # Not streaming on purpose; the idle probe read a frame lately, or the
            # thread would have gone to reconnecting (not connected) instead.
            return Health.ok(f"{self.source.describe()} idle (frames read on demand)")
        if s.last_frame_age_s is None:
            return Health(DeviceStatus.DEGRADED, "connected, no frame yet")
        if s.last_frame_age_s > self.stale_after_s:
            return Health(DeviceStatus.FAULT, f"no frame for {s.last_frame_age_s:.1f} s")
        return Health.ok(f"{self.source.describe()} {s.fps:.0f} fps")

    def latest(self) -> Frame | None:
        return self.capture.latest()

    def wait_frame(self, after_seq: int = 0, timeout: float = 2.0) -> Frame:
        return self.capture.wait_frame(after_seq, timeout)

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        """Grab frames for about a second: resolution, measured fps, mean brightness."""
        started_here = not self.capture.running
        if started_here:
            self.capture.start()
        try:
            first = self.capture.wait_frame(0, timeout=5.0)
            t0 = time.monotonic()
            last = first
            while time.monotonic() - t0 < 1.0:
                last = self.capture.wait_frame(last.seq, timeout=2.0)
            elapsed = max(last.timestamp - first.timestamp, 1e-6)
            fps = (last.seq - first.seq) / elapsed
            brightness = float(cv2.cvtColor(last.image, cv2.COLOR_BGR2GRAY).mean())
        except DeviceError as e:
            return SelfTestResult(False, level, e.detail)
        finally:
            if started_here:
                self.capture.stop()
        facts = {
            "resolution": f"{last.width}x{last.height}",
            "fps": f"{fps:.1f}",
            "brightness": f"{brightness:.0f}",
            "source": self.source.describe(),
        }
        # A black image means a covered lens or a dead sensor: the camera "works" but is useless.
        passed = brightness > 8
        detail = "frames OK" if passed else "frames are black (lens covered or sensor dead)"
        return SelfTestResult(passed, level, detail, facts)


class FaceCamera(Camera):
    """The camera facing the resident (face login)."""

    kind: ClassVar[str] = "face_camera"
