"""UI-thread stall monitor: a timer on the UI thread measuring its own lateness.

A ``PreciseTimer`` is asked to fire every ``interval_ms``; each time it fires, the
monitor notes how much later than asked it came. While the UI thread is busy
(a slow slot, a long paint, a blocking call) the timer cannot fire, so the gap is
the stall a resident would feel as a frozen screen. Reports the longest stall,
the p99 of the lateness, the stalls over a threshold and, for each, the label
last given with :meth:`mark` (the walkthrough marks each step).

With ``sample_stacks`` a watcher thread looks at the UI thread's stack while it is
late (``sys._current_frames``), so each stall names the function it was stuck in,
not only the step: the difference between "the card login froze" and "the card
login froze in pypinyin's import".
"""

from __future__ import annotations

import contextlib
import math
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, QTimer


@dataclass(frozen=True)
class Stall:
    """One gap longer than the threshold: how long (ms), when (s since start), where."""

    ms: float
    at_s: float
    label: str
    #: Where the UI thread was while late (innermost frames of ours), if sampled.
    where: str = ""


@dataclass(frozen=True)
class StallReport:
    """What the monitor saw (milliseconds)."""

    samples: int
    longest_ms: float
    p99_ms: float
    median_ms: float
    threshold_ms: float
    stalls: tuple[Stall, ...] = field(default_factory=tuple)

    def summary(self) -> str:
        worst = sorted(self.stalls, key=lambda s: -s.ms)[:5]
        where = (
            ", ".join(
                f"{s.ms:.0f} ms in {s.label}" + (f" at {s.where}" if s.where else "") for s in worst
            )
            or "none"
        )
        return (
            f"UI stalls: longest {self.longest_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, "
            f"median {self.median_ms:.1f} ms over {self.samples} ticks; "
            f"{len(self.stalls)} over {self.threshold_ms:.0f} ms (worst: {where})"
        )


class StallMonitor(QObject):
    """Measures UI-thread lateness; create and start it on the UI thread."""

    def __init__(
        self,
        interval_ms: int = 10,
        threshold_ms: float = 50.0,
        parent: QObject | None = None,
        max_samples: int = 1_000_000,
        sample_stacks: bool = False,
    ) -> None:
        super().__init__(parent)
        self.sample_stacks = sample_stacks
        self._ui_thread = threading.get_ident()
        self._seen: dict[str, int] = {}  # stack sample → times seen, this stall
        self._watcher: threading.Thread | None = None
        self._stop_watch = threading.Event()
        self.interval_ms = interval_ms
        self.threshold_ms = threshold_ms
        self._max_samples = max_samples
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._tick)
        self._lateness: list[float] = []
        self._stalls: list[Stall] = []
        self._label = "start"
        self._last: float | None = None
        self._t0 = time.perf_counter()
        self._paused = 0

    def start(self) -> None:
        self._t0 = time.perf_counter()
        self._last = None
        self._ui_thread = threading.get_ident()
        self._timer.start()
        if self.sample_stacks and self._watcher is None:
            self._stop_watch.clear()
            self._watcher = threading.Thread(target=self._watch, name="stall-watch", daemon=True)
            self._watcher.start()

    def stop(self) -> None:
        self._timer.stop()
        self._last = None
        if self._watcher is not None:
            self._stop_watch.set()
            self._watcher.join(1)
            self._watcher = None

    def _watch(self) -> None:
        # Every 20 ms: if the UI thread is more than the threshold late, note where
        # it is. The stall's "where" is the place seen most often while it lasted.
        while not self._stop_watch.wait(0.02):
            last = self._last
            if last is None or self._paused:
                continue
            late_ms = (time.perf_counter() - last) * 1000 - self.interval_ms
            if late_ms > self.threshold_ms:
                frame = sys._current_frames().get(self._ui_thread)
                if frame is not None:
                    key = _ours(traceback.extract_stack(frame))
                    self._seen[key] = self._seen.get(key, 0) + 1

    def mark(self, label: str) -> None:
        """Name what the UI is doing from now on (stalls are reported with it)."""
        self._label = label

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        """Do not count what happens inside (e.g. the walkthrough's own screenshots)."""
        self._paused += 1
        try:
            yield
        finally:
            self._paused -= 1
            self._last = None  # the gap across the pause is not a stall

    def _tick(self) -> None:
        now = time.perf_counter()
        last, self._last = self._last, now
        if last is None or self._paused:
            return
        late_ms = max(0.0, (now - last) * 1000 - self.interval_ms)
        if len(self._lateness) < self._max_samples:
            self._lateness.append(late_ms)
        if late_ms > self.threshold_ms:
            seen, self._seen = self._seen, {}
            where = max(seen, key=seen.__getitem__) if seen else ""
            self._stalls.append(Stall(late_ms, last - self._t0, self._label, where))
        elif self._seen:
            self._seen = {}

    def report(self) -> StallReport:
        """The figures so far."""
        s = sorted(self._lateness)
        if not s:
            return StallReport(0, 0.0, 0.0, 0.0, self.threshold_ms, ())
        p99 = s[min(len(s) - 1, max(0, math.ceil(0.99 * len(s)) - 1))]
        return StallReport(
            len(s), s[-1], p99, s[len(s) // 2], self.threshold_ms, tuple(self._stalls)
        )


_ROOT = str(__import__("pathlib").Path(__file__).resolve().parents[2])


def _ours(stack: traceback.StackSummary, depth: int = 3) -> str:
    """The innermost frames, the first in the project's code and two around it."""
    frames = list(stack)
    own = [
        i
        for i, f in enumerate(frames)
        if f.filename.startswith(_ROOT) and "/.venv/" not in f.filename
    ]
    at = own[-1] if own else len(frames) - 1
    picked = frames[max(0, at - 1) : at + depth - 1] + frames[-1:]
    seen: list[str] = []
    for f in picked:
        text = f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}"
        if text not in seen:
            seen.append(text)
    return " > ".join(seen)
