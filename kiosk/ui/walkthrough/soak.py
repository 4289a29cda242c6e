"""Many whole sessions in one process, with what leaks measured every few sessions.

One session: the ID card on the SAM emulator (real serial driver over a pty) →
an offline-capable service → form → signature → submit to the demo platform →
the receipt on the ESC/POS emulator (real driver over TCP) → exit → card lifted →
goodbye. Used by ``tests/soak`` (counts must not grow) and ``bench/soak.py``
(growth per 100 sessions).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QThreadPool
from PySide6.QtWidgets import QApplication

from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import Walkthrough

S = SessionState
SERVICE = "SB-SBK-GS"  # offline-capable, prints a receipt
#: Qt names the threads of its pool so; they come and go with the load (30 s expiry).
POOLED = "Thread (pooled)"


@dataclass(frozen=True)
class Sample:
    """The process after ``session`` whole sessions (counts, and the time they took)."""

    session: int
    seconds_per_session: float
    rss_mb: float
    threads: int  # OS threads, without Qt's pooled ones
    fds: int
    qobjects: int  # under the terminal's window and its controllers
    #: QObjects by class (to name what leaks).
    classes: Counter[str] = field(default_factory=Counter, compare=False, repr=False)
    #: Open descriptors by kind ("socket", "pipe", a file's path), to name what leaks.
    fd_kinds: Counter[str] = field(default_factory=Counter, compare=False, repr=False)

    def grown_since(self, earlier: Sample) -> dict[str, int]:
        """The classes with more live QObjects than in ``earlier``."""
        return {k: v for k, v in (self.classes - earlier.classes).items() if v > 0}

    def fds_grown_since(self, earlier: Sample) -> dict[str, int]:
        """The kinds of descriptor open more often than in ``earlier``."""
        return dict(self.fd_kinds - earlier.fd_kinds)

    def line(self) -> str:
        return (
            f"session {self.session:4d}: {self.seconds_per_session:6.2f} s/session, "
            f"RSS {self.rss_mb:7.1f} MB, threads {self.threads:3d}, FDs {self.fds:4d}, "
            f"QObjects {self.qobjects:6d}"
        )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _threads() -> int:
    n = 0
    for task in Path("/proc/self/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
        except OSError:
            continue  # the thread ended meanwhile
        if name != POOLED:
            n += 1
    return n


def live_qobjects(wt: Walkthrough) -> Counter[str]:
    """QObjects under this terminal's window and shell, by class (deletions delivered)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    ui = wt.ui
    window: QObject = ui.window  # type: ignore[attr-defined]
    shell: QObject = ui.ctl  # type: ignore[attr-defined]
    objects = [window, shell, *window.findChildren(QObject), *shell.findChildren(QObject)]
    return Counter(type(o).__name__ for o in objects)


def _fd_kinds() -> Counter[str]:
    kinds: Counter[str] = Counter()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue  # closed while listing (the listing's own descriptor among them)
        # "socket:[123]" → "socket", but "anon_inode:[eventfd]" stays whole.
        kind = target.split(":[")[0] if target.startswith(("socket:", "pipe:")) else target
        kinds[kind] += 1
    return kinds


def sample(wt: Walkthrough, session: int, seconds_per_session: float) -> Sample:
    # Idle pool threads live on for 30 s with an event dispatcher (an eventfd) each,
    # as many as the load made: retire them, so that only what stays is counted.
    QThreadPool.globalInstance().waitForDone(10_000)
    classes = live_qobjects(wt)
    kinds = _fd_kinds()
    return Sample(
        session,
        seconds_per_session,
        _rss_mb(),
        _threads(),
        sum(kinds.values()),
        sum(classes.values()),
        classes,
        kinds,
    )


def one_session(wt: Walkthrough) -> None:
    """One resident, from placing the card to the attract screen again."""
    ui = wt.ui
    ctl, service = ui.ctl, ui.service  # type: ignore[attr-defined]
    emulator = steps.idcard(wt)
    reader = wt.terminal.devices.get("idcard")
    ui.identify.start()  # type: ignore[attr-defined]
    steps.expect(wt, S.IDENTIFY)
    emulator.place_card(steps.LOCAL_RESIDENT)
    steps.expect(wt, S.CATALOG)
    service.choose_service(SERVICE)
    steps.expect(wt, S.GUIDE)
    service.next_step()
    steps.expect(wt, S.FORM)
    form = steps.screen(wt, S.FORM)
    form.inputs["phone"].setText("13800138000")
    form.choices["reason"].buttons()[0].click()
    form.submit()
    steps.expect(wt, S.SIGNATURE)
    pad = steps.screen(wt, S.SIGNATURE).widget
    steps.draw(pad.canvas, steps.SIGNATURE_STROKES)
    pad.confirm()
    steps.expect(wt, S.REVIEW)
    service.confirm_submit()
    steps.expect(wt, S.RESULT, 40)
    ctl.exit()
    emulator.remove_card()
    ctl.goodbye_done()
    steps.expect(wt, S.ATTRACT)
    # The reader has seen the card go before the next resident comes.
    if not wt.wait_for(lambda: getattr(reader, "presence_confirmed_at", None) is None, 10):
        raise steps.WalkthroughError("the reader did not see the card lifted")


def run_sessions(
    wt: Walkthrough, n: int, every: int = 20, report: Callable[[Sample], None] | None = None
) -> list[Sample]:
    """Run ``n`` sessions; sample after session 1 and every ``every`` sessions."""
    samples: list[Sample] = []
    started = time.monotonic()
    last_n = 0
    for i in range(1, n + 1):
        one_session(wt)
        if i == 1 or i % every == 0 or i == n:
            now = time.monotonic()
            s = sample(wt, i, (now - started) / (i - last_n))
            started, last_n = now, i
            samples.append(s)
            if report is not None:
                report(s)
    return samples
