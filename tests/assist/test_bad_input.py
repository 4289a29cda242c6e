"""Bad input and broken parts: each call ends with a named reason the screen turns into a message.

The desk down or SIGKILLed mid-call, the camera unplugged mid-call, the staff member's
console closed, malformed frames both ways, and a second terminal claiming the first
one's call id.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
import websockets
from websockets.asyncio.server import serve

from drivers.base import DeviceAbsent
from drivers.camera import FaceCamera
from kiosk.assist.call import CallEvent, EndReason, EventKind
from kiosk.assist.media import from_camera
from kiosk.assist.rtc import CallEngine
from tests.assist.conftest import Terminal, connected_call, make_plan
from tests.assist.peer import LiveDesk, LoopThread, StaffPeer, desk_process, until, wait_for
from tests.camera_sources import Unpluggable


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_desk_down_at_the_tap(tmp_path: Path, terminal: Terminal) -> None:
    port = _free_port()  # nothing listens there
    desk = LiveDesk(
        type("T", (), {"ws_url": f"ws://127.0.0.1:{port}", "url": ""})(), {"FT-01": "x" * 20}
    )
    terminal.engine.place(make_plan(desk))
    ended = terminal.wait_kind(EventKind.ENDED)
    assert ended.reason is EndReason.SIGNALLING_DOWN
    assert "127.0.0.1" in ended.detail
    assert not terminal.engine.holds_call_data()


def test_desk_killed_mid_call(tmp_path: Path, peer_loop: LoopThread, terminal: Terminal) -> None:
    with desk_process(tmp_path) as desk:
        staff, _ = connected_call(desk, peer_loop, terminal)
        desk.kill()  # SIGKILL: no goodbye frame, the sockets just die
        ended = terminal.wait_kind(EventKind.ENDED)
        assert ended.reason is EndReason.SIGNALLING_LOST
        wait_for(lambda: not terminal.engine.holds_call_data(), what="call torn down")
        peer_loop.run(staff.close())


def test_staff_closes_the_console_mid_call(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal
) -> None:
    staff, _ = connected_call(desk, peer_loop, terminal)
    peer_loop.run(staff.ws.close())  # what a closed tab does: the socket goes, no hangup frame
    ended = terminal.wait_kind(EventKind.ENDED)
    assert ended.reason is EndReason.STAFF_LEFT
    peer_loop.run(staff.close())


def test_camera_unplugged_mid_call(desk: LiveDesk, peer_loop: LoopThread) -> None:
    source = Unpluggable(Path("config/sim/face/card_photo.jpg"), fps=15, size=(640, 480))
    camera = FaceCamera(source, name="face_camera")
    camera.open()
    events: list[CallEvent] = []
    lock = threading.Lock()

    def listen(e: CallEvent) -> None:
        with lock:
            events.append(e)

    terminal = Terminal(CallEngine(from_camera(camera), listen), None, events, lock)  # type: ignore[arg-type]
    try:
        camera.wait_frame(timeout=20)
        staff, _ = connected_call(desk, peer_loop, terminal)
        wait_for(lambda: len(staff.frames.get("camera", [])) >= 3, 60, "camera frames")
        source.unplugged = True
        ended = terminal.wait_kind(EventKind.ENDED)
        assert ended.reason is EndReason.CAMERA_LOST
        wait_for(lambda: bool(staff.ended), 30, "the console told")
        peer_loop.run(staff.close())
    finally:
        terminal.engine.close()
        with contextlib.suppress(DeviceAbsent):
            camera.close()


def test_second_terminal_cannot_claim_the_first_ones_call_id(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal
) -> None:
    staff = StaffPeer(desk)
    peer_loop.run(staff.login())
    plan = make_plan(desk)
    terminal.engine.place(plan)
    terminal.wait_kind(EventKind.QUEUED)

    intruder_events: list[CallEvent] = []
    intruder = CallEngine(lambda: None, intruder_events.append)
    try:
        # FT-02 is enrolled and authenticates, but the call id is FT-01's.
        intruder.place(make_plan(desk, "FT-02", call_id=plan.call_id))
        wait_for(
            lambda: any(e.kind is EventKind.ENDED for e in intruder_events), what="intruder refused"
        )
        assert intruder_events[-1].reason is EndReason.REFUSED
        assert "call_id_taken" in intruder_events[-1].detail
        # Claiming FT-01's name without FT-01's credential is refused too.
        intruder_events.clear()
        intruder.place(
            make_plan(desk, "FT-01", call_id=uuid.uuid4().hex, credential=desk.credentials["FT-02"])
        )
        wait_for(
            lambda: any(e.kind is EventKind.ENDED for e in intruder_events),
            what="wrong credential refused",
        )
        assert intruder_events[-1].reason is EndReason.REFUSED
        assert "unauthorised" in intruder_events[-1].detail
    finally:
        intruder.close()
    # The real call is untouched: still queued, and it connects when answered.
    assert [c["terminal_id"] for c in staff.queue if c["call_id"] == plan.call_id] == ["FT-01"]
    peer_loop.run(staff.send(type="pick", call_id=plan.call_id))
    terminal.wait_kind(EventKind.CONNECTED, timeout=60)
    peer_loop.run(staff.close())


def test_malformed_frames_to_the_desk_are_answered_and_change_nothing(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal
) -> None:
    async def probe() -> list[dict[str, Any]]:
        got = []
        async with websockets.connect(desk.ws_url + "/ws/terminal") as ws:
            await ws.send("{not json")
            got.append(json.loads(await ws.recv()))
            with pytest.raises(websockets.ConnectionClosed):
                await ws.recv()
        async with websockets.connect(desk.ws_url + "/ws/terminal") as ws:
            await ws.send(
                json.dumps({"type": "hello", "terminal_id": "FT-01", "credential": "short"})
            )
            got.append(json.loads(await ws.recv()))
        return got

    answers = peer_loop.run(probe())
    assert [a["code"] for a in answers] == ["malformed", "malformed"]
    staff, call_id = connected_call(desk, peer_loop, terminal)
    for bad in ("[]", '{"type": "pick"}', f'{{"type": "message", "call_id": "{call_id}", "text": ""}}',
                '{"type": "teleport", "x": 1}', "\u0000"):  # fmt: skip
        peer_loop.run(staff.ws.send(bad))
    peer_loop.run(until(lambda: len(staff.errors) >= 5))
    assert {e["code"] for e in staff.errors} == {"malformed"}
    peer_loop.run(staff.send(type="message", call_id=call_id, text="还在吗"))
    assert terminal.wait_kind(EventKind.MESSAGE).text == "还在吗"
    assert terminal.ended() is None
    peer_loop.run(staff.close())


def test_a_desk_speaking_nonsense_ends_the_call_as_a_protocol_error(
    peer_loop: LoopThread, terminal: Terminal
) -> None:
    async def nonsense(ws: Any) -> None:
        await ws.recv()  # the hello
        await ws.send(json.dumps({"type": "queued", "position": "first"}))
        with contextlib.suppress(websockets.ConnectionClosed):
            await ws.recv()  # until the terminal hangs up

    async def start() -> Any:
        return await serve(nonsense, "127.0.0.1", 0)

    server = peer_loop.run(start())
    port = server.sockets[0].getsockname()[1]
    fake = LiveDesk(
        type("T", (), {"ws_url": f"ws://127.0.0.1:{port}", "url": ""})(), {"FT-01": "x" * 20}
    )
    terminal.engine.place(make_plan(fake))
    ended = terminal.wait_kind(EventKind.ENDED)
    assert ended.reason is EndReason.PROTOCOL_ERROR and "position" in ended.detail

    async def stop() -> None:
        server.close()
        await server.wait_closed()

    peer_loop.run(stop())
