"""How long an idle terminal takes to learn the platform is gone (and back).

Starts the reference platform (real HTTP on 127.0.0.1), lets the platform probe
(offline_queue.netwatch.PlatformProbe, default settings: every 1 s, 1 s timeout,
2 misses) see it online, stops the server at a random phase of the probe's
cycle, and times until the verdict is offline; then restarts it and times until
online. The shell reads the verdict on its 250 ms tick, so add up to 0.25 s.

    .venv/bin/python bench/netloss.py [--runs 10]

Target (issue 18): network loss noticed in under 5 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchstats import med_p99

from offline_queue.netwatch import PlatformProbe
from offline_queue.server import ServerSettings, ServerThread


def wait(cond, timeout: float = 30.0) -> float:  # type: ignore[no-untyped-def]
    t0 = time.monotonic()
    while not cond():
        if time.monotonic() - t0 > timeout:
            raise SystemExit("probe verdict did not change within 30 s")
        time.sleep(0.005)
    return time.monotonic() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    rng = random.Random(1)
    lost, back = [], []
    with tempfile.TemporaryDirectory() as d:
        settings = ServerSettings(db_path=Path(d) / "platform.db", tokens={"t": "K1"})
        srv = ServerThread(settings).start()
        port = srv.port
        probe = PlatformProbe(srv.url)
        probe.start()
        try:
            wait(lambda: probe.online is True)
            for _ in range(args.runs):
                time.sleep(rng.uniform(0.0, 1.0))  # a random phase of the probe's cycle
                t = time.monotonic()
                srv.stop()
                wait(lambda: probe.online is False)
                lost.append(time.monotonic() - t)
                time.sleep(rng.uniform(0.0, 1.0))
                srv = ServerThread(settings, port=port).start()
                back.append(wait(lambda: probe.online is True))
        finally:
            probe.stop()
            srv.stop()
    print(f"platform stopped -> terminal offline: {med_p99(lost, 1.0, 's')}  max {max(lost):.2f} s")
    print(f"platform back    -> terminal online : {med_p99(back, 1.0, 's')}  max {max(back):.2f} s")
    print(
        "a silent network (packets dropped, no refusal) costs at most"
        f" {probe.failures} x ({probe.interval_s:.0f} s + {probe.timeout_s:.0f} s timeout)"
        f" = {probe.failures * (probe.interval_s + probe.timeout_s):.0f} s; target < 5 s"
    )


if __name__ == "__main__":
    main()
