"""A staff member who answers by themselves: for the demo walkthrough's 视频帮办 screens.

Logs in to the desk like the browser console (``/api/login``, then ``/ws/staff``),
picks the first queued call when told to, answers the terminal's offer with a drawn
"staff camera" picture and silence, and hangs up on request. It speaks only the
desk's protocol (docs/video.md), on its own asyncio loop in a daemon thread; it
never reads the screen it receives (the masking proof is the tests' peer's job).
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import threading
import time
from typing import Any

import httpx
import numpy as np
import websockets
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, MediaStreamTrack
from av import VideoFrame


def staff_picture(width: int = 320, height: int = 240) -> np.ndarray:
    """A head-and-shoulders silhouette on the desk's blue (RGB), as a webcam would frame it."""
    yy, xx = np.mgrid[0:height, 0:width]
    img = np.zeros((height, width, 3), np.uint8)
    img[:] = (40, 70, 120)
    cx = width / 2
    head = (xx - cx) ** 2 + (yy - height * 0.38) ** 2 < (height * 0.17) ** 2
    shoulders = ((xx - cx) / (width * 0.36)) ** 2 + ((yy - height) / (height * 0.4)) ** 2 < 1
    img[shoulders] = (30, 40, 60)
    img[head] = (230, 190, 160)
    return img


class _PictureTrack(MediaStreamTrack):
    kind = "video"

    def __init__(self, rgb: np.ndarray) -> None:
        super().__init__()
        self._img = rgb
        self._n = 0
        self._t0 = time.monotonic()

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        due = self._t0 + self._n / 10  # 10 fps is plenty for a still picture
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        frame = VideoFrame.from_ndarray(self._img, format="rgb24")
        frame.pts, frame.time_base = self._n * 9000, fractions.Fraction(1, 90000)
        self._n += 1
        return frame


class DemoStaff:
    """``DemoStaff(url, ws_url, staff_id, password).start()``; then ``answer_next()``."""

    def __init__(self, url: str, ws_url: str, staff_id: str, password: str) -> None:
        self.url, self.ws_url = url, ws_url
        self._login = {"username": staff_id, "password": password}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, daemon=True, name="demo-staff"
        )
        self._ws: Any = None
        self._pc: RTCPeerConnection | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._answer_next = False
        self.queue: list[dict[str, Any]] = []
        self.call_id = ""

    def _run(self, coro: Any, timeout: float = 30) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def start(self) -> DemoStaff:
        """Log in and listen to the queue (returns once logged in)."""
        self._thread.start()
        self._run(self._connect())
        return self

    def answer_next(self) -> None:
        """Pick the next call that is (or comes) into the queue."""
        self._run(self._arm())

    def message(self, text: str) -> None:
        """Send the resident a text message in the current call."""
        self._run(self._send(type="message", call_id=self.call_id, text=text))

    def hang_up(self) -> None:
        """End the current call from the staff side."""
        self._run(self._send(type="hangup", call_id=self.call_id))

    def stop(self) -> None:
        """Close the call, the socket and the loop."""
        with contextlib.suppress(Exception):
            self._run(self._close(), 10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    # --- on the loop ------------------------------------------------------------------
    async def _connect(self) -> None:
        async with httpx.AsyncClient(base_url=self.url, trust_env=False) as c:
            r = await c.post("/api/login", json=self._login, timeout=30)
        r.raise_for_status()
        self._ws = await websockets.connect(self.ws_url + "/ws/staff")
        await self._send(type="auth", token=r.json()["token"])
        self._tasks.append(asyncio.create_task(self._read()))

    async def _send(self, **frame: Any) -> None:
        await self._ws.send(json.dumps(frame))

    async def _arm(self) -> None:
        self._answer_next = True
        await self._pick()

    async def _pick(self) -> None:
        queued = [c for c in self.queue if c.get("state") == "queued"]
        if self._answer_next and queued:
            self._answer_next = False
            self.call_id = queued[0]["call_id"]
            await self._send(type="pick", call_id=self.call_id)

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in self._ws:
                msg = json.loads(raw)
                if msg["type"] == "queue":
                    self.queue = msg["calls"]
                    await self._pick()
                elif msg["type"] == "offer":
                    await self._answer(msg)
                elif msg["type"] == "ended":
                    await self._close_pc()

    async def _answer(self, msg: dict[str, Any]) -> None:
        await self._close_pc()
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self._pc = pc
        roles: dict[str, str] = msg.get("tracks", {})

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            self._tasks.append(asyncio.create_task(self._drain(track)))

        await pc.setRemoteDescription(RTCSessionDescription(msg["sdp"], "offer"))
        for t in pc.getTransceivers():
            if t.kind == "video" and roles.get(t.mid or "") == "camera":
                t.sender.replaceTrack(_PictureTrack(staff_picture()))
                t.direction = "sendrecv"
            elif t.kind == "audio":
                t.sender.replaceTrack(AudioStreamTrack())
                t.direction = "sendrecv"
        await pc.setLocalDescription(await pc.createAnswer())
        await self._send(type="answer", call_id=msg["call_id"], sdp=pc.localDescription.sdp)

    @staticmethod
    async def _drain(track: MediaStreamTrack) -> None:
        # Received media is read and dropped: unread tracks back up the peer connection.
        with contextlib.suppress(MediaStreamError):
            while True:
                await track.recv()

    async def _close_pc(self) -> None:
        pc, self._pc = self._pc, None
        if pc is not None:
            await pc.close()

    async def _close(self) -> None:
        await self._close_pc()
        if self._ws is not None:
            await self._ws.close()
        for t in self._tasks:
            t.cancel()
