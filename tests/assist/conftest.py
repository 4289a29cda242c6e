"""Fixtures of the video-assistance tests: a desk on a free port, a staff peer loop, a terminal."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from aiortc import RTCConfiguration

from kiosk.assist.call import CallEvent, EventKind
from kiosk.assist.rtc import CallEngine, CallPlan
from tests.assist.peer import LiveDesk, LoopThread, StaffPeer, running_desk, wait_for


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[LiveDesk]:
    with running_desk(tmp_path) as d:
        yield d


@pytest.fixture
def peer_loop() -> Iterator[LoopThread]:
    loop = LoopThread()
    yield loop
    loop.close()


class PatternCamera:
    """A stand-in camera source: a blue frame with a moving bar, fresh at every call."""

    def __init__(self) -> None:
        self.unplugged = False
        self._n = 0

    def __call__(self) -> tuple[np.ndarray, float] | None:
        if self.unplugged:
            return None
        img = np.zeros((480, 640, 3), np.uint8)
        img[:, :, 0] = 200  # BGR: blue
        x = (self._n * 8) % 600
        img[:, x : x + 40] = 255
        self._n += 1
        return img, time.monotonic()


@dataclass
class Terminal:
    """The terminal side of the tests: an engine and the events it reported."""

    engine: CallEngine
    camera: PatternCamera
    events: list[CallEvent] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def kinds(self) -> list[EventKind]:
        with self.lock:
            return [e.kind for e in self.events]

    def ended(self) -> CallEvent | None:
        with self.lock:
            return next((e for e in self.events if e.kind is EventKind.ENDED), None)

    def wait_kind(self, kind: EventKind, timeout: float = 45) -> CallEvent:
        wait_for(lambda: kind in self.kinds(), timeout, f"terminal event {kind}")
        with self.lock:
            return next(e for e in self.events if e.kind is kind)


def make_plan(
    desk: LiveDesk, terminal_id: str = "FT-01", rtc: RTCConfiguration | None = None, **kw: object
) -> CallPlan:
    return CallPlan(
        call_id=kw.pop("call_id", None) or uuid.uuid4().hex,  # type: ignore[arg-type]
        desk_url=desk.ws_url,
        terminal_id=terminal_id,
        credential=str(kw.pop("credential", None) or desk.credentials[terminal_id]),
        rtc=rtc or RTCConfiguration(iceServers=[]),
        location="福田区香蜜湖街道便民服务站",
        service="居住证签注",
        **kw,  # type: ignore[arg-type]
    )


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    camera = PatternCamera()
    holder: list[Terminal] = []

    def listen(ev: CallEvent) -> None:
        with holder[0].lock:
            holder[0].events.append(ev)

    t = Terminal(CallEngine(camera, listen), camera)
    holder.append(t)
    yield t
    t.engine.close()


def connected_call(
    desk: Any, peer_loop: LoopThread, terminal: Terminal, **plan_kw: object
) -> tuple[StaffPeer, str]:
    """A logged-in staff peer and a call from ``terminal`` it answered (media connected)."""
    staff = StaffPeer(desk)
    peer_loop.run(staff.login())
    plan = make_plan(desk, **plan_kw)
    terminal.engine.place(plan)
    terminal.wait_kind(EventKind.QUEUED)
    peer_loop.run(staff.send(type="pick", call_id=plan.call_id))
    terminal.wait_kind(EventKind.CONNECTED, timeout=60)
    return staff, plan.call_id


@contextlib.contextmanager
def _ui(tmp: Path, display: Any = None) -> Iterator[Any]:
    from kiosk.ui.walkthrough.harness import demo_ui

    with demo_ui(tmp / "shots", display=display) as walk:
        yield walk
        if walk.ui.assist is not None:
            walk.ui.assist.shutdown()


@pytest.fixture
def wt(qapp: Any, tmp_path: Path) -> Iterator[Any]:
    """The whole terminal UI on the simulators with the demo's video desk."""
    with _ui(tmp_path) as walk:
        yield walk


@pytest.fixture
def small_wt(qapp: Any, tmp_path: Path) -> Iterator[Any]:
    """The same on a 1366×768 screen in elderly mode."""
    from kiosk.ui.walkthrough.harness import Display

    with _ui(tmp_path, Display(1366, 768, elderly=True)) as walk:
        yield walk


def qt_wait(wt: Any, cond: Any, what: str, timeout: float = 45) -> None:
    """Pump the Qt loop until ``cond()`` (generous: the machine is shared)."""
    assert wt.wait_for(lambda: bool(cond()), timeout), f"timed out waiting for {what}"
