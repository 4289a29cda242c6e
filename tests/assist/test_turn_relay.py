"""NAT traversal: the call is forced through a private coturn (relay-only ICE on the terminal)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from aiortc import RTCConfiguration

from kiosk.assist.call import EndReason, EventKind
from kiosk.assist.settings import rtc_configuration
from kiosk.config import AssistConfig, IceServerConfig
from tests.assist.conftest import Terminal, make_plan
from tests.assist.peer import LiveDesk, LoopThread, StaffPeer, wait_for
from tests.assist.turn import PASSWORD, USER, Turn, coturn


@pytest.fixture
def turn(tmp_path: Path) -> Iterator[Turn]:
    with coturn(tmp_path) as t:
        yield t


def _relay_only(turn: Turn, password: str = PASSWORD) -> RTCConfiguration:
    cfg = AssistConfig(
        ice_servers=(IceServerConfig(urls=[turn.url], username=USER, credential=password),),  # type: ignore[arg-type]
        ice_transport_policy="relay",
    )
    return rtc_configuration(cfg)


def test_media_goes_through_the_turn_relay(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal, turn: Turn
) -> None:
    staff = StaffPeer(desk)  # the staff side gathers host candidates only
    peer_loop.run(staff.login())
    plan = make_plan(desk, rtc=_relay_only(turn))
    terminal.engine.place(plan)
    terminal.wait_kind(EventKind.QUEUED)
    peer_loop.run(staff.send(type="pick", call_id=plan.call_id))
    terminal.wait_kind(EventKind.CONNECTED, timeout=60)
    wait_for(lambda: len(staff.frames.get("camera", [])) >= 3, 60, "camera frames via the relay")
    wait_for(
        lambda: terminal.engine.stats.remote_video_frames >= 3, 60, "staff frames via the relay"
    )

    # The only candidates the terminal offered were relayed ones, and the pair in use is one.
    assert terminal.engine.stats.local_candidate_type == "relay"
    # coturn saw the allocation and the permission for the staff peer's address.
    log = turn.log_text()
    assert "ALLOCATE processed, success" in log, log[-2000:]
    assert "CREATE_PERMISSION" in log or "CHANNEL_BIND" in log, log[-2000:]
    terminal.engine.hang_up()
    terminal.wait_kind(EventKind.ENDED)
    peer_loop.run(staff.close())


def test_ice_fails_when_the_relay_refuses_us(
    desk: LiveDesk, peer_loop: LoopThread, terminal: Terminal, turn: Turn
) -> None:
    staff = StaffPeer(desk)
    peer_loop.run(staff.login())
    plan = make_plan(desk, rtc=_relay_only(turn, password="not-the-password"), connect_timeout_s=3)
    terminal.engine.place(plan)
    terminal.wait_kind(EventKind.QUEUED)
    peer_loop.run(staff.send(type="pick", call_id=plan.call_id))
    ended = terminal.wait_kind(EventKind.ENDED, timeout=60)
    assert ended.reason is EndReason.ICE_FAILED
    assert EventKind.CONNECTED not in terminal.kinds()
    wait_for(lambda: bool(staff.ended), 30, "the console told the call ended")
    assert staff.ended[0]["reason"] == "terminal_hung_up"
    peer_loop.run(staff.close())
