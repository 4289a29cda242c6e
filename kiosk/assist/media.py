"""The terminal's outgoing media tracks for aiortc: face camera, a tone for the microphone, the screen.

Each track paces itself on the engine's event loop (monotonic clock); none touches
Qt. The screen track holds only the latest pushed frame, already masked unless the
resident allowed otherwise for this call, and forgets it on :meth:`ScreenTrack.wipe`.
"""

from __future__ import annotations

import asyncio
import fractions
import threading
import time
from collections.abc import Callable, Iterable

import cv2
import numpy as np
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import AudioFrame, VideoFrame

from kiosk.assist.masking import Rect, mask_frame

VIDEO_CLOCK = 90_000
AUDIO_RATE = 48_000
AUDIO_PTIME = 0.020

#: Returns the newest camera frame (BGR) and its monotonic capture time, or None.
CameraSource = Callable[[], tuple[np.ndarray, float] | None]


class _Pacer:
    """Yields presentation timestamps at a fixed rate, sleeping on the loop between them."""

    def __init__(self, rate: float, clock: int) -> None:
        self.period = 1.0 / rate
        self.step = round(clock / rate)
        self.time_base = fractions.Fraction(1, clock)
        self._start: float | None = None
        self._n = 0

    async def next(self) -> int:
        now = time.monotonic()
        if self._start is None:
            self._start = now
        else:
            due = self._start + self._n * self.period
            if due > now:
                await asyncio.sleep(due - now)
            elif now - due > 1.0:
                # A long stall (loaded machine): start counting again instead of bursting.
                self._start, self._n = now - self._n * self.period, self._n
        pts = self._n * self.step
        self._n += 1
        return pts


class CameraTrack(MediaStreamTrack):
    """The face camera, at ``width``×``height`` and ``fps``; reports a camera that stopped."""

    kind = "video"

    def __init__(
        self,
        source: CameraSource,
        width: int,
        height: int,
        fps: int,
        on_lost: Callable[[], None],
        lost_after_s: float = 2.5,
    ) -> None:
        super().__init__()
        self._source = source
        self._size = (width, height)
        self._pacer = _Pacer(fps, VIDEO_CLOCK)
        self._on_lost = on_lost
        self._lost_after_s = lost_after_s
        self._last_fresh = time.monotonic()
        self._last_image: np.ndarray | None = None
        self._lost = False
        self._had_frames = False
        self.frames_sent = 0

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        pts = await self._pacer.next()
        got = self._source()
        now = time.monotonic()
        if got is not None and now - got[1] < self._lost_after_s:
            image = got[0]
            if (image.shape[1], image.shape[0]) != self._size:
                image = cv2.resize(image, self._size, interpolation=cv2.INTER_AREA)
            self._last_image = image
            self._last_fresh = now
            self._had_frames = True
        elif self._had_frames and not self._lost and now - self._last_fresh >= self._lost_after_s:
            # Only a camera that delivered and stopped is "lost"; a terminal without
            # one calls with a black picture (voice and screen still help).
            self._lost = True
            self._on_lost()
        shown = self._last_image
        if shown is None:
            shown = np.zeros((self._size[1], self._size[0], 3), np.uint8)
        frame = VideoFrame.from_ndarray(shown.astype(np.uint8, copy=False), format="bgr24")
        frame.pts, frame.time_base = pts, self._pacer.time_base
        self.frames_sent += 1
        return frame

    def wipe(self) -> None:
        """Forget the last camera image."""
        self._last_image = None


class ToneTrack(MediaStreamTrack):
    """The simulated microphone: a quiet 440 Hz tone, mono, 48 kHz, 20 ms frames."""

    kind = "audio"

    def __init__(self, hz: float = 440.0, level: float = 0.1) -> None:
        super().__init__()
        self._pacer = _Pacer(1 / AUDIO_PTIME, AUDIO_RATE)
        n = int(AUDIO_RATE * AUDIO_PTIME)
        self._n = n
        self._omega = 2 * np.pi * hz / AUDIO_RATE
        self._level = level
        self._phase = 0

    async def recv(self) -> AudioFrame:
        if self.readyState != "live":
            raise MediaStreamError
        pts = await self._pacer.next()
        t = np.arange(self._phase, self._phase + self._n)
        self._phase += self._n
        samples = (np.sin(self._omega * t) * self._level * 32767).astype(np.int16)
        frame = AudioFrame.from_ndarray(samples.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = AUDIO_RATE
        frame.pts, frame.time_base = pts, self._pacer.time_base
        return frame


class ScreenTrack(MediaStreamTrack):
    """The terminal's screen as the UI pushes it (RGB frames), masked before it is kept."""

    kind = "video"

    def __init__(self, fps: int, max_width: int) -> None:
        super().__init__()
        self._pacer = _Pacer(fps, VIDEO_CLOCK)
        self._max_width = max_width
        self._lock = threading.Lock()
        self._latest: np.ndarray | None = None
        self._unmasked = False
        self.frames_sent = 0
        self.frames_pushed = 0

    def set_unmasked(self, unmasked: bool) -> None:
        """The resident's second consent for this call (or its withdrawal)."""
        with self._lock:
            self._unmasked = unmasked

    def push(self, rgb: np.ndarray, personal: Iterable[Rect]) -> None:
        """Offer a new screen image (any thread; ``rgb`` is not kept: masking works on a copy)."""
        with self._lock:
            unmasked = self._unmasked
        frame = rgb.copy()
        if not unmasked:
            mask_frame(frame, personal)
        with self._lock:
            self._latest = frame
            self.frames_pushed += 1

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        pts = await self._pacer.next()
        with self._lock:
            image = self._latest
        if image is None:
            image = np.zeros((360, 640, 3), np.uint8)
        h, w = image.shape[:2]
        if w > self._max_width:
            nh = round(h * self._max_width / w) & ~1
            image = cv2.resize(image, (self._max_width, nh), interpolation=cv2.INTER_AREA)
        elif w % 2 or h % 2:
            image = np.ascontiguousarray(image[: h & ~1, : w & ~1])  # yuv420p needs even sizes
        frame = VideoFrame.from_ndarray(image.astype(np.uint8, copy=False), format="rgb24")
        frame.pts, frame.time_base = pts, self._pacer.time_base
        self.frames_sent += 1
        return frame

    def wipe(self) -> None:
        """Forget the last screen image."""
        with self._lock:
            self._latest = None


def from_camera(camera: object) -> CameraSource:
    """A :data:`CameraSource` reading a camera device's latest frame (``drivers.camera.Camera``)."""

    def latest() -> tuple[np.ndarray, float] | None:
        frame = camera.latest()  # type: ignore[attr-defined]
        return None if frame is None else (frame.image, frame.timestamp)

    return latest
