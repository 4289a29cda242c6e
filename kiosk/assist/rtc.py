"""One video call's WebRTC (aiortc) and signalling, on the engine's own asyncio loop thread.

The UI never waits here: :meth:`CallEngine.place` and :meth:`CallEngine.hang_up`
schedule work on the loop and return at once; :class:`~kiosk.assist.call.CallEvent`
reports go to the listener on the loop thread (the Qt controller re-emits them as
queued signals). The terminal offers (camera, screen, microphone); the staff console
answers with its camera and microphone. Nothing is recorded: received frames are
kept only as "the latest one" for the corner of the screen and dropped at the end.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack
from av import VideoFrame

from kiosk.assist.call import CallEvent, EndReason, EventKind
from kiosk.assist.masking import Rect
from kiosk.assist.media import CameraSource, CameraTrack, ScreenTrack, ToneTrack
from kiosk.assist.signalling import (
    Answer,
    Answered,
    CallRefusedByDesk,
    DeskError,
    DeskLink,
    Hangup,
    Message,
    Queued,
    SignallingError,
    SignallingProtocolError,
)
from kiosk.assist.speaker import Speaker

log = logging.getLogger(__name__)

Listener = Callable[[CallEvent], None]

_HANGUP_REASONS = {"staff_hung_up": EndReason.STAFF_HUNG_UP, "staff_left": EndReason.STAFF_LEFT}


@dataclass(frozen=True)
class CallPlan:
    """What one call needs to start (no personal data: the service is a catalog name)."""

    call_id: str
    desk_url: str
    terminal_id: str
    credential: str
    rtc: RTCConfiguration
    location: str = ""
    service: str = ""
    width: int = 640
    height: int = 480
    fps: int = 15
    screen_fps: int = 5
    screen_max_width: int = 960
    connect_timeout_s: float = 15.0
    #: "tone", a sound file (looped), or "alsa:<device>" / "pulse:<device>" for a real microphone.
    microphone: str = "tone"
    #: Where the staff member's voice goes: "alsa:<device>" or "none" (counted only).
    speaker: str = "none"


@dataclass
class CallStats:
    """Counters of the current (or last) call, for tests, diagnostics and the bench."""

    placed_at: float = 0.0
    connected_at: float | None = None
    first_remote_video_at: float | None = None
    remote_video_frames: int = 0
    remote_audio_frames: int = 0
    speaker_frames: int = 0
    speaker_failure: str = ""
    camera_frames_sent: int = 0
    screen_frames_sent: int = 0
    local_candidate_type: str = ""
    remote_candidate_type: str = ""


@dataclass
class _Live:
    plan: CallPlan
    link: DeskLink | None = None
    pc: RTCPeerConnection | None = None
    camera: CameraTrack | None = None
    screen: ScreenTrack | None = None
    speaker: Speaker | None = None
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    ended: bool = False


class CallEngine:
    """Places calls and carries their media, one call at a time, on a private loop thread."""

    def __init__(self, camera: CameraSource, listener: Listener) -> None:
        self._camera = camera
        self._listener = listener
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, name="assist-rtc", daemon=True)
        self._thread.start()
        self._live: _Live | None = None
        self._screen_lock = threading.Lock()
        self._screen: ScreenTrack | None = None
        self._unmasked = False
        self._staff_lock = threading.Lock()
        self._staff_frame: np.ndarray | None = None
        self.stats = CallStats()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()

    # --- called from any thread (the UI's) -------------------------------------------

    def place(self, plan: CallPlan) -> Future[None]:
        """Start a call (returns at once)."""
        return asyncio.run_coroutine_threadsafe(self._place(plan), self._loop)

    def hang_up(self, reason: EndReason = EndReason.RESIDENT_HUNG_UP) -> Future[None]:
        """End the current call (returns at once; the ENDED event follows)."""
        return asyncio.run_coroutine_threadsafe(self._end(reason, tell_desk=True), self._loop)

    def push_screen(self, rgb: np.ndarray, personal: Iterable[Rect]) -> bool:
        """Hand the latest screen image to the call; False (nothing kept) when no call is live."""
        with self._screen_lock:
            track = self._screen
        if track is None:
            return False
        track.push(rgb, personal)
        return True

    def set_unmasked(self, unmasked: bool) -> None:
        """The resident's second consent: show personal fields to staff during this call."""
        with self._screen_lock:
            self._unmasked = unmasked
            if self._screen is not None:
                self._screen.set_unmasked(unmasked)

    def staff_frame(self) -> np.ndarray | None:
        """The latest frame of the staff member's camera (RGB, small), or None."""
        with self._staff_lock:
            return self._staff_frame

    def holds_call_data(self) -> bool:
        """True while any frame of a call is still held (the privacy tests use it)."""
        with self._staff_lock:
            staff = self._staff_frame is not None
        with self._screen_lock:
            screen = self._screen is not None
        return staff or screen or self._live is not None

    def close(self, timeout: float = 10.0) -> None:
        """End any call and stop the loop thread."""
        if not self._thread.is_alive():
            return
        fut = asyncio.run_coroutine_threadsafe(
            self._end(EndReason.SESSION_ENDED, tell_desk=True), self._loop
        )
        with contextlib.suppress(Exception):
            fut.result(timeout)
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(_cancel_the_rest(), self._loop).result(timeout)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        if not self._thread.is_alive():
            self._loop.close()

    # --- on the loop --------------------------------------------------------------------

    def _emit(self, kind: EventKind, **kw: object) -> None:
        live = self._live
        call_id = live.plan.call_id if live else str(kw.pop("call_id", ""))
        kw.pop("call_id", None)
        try:
            self._listener(CallEvent(kind, call_id, **kw))  # type: ignore[arg-type]
        except Exception:
            log.exception("call listener failed")

    async def _place(self, plan: CallPlan) -> None:
        if self._live is not None:
            await self._end(EndReason.RESIDENT_HUNG_UP, tell_desk=True)
        live = _Live(plan)
        self._live = live
        self.stats = CallStats(placed_at=time.monotonic())
        live.tasks.append(asyncio.create_task(self._signalling(live)))

    async def _signalling(self, live: _Live) -> None:
        plan = live.plan
        try:
            live.link = await DeskLink.open(plan.desk_url)
            await live.link.send({
                "type": "hello", "terminal_id": plan.terminal_id, "credential": plan.credential,
                "call_id": plan.call_id, "location": plan.location, "service": plan.service,
            })  # fmt: skip
            while not live.ended:
                frame = await live.link.receive()
                if isinstance(frame, Queued):
                    self._emit(
                        EventKind.QUEUED,
                        position=frame.position,
                        expected_wait_s=frame.expected_wait_s,
                    )
                elif isinstance(frame, Answered):
                    self._emit(EventKind.ANSWERED)
                    await self._offer(live)
                elif isinstance(frame, Answer):
                    await self._answered(live, frame.sdp)
                elif isinstance(frame, Message):
                    self._emit(EventKind.MESSAGE, text=frame.text)
                elif isinstance(frame, Hangup):
                    await self._end(
                        _HANGUP_REASONS.get(frame.reason, EndReason.STAFF_HUNG_UP),
                        tell_desk=False,
                        live=live,
                    )
                elif isinstance(frame, DeskError):
                    log.warning("desk error frame: %s %s", frame.code, frame.detail)
        except CallRefusedByDesk as exc:
            await self._end(EndReason.REFUSED, tell_desk=False, live=live, detail=str(exc))
        except SignallingProtocolError as exc:
            await self._end(EndReason.PROTOCOL_ERROR, tell_desk=True, live=live, detail=str(exc))
        except SignallingError as exc:
            reason = (
                EndReason.SIGNALLING_LOST
                if live.pc is not None or live.link
                else EndReason.SIGNALLING_DOWN
            )
            if live.link is None:
                reason = EndReason.SIGNALLING_DOWN
            await self._end(reason, tell_desk=False, live=live, detail=exc.detail)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.exception("call failed")
            await self._end(EndReason.PROTOCOL_ERROR, tell_desk=True, live=live, detail=repr(exc))

    async def _offer(self, live: _Live) -> None:
        plan = live.plan
        pc = RTCPeerConnection(plan.rtc)
        live.pc = pc
        live.camera = CameraTrack(
            self._camera, plan.width, plan.height, plan.fps, lambda: self._camera_lost(live)
        )
        screen = ScreenTrack(plan.screen_fps, plan.screen_max_width)
        with self._screen_lock:
            screen.set_unmasked(self._unmasked)
            self._screen = screen
        live.screen = screen
        roles: dict[int, str] = {}
        mic = microphone_track(plan.microphone)
        live.speaker = Speaker(plan.speaker)
        for role, track in (("camera", live.camera), ("screen", screen), ("audio", mic)):
            tr = pc.addTransceiver(track, direction="sendrecv" if role != "screen" else "sendonly")
            roles[id(tr)] = role

        @pc.on("track")
        def on_track(track: MediaStreamTrack) -> None:
            live.tasks.append(asyncio.create_task(self._consume(live, track)))

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            if pc.connectionState == "connected" and self.stats.connected_at is None:
                self.stats.connected_at = time.monotonic()
                self._note_pair(pc)
                self._emit(EventKind.CONNECTED)
            elif pc.connectionState == "failed":
                await self._end(
                    EndReason.ICE_FAILED, tell_desk=True, live=live, detail="ICE failed"
                )

        await pc.setLocalDescription(await pc.createOffer())
        tracks = {tr.mid: roles[id(tr)] for tr in pc.getTransceivers() if tr.mid is not None}
        assert live.link is not None
        await live.link.send({"type": "offer", "sdp": pc.localDescription.sdp, "tracks": tracks})

    async def _answered(self, live: _Live, sdp: str) -> None:
        if live.pc is None:
            raise SignallingProtocolError("answer before offer")
        try:
            await live.pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="answer"))
        except ValueError as exc:
            raise SignallingProtocolError(f"unusable answer SDP: {exc}") from None
        live.tasks.append(asyncio.create_task(self._connect_deadline(live)))

    async def _connect_deadline(self, live: _Live) -> None:
        await asyncio.sleep(live.plan.connect_timeout_s)
        if not live.ended and self.stats.connected_at is None:
            await self._end(
                EndReason.ICE_FAILED, tell_desk=True, live=live, detail="no ICE connection in time"
            )

    async def _consume(self, live: _Live, track: MediaStreamTrack) -> None:
        try:
            while not live.ended:
                frame = await track.recv()
                if isinstance(frame, VideoFrame):
                    self.stats.remote_video_frames += 1
                    if self.stats.first_remote_video_at is None:
                        self.stats.first_remote_video_at = time.monotonic()
                    # Only a small copy for the corner of the screen, only the latest one.
                    small = frame.to_ndarray(format="rgb24", width=320, height=240)
                    with self._staff_lock:
                        if not live.ended:
                            self._staff_frame = small
                else:
                    self.stats.remote_audio_frames += 1
                    if live.speaker is not None:
                        live.speaker.play(frame)
        except MediaStreamError:
            return

    def _camera_lost(self, live: _Live) -> None:
        if not live.ended:
            live.tasks.append(asyncio.ensure_future(
                self._end(EndReason.CAMERA_LOST, tell_desk=True, live=live, detail="face camera stopped")
            ))  # fmt: skip

    def _note_pair(self, pc: RTCPeerConnection) -> None:
        # aiortc exposes no getStats() candidate pair; aioice's nominated pair says which
        # path the media took (relay = through TURN).
        with contextlib.suppress(Exception):
            transport = pc.getTransceivers()[0].sender.transport.transport
            pair = transport._connection._nominated.get(1)
            if pair is not None:
                self.stats.local_candidate_type = pair.local_candidate.type
                self.stats.remote_candidate_type = pair.remote_candidate.type

    async def _end(
        self, reason: EndReason, *, tell_desk: bool, live: _Live | None = None, detail: str = ""
    ) -> None:
        live = live or self._live
        if live is None or live.ended:
            return
        live.ended = True
        if live.camera is not None:
            self.stats.camera_frames_sent = live.camera.frames_sent
        if live.screen is not None:
            self.stats.screen_frames_sent = live.screen.frames_sent
        if detail:
            log.info("call %s ended: %s (%s)", live.plan.call_id, reason.value, detail)
        if tell_desk and live.link is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    live.link.send({"type": "hangup", "reason": reason.value}), 2
                )
        self._emit(EventKind.ENDED, reason=reason, detail=detail)
        await self._teardown(live)

    async def _teardown(self, live: _Live) -> None:
        current = asyncio.current_task()
        for task in live.tasks:
            if task is not current:
                task.cancel()
        if live.pc is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(live.pc.close(), 5)
        if live.link is not None:
            await live.link.close()
        for track in (live.camera, live.screen):
            if track is not None:
                track.wipe()
        if live.speaker is not None:
            await asyncio.to_thread(live.speaker.close)
            self.stats.speaker_frames = live.speaker.frames_played
            self.stats.speaker_failure = live.speaker.failed
        with self._screen_lock:
            self._screen = None
            self._unmasked = False
        with self._staff_lock:
            self._staff_frame = None
        if self._live is live:
            self._live = None


def microphone_track(spec: str) -> MediaStreamTrack:
    """The microphone: a generated tone, a looped sound file, or an ALSA/Pulse capture device."""
    if spec == "tone":
        return ToneTrack()
    from aiortc.contrib.media import MediaPlayer

    kind, _, device = spec.partition(":")
    if kind in ("alsa", "pulse") and device:
        player = MediaPlayer(device, format=kind)
    else:
        player = MediaPlayer(spec, loop=True)
    if player.audio is None:
        raise SignallingProtocolError(f"microphone source {spec!r} has no audio")
    return player.audio


async def _cancel_the_rest() -> None:
    """Cancel what aiortc left running on the loop, so nothing fails on a closed loop later."""
    tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
