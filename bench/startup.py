"""Cold start to the first painted attract screen (offscreen), peak RSS, ratio to bare Qt.

Each run starts a fresh interpreter (``kiosk demo startup-probe``) and measures
wall time from spawning it to the moment the attract screen's first paint event
is handled; the probe also reports its peak RSS. The baseline is a fresh
interpreter painting a bare ``QApplication`` + ``QMainWindow`` the same way.
Prints median and p99 of N runs of each, and their ratio. Then the real
``kiosk --demo`` (``--demo-runs``): process start to first paint, from the
terminal's own log line, with and without the wait for the demo's reference
servers (the other side of the network, not part of a real terminal's start).

    .venv/bin/python bench/startup.py [--runs 7]

Target (issue 18): first paint under 400 ms on the 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchstats import med_p99, median, pct

ROOT = Path(__file__).resolve().parent.parent

BARE_QT = """
import json, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication([])
win = QMainWindow()
label = QLabel("bare")
win.setCentralWidget(label)
class W(QObject):
    done = False
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, lambda: (print(json.dumps({"painted_at": time.time(), "painted_cpu_s": time.process_time()}), flush=True), app.quit()))
        return False
w = W()
label.installEventFilter(w)
win.resize(1280, 800)
win.show()
app.exec()
"""


def _spawn(args: list[str]) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    t0 = time.time()
    out = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("{"))
    data = json.loads(line)
    data["elapsed"] = data["painted_at"] - t0
    return data


def kiosk_run() -> tuple[float, float, float, float]:
    """(first paint s, CPU s to first paint, devices started s, peak RSS MB)."""
    data = _spawn([sys.executable, "-m", "kiosk", "demo", "startup-probe"])
    started = data.get("devices_started_at", data["painted_at"]) - data["painted_at"]
    return data["elapsed"], data["painted_cpu_s"], data["elapsed"] + started, data["peak_rss_mb"]


def bare_run() -> tuple[float, float]:
    """(first paint s, CPU s to first paint) of a bare QApplication + QMainWindow."""
    data = _spawn([sys.executable, "-c", BARE_QT])
    return data["elapsed"], data["painted_cpu_s"]


def _log_ms(logs: Path, pattern: str) -> float | None:
    for path in sorted(logs.glob("*.jsonl*")) if logs.is_dir() else []:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            m = re.search(pattern, line)
            if m:
                return float(m.group(1)) / 1000
    return None


def demo_run(timeout_s: float = 60.0) -> tuple[float, float]:
    """(first paint s, of which waiting for the demo's servers s) of a real ``kiosk --demo``.

    The terminal logs its first paint's time since its process started (read from
    /proc, 10 ms resolution); it is stopped by SIGTERM once that line is there.
    """
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk", "--demo", "--data-dir", tmp],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + timeout_s
            paint = None
            while paint is None and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.2)
                paint = _log_ms(Path(tmp) / "logs", r"first paint (\d+) ms after the process")
            waited = _log_ms(Path(tmp) / "logs", r"demo servers: waited (\d+) ms")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    if paint is None:
        raise RuntimeError("kiosk --demo logged no first paint")
    return paint, waited or 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--demo-runs", type=int, default=3, help="runs of the real kiosk --demo (0: none)"
    )
    args = ap.parse_args()
    kiosk_run()  # warm the OS file cache: "cold" means a new process, not a cold disk
    bare_run()
    times, cpu, ready, rss, bare, bare_cpu = [], [], [], [], [], []
    for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
        t, c, d, r = kiosk_run()
        times.append(t)
        cpu.append(c)
        ready.append(d)
        rss.append(r)
        b, bc = bare_run()
        bare.append(b)
        bare_cpu.append(bc)
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"kiosk start-up to first paint: {med_p99(times)}  min {min(times) * 1000:.0f} ms")
    print(
        f"  CPU time of the process to first paint: {med_p99(cpu)}"
        f"  (bare Qt {med_p99(bare_cpu)}; ratio {median(cpu) / median(bare_cpu):.2f}x)"
    )
    print(f"  devices built and started (after the paint): {med_p99(ready)}")
    print(f"bare QApplication + QMainWindow: {med_p99(bare)}  min {min(bare) * 1000:.0f} ms")
    print(
        f"ratio kiosk/bare: median {median(times) / median(bare):.2f}x,"
        f" p99 {pct(times, 0.99) / pct(bare, 0.99):.2f}x"
    )
    print(f"peak RSS: median {median(rss):.0f} MB (max {max(rss):.0f} MB)")
    print(
        f"target: first paint < 400 ms; PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE')!r}"
    )
    if args.demo_runs > 0:
        runs = [demo_run() for _ in range(args.demo_runs)]
        paint = [p for p, _ in runs]
        own = [p - w for p, w in runs]
        print(
            f"real kiosk --demo, process start to first paint: {med_p99(paint)}"
            f"  (without the wait for the demo's own reference servers, which a real"
            f" terminal does not run: {med_p99(own)})"
        )


if __name__ == "__main__":
    main()
