"""Liveness: eye openness and head-turn geometry, the checker, and the whole flow on real frames."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.biometrics.eyes import eye_openness
from kiosk.biometrics.face import DlibBackend, FaceVerifier, ReferenceFace
from kiosk.biometrics.face_flow import FaceLoginFlow, FailReason, Phase
from kiosk.biometrics.liveness import (
    Challenge,
    FaceLandmarks,
    LivenessChecker,
    LivenessSettings,
    Verdict,
    mean_openness,
    yaw_ratio,
)
from kiosk.config import FaceConfig
from tests.face.conftest import FACES, face_image, photo_of

PEOPLE = ("frame_obama", "frame_obama3", "frame_biden")


def _drawn_eye(opening_px: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Skin (grey 160) with an eye 60 px wide: a dark iris ``opening_px`` tall between
    lash lines, or (0) only a 2 px lash line. Returns the image and the two corners."""
    img = np.full((120, 160), 160, np.uint8)
    left, right = np.array([50.0, 60.0]), np.array([110.0, 60.0])
    if opening_px:
        cv2.ellipse(img, (80, 60), (30, opening_px // 2), 0, 0, 360, 225, -1)  # sclera
        cv2.circle(img, (80, 60), opening_px // 2, 50, -1)  # iris, cut by the lids
        cv2.ellipse(img, (80, 60), (30, opening_px // 2), 0, 180, 360, 40, 2)  # upper lashes
    else:
        cv2.ellipse(img, (80, 61), (30, 3), 0, 0, 180, 40, 2)
    return img, left, right


def test_eye_openness_of_known_geometry() -> None:
    # An iris 20 px tall in a 60 px eye: openness ≈ 20/60 (the lash line adds a little).
    img, left, right = _drawn_eye(20)
    assert 0.3 < eye_openness(img, left, right) < 0.42
    img, left, right = _drawn_eye(0)
    assert eye_openness(img, left, right) < 0.12
    flat = np.full((120, 160), 160, np.uint8)  # no structure at all: never "open"
    assert eye_openness(flat, left, right) == 0.0
    assert eye_openness(flat, left, left) == 0.0  # degenerate corners, no division by zero


def test_eye_openness_does_not_depend_on_scale() -> None:
    img, left, right = _drawn_eye(20)
    base = eye_openness(img, left, right)
    for f in (0.6, 2.0):
        scaled = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        assert eye_openness(scaled, left * f, right * f) == pytest.approx(base, rel=0.15)


@pytest.fixture(scope="module")
def real_landmarks(dlib_backend: DlibBackend) -> dict[str, FaceLandmarks]:
    """Landmarks measured by the real model on real (and eyes-painted-shut) frames;
    ``_mirror`` is the frame flipped left-right (the same head turned the other way)."""
    v = FaceVerifier(FaceConfig(), dlib_backend)
    out = {}
    for name in PEOPLE:
        for frame in (name, f"{name}_closed"):
            image = face_image(f"{frame}.jpg")
            for key, img in ((frame, image), (f"{frame}_mirror", cv2.flip(image, 1))):
                lm = v.landmarks(v.analyze(img))
                assert lm is not None
                out[key] = lm
    return out


def test_openness_of_open_and_closed_eyes_on_real_frames(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    for name in PEOPLE:
        open_, closed = real_landmarks[name], real_landmarks[f"{name}_closed"]
        assert 0.2 < mean_openness(open_) < 0.45, name
        # The checker calls "closed" below 0.7 × the open baseline: well clear of it.
        assert mean_openness(closed) < 0.5 * mean_openness(open_), name
        for eye in range(2):  # each eye, not only the mean
            assert closed.openness[eye] < 0.5 * open_.openness[eye], name


def test_openness_on_real_frames_does_not_depend_on_scale(dlib_backend: DlibBackend) -> None:
    v = FaceVerifier(FaceConfig(), dlib_backend)
    image = face_image("frame_obama.jpg")
    base = mean_openness(v.landmarks(v.analyze(image)))  # type: ignore[arg-type]
    for f in (0.75, 1.5):  # a face of ~170 and ~330 px instead of ~220 px
        scaled = cv2.resize(image, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        lm = v.landmarks(v.analyze(scaled))
        assert lm is not None
        assert mean_openness(lm) == pytest.approx(base, rel=0.15)


def test_yaw_of_real_frames(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    # frame_obama looks straight at the camera; obama3 and biden are turned to their
    # own left (nose towards the image's right), and their mirror images the other way.
    assert 0.42 < yaw_ratio(real_landmarks["frame_obama"]) < 0.58
    for name in ("frame_obama3", "frame_biden"):
        assert yaw_ratio(real_landmarks[name]) > 0.6
        assert yaw_ratio(real_landmarks[f"{name}_mirror"]) < 0.4
        # Closing the eyes does not move the nose or the eye corners much.
        assert yaw_ratio(real_landmarks[f"{name}_closed"]) == pytest.approx(
            yaw_ratio(real_landmarks[name]), abs=0.05
        )


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


@pytest.mark.parametrize("name", PEOPLE)
def test_blink_of_each_person(real_landmarks, name: str) -> None:  # type: ignore[no-untyped-def]
    o, c = real_landmarks[name], real_landmarks[f"{name}_closed"]
    checker = LivenessChecker(Challenge.BLINK, SETTINGS, now=0.0)
    _feed(checker, [o, o, o, c, o])
    assert checker.verdict == Verdict.PASSED


def test_closed_eyes_give_no_baseline(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    # Starting with eyes closed then opening must not count as a blink.
    o, c = real_landmarks["frame_obama"], real_landmarks["frame_obama_closed"]
    checker = LivenessChecker(Challenge.BLINK, LivenessSettings(min_open=0.15), now=0.0)
    _feed(checker, [c, c, o, o, o, o])
    assert checker.verdict == Verdict.PENDING


def _turned(lm: FaceLandmarks, shift_fraction: float) -> FaceLandmarks:
    """The same landmarks with the nose moved sideways by a fraction of the inner-corner distance."""
    width = float(lm.eye_b[0][0] - lm.eye_a[1][0])
    return FaceLandmarks(
        lm.eye_a.copy(),
        lm.eye_b.copy(),
        lm.nose + np.array([shift_fraction * width, 0]),
        lm.openness.copy(),
    )


def test_head_turn_direction(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    lm = real_landmarks["frame_obama"]
    # The resident's left is the image's right: the nose moves towards eye_b.
    left = LivenessChecker(Challenge.TURN_LEFT, SETTINGS, now=0.0)
    _feed(left, [lm, lm, lm] + [_turned(lm, -0.2)] * 3)
    assert left.verdict == Verdict.PENDING  # turned the wrong way
    _feed(left, [_turned(lm, 0.2)], t0=0.5)
    assert left.verdict == Verdict.PENDING  # one frame is not enough (landmark jitter)
    _feed(left, [_turned(lm, 0.2)], t0=0.6)
    assert left.verdict == Verdict.PASSED
    right = LivenessChecker(Challenge.TURN_RIGHT, SETTINGS, now=0.0)
    _feed(right, [lm, lm, lm] + [_turned(lm, -0.2)] * 2)
    assert right.verdict == Verdict.PASSED


def test_real_head_turns(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    # Looking straight (frame_obama), then a real photograph of the same person turned
    # to his left (obama3), or its mirror image (turned to his right).
    front = real_landmarks["frame_obama"]
    for challenge, turned, other in (
        (Challenge.TURN_LEFT, "frame_obama3", "frame_obama3_mirror"),
        (Challenge.TURN_RIGHT, "frame_obama3_mirror", "frame_obama3"),
    ):
        checker = LivenessChecker(challenge, SETTINGS, now=0.0)
        _feed(checker, [front] * 3 + [real_landmarks[other]] * 3)
        assert checker.verdict == Verdict.PENDING, challenge  # the wrong way
        _feed(checker, [real_landmarks[turned]] * 2, t0=0.5)
        assert checker.verdict == Verdict.PASSED, challenge


def test_static_photo_fails_head_turn(real_landmarks) -> None:  # type: ignore[no-untyped-def]
    lm = real_landmarks["frame_obama"]
    checker = LivenessChecker(Challenge.TURN_LEFT, SETTINGS, now=0.0)
    _feed(checker, [lm] * 100)
    assert checker.verdict == Verdict.FAILED


def _held_photo(image: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``image`` as a camera sees a photo held by hand: moved, tilted, nearer or
    further, lighter or darker, sensor noise, JPEG compression."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-2, 2), rng.uniform(0.96, 1.04))
    m[:, 2] += rng.uniform(-4, 4, 2)
    out = cv2.warpAffine(image, m, (w, h), borderMode=cv2.BORDER_REFLECT).astype(np.float32)
    out = out * rng.uniform(0.85, 1.15) + rng.normal(0, 4, out.shape)
    ok, jpeg = cv2.imencode(
        ".jpg", np.clip(out, 0, 255).astype(np.uint8), [cv2.IMWRITE_JPEG_QUALITY, 70]
    )
    assert ok
    return cv2.imdecode(jpeg, cv2.IMREAD_COLOR)


def test_photo_held_by_hand_never_passes(dlib_backend: DlibBackend) -> None:
    # The measures jitter on a still photo (camera noise, a shaking hand): that
    # jitter must stay inside the blink and turn thresholds.
    v = FaceVerifier(FaceConfig(), dlib_backend)
    rng = np.random.default_rng(18)
    image = face_image("frame_obama.jpg")
    frames = [v.landmarks(v.analyze(_held_photo(image, rng))) for _ in range(30)]
    assert sum(lm is not None for lm in frames) >= 25
    for challenge in Challenge:
        checker = LivenessChecker(challenge, LivenessSettings(timeout_s=3.0), now=0.0)
        _feed(checker, frames * 2)  # 60 frames at 15 fps: past the limit
        assert checker.verdict == Verdict.FAILED, challenge


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


def test_flow_match_head_turn_confirm_succeeds(dlib_backend: DlibBackend) -> None:
    config = FaceConfig(liveness="turn_left", liveness_timeout_s=3.0, attempt_timeout_s=5.0)
    verifier = FaceVerifier(config, dlib_backend)
    ref = verifier.load_reference(photo_of(FACES / "card_obama2.jpg"))
    flow = FaceLoginFlow(verifier, ref, now=0.0)
    _run(flow, ["frame_obama.jpg"])
    assert flow.phase == Phase.LIVENESS
    _run(flow, ["frame_obama.jpg"] * 3 + ["frame_obama3.jpg"] * 2, 0.1)
    assert flow.phase == Phase.CONFIRMING
    _run(flow, ["frame_obama3.jpg"], 0.8)
    assert flow.phase == Phase.SUCCEEDED
    flow.wipe()


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
