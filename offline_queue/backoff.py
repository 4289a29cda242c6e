"""Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter")."""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field
from enum import StrEnum


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


class BreakerState(StrEnum):
    """Circuit breaker states (Nygard, "Release It!")."""

    CLOSED = "closed"  # calls flow
    OPEN = "open"  # calls refused until the cool-down ends
    HALF_OPEN = "half_open"  # one probe call decides


@dataclass
class CircuitBreaker:
    """Per-destination breaker on the monotonic clock.

    ``threshold`` failures in a row, or one destination-wide failure (unreachable,
    bad credentials, 429), open it for a backoff delay that grows with each trip
    (at least the server's Retry-After). When the delay is over it lets one probe
    through; the probe's success closes it, its failure opens it again, longer.
    All times are ``time.monotonic()`` values: a wall-clock step changes nothing.
    """

    backoff: Backoff
    threshold: int = 3
    state: BreakerState = BreakerState.CLOSED
    failures_in_row: int = 0
    trips: int = 0
    open_until: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def allowance(self, now: float, limit: int) -> int:
        """How many calls may start now: ``limit`` closed, 1 half-open (a probe), 0 open."""
        with self._lock:
            if self.state is BreakerState.OPEN and self.open_until is not None and now >= self.open_until:  # fmt: skip
                self.state = BreakerState.HALF_OPEN
            if self.state is BreakerState.CLOSED:
                return limit
            return 1 if self.state is BreakerState.HALF_OPEN else 0

    def success(self) -> None:
        with self._lock:
            self.state, self.failures_in_row, self.trips, self.open_until = BreakerState.CLOSED, 0, 0, None  # fmt: skip

    def failure(self, now: float, rng: random.Random | None = None) -> bool:
        """A call failed (retryably); returns True if that opened the breaker."""
        with self._lock:
            self.failures_in_row += 1
            if self.state is BreakerState.HALF_OPEN or self.failures_in_row >= self.threshold:
                self._trip(now, None, rng)
                return True
            return False

    def trip(self, now: float, retry_after_s: float | None = None, rng: random.Random | None = None) -> float:  # fmt: skip
        """Open now (a destination-wide failure); returns the cool-down in seconds."""
        with self._lock:
            return self._trip(now, retry_after_s, rng)

    def _trip(self, now: float, retry_after_s: float | None, rng: random.Random | None) -> float:
        self.trips += 1
        delay = self.backoff.with_retry_after(self.trips, retry_after_s, rng)
        self.state, self.open_until = BreakerState.OPEN, now + delay
        return delay

    def probe_now(self) -> None:
        """Something changed (network back): let one probe through at once."""
        with self._lock:
            if self.state is BreakerState.OPEN:
                self.state, self.open_until = BreakerState.HALF_OPEN, None
