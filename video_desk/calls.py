"""The queue of calling terminals and the calls being answered.

Runs on the desk's event loop only (every WebSocket handler of one uvicorn worker),
so it needs no locks. A call belongs to the terminal whose credential opened it: a
second terminal naming the same call id is refused.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import StrEnum

Send = Callable[[dict[str, object]], Awaitable[None]]


class CallState(StrEnum):
    """Where a call is on the desk."""

    QUEUED = "queued"
    ANSWERING = "answering"  # a staff member picked it; offer/answer under way
    CONNECTED = "connected"
    ENDED = "ended"


class CallRefused(Exception):
    """A terminal's hello cannot open this call (``code`` says why)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass
class Call:
    """One call: who is calling, from where, for what, and who answered."""

    call_id: str
    terminal_id: str
    location: str
    service: str
    send_terminal: Send
    queued_at: float = field(default_factory=time.monotonic)
    state: CallState = CallState.QUEUED
    staff_id: str | None = None
    answered_at: float | None = None

    def waiting_s(self, now: float) -> float:
        return max(0.0, now - self.queued_at)

    def summary(self, now: float) -> dict[str, object]:
        """What the console's queue shows (no personal data: there is none here)."""
        return {
            "call_id": self.call_id,
            "terminal_id": self.terminal_id,
            "location": self.location,
            "service": self.service,
            "waiting_s": round(self.waiting_s(now)),
            "state": self.state.value,
            "staff_id": self.staff_id,
        }


@dataclass
class CallBoard:
    """Live calls by id, plus the recent handling times that estimate the wait."""

    default_handle_s: float = 180.0
    calls: dict[str, Call] = field(default_factory=dict)
    seen_ids: dict[str, str] = field(default_factory=dict)  # call id → terminal that owns it
    handle_times: list[float] = field(default_factory=list)

    def open(self, call: Call) -> None:
        """Queue a new call, or raise :class:`CallRefused` if its id is another's or live."""
        owner = self.seen_ids.get(call.call_id)
        if owner is not None and owner != call.terminal_id:
            raise CallRefused("call_id_taken")
        if call.call_id in self.calls:
            raise CallRefused("call_id_in_use")
        self.seen_ids[call.call_id] = call.terminal_id
        self.calls[call.call_id] = call

    def queued(self) -> list[Call]:
        """Calls nobody has picked yet, longest waiting first."""
        return sorted(
            (c for c in self.calls.values() if c.state is CallState.QUEUED),
            key=lambda c: c.queued_at,
        )

    def position(self, call_id: str) -> int:
        """1-based place in the queue (0 when not queued)."""
        for i, c in enumerate(self.queued(), start=1):
            if c.call_id == call_id:
                return i
        return 0

    def expected_wait_s(self, position: int, staff_online: int) -> float:
        """Position × median handling time, shared among the staff online."""
        per_call = (
            statistics.median(self.handle_times[-50:])
            if self.handle_times
            else self.default_handle_s
        )
        return position * per_call / max(1, staff_online)

    def end(self, call_id: str) -> Call | None:
        """Remove a call (the id stays owned by its terminal); None if already gone."""
        call = self.calls.pop(call_id, None)
        if call is None:
            return None
        if call.answered_at is not None:
            self.handle_times.append(time.monotonic() - call.answered_at)
        call.state = CallState.ENDED
        return call
