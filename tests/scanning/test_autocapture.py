"""Auto-capture: fires once on a still page, never on a moving one (fake clock, real frames)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from kiosk.clock import FakeClock
from kiosk.materials.scan_synth import SyntheticPhoto, background
from kiosk.materials.scanning import AutoCapture, CaptureState


def _noisy(image: np.ndarray, rng: np.random.Generator, sigma: float = 2.5) -> np.ndarray:
    """Sensor noise: consecutive frames of a still scene are never identical."""
    noisy = image.astype(np.int16) + rng.normal(0, sigma, image.shape).astype(np.int16)
    return np.clip(noisy, 0, 255).astype(np.uint8)


def test_still_page_is_captured_once_after_still_time(
    make_photo: Callable[..., SyntheticPhoto],
) -> None:
    clock = FakeClock()
    auto = AutoCapture(still_time_s=1.0, clock=clock)
    rng = np.random.default_rng(0)
    still = make_photo((640, 480), 1).image
    states = []
    for _ in range(30):  # 3 s at 10 fps
        states.append(auto.feed(_noisy(still, rng), page_present=True).state)
        clock.advance(0.1)
    assert states.count(CaptureState.CAPTURE) == 1
    first = states.index(CaptureState.CAPTURE)
    # The first frame has no predecessor (counts as motion); still from the 2nd (t=0.1 s),
    # so the capture is due at t=1.1 s, i.e. the 12th frame.
    assert first == 11
    assert set(states[1:first]) == {CaptureState.STEADYING}
    assert set(states[first + 1 :]) == {CaptureState.CAPTURED}


def test_moving_page_is_never_captured(page_image: np.ndarray) -> None:
    from kiosk.materials.scan_synth import default_corners, photograph

    clock = FakeClock()
    auto = AutoCapture(still_time_s=0.5, clock=clock)
    base = default_corners(640, 480, seed=2)
    decisions = []
    for i in range(20):
        shift = np.array([4.0 * np.sin(i / 3), 3.0 * i % 9], np.float32)  # a hand moving it
        frame = photograph(page_image, (640, 480), corners=base + shift, seed=2).image
        decisions.append(auto.feed(frame, page_present=True))
        clock.advance(0.1)
    assert all(d.state != CaptureState.CAPTURE for d in decisions)
    assert sum(d.state == CaptureState.MOVING for d in decisions) >= 18
    assert min(d.motion for d in decisions[1:]) > auto.motion_threshold


def test_no_page_means_no_capture_and_a_new_page_is_captured_again(
    make_photo: Callable[..., SyntheticPhoto],
) -> None:
    clock = FakeClock()
    auto = AutoCapture(still_time_s=0.5, clock=clock)
    rng = np.random.default_rng(1)
    empty = background(640, 480, seed=3)
    page1 = make_photo((640, 480), 4).image
    page2 = make_photo((640, 480), 5).image

    def run(frame: np.ndarray, present: bool, n: int) -> list[CaptureState]:
        out = []
        for _ in range(n):
            out.append(auto.feed(_noisy(frame, rng), present).state)
            clock.advance(0.1)
        return out

    assert set(run(empty, False, 10)) == {CaptureState.NO_PAGE}
    assert run(page1, True, 10).count(CaptureState.CAPTURE) == 1
    # The resident swaps the page without lifting it off the plate: the change re-arms.
    states = run(page2, True, 10)
    assert states[0] == CaptureState.MOVING
    assert states.count(CaptureState.CAPTURE) == 1
    # A reset (retake) captures the page lying there again.
    auto.reset()
    assert run(page2, True, 10).count(CaptureState.CAPTURE) == 1
