"""Soak: N whole sessions in one process; prints a sample every 20 and growth per 100.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/soak.py [--sessions 200]

Growth is measured from session 20 (after the one-off warm-up: fonts, the face
engine, caches) to the last one, and scaled to 100 sessions. Time per session is
printed as the median and p99 of the 20-session blocks.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--every", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.ui.walkthrough.harness import demo_ui
    from kiosk.ui.walkthrough.soak import run_sessions

    _app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp, demo_ui(Path(tmp) / "shots") as wt:
        samples = run_sessions(wt, args.sessions, args.every, report=lambda s: print(s.line()))
    base = next((s for s in samples if s.session >= args.every), samples[0])
    last = samples[-1]
    span = last.session - base.session
    if span <= 0:
        print("too few sessions to measure growth")
        return 0
    per100 = 100 / span
    times = sorted(s.seconds_per_session for s in samples[1:]) or [samples[0].seconds_per_session]
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    print(f"\ngrowth per 100 sessions (from session {base.session} to {last.session}):")
    print(f"  RSS      {(last.rss_mb - base.rss_mb) * per100:+8.1f} MB")
    print(f"  threads  {(last.threads - base.threads) * per100:+8.1f}")
    print(f"  FDs      {(last.fds - base.fds) * per100:+8.1f}")
    print(f"  QObjects {(last.qobjects - base.qobjects) * per100:+8.1f}  {last.grown_since(base)}")
    print(f"time per session: median {statistics.median(times):.2f} s, p99 {p99:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
