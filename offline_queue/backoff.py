"""Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter")."""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Backoff:
    """``delay(n) = uniform(0, min(cap, initial * 2**(n-1)))`` for the n-th failure.

    Full jitter spreads the retries of many terminals coming back online at once,
    so the platform does not see them in lockstep.
    """

    initial_s: float = 2.0
    max_s: float = 600.0

    def ceiling(self, failures: int) -> float:
        exp = min(max(failures - 1, 0), 60)  # 2**60 is plenty and avoids overflow
        return min(self.max_s, self.initial_s * (2**exp))

    def delay(self, failures: int, rng: random.Random | None = None) -> float:
        return (rng or random).uniform(0.0, self.ceiling(failures))

    def with_retry_after(
        self, failures: int, retry_after_s: float | None, rng: random.Random | None = None
    ) -> float:
        """The delay, but never sooner than the server's Retry-After (itself capped at max_s)."""
        d = self.delay(failures, rng)
        if retry_after_s is not None:
            d = max(d, min(retry_after_s, self.max_s))
        return d
