"""Liveness challenges answered by the resident: blink, or turn the head.

Pure logic over facial landmarks (numpy only, no models, no Qt): the face backend
supplies :class:`FaceLandmarks` per processed frame and :class:`LivenessChecker`
decides. A still photo held in front of the camera keeps the same eye openness
and the same head pose, so it never completes the challenge and fails on the
time limit. What this does not stop (a video replay, a mask with cut-out eyes,
two photos swapped by hand) is written down in docs/face-login.md.

The landmarks are those of a 5-point model (dlib's: the two corners of each eye
and the base of the nose); the backend adds each eye's openness, measured from
the pixels between the corners (:mod:`kiosk.biometrics.eyes`).

* Blink — the mean openness of both eyes (about 0.25–0.45 open, well under 0.15
  closed). The checker learns the resident's own open-eye value first (a median
  over a few frames), then needs a drop below ``close_ratio`` × that baseline
  followed by a return above ``open_ratio`` × baseline: relative thresholds work
  for narrow and wide eyes alike.
* Head turn — where the base of the nose lies between the inner corners of the
  eyes, along the line joining them (0.5 looking straight, towards 0 or 1 when
  turned; measured here it moves like the old 68-point nose-between-the-jaw
  ratio, e.g. 0.27 and 0.68 on two photos of one person turned either way). The
  resident must move it by ``turn_delta`` from their own baseline in the asked
  direction, in ``turn_frames`` consecutive frames.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


@dataclass(frozen=True)
class FaceLandmarks:
    """What liveness needs of one face, in image pixels (x, y), camera orientation (not mirrored).

    ``eye_a`` / ``eye_b``: 2×2 arrays, the corners (image-left one first) of the
    eye on the image's left / right; ``nose``: the base of the nose (2 values);
    ``openness``: the openness of eye a and eye b (2 values, see
    :func:`kiosk.biometrics.eyes.eye_openness`).
    """

    eye_a: np.ndarray
    eye_b: np.ndarray
    nose: np.ndarray
    openness: np.ndarray

    @classmethod
    def from_5(cls, points: np.ndarray, openness: tuple[float, float]) -> FaceLandmarks:
        """From dlib's 5 points (5×2: image-right eye's outer and inner corner,
        image-left eye's outer and inner corner, base of the nose) and the two
        eyes' openness (image-left eye first)."""
        p = np.asarray(points, dtype=np.float64)
        if p.shape != (5, 2):
            raise ValueError(f"expected 5×2 landmarks, got {p.shape}")
        return cls(
            eye_a=p[[2, 3]].copy(),
            eye_b=p[[1, 0]].copy(),
            nose=p[4].copy(),
            openness=np.asarray(openness, dtype=np.float64),
        )

    def wipe(self) -> None:
        for a in (self.eye_a, self.eye_b, self.nose, self.openness):
            a.fill(0)


def mean_openness(lm: FaceLandmarks) -> float:
    """Average openness of both eyes (a blink closes both)."""
    return float(lm.openness.mean())


def yaw_ratio(lm: FaceLandmarks) -> float:
    """Base of the nose between the eyes' inner corners along their line, 0…1 (0.5 ≈ frontal)."""
    inner_a, inner_b = lm.eye_a[1], lm.eye_b[0]
    axis = inner_b - inner_a
    length2 = float(axis @ axis)
    if length2 <= 1e-6:
        return 0.5
    return float((lm.nose - inner_a) @ axis / length2)


class Challenge(StrEnum):
    BLINK = "blink"
    #: Left and right as the resident sees them (their own left).
    TURN_LEFT = "turn_left"
    TURN_RIGHT = "turn_right"


CHALLENGE_INSTRUCTIONS: dict[Challenge, str] = {
    Challenge.BLINK: "请眨眨眼",
    Challenge.TURN_LEFT: "请缓慢向左转头",
    Challenge.TURN_RIGHT: "请缓慢向右转头",
}


class Verdict(StrEnum):
    PENDING = "pending"
    PASSED = "passed"
    FAILED = "failed"


class _Stage(StrEnum):
    BASELINE = "baseline"
    WAITING = "waiting"  # for the eyes to close / the head to turn
    CLOSED = "closed"  # eyes closed, waiting for them to open again


@dataclass(frozen=True)
class LivenessSettings:
    """Thresholds of the checker (from FaceConfig)."""

    timeout_s: float = 10.0
    baseline_frames: int = 3
    #: Lowest openness accepted as "eyes open" for the baseline (eyes shut, hidden).
    min_open: float = 0.15
    close_ratio: float = 0.7
    open_ratio: float = 0.85
    turn_delta: float = 0.12
    #: Consecutive frames the turn must show in: the 5-point nose and inner eye
    #: corners jitter about twice as much as the 68-point nose and jaw did (on a
    #: still photo with camera noise, up to ±0.05 here), and a slow turn shows in
    #: several frames anyway. Not for the blink: a short blink may be in one frame.
    turn_frames: int = 2


class LivenessChecker:
    """Runs one challenge over a stream of landmark observations.

    Drive it with :meth:`feed` (``None`` when no face was found in a frame) and
    an explicit ``now`` (seconds, monotonic), so tests can run it on recorded data.
    """

    def __init__(self, challenge: Challenge, settings: LivenessSettings, now: float) -> None:
        self.challenge = challenge
        self.settings = settings
        self.started_at = now
        self.verdict = Verdict.PENDING
        self.reason = ""
        self._stage = _Stage.BASELINE
        self._samples: list[float] = []
        self._baseline = 0.0
        self._extreme = 0.0  # lowest openness / furthest turn seen, for progress
        self._turned_frames = 0

    @property
    def instruction(self) -> str:
        return CHALLENGE_INSTRUCTIONS[self.challenge]

    @property
    def baseline(self) -> float:
        return self._baseline

    @property
    def progress(self) -> float:
        """0…1, for a progress bar."""
        if self.verdict == Verdict.PASSED:
            return 1.0
        if self._stage == _Stage.BASELINE:
            return 0.1 * len(self._samples) / self.settings.baseline_frames
        if self._stage == _Stage.CLOSED:
            return 0.8
        return 0.3

    def _measure(self, lm: FaceLandmarks) -> float:
        return mean_openness(lm) if self.challenge == Challenge.BLINK else yaw_ratio(lm)

    def feed(self, now: float, landmarks: FaceLandmarks | None) -> Verdict:
        """Take one observation; return the verdict so far."""
        if self.verdict != Verdict.PENDING:
            return self.verdict
        if now - self.started_at > self.settings.timeout_s:
            self.verdict = Verdict.FAILED
            self.reason = f"challenge {self.challenge} not answered in {self.settings.timeout_s} s"
            return self.verdict
        if landmarks is None:
            return self.verdict
        value = self._measure(landmarks)
        s = self.settings
        if self._stage == _Stage.BASELINE:
            if self.challenge == Challenge.BLINK and value < s.min_open:
                return self.verdict  # eyes not (yet) open: no baseline from this frame
            self._samples.append(value)
            if len(self._samples) >= s.baseline_frames:
                self._baseline = statistics.median(self._samples)
                self._stage = _Stage.WAITING
            return self.verdict
        if self.challenge == Challenge.BLINK:
            if self._stage == _Stage.WAITING and value < self._baseline * s.close_ratio:
                self._stage = _Stage.CLOSED
            elif self._stage == _Stage.CLOSED and value > self._baseline * s.open_ratio:
                self.verdict = Verdict.PASSED
            return self.verdict
        # Head turn. The resident's left is the camera image's right: the nose
        # moves towards eye_b (image right) when they turn to their left.
        shift = value - self._baseline
        wanted = shift if self.challenge == Challenge.TURN_LEFT else -shift
        self._turned_frames = self._turned_frames + 1 if wanted >= s.turn_delta else 0
        if self._turned_frames >= s.turn_frames:
            self.verdict = Verdict.PASSED
        return self.verdict
