"""The staff member's side of a call, in Python (aiortc + websockets), and a desk for tests.

The staff peer speaks the desk's protocol as docs/video.md writes it; it shares no
code with the terminal (kiosk.assist) it calls with.
"""

from __future__ import annotations

import asyncio
import contextlib
import fractions
import json
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import httpx
import numpy as np
import websockets
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import VideoFrame

from video_desk.app import DeskConfig
from video_desk.auth import credential_hash, new_terminal_credential
from video_desk.runner import DeskThread

T = TypeVar("T")
STAFF = ("wang", "correct horse battery staple")


def cheap_hash(password: str) -> str:
    """An argon2id hash with small parameters: the desk verifies with what the hash says,
    and the tests log in often on a loaded machine (production hashes use the defaults)."""
    from argon2 import PasswordHasher

    return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(password)


@dataclass
class LiveDesk:
    """A desk on a free port with one staff member and two enrolled terminals."""

    thread: Any  # DeskThread (or anything with url and ws_url)
    credentials: dict[str, str]

    @property
    def url(self) -> str:
        return self.thread.url

    @property
    def ws_url(self) -> str:
        return self.thread.ws_url


@contextlib.contextmanager
def running_desk(tmp: Path, ice_servers: list[dict[str, Any]] | None = None) -> Iterator[LiveDesk]:
    creds = {tid: new_terminal_credential() for tid in ("FT-01", "FT-02")}
    config = DeskConfig(
        staff_password_hashes={STAFF[0]: cheap_hash(STAFF[1])},
        terminal_credential_hashes={t: credential_hash(c) for t, c in creds.items()},
        audit_path=tmp / "desk-audit.sqlite3",
        ice_servers=ice_servers or [],
    )
    with DeskThread(config) as thread:
        yield LiveDesk(thread, creds)


class LoopThread:
    """An asyncio loop on its own thread: ``loop.run(coro, timeout)`` from the test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._t = threading.Thread(target=self.loop.run_forever, daemon=True, name="test-peer")
        self._t.start()

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        async def cancel_the_rest() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        with contextlib.suppress(Exception):
            self.run(cancel_the_rest(), 10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._t.join(10)
        if not self._t.is_alive():
            self.loop.close()


class ColourTrack(MediaStreamTrack):
    """The staff member's camera: a solid colour (so the terminal can tell it arrived)."""

    kind = "video"

    def __init__(
        self, rgb: tuple[int, int, int] = (0, 200, 0), size: tuple[int, int] = (320, 240)
    ) -> None:
        super().__init__()
        self._img = np.zeros((size[1], size[0], 3), np.uint8)
        self._img[:] = rgb
        self._n = 0
        self._t0 = time.monotonic()

    async def recv(self) -> VideoFrame:
        if self.readyState != "live":
            raise MediaStreamError
        due = self._t0 + self._n / 15
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        frame = VideoFrame.from_ndarray(self._img, format="rgb24")
        frame.pts, frame.time_base = self._n * 6000, fractions.Fraction(1, 90000)
        self._n += 1
        return frame


@dataclass
class StaffPeer:
    """Logs in, watches the queue, answers with aiortc, keeps the frames it receives."""

    desk: LiveDesk
    rtc: RTCConfiguration = field(default_factory=lambda: RTCConfiguration(iceServers=[]))
    queue: list[dict[str, Any]] = field(default_factory=list)
    frames: dict[str, list[np.ndarray]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    ended: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    keep: int = 5
    pc: RTCPeerConnection | None = None
    ws: Any = None
    _tasks: list[asyncio.Task[None]] = field(default_factory=list)
    first_frame_at: float | None = None
    auto_answer: bool = False  # pick every queued call at once (the bench)
    picked: set[str] = field(default_factory=set)

    async def login(self, password: str = STAFF[1], username: str = STAFF[0]) -> str:
        async with httpx.AsyncClient(base_url=self.desk.url) as c:
            r = await c.post("/api/login", json={"username": username, "password": password})
        r.raise_for_status()
        token: str = r.json()["token"]
        self.ws = await websockets.connect(self.desk.ws_url + "/ws/staff")
        await self.ws.send(json.dumps({"type": "auth", "token": token}))
        self._tasks.append(asyncio.create_task(self._read()))
        return token

    async def send(self, **frame: Any) -> None:
        await self.ws.send(json.dumps(frame))

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in self.ws:
                msg = json.loads(raw)
                if msg["type"] == "queue":
                    self.queue = msg["calls"]
                    for c in self.queue if self.auto_answer else []:
                        if c["state"] == "queued" and c["call_id"] not in self.picked:
                            self.picked.add(c["call_id"])
                            await self.send(type="pick", call_id=c["call_id"])
                elif msg["type"] == "offer":
                    await self._answer(msg)
                elif msg["type"] == "ended":
                    self.ended.append(msg)
                    await self.close_pc()
                elif msg["type"] == "error":
                    self.errors.append(msg)

    async def _answer(self, msg: dict[str, Any]) -> None:
        self.first_frame_at = None
        pc = RTCPeerConnection(self.rtc)
        self.pc = pc
        roles: dict[str, str] = msg.get("tracks", {})

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            mid = next((t.mid for t in pc.getTransceivers() if t.receiver.track is track), None)
            role = roles.get(mid or "", track.kind)
            self._tasks.append(asyncio.create_task(self._consume(role, track)))

        await pc.setRemoteDescription(RTCSessionDescription(msg["sdp"], "offer"))
        from aiortc.mediastreams import AudioStreamTrack

        video, audio = ColourTrack(), AudioStreamTrack()
        for t in pc.getTransceivers():
            if t.kind == "video" and roles.get(t.mid or "") == "camera":
                t.sender.replaceTrack(video)
                t.direction = "sendrecv"
            elif t.kind == "audio":
                t.sender.replaceTrack(audio)
                t.direction = "sendrecv"
        await pc.setLocalDescription(await pc.createAnswer())
        await self.send(type="answer", call_id=msg["call_id"], sdp=pc.localDescription.sdp)

    async def _consume(self, role: str, track: MediaStreamTrack) -> None:
        with contextlib.suppress(MediaStreamError):
            while True:
                frame = await track.recv()
                if track.kind != "video":
                    self.counts["audio"] = self.counts.get("audio", 0) + 1
                    continue
                if self.first_frame_at is None:
                    self.first_frame_at = time.monotonic()
                self.counts[role] = self.counts.get(role, 0) + 1
                got = self.frames.setdefault(role, [])
                got.append(frame.to_ndarray(format="rgb24"))
                del got[: -self.keep]

    async def close_pc(self) -> None:
        pc, self.pc = self.pc, None
        if pc is not None:
            await pc.close()

    async def close(self) -> None:
        await self.close_pc()
        if self.ws is not None:
            await self.ws.close()
        for t in self._tasks:
            t.cancel()


def wait_for(cond: Callable[[], object], timeout: float = 30, what: str = "condition") -> None:
    """Poll ``cond`` until truthy (generous timeouts: the machine is shared and loaded)."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


async def until(cond: Callable[[], object], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.02)


@dataclass
class DeskProcess:
    """The desk as its own process (``python -m video_desk``), to be killed with SIGKILL."""

    proc: Any
    url: str
    credentials: dict[str, str]

    @property
    def ws_url(self) -> str:
        return "ws" + self.url[len("http") :]

    def kill(self) -> None:
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(10)


@contextlib.contextmanager
def desk_process(tmp: Path) -> Iterator[DeskProcess]:
    import subprocess
    import sys

    creds = {tid: new_terminal_credential() for tid in ("FT-01", "FT-02")}
    cfg = tmp / "desk.json"
    cfg.write_text(
        json.dumps({
            "staff": {STAFF[0]: cheap_hash(STAFF[1])},
            "terminals": {t: credential_hash(c) for t, c in creds.items()},
            "audit": str(tmp / "desk-audit.sqlite3"),
        })
    )  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "video_desk", "--config", str(cfg), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert line.startswith("listening "), f"desk did not start: {line!r}"
        url = line.split()[1]
        deadline = time.monotonic() + 30
        while True:  # bound is not serving yet until uvicorn runs: wait for /healthz
            try:
                if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise AssertionError("desk process did not serve")
            time.sleep(0.05)
        yield DeskProcess(proc, url, creds)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)
