"""The state machine of one 视频帮办 call, from the tap to the end.

idle → consent → connecting → queued → answered → connected → ended, with a named
reason for every end. Pure Python, driven on one thread (the UI's): the media engine
(:mod:`kiosk.assist.rtc`) reports :class:`CallEvent` objects and the controller feeds
them here. Anything that does not fit the current state is ignored (a late frame from
a call that already ended must not revive it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class CallState(StrEnum):
    """Where the call is."""

    IDLE = "idle"
    CONSENT = "consent"  # the resident reads what staff will see and hear
    CONNECTING = "connecting"  # reaching the desk
    QUEUED = "queued"  # waiting for a staff member (place and expected wait shown)
    ANSWERED = "answered"  # a staff member picked the call; media being set up
    CONNECTED = "connected"  # media flowing both ways
    CALLBACK = "callback"  # nobody answered; the resident may leave a number
    ENDED = "ended"


class EndReason(StrEnum):
    """Why a call ended. The screen turns each into a resident message."""

    DECLINED = "declined"  # the resident did not consent
    RESIDENT_HUNG_UP = "resident_hung_up"
    STAFF_HUNG_UP = "staff_hung_up"
    STAFF_LEFT = "staff_left"  # the staff member closed the console tab
    NO_ANSWER = "no_answer"
    CALLBACK_LEFT = "callback_left"  # a callback number was stored in the outbox
    SIGNALLING_DOWN = "signalling_down"  # the desk could not be reached
    SIGNALLING_LOST = "signalling_lost"  # the desk dropped during the call
    ICE_FAILED = "ice_failed"  # no network path for the media (firewall, TURN)
    CAMERA_LOST = "camera_lost"
    REFUSED = "refused"  # the desk refused this terminal or its call id
    PROTOCOL_ERROR = "protocol_error"  # the desk sent something we do not understand
    SESSION_ENDED = "session_ended"  # the resident's session ended (idle, card pulled)
    UNAVAILABLE = "unavailable"  # video help is not set up on this terminal (no credential)


class EventKind(StrEnum):
    """What the media engine reports."""

    QUEUED = "queued"
    ANSWERED = "answered"
    CONNECTED = "connected"
    MESSAGE = "message"
    ENDED = "ended"


@dataclass(frozen=True)
class CallEvent:
    """One report from the engine (any thread); carries no media."""

    kind: EventKind
    call_id: str
    position: int = 0
    expected_wait_s: float = 0.0
    text: str = ""
    reason: EndReason | None = None
    detail: str = ""  # for the technician log: never personal data


_ALLOWED: dict[CallState, frozenset[CallState]] = {
    CallState.IDLE: frozenset({CallState.CONSENT}),
    CallState.CONSENT: frozenset({CallState.CONNECTING, CallState.ENDED}),
    CallState.CONNECTING: frozenset({CallState.QUEUED, CallState.ENDED}),
    CallState.QUEUED: frozenset({CallState.ANSWERED, CallState.CALLBACK, CallState.ENDED}),
    CallState.ANSWERED: frozenset({CallState.CONNECTED, CallState.ENDED}),
    CallState.CONNECTED: frozenset({CallState.ENDED}),
    CallState.CALLBACK: frozenset({CallState.ENDED}),
    CallState.ENDED: frozenset({CallState.IDLE, CallState.CONSENT}),
}


class InvalidTransition(Exception):
    """A step the call machine does not allow from where it is (a programming error)."""


@dataclass
class CallMachine:
    """One call's state, its queue place, the staff messages, and the unmask consent."""

    state: CallState = CallState.IDLE
    call_id: str = ""
    position: int = 0
    expected_wait_s: float = 0.0
    reason: EndReason | None = None
    unmasked: bool = False  # second consent: personal fields shown to staff, this call only
    messages: list[str] = field(default_factory=list)

    def _go(self, new: CallState) -> None:
        if new not in _ALLOWED[self.state]:
            raise InvalidTransition(f"{self.state} → {new}")
        self.state = new

    @property
    def active(self) -> bool:
        """True from consent until the end."""
        return self.state not in (CallState.IDLE, CallState.ENDED)

    @property
    def in_call(self) -> bool:
        """True while the desk holds the call (media may be flowing)."""
        return self.state in (
            CallState.CONNECTING,
            CallState.QUEUED,
            CallState.ANSWERED,
            CallState.CONNECTED,
        )

    def ask_consent(self) -> None:
        """The resident tapped 视频帮办."""
        self.wipe()
        self._go(CallState.CONSENT)

    def consent(self, call_id: str) -> None:
        """The resident agreed: the call is placed with ``call_id``."""
        self._go(CallState.CONNECTING)
        self.call_id = call_id

    def unmask(self, allowed: bool) -> None:
        """Second consent (or its withdrawal): show personal fields to staff for this call."""
        self.unmasked = allowed and self.in_call

    def ring_timed_out(self) -> None:
        """Nobody answered in time: offer the callback."""
        if self.state is CallState.QUEUED:
            self._go(CallState.CALLBACK)

    def end(self, reason: EndReason) -> None:
        """End the call (idempotent: the first reason stays)."""
        if self.state in (CallState.ENDED, CallState.IDLE):
            return
        self._go(CallState.ENDED)
        self.reason = reason
        self.unmasked = False
        self.messages.clear()

    def apply(self, event: CallEvent) -> bool:
        """Feed an engine report; returns True when it changed something."""
        if event.call_id != self.call_id or not self.active:
            return False
        if event.kind is EventKind.ENDED:
            if self.state is CallState.CALLBACK:
                return False  # the callback form stays up; its own end comes from it
            self.end(event.reason or EndReason.PROTOCOL_ERROR)
            return True
        if event.kind is EventKind.QUEUED and self.state in (
            CallState.CONNECTING,
            CallState.QUEUED,
        ):
            if self.state is CallState.CONNECTING:
                self._go(CallState.QUEUED)
            self.position = event.position
            self.expected_wait_s = event.expected_wait_s
            return True
        if event.kind is EventKind.ANSWERED and self.state is CallState.QUEUED:
            self._go(CallState.ANSWERED)
            return True
        if event.kind is EventKind.CONNECTED and self.state is CallState.ANSWERED:
            self._go(CallState.CONNECTED)
            return True
        if event.kind is EventKind.MESSAGE and self.state in (
            CallState.ANSWERED,
            CallState.CONNECTED,
        ):
            self.messages.append(event.text)
            return True
        return False

    def wipe(self) -> None:
        """Forget the call: id, messages, consent (the session wipe calls this too)."""
        self.state = CallState.IDLE
        self.call_id = ""
        self.position = 0
        self.expected_wait_s = 0.0
        self.reason = None
        self.unmasked = False
        self.messages.clear()
