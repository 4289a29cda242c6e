"""The UI stall monitor sees the UI thread blocked, names where, and skips paused spans."""

from __future__ import annotations

import time

from PySide6.QtCore import QTimer

from kiosk.ui.stall_monitor import StallMonitor


def _block(ms: float) -> None:
    end = time.perf_counter() + ms / 1000
    while time.perf_counter() < end:  # the UI thread busy, as a slow slot would be
        pass


def test_a_blocked_ui_thread_is_reported_with_its_label(qtbot) -> None:  # type: ignore[no-untyped-def]
    mon = StallMonitor(interval_ms=5, threshold_ms=50)
    mon.start()
    qtbot.waitUntil(lambda: mon.report().samples >= 5, timeout=10_000)
    mon.mark("slow slot")
    done: list[bool] = []
    QTimer.singleShot(0, lambda: (_block(150), done.append(True)))
    qtbot.waitUntil(lambda: bool(done) and mon.report().samples >= 10, timeout=10_000)
    qtbot.wait(50)
    rep = mon.report()
    mon.stop()
    assert rep.longest_ms >= 140  # the 150 ms block, minus at most one interval
    assert any(s.label == "slow slot" and s.ms >= 140 for s in rep.stalls)
    assert "slow slot" in rep.summary()


def test_paused_spans_are_not_counted(qtbot) -> None:  # type: ignore[no-untyped-def]
    mon = StallMonitor(interval_ms=5, threshold_ms=50)
    mon.start()
    qtbot.waitUntil(lambda: mon.report().samples >= 5, timeout=10_000)
    start = time.perf_counter() - mon._t0
    with mon.paused():
        _block(150)  # e.g. the walkthrough's own screenshot
    qtbot.wait(30)
    rep = mon.report()
    mon.stop()
    # No stall is reported for the paused span (whatever the load did elsewhere).
    assert not [s for s in rep.stalls if start - 0.02 <= s.at_s <= start + 0.16]
