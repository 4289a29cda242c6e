"""Liveness: EAR and head-turn geometry, the checker, and the whole flow on real frames."""

from __future__ import annotations

import numpy as np
import pytest

from kiosk.biometrics.face import DlibBackend, FaceVerifier, ReferenceFace
from kiosk.biometrics.face_flow import FaceLoginFlow, FailReason, Phase
from kiosk.biometrics.liveness import (
    Challenge,
    FaceLandmarks,
    LivenessChecker,
    LivenessSettings,
    Verdict,
    eye_aspect_ratio,
    mean_ear,
    yaw_ratio,
)
from kiosk.config import FaceConfig
from tests.face.conftest import FACES, face_image, photo_of


def test_eye_aspect_ratio_of_known_geometry() -> None:
    # Corners 30 px apart, lids 9 px apart: EAR = (9 + 9) / (2 × 30) = 0.3.
    eye = np.array([[0, 0], [10, -4.5], [20, -4.5], [30, 0], [20, 4.5], [10, 4.5]])
    assert eye_aspect_ratio(eye) == pytest.approx(0.3)
    closed = eye.copy()
    closed[[1, 2], 1] = -0.5
    closed[[4, 5], 1] = 0.5
    assert eye_aspect_ratio(closed) == pytest.approx(1 / 30)
    assert eye_aspect_ratio(np.zeros((6, 2))) == 0.0  # degenerate, no division by zero


@pytest.fixture(scope="module")
def real_landmarks(dlib_backend: DlibBackend) -> dict[str, FaceLandmarks]:
    """68-point landmarks measured by the real model on real (and eyes-painted-shut) frames."""
    v = FaceVerifier(FaceConfig(), dlib_backend)
    out = {}
    for name in ("frame_obama", "frame_obama_closed", "frame_obama3", "frame_biden"):
        lm = v.landmarks(v.analyze(face_image(f"{name}.jpg")))
        assert lm is not None
        out[name] = lm
    return out


def test_ear_of_open_and_closed_eyes_on_real_landmarks(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    open_ear = mean_ear(real_landmarks["frame_obama"])
    closed_ear = mean_ear(real_landmarks["frame_obama_closed"])
    assert 0.17 < open_ear < 0.4
    assert closed_ear < 0.7 * open_ear  # what the checker calls "closed"
    for name in ("frame_obama3", "frame_biden"):
        assert 0.18 < mean_ear(real_landmarks[name]) < 0.4


def test_yaw_of_frontal_faces_is_near_the_middle(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    for lm in real_landmarks.values():
        assert 0.35 < yaw_ratio(lm) < 0.65


SETTINGS = LivenessSettings(timeout_s=5.0)


def _feed(checker: LivenessChecker, frames: list[FaceLandmarks | None], t0: float = 0.0) -> float:
    t = t0
    for lm in frames:
        t += 1 / 15
        checker.feed(t, lm)
    return t


def test_static_photo_fails_blink_on_timeout(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    still = real_landmarks["frame_obama"]
    checker = LivenessChecker(Challenge.BLINK, SETTINGS, now=0.0)
    t = _feed(checker, [still] * 60)  # 4 s of the same photo
    assert checker.verdict == Verdict.PENDING
    _feed(checker, [still] * 30, t0=t)  # past the 5 s limit
    assert checker.verdict == Verdict.FAILED
    assert "not answered" in checker.reason


def test_open_closed_open_is_a_blink(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    o, c = real_landmarks["frame_obama"], real_landmarks["frame_obama_closed"]
    checker = LivenessChecker(Challenge.BLINK, SETTINGS, now=0.0)
    _feed(checker, [o, o, o, o, c])
    assert checker.verdict == Verdict.PENDING  # closed, not yet reopened
    _feed(checker, [o], t0=0.5)
    assert checker.verdict == Verdict.PASSED


def test_closing_eyes_without_reopening_is_not_a_blink(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    o, c = real_landmarks["frame_obama"], real_landmarks["frame_obama_closed"]
    checker = LivenessChecker(Challenge.BLINK, SETTINGS, now=0.0)
    _feed(checker, [o, o, o] + [c] * 100)
    assert checker.verdict == Verdict.FAILED


def test_closed_eyes_give_no_baseline(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    # Starting with eyes closed then opening must not count as a blink.
    o, c = real_landmarks["frame_obama"], real_landmarks["frame_obama_closed"]
    checker = LivenessChecker(Challenge.BLINK, LivenessSettings(min_open_ear=0.15), now=0.0)
    _feed(checker, [c, c, o, o, o, o])
    assert checker.verdict == Verdict.PENDING


def _turned(lm: FaceLandmarks, shift_fraction: float) -> FaceLandmarks:
    """The same landmarks with the nose moved sideways by a fraction of the jaw width."""
    width = float(lm.jaw_b[0] - lm.jaw_a[0])
    return FaceLandmarks(
        lm.eye_a.copy(),
        lm.eye_b.copy(),
        lm.nose_tip + np.array([shift_fraction * width, 0]),
        lm.jaw_a.copy(),
        lm.jaw_b.copy(),
    )


def test_head_turn_direction(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    lm = real_landmarks["frame_obama"]
    # The resident's left is the image's right: the nose moves towards jaw_b.
    left = LivenessChecker(Challenge.TURN_LEFT, SETTINGS, now=0.0)
    _feed(left, [lm, lm, lm, _turned(lm, -0.2)])
    assert left.verdict == Verdict.PENDING  # turned the wrong way
    _feed(left, [_turned(lm, 0.2)], t0=0.5)
    assert left.verdict == Verdict.PASSED
    right = LivenessChecker(Challenge.TURN_RIGHT, SETTINGS, now=0.0)
    _feed(right, [lm, lm, lm, _turned(lm, -0.2)])
    assert right.verdict == Verdict.PASSED


def test_static_photo_fails_head_turn(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    lm = real_landmarks["frame_obama"]
    checker = LivenessChecker(Challenge.TURN_LEFT, SETTINGS, now=0.0)
    _feed(checker, [lm] * 100)
    assert checker.verdict == Verdict.FAILED


# --- the whole flow on real frames ------------------------------------------------


@pytest.fixture
def flow_parts(dlib_backend: DlibBackend) -> tuple[FaceVerifier, ReferenceFace]:
    v = FaceVerifier(FaceConfig(liveness_timeout_s=3.0, attempt_timeout_s=5.0), dlib_backend)
    return v, v.load_reference(photo_of(FACES / "card_obama2.jpg"))


def _run(flow: FaceLoginFlow, frames: list[str], t0: float = 0.0, dt: float = 0.1) -> float:
    t = t0
    for name in frames:
        t += dt
        flow.process(face_image(name), t)
    return t


def test_flow_match_blink_confirm_succeeds(flow_parts) -> None:  # type: ignore[no-untyped-def]
    verifier, ref = flow_parts
    flow = FaceLoginFlow(verifier, ref, now=0.0)
    _run(flow, ["frame_obama.jpg"])
    assert flow.phase == Phase.LIVENESS
    _run(flow, ["frame_obama.jpg"] * 3 + ["frame_obama_closed.jpg", "frame_obama.jpg"], 0.1)
    assert flow.phase == Phase.CONFIRMING
    _run(flow, ["frame_obama.jpg"], 0.8)
    assert flow.phase == Phase.SUCCEEDED
    assert flow.last_distance is not None and flow.last_distance < 0.5
    flow.wipe()
    assert ref.wiped


def test_flow_still_photo_fails_liveness_three_times(flow_parts) -> None:  # type: ignore[no-untyped-def]
    verifier, ref = flow_parts
    flow = FaceLoginFlow(verifier, ref, now=0.0)
    t = 0.0
    reasons = []
    while not flow.final and t < 60:
        t += 0.5
        u = flow.process(face_image("frame_obama.jpg"), t)
        if u.fail_reason:
            reasons.append(u.fail_reason)
    assert flow.phase == Phase.FAILED
    assert reasons == [FailReason.LIVENESS] * 3
    assert "最多尝试次数" in u.instruction


def test_flow_other_person_fails_after_three_mismatches(flow_parts) -> None:  # type: ignore[no-untyped-def]
    verifier, ref = flow_parts
    flow = FaceLoginFlow(verifier, ref, now=0.0)
    updates = []
    t = 0.0
    while not flow.final and t < 30:
        t += 0.5
        updates.append(flow.process(face_image("frame_biden.jpg"), t))
    assert flow.phase == Phase.FAILED
    fails = [u for u in updates if u.fail_reason]
    assert [u.fail_reason for u in fails] == [FailReason.MISMATCH] * 3
    assert [u.attempts_left for u in fails] == [2, 1, 0]
    assert all(u.distance is not None and u.distance > 0.7 for u in fails)


def test_flow_swapping_faces_during_the_challenge_fails(flow_parts) -> None:  # type: ignore[no-untyped-def]
    verifier, ref = flow_parts
    flow = FaceLoginFlow(verifier, ref, now=0.0)
    _run(flow, ["frame_obama.jpg"])
    assert flow.phase == Phase.LIVENESS
    u = flow.process(face_image("frame_two_faces.jpg"), 0.3)
    assert u.fail_reason == FailReason.FACE_CHANGED
    assert flow.phase == Phase.RETRY


def test_flow_blink_by_someone_else_fails_on_confirm(flow_parts) -> None:  # type: ignore[no-untyped-def]
    # The right person looks, then another person (same place in the frame) is
    # shown for the confirmation: the confirm match refuses.
    verifier, ref = flow_parts
    flow = FaceLoginFlow(verifier, ref, now=0.0)
    _run(flow, ["frame_obama.jpg"] * 4 + ["frame_obama_closed.jpg", "frame_obama.jpg"])
    assert flow.phase == Phase.CONFIRMING
    u = flow.process(face_image("frame_biden.jpg"), 1.0)
    assert u.fail_reason == FailReason.MISMATCH
