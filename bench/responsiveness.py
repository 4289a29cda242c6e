"""UI-thread stalls during a whole resident session (the scripted walkthrough).

Runs the walkthrough's steps (card, catalog, guide, form, materials, signature,
submit, certificate, rating, goodbye, face login, an offline session, the
technician screen) offscreen on the simulators with
:class:`kiosk.ui.stall_monitor.StallMonitor` ticking every 10 ms on the UI
thread, and prints the longest stall, the p99 and median lateness, and every
stall over 50 ms with the step it happened in. The walkthrough's own screenshot
grabs are not counted. Note that the walkthrough drives the event loop with
``processEvents`` + 10 ms sleeps, so a lateness of up to ~10 ms is the harness.

    .venv/bin/python bench/responsiveness.py [--runs 1]

Target (issue 18): longest UI stall during a session under 50 ms.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk import allocator
from kiosk.ui.walkthrough.harness import demo_ui
from kiosk.ui.walkthrough.steps import STEPS


def one_run() -> None:
    with tempfile.TemporaryDirectory() as d, demo_ui(Path(d) / "shots") as wt:
        for step in STEPS:
            wt.stalls.mark(step.__name__)
            step(wt)
        report = wt.stalls.report()
    print(report.summary())
    for s in sorted(report.stalls, key=lambda s: -s.ms):
        print(f"  {s.ms:7.1f} ms at {s.at_s:6.2f} s in {s.label}")


allocator.tune()  # as kiosk.cli.run does first thing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    for _ in range(args.runs):
        one_run()
    print(f"target: longest < 50 ms; cpu count {os.cpu_count()}")


if __name__ == "__main__":
    main()
