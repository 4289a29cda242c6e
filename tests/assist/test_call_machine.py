"""The call state machine, the masking of a frame, and the callback number (pure Python)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.assist.call import (
    CallEvent,
    CallMachine,
    CallState,
    EndReason,
    EventKind,
    InvalidTransition,
)
from kiosk.assist.callback import CallbackNumberInvalid, normalise_phone
from kiosk.assist.masking import Rect, mask_frame


def ev(kind: EventKind, call_id: str = "c1", **kw: object) -> CallEvent:
    return CallEvent(kind, call_id, **kw)  # type: ignore[arg-type]


def test_a_call_from_tap_to_staff_hangup() -> None:
    m = CallMachine()
    m.ask_consent()
    assert m.state is CallState.CONSENT and m.active and not m.in_call
    m.consent("c1")
    assert m.state is CallState.CONNECTING and m.in_call
    assert m.apply(ev(EventKind.QUEUED, position=3, expected_wait_s=540))
    assert (m.state, m.position, m.expected_wait_s) == (CallState.QUEUED, 3, 540)
    assert m.apply(ev(EventKind.QUEUED, position=2, expected_wait_s=360))
    assert m.position == 2
    assert m.apply(ev(EventKind.ANSWERED))
    m.unmask(True)
    assert m.unmasked
    assert m.apply(ev(EventKind.CONNECTED))
    assert m.apply(ev(EventKind.MESSAGE, text="您好"))
    assert m.messages == ["您好"]
    assert m.apply(ev(EventKind.ENDED, reason=EndReason.STAFF_HUNG_UP))
    assert m.state is CallState.ENDED and m.reason is EndReason.STAFF_HUNG_UP
    # The end forgets the messages and the unmask consent at once.
    assert m.messages == [] and not m.unmasked


def test_events_of_another_or_a_finished_call_change_nothing() -> None:
    m = CallMachine()
    m.ask_consent()
    m.consent("c1")
    assert not m.apply(ev(EventKind.QUEUED, "other", position=1))
    assert m.state is CallState.CONNECTING
    m.end(EndReason.RESIDENT_HUNG_UP)
    assert not m.apply(ev(EventKind.CONNECTED))
    assert not m.apply(ev(EventKind.MESSAGE, text="late"))
    assert m.state is CallState.ENDED and m.messages == []
    m.end(EndReason.ICE_FAILED)  # the first reason stays
    assert m.reason is EndReason.RESIDENT_HUNG_UP


def test_no_answer_offers_the_callback_and_a_late_end_does_not_close_it() -> None:
    m = CallMachine()
    m.ask_consent()
    m.consent("c1")
    m.apply(ev(EventKind.QUEUED, position=1, expected_wait_s=60))
    m.ring_timed_out()
    assert m.state is CallState.CALLBACK
    assert not m.apply(ev(EventKind.ENDED, reason=EndReason.NO_ANSWER))
    assert m.state is CallState.CALLBACK
    m.end(EndReason.CALLBACK_LEFT)
    assert m.reason is EndReason.CALLBACK_LEFT


def test_steps_out_of_order_are_refused_and_unmask_needs_a_call() -> None:
    m = CallMachine()
    with pytest.raises(InvalidTransition):
        m.consent("c1")
    m.unmask(True)
    assert not m.unmasked
    m.ask_consent()
    m.unmask(True)
    assert not m.unmasked  # consent for the call first, then for the fields
    assert not m.apply(ev(EventKind.CONNECTED, ""))  # connected before answered: ignored
    m.wipe()
    assert (m.state, m.call_id, m.messages) == (CallState.IDLE, "", [])


def test_mask_blacks_out_exactly_the_rectangles_with_margin() -> None:
    frame = np.full((100, 200, 3), 200, np.uint8)
    mask_frame(frame, [Rect(10, 20, 30, 10), Rect(190, 90, 50, 50)], margin=2)
    assert (frame[18:32, 8:42] == 0).all()
    assert (frame[88:, 188:] == 0).all()  # clipped to the frame
    untouched = np.ones(frame.shape[:2], bool)
    untouched[18:32, 8:42] = False
    untouched[88:, 188:] = False
    assert (frame[untouched] == 200).all()


@given(
    st.integers(-50, 250), st.integers(-50, 150), st.integers(0, 120), st.integers(0, 120),
    st.floats(0.2, 3.0),
)  # fmt: skip
def test_a_scaled_rectangle_still_covers_its_pixels(
    x: int, y: int, w: int, h: int, s: float
) -> None:
    frame = np.full((100, 200), 255, np.uint8)
    big = np.full((int(100 * s) + 2, int(200 * s) + 2), 255, np.uint8)
    r = Rect(x, y, w, h)
    mask_frame(frame, [r], margin=0)
    mask_frame(big, [r.scaled(s, s)], margin=0)
    ys, xs = np.nonzero(frame == 0)
    for py, px in zip(ys[::37], xs[::37], strict=False):
        # The centre of every masked source pixel lands on a masked pixel after scaling.
        cy, cx = int((py + 0.5) * s), int((px + 0.5) * s)
        if cy < big.shape[0] and cx < big.shape[1]:
            assert big[cy, cx] == 0


@pytest.mark.parametrize(
    "raw", ["13800138000", "138 0013 8000", "138-0013-8000", "075583001234", "0591-87654321"]
)
def test_phone_numbers_accepted(raw: str) -> None:
    assert normalise_phone(raw).isdigit()


@pytest.mark.parametrize(
    "raw", ["", "1380013800", "23800138000", "138001380001", "abc", "12345678901"]
)
def test_other_input_is_refused_without_echoing_it(raw: str) -> None:
    with pytest.raises(CallbackNumberInvalid) as e:
        normalise_phone(raw)
    assert raw not in e.value.detail or not raw
    assert "手机号码" in e.value.resident_message
