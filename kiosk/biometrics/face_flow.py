"""The face + ID login attempt as a state machine over camera frames (pure Python, no Qt).

look (quality gates, then match against the reference) → liveness challenge
(blink or head turn, the same single face throughout) → confirm (match again on
a frame taken after the challenge, so that the face that blinked is the face that
matched) → success. A mismatch, an unanswered challenge, a face that jumps or a
second face counts as a failed attempt; after ``max_attempts`` the login ends.

:meth:`FaceLoginFlow.process` does the heavy work and runs on a worker thread;
it takes an explicit ``now`` so tests drive it with recorded frames and a fake clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from kiosk.biometrics.face import Analysis, AttemptCounter, FaceBox, FaceVerifier, ReferenceFace
from kiosk.biometrics.liveness import Challenge, LivenessChecker, LivenessSettings, Verdict
from kiosk.config import FaceConfig

log = logging.getLogger(__name__)

#: Pause after a failed attempt, so the resident can read why before trying again.
RETRY_PAUSE_S = 1.5
#: Time allowed to get one good matching frame after the challenge.
CONFIRM_TIMEOUT_S = 4.0
#: The face may move this many face-widths between processed frames during the challenge.
MAX_JUMP_FACE_WIDTHS = 0.6


class Phase(StrEnum):
    LOOKING = "looking"
    LIVENESS = "liveness"
    CONFIRMING = "confirming"
    RETRY = "retry"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class FailReason(StrEnum):
    MISMATCH = "mismatch"
    TIMEOUT = "timeout"
    LIVENESS = "liveness"
    FACE_CHANGED = "face_changed"


FAIL_MESSAGES: dict[FailReason, str] = {
    FailReason.MISMATCH: "人脸与证件照片不一致",
    FailReason.TIMEOUT: "未能在规定时间内完成核验",
    FailReason.LIVENESS: "未完成动作检测",
    FailReason.FACE_CHANGED: "检测过程中人脸发生变化",
}


@dataclass(frozen=True)
class FlowUpdate:
    """What the screen shows after a processed frame (no pixels, no encodings)."""

    phase: Phase
    instruction: str
    progress: float
    attempt: int
    attempts_left: int
    quality_issue: str | None = None
    distance: float | None = None
    fail_reason: FailReason | None = None
    box: FaceBox | None = None
    frame_size: tuple[int, int] = (0, 0)

    @property
    def final(self) -> bool:
        return self.phase in (Phase.SUCCEEDED, Phase.FAILED)


def liveness_settings(config: FaceConfig) -> LivenessSettings:
    return LivenessSettings(
        timeout_s=config.liveness_timeout_s,
        close_ratio=config.blink_close_ratio,
        open_ratio=config.blink_open_ratio,
        turn_delta=config.turn_delta,
    )


class FaceLoginFlow:
    """One face login: up to ``max_attempts`` attempts against one reference."""

    def __init__(
        self,
        verifier: FaceVerifier,
        reference: ReferenceFace,
        now: float,
        challenge: Challenge | None = None,
    ) -> None:
        self.verifier = verifier
        self.config: FaceConfig = verifier.config
        self.reference = reference
        self.challenge = challenge or Challenge(self.config.liveness)
        self.attempts = AttemptCounter(self.config.max_attempts)
        self.phase = Phase.LOOKING
        self._phase_since = now
        self._attempt_since = now
        self._checker: LivenessChecker | None = None
        self._last_box: FaceBox | None = None
        self.last_distance: float | None = None
        self.last_fail: FailReason | None = None

    @property
    def final(self) -> bool:
        return self.phase in (Phase.SUCCEEDED, Phase.FAILED)

    def _enter(self, phase: Phase, now: float) -> None:
        self.phase = phase
        self._phase_since = now

    def _update(self, instruction: str, progress: float, **kw: object) -> FlowUpdate:
        return FlowUpdate(
            self.phase,
            instruction,
            progress,
            attempt=min(self.attempts.failed + 1, self.attempts.max_attempts),
            attempts_left=self.attempts.remaining,
            **kw,  # type: ignore[arg-type]
        )

    def _fail(self, reason: FailReason, now: float, detail: str) -> FlowUpdate:
        self.last_fail = reason
        left = self.attempts.fail()
        self._checker = None
        self._last_box = None
        # Technician detail only: reason and distance, nothing personal.
        log.info("face attempt failed: %s (%s), %d left", reason, detail, left)
        if self.attempts.exhausted:
            self._enter(Phase.FAILED, now)
            return self._update(
                f"{FAIL_MESSAGES[reason]}，已达到最多尝试次数，请使用其他方式登录",
                0.0,
                fail_reason=reason,
                distance=self.last_distance,
            )
        self._enter(Phase.RETRY, now)
        return self._update(
            f"{FAIL_MESSAGES[reason]}，请再试一次（还可尝试 {left} 次）",
            0.0,
            fail_reason=reason,
            distance=self.last_distance,
        )

    def process(self, bgr: np.ndarray, now: float) -> FlowUpdate:
        """Process one frame (on a worker thread) and say what to show."""
        if self.final:
            return self._update("", 1.0 if self.phase == Phase.SUCCEEDED else 0.0)
        if self.phase == Phase.RETRY:
            if now - self._phase_since < RETRY_PAUSE_S:
                reason = self.last_fail or FailReason.MISMATCH
                return self._update(f"{FAIL_MESSAGES[reason]}，请稍候", 0.0)
            self._enter(Phase.LOOKING, now)
            self._attempt_since = now
        if self.phase != Phase.CONFIRMING and now - self._attempt_since > (
            self.config.attempt_timeout_s + self.config.liveness_timeout_s
        ):
            return self._fail(FailReason.TIMEOUT, now, "attempt took too long")
        analysis = self.verifier.analyze(bgr)
        try:
            if self.phase == Phase.LOOKING:
                return self._look(analysis, now)
            if self.phase == Phase.LIVENESS:
                return self._liveness(analysis, now)
            return self._confirm(analysis, now)
        finally:
            analysis.rgb.fill(0)  # the frame may show a resident: do not keep it

    def _look(self, analysis: Analysis, now: float) -> FlowUpdate:
        q = analysis.quality
        size = (analysis.rgb.shape[1], analysis.rgb.shape[0])
        if now - self._attempt_since > self.config.attempt_timeout_s:
            return self._fail(FailReason.TIMEOUT, now, "no usable matching frame")
        if not q.ok:
            return self._update(
                q.message, 0.05, quality_issue=str(q.issue), box=q.box, frame_size=size
            )
        v = self.verifier.compare(analysis, self.reference)
        self.last_distance = v.distance
        if not v.accepted:
            return self._fail(FailReason.MISMATCH, now, f"distance {v.distance:.3f}")
        self._enter(Phase.LIVENESS, now)
        self._checker = LivenessChecker(self.challenge, liveness_settings(self.config), now)
        self._last_box = q.box
        self._checker.feed(now, self.verifier.landmarks(analysis))
        return self._update(
            self._checker.instruction, 0.3, distance=v.distance, box=q.box, frame_size=size
        )

    def _liveness(self, analysis: Analysis, now: float) -> FlowUpdate:
        assert self._checker is not None
        q = analysis.quality
        size = (analysis.rgb.shape[1], analysis.rgb.shape[0])
        if q.faces > 1:
            return self._fail(FailReason.FACE_CHANGED, now, "second face during challenge")
        landmarks = None
        if q.faces == 1 and q.box is not None:
            if self._last_box is not None:
                (x0, y0), (x1, y1) = self._last_box.center, q.box.center
                jump = float(np.hypot(x1 - x0, y1 - y0))
                if jump > MAX_JUMP_FACE_WIDTHS * max(self._last_box.width, 1):
                    return self._fail(FailReason.FACE_CHANGED, now, f"face jumped {jump:.0f} px")
            self._last_box = q.box
            landmarks = self.verifier.landmarks(analysis)
        verdict = self._checker.feed(now, landmarks)
        if verdict == Verdict.FAILED:
            return self._fail(FailReason.LIVENESS, now, self._checker.reason)
        if verdict == Verdict.PASSED:
            self._enter(Phase.CONFIRMING, now)
            return self._update("请保持不动", 0.9, box=q.box, frame_size=size)
        return self._update(
            self._checker.instruction,
            0.3 + 0.5 * self._checker.progress,
            box=q.box,
            frame_size=size,
        )

    def _confirm(self, analysis: Analysis, now: float) -> FlowUpdate:
        q = analysis.quality
        size = (analysis.rgb.shape[1], analysis.rgb.shape[0])
        if now - self._phase_since > CONFIRM_TIMEOUT_S:
            return self._fail(FailReason.TIMEOUT, now, "no usable frame after the challenge")
        if q.faces > 1:
            return self._fail(FailReason.FACE_CHANGED, now, "second face after challenge")
        if not q.ok:
            return self._update(q.message, 0.9, quality_issue=str(q.issue), frame_size=size)
        v = self.verifier.compare(analysis, self.reference)
        self.last_distance = v.distance
        if not v.accepted:
            return self._fail(FailReason.MISMATCH, now, f"confirm distance {v.distance:.3f}")
        self._enter(Phase.SUCCEEDED, now)
        return self._update("核验通过", 1.0, distance=v.distance, box=q.box, frame_size=size)

    def wipe(self) -> None:
        """End of the attempt: zero the reference encoding."""
        self.reference.wipe()
        self._checker = None
        self._last_box = None
