"""The resident session: a pure-Python state machine that drives the screens.

attract → identify → catalog → guide → form → materials → signature → review →
submit → result → rating → goodbye (wipe) → attract.

The session is owned by one thread (the UI thread in the app, the test thread in
tests). Device events reach it as queued signals, never directly from device
threads. Time comes from an injected :class:`~kiosk.clock.Clock`; the app calls
:meth:`Session.tick` a few times per second and the session decides whether the
idle warning is due or the session must be wiped.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.config import SessionConfig
from kiosk.privacy import SENSITIVE, SensitiveValues

log = logging.getLogger(__name__)


class SessionState(StrEnum):
    ATTRACT = "attract"
    IDENTIFY = "identify"
    CATALOG = "catalog"
    GUIDE = "guide"
    FORM = "form"
    MATERIALS = "materials"
    SIGNATURE = "signature"
    REVIEW = "review"
    PAYMENT = "payment"  # fee payment between review and submit (kiosk/payments/)
    SUBMIT = "submit"
    RESULT = "result"
    RATING = "rating"
    GOODBYE = "goodbye"
    ADMIN = "admin"
    LOCKER = "locker"  # document locker: pick-up from the attract screen, deposit after submit
    POST = "post"  # results by post / courier pick-up (邮寄送达, 上门取件)


#: The service steps in their order; a service may skip some (no materials, …).
SERVICE_STEPS: tuple[SessionState, ...] = (
    SessionState.GUIDE,
    SessionState.FORM,
    SessionState.MATERIALS,
    SessionState.SIGNATURE,
    SessionState.REVIEW,
    SessionState.SUBMIT,
    SessionState.RESULT,
    SessionState.RATING,
)

#: States in which the resident's personal data may be held.
PERSONAL_STATES = frozenset(SessionState) - {
    SessionState.ATTRACT,
    SessionState.GOODBYE,
    SessionState.ADMIN,
}

_S = SessionState


def _service_transitions() -> dict[SessionState, frozenset[SessionState]]:
    """Before submitting, a step may go to any later step (services skip steps)
    or back to any earlier one; once submitted, there is no way back."""
    out: dict[SessionState, frozenset[SessionState]] = {}
    before_submit = SERVICE_STEPS[: SERVICE_STEPS.index(_S.SUBMIT) + 1]
    for step in before_submit[:-1]:
        out[step] = frozenset(before_submit) - {step} | {_S.CATALOG, _S.GOODBYE}
    out[_S.SUBMIT] = frozenset({_S.RESULT, _S.REVIEW, _S.FORM, _S.GOODBYE})
    out[_S.RESULT] = frozenset({_S.RATING, _S.CATALOG, _S.GOODBYE})
    out[_S.RATING] = frozenset({_S.GOODBYE, _S.CATALOG})
    return out


TRANSITIONS: dict[SessionState, frozenset[SessionState]] = {
    _S.ATTRACT: frozenset({_S.IDENTIFY, _S.ADMIN, _S.LOCKER}),
    _S.IDENTIFY: frozenset({_S.CATALOG, _S.ATTRACT, _S.GOODBYE}),
    _S.CATALOG: frozenset({*SERVICE_STEPS[:1], _S.IDENTIFY, _S.GOODBYE}),
    **_service_transitions(),
    _S.GOODBYE: frozenset({_S.ATTRACT}),
    _S.ADMIN: frozenset({_S.ATTRACT}),
    # Hand-off (issue 21): the locker and the post are side trips of the result step
    # (or, for a pick-up, of the attract screen) and return where they came from.
    _S.LOCKER: frozenset({_S.ATTRACT, _S.RESULT, _S.GOODBYE}),
    _S.POST: frozenset({_S.RESULT, _S.GOODBYE}),
}
TRANSITIONS[_S.RESULT] = TRANSITIONS[_S.RESULT] | {_S.LOCKER, _S.POST}
# Fee payment (issue 20) sits between review and submit for a service with a fee. It
# is no step of its own (steps_for() does not list it): the payment flow goes there
# from review and on to submit, or back to review after a cancel.
TRANSITIONS[_S.REVIEW] = TRANSITIONS[_S.REVIEW] | {_S.PAYMENT}
TRANSITIONS[_S.PAYMENT] = frozenset({_S.SUBMIT, _S.REVIEW, _S.CATALOG, _S.GOODBYE})


class EndReason(StrEnum):
    COMPLETED = "completed"
    EXIT = "exit"
    IDLE_TIMEOUT = "idle_timeout"
    CARD_REMOVED = "card_removed"
    ADMIN = "admin"
    ERROR = "error"


class InvalidTransition(Exception):
    def __init__(self, src: SessionState, dst: SessionState) -> None:
        super().__init__(f"transition {src} → {dst} is not allowed")
        self.src, self.dst = src, dst


class Wipeable(Protocol):
    def wipe(self) -> None: ...


def zero(buf: bytearray | memoryview | None) -> None:
    """Overwrite a mutable buffer in place (immutable ``bytes`` cannot be wiped)."""
    if buf is not None:
        buf[:] = bytes(len(buf))


@dataclass
class Attachment:
    """A scanned page, a signature image or a photo, held in memory until submit."""

    kind: str  # "scan" | "signature" | "photo" | "pdf"
    label: str
    content_type: str
    data: bytearray

    def wipe(self) -> None:
        zero(self.data)
        self.data = bytearray()


@dataclass
class SessionData:
    """Everything the session knows about the resident. All of it is wiped at the end."""

    session_id: str = field(default_factory=lambda: secrets.token_hex(8))
    identity: Any = None  # kiosk.identity.document.IdentityDocument
    service_code: str | None = None
    form_values: dict[str, str] = field(default_factory=dict)
    attachments: list[Attachment] = field(default_factory=list)
    signature_strokes: list[Any] = field(default_factory=list)
    submission_id: str | None = None
    acceptance_number: str | None = None
    result: Any = None
    rating: int | None = None
    rating_reasons: list[str] = field(default_factory=list)
    #: Other objects holding personal data (face frames, card photo, previews):
    #: registered by whoever creates them so the wipe reaches them too.
    holders: list[Wipeable] = field(default_factory=list)

    def wipe(self) -> None:
        for holder in self.holders:
            try:
                holder.wipe()
            except Exception:
                log.exception("a personal-data holder failed to wipe")
        self.holders.clear()
        if self.identity is not None and hasattr(self.identity, "wipe"):
            self.identity.wipe()
        self.identity = None
        for a in self.attachments:
            a.wipe()
        self.attachments.clear()
        self.form_values.clear()
        self.signature_strokes.clear()
        self.service_code = None
        self.submission_id = None
        self.acceptance_number = None
        self.result = None
        self.rating = None
        self.rating_reasons.clear()


StateListener = Callable[[SessionState, SessionState, str], None]


def _call_listener(fn: Callable[..., None], *args: Any) -> None:
    """Call one listener; its exception is logged, never passed to the session's caller."""
    try:
        fn(*args)
    except Exception:
        log.exception("session listener %r failed", getattr(fn, "__qualname__", fn))


class Session:
    """The resident session state machine (no Qt, no devices)."""

    def __init__(
        self,
        config: SessionConfig,
        clock: Clock = SYSTEM_CLOCK,
        sensitive: SensitiveValues | None = None,
    ) -> None:
        self.config = config
        self.clock = clock
        self.sensitive = sensitive if sensitive is not None else SENSITIVE
        self.state = SessionState.ATTRACT
        self.data = SessionData()
        self.steps: tuple[SessionState, ...] = SERVICE_STEPS
        self.last_end_reason: EndReason | None = None
        self._last_activity = clock.monotonic()
        self._busy_since: float | None = None
        self._busy_depth = 0
        self._warning_shown = False
        self._state_listeners: list[StateListener] = []
        self._warning_listeners: list[Callable[[float], None]] = []
        self._warning_cleared_listeners: list[Callable[[], None]] = []
        self._wipe_listeners: list[Callable[[EndReason], None]] = []
        #: When the identity card left the reader mid-session (monotonic), or None.
        self._card_gone_since: float | None = None
        self._card_grace_listeners: list[Callable[[float | None], None]] = []

    # --- listeners -------------------------------------------------------------
    def on_state_changed(self, fn: StateListener) -> None:
        self._state_listeners.append(fn)

    def on_idle_warning(self, fn: Callable[[float], None]) -> None:
        """``fn(seconds_left)`` is called once when the idle warning is due."""
        self._warning_listeners.append(fn)

    def on_idle_warning_cleared(self, fn: Callable[[], None]) -> None:
        self._warning_cleared_listeners.append(fn)

    def on_wiped(self, fn: Callable[[EndReason], None]) -> None:
        self._wipe_listeners.append(fn)

    def on_card_grace(self, fn: Callable[[float | None], None]) -> None:
        """``fn(seconds_left)`` when the card-removal grace starts, ``fn(None)`` when it ends."""
        self._card_grace_listeners.append(fn)

    # --- transitions -----------------------------------------------------------
    @property
    def holds_personal_data(self) -> bool:
        return self.state in PERSONAL_STATES or self.data.identity is not None

    def go(self, dst: SessionState, reason: str = "") -> None:
        src = self.state
        if dst == src:
            return
        if dst not in TRANSITIONS[src]:
            raise InvalidTransition(src, dst)
        self.state = dst
        self.touch()
        log.info("session %s: %s → %s", self.data.session_id, src, dst, extra={"reason": reason})
        for fn in list(self._state_listeners):
            _call_listener(fn, src, dst, reason)

    def start(self) -> None:
        """The resident touched the attract screen."""
        if self.state == SessionState.ATTRACT:
            self.data = SessionData()
            self.last_end_reason = None
            self.go(SessionState.IDENTIFY, "start")

    def identified(self, identity: Any) -> None:
        """A card was read (or face/QR login succeeded): remember who this is."""
        self.data.identity = identity
        for value in getattr(identity, "sensitive_values", lambda: [])():
            self.sensitive.add(value)
        self.go(SessionState.CATALOG, "identified")

    def choose_service(self, code: str, steps: tuple[SessionState, ...] | None = None) -> None:
        """Pick a service; ``steps`` lists which service steps it uses, in order."""
        self.data.service_code = code
        self.steps = steps or SERVICE_STEPS
        self.go(self.steps[0], f"service {code}")

    def next(self) -> SessionState:
        """Go to the next step of the chosen service."""
        if self.state in self.steps:
            idx = self.steps.index(self.state)
            if idx + 1 < len(self.steps):
                self.go(self.steps[idx + 1], "next")
                return self.state
            self.end(EndReason.COMPLETED)
            return self.state
        raise InvalidTransition(self.state, self.state)

    def back(self) -> SessionState:
        """One step back; from the first service step back to the catalog."""
        if self.state in self.steps:
            idx = self.steps.index(self.state)
            if self.state in (SessionState.SUBMIT, SessionState.RESULT, SessionState.RATING):
                return self.state  # a submitted application cannot be taken back
            self.go(self.steps[idx - 1] if idx > 0 else SessionState.CATALOG, "back")
        elif self.state == SessionState.CATALOG:
            self.go(SessionState.IDENTIFY, "back")
        elif self.state == SessionState.IDENTIFY:
            self.end(EndReason.EXIT)
        return self.state

    def end(self, reason: EndReason) -> None:
        """End the session from any state: wipe, then goodbye (or attract)."""
        if self.state in (SessionState.ATTRACT, SessionState.ADMIN):
            self.wipe(reason)
            return
        if self.state == SessionState.GOODBYE:
            return
        self.wipe(reason)
        self.go(SessionState.GOODBYE, str(reason))

    def finish_goodbye(self) -> None:
        if self.state == SessionState.GOODBYE:
            self.go(SessionState.ATTRACT, "goodbye done")

    def card_removed(self) -> None:
        """The identity card left the reader.

        Before the login is accepted (IDENTIFY) the session ends at once. Later the
        resident has ``card_removal_grace_s`` to put the card back (a card lifted
        by mistake); after it the session ends and is wiped.
        """
        if self.state in (SessionState.ATTRACT, SessionState.GOODBYE, SessionState.ADMIN):
            return
        grace = self.config.card_removal_grace_s
        if self.state == SessionState.IDENTIFY or grace <= 0:
            self.end(EndReason.CARD_REMOVED)
            return
        if self._card_gone_since is None:
            self._card_gone_since = self.clock.monotonic()
            log.info("session %s: card removed, %.0f s grace", self.data.session_id, grace)
            for fn in list(self._card_grace_listeners):
                _call_listener(fn, grace)

    def card_returned(self, same_card: bool) -> None:
        """A card came back on the reader during the grace: the same one carries on."""
        if self._card_gone_since is None:
            return
        if not same_card:
            self.end(EndReason.CARD_REMOVED)  # someone else's card: never their session
            return
        self._end_card_grace()
        self.touch()

    @property
    def card_grace_left(self) -> float | None:
        """Seconds left before a session whose card was lifted ends (None: card there)."""
        if self._card_gone_since is None:
            return None
        gone_for = self.clock.monotonic() - self._card_gone_since
        return max(0.0, self.config.card_removal_grace_s - gone_for)

    def _end_card_grace(self) -> None:
        if self._card_gone_since is not None:
            self._card_gone_since = None
            for fn in list(self._card_grace_listeners):
                _call_listener(fn, None)

    def enter_admin(self) -> None:
        """Technician screen: only reachable with no resident data held."""
        if self.state != SessionState.ATTRACT:
            self.end(EndReason.ADMIN)
            self.finish_goodbye()
        self.wipe(EndReason.ADMIN)
        self.go(SessionState.ADMIN, "admin")

    def leave_admin(self) -> None:
        if self.state == SessionState.ADMIN:
            self.go(SessionState.ATTRACT, "admin done")

    def wipe(self, reason: EndReason) -> None:
        """Clear every object holding personal data."""
        self.data.wipe()
        self.sensitive.clear()
        self.data = SessionData()
        self.steps = SERVICE_STEPS
        self.last_end_reason = reason
        self._busy_depth = 0
        self._busy_since = None
        self._clear_warning()
        self._end_card_grace()
        for fn in list(self._wipe_listeners):
            # A listener's failure (the audit log on a full disk, say) must stop
            # neither the wipe nor the screen change that follows it.
            _call_listener(fn, reason)

    # --- idle handling ---------------------------------------------------------
    def touch(self) -> None:
        """Any resident activity: reset the idle timer and hide the warning."""
        self._last_activity = self.clock.monotonic()
        self._clear_warning()

    def _clear_warning(self) -> None:
        if self._warning_shown:
            self._warning_shown = False
            for fn in list(self._warning_cleared_listeners):
                fn()

    @contextlib.contextmanager
    def busy(self) -> Iterator[None]:
        """Pause the idle timer during a long operation (print, multi-page scan).

        The pause is bounded by ``busy_max_s``: a hung operation cannot keep a
        resident's data on screen forever.
        """
        self.begin_busy()
        try:
            yield
        finally:
            self.end_busy()

    def begin_busy(self) -> None:
        if self._busy_depth == 0:
            self._busy_since = self.clock.monotonic()
        self._busy_depth += 1

    def end_busy(self) -> None:
        if self._busy_depth > 0:
            self._busy_depth -= 1
            if self._busy_depth == 0:
                self._busy_since = None
                self.touch()

    def idle_seconds(self) -> float:
        now = self.clock.monotonic()
        if self._busy_since is not None:
            busy_for = now - self._busy_since
            if busy_for < self.config.busy_max_s:
                return 0.0
            # The bound is reached: idle time counts from the end of the allowance.
            return max(
                0.0, now - max(self._last_activity, self._busy_since + self.config.busy_max_s)
            )
        return now - self._last_activity

    def seconds_left(self) -> float:
        return max(0.0, self.config.idle_timeout_s - self.idle_seconds())

    def tick(self) -> None:
        """Called periodically: raise the idle warning or end the session."""
        if self.state in (SessionState.ATTRACT,):
            return
        if self.state == SessionState.GOODBYE:
            return  # the goodbye screen returns to attract on its own timer
        left = self.card_grace_left
        if left is not None and left <= 0:
            self.end(EndReason.CARD_REMOVED)
            return
        idle = self.idle_seconds()
        if idle >= self.config.idle_timeout_s:
            if self.state == SessionState.ADMIN:
                self.leave_admin()
            else:
                self.end(EndReason.IDLE_TIMEOUT)
            return
        if (
            not self._warning_shown
            and idle >= self.config.idle_timeout_s - self.config.idle_warning_s
        ):
            self._warning_shown = True
            left = self.config.idle_timeout_s - idle
            for fn in list(self._warning_listeners):
                fn(left)
