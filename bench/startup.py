"""Cold start to the first painted attract screen (offscreen), and peak RSS.

Each run starts a fresh interpreter (``kiosk demo startup-probe``) and measures
wall time from spawning it to the moment the attract screen's first paint event
is handled; the probe also reports its peak RSS. Prints the median of N runs.

    .venv/bin/python bench/startup.py [--runs 5]

Targets (issue 2): under 2 s and under 250 MB RSS on the 2-core CI machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run() -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-m", "kiosk", "demo", "startup-probe"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("{"))
    data = json.loads(line)
    return data["painted_at"] - t0, data["peak_rss_mb"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    one_run()  # warm the OS file cache: "cold" means a new process, not a cold disk
    times, rss = [], []
    for _ in range(args.runs):
        t, r = one_run()
        times.append(t)
        rss.append(r)
    print(
        f"start-up to first paint: median {statistics.median(times) * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, n={args.runs})"
    )
    print(f"peak RSS: median {statistics.median(rss):.0f} MB (max {max(rss):.0f} MB)")
    print("targets: < 2000 ms, < 250 MB")


if __name__ == "__main__":
    main()
