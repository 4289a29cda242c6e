"""Liveness challenges answered by the resident: blink, or turn the head.

Pure logic over facial landmarks (numpy only, no models, no Qt): the face backend
supplies :class:`FaceLandmarks` per processed frame and :class:`LivenessChecker`
decides. A still photo held in front of the camera keeps the same eye aspect
ratio and the same head pose, so it never completes the challenge and fails on
the time limit. What this does not stop (a video replay, a mask with cut-out
eyes, two photos swapped by hand) is written down in docs/face-login.md.

* Blink — the eye aspect ratio (EAR, Soukupová & Čech 2016) of the six landmarks
  of each eye: ``(|p2-p6| + |p3-p5|) / (2 |p1-p4|)``, about 0.2–0.4 open and
  near 0.1 closed. The checker learns the resident's own open-eye EAR first
  (a median over a few frames), then needs a drop below ``close_ratio`` × that
  baseline followed by a return above ``open_ratio`` × baseline: relative
  thresholds work for narrow and wide eyes alike.
* Head turn — where the nose tip lies between the two sides of the jaw
  (0.5 looking straight, towards 0 or 1 when turned). The resident must move it
  by ``turn_delta`` from their own baseline in the asked direction.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import StrEnum

import numpy as np


@dataclass(frozen=True)
class FaceLandmarks:
    """The landmarks liveness needs, in image pixels (x, y), camera orientation (not mirrored).

    ``eye_a`` / ``eye_b``: 6×2 arrays in the iBUG 68-point order (corner, two upper
    lid points, corner, two lower lid points). ``jaw_a`` / ``jaw_b``: the jaw's
    extreme points on the image-left and image-right sides; ``nose_tip``: 2 values.
    """

    eye_a: np.ndarray
    eye_b: np.ndarray
    nose_tip: np.ndarray
    jaw_a: np.ndarray
    jaw_b: np.ndarray

    @classmethod
    def from_68(cls, points: np.ndarray) -> FaceLandmarks:
        """From the 68 iBUG points (68×2)."""
        p = np.asarray(points, dtype=np.float64)
        if p.shape != (68, 2):
            raise ValueError(f"expected 68×2 landmarks, got {p.shape}")
        return cls(eye_a=p[36:42], eye_b=p[42:48], nose_tip=p[30], jaw_a=p[0], jaw_b=p[16])

    def wipe(self) -> None:
        for a in (self.eye_a, self.eye_b, self.nose_tip, self.jaw_a, self.jaw_b):
            a.fill(0)


def eye_aspect_ratio(eye: np.ndarray) -> float:
    """EAR of one eye given its six landmarks (6×2)."""
    e = np.asarray(eye, dtype=np.float64)
    width = float(np.linalg.norm(e[0] - e[3]))
    if width <= 1e-6:
        return 0.0
    return float((np.linalg.norm(e[1] - e[5]) + np.linalg.norm(e[2] - e[4])) / (2.0 * width))


def mean_ear(lm: FaceLandmarks) -> float:
    """Average EAR of both eyes (a blink closes both; a wink is not a blink)."""
    return (eye_aspect_ratio(lm.eye_a) + eye_aspect_ratio(lm.eye_b)) / 2.0


def yaw_ratio(lm: FaceLandmarks) -> float:
    """Nose tip position between the jaw sides along the jaw line, 0…1 (0.5 ≈ frontal)."""
    axis = lm.jaw_b - lm.jaw_a
    length2 = float(axis @ axis)
    if length2 <= 1e-6:
        return 0.5
    return float((lm.nose_tip - lm.jaw_a) @ axis / length2)


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
    #: Lowest EAR accepted as "eyes open" for the baseline (sunglasses, eyes shut).
    min_open_ear: float = 0.15
    close_ratio: float = 0.7
    open_ratio: float = 0.85
    turn_delta: float = 0.12


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
        self._extreme = 0.0  # lowest EAR / furthest turn seen, for progress

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
        return mean_ear(lm) if self.challenge == Challenge.BLINK else yaw_ratio(lm)

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
            if self.challenge == Challenge.BLINK and value < s.min_open_ear:
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
        # Head turn. The resident's left is the camera image's right: the nose tip
        # moves towards jaw_b (image right) when they turn to their left.
        shift = value - self._baseline
        wanted = shift if self.challenge == Challenge.TURN_LEFT else -shift
        if wanted >= s.turn_delta:
            self.verdict = Verdict.PASSED
        return self.verdict
