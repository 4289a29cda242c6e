"""Whole sessions in one process: nothing may pile up (QObjects, threads, FDs).

The short version runs in the default suite and compares counts (not timings)
after session 5 and session 20. ``-m soak`` runs 200 sessions and reports time per
session, RSS, threads, FDs and live QObjects every 20 sessions.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.ui.walkthrough.harness import Walkthrough, demo_ui
from kiosk.ui.walkthrough.soak import Sample, run_sessions


@pytest.fixture
def wt(qapp: Any, tmp_path: Path) -> Iterator[Walkthrough]:
    with demo_ui(tmp_path / "shots") as wt:
        yield wt


def test_twenty_sessions_leave_no_qobjects_threads_or_fds_behind(wt: Walkthrough) -> None:
    samples = run_sessions(wt, 20, every=5)
    by = {s.session: s for s in samples}
    after5, after20 = by[5], by[20]
    assert after20.qobjects <= after5.qobjects, after20.grown_since(after5)
    assert after20.threads <= after5.threads, [s.line() for s in samples]
    assert after20.fds <= after5.fds, after20.fds_grown_since(after5)
    # Every one of them reached the platform's outbox (none lost on the way).
    assert wt.wait_for(lambda: wt.terminal.services["submitter"].stats().unsent == 0, 60)


@pytest.mark.soak
def test_soak_two_hundred_sessions(wt: Walkthrough, capsys: pytest.CaptureFixture[str]) -> None:
    def report(s: Sample) -> None:
        with capsys.disabled():
            print(s.line(), flush=True)

    samples = run_sessions(wt, 200, every=20, report=report)
    first, last = samples[1], samples[-1]  # from session 20: past the one-off warm-up
    assert last.qobjects <= first.qobjects, last.grown_since(first)
    assert last.threads <= first.threads
    assert last.fds <= first.fds, last.fds_grown_since(first)
