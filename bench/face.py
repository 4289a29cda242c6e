"""Face login speed on this CPU: detection, encoding, face-in-view → decision, preview fps.

    .venv/bin/python bench/face.py [--trials 20] [--seconds 5]

Prints figures; asserts nothing. Uses the real photographs of tests/data/faces.

1. per-frame detection (HOG) at the configured downscale, and alternatives;
2. encoding one face (5-point "small" and 68-point "large" alignment);
3. end-to-end: the simulated camera shows an empty scene, then a face; time from
   the first frame with the face to the decision (match / no match) delivered on
   the UI thread, through the real adapter, worker thread and engine process;
4. preview frames per second on the UI thread while the engine keeps working
   (the liveness phase processes frames continuously), with the engine in a
   child process (default) and, for comparison, on a thread in this process.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2
import numpy as np

from kiosk.biometrics.face import DlibBackend, FaceVerifier, backend_from_config
from kiosk.biometrics.face_flow import FlowUpdate
from kiosk.config import PROJECT_ROOT, FaceConfig, load_config
from kiosk.identity.document import CardType, IdentityDocument, Photo

FACES = PROJECT_ROOT / "tests" / "data" / "faces"


def pct(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else float("nan")


def timed(fn, n: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def line(name: str, ms: list[float]) -> None:
    print(f"  {name:44s} median {statistics.median(ms):6.1f} ms   p99 {pct(ms, 99):6.1f} ms")


def bench_models(cfg: FaceConfig, n: int) -> None:
    backend = DlibBackend("small")
    large = DlibBackend("large")
    frame = cv2.imread(str(FACES / "frame_obama.jpg"))
    rgb = cv2.cvtColor(frame, cv2.COLOR_BGR2RGB)
    print(f"models (in this process, {n} runs each, frame 640x480, face ~200 px)")
    for width, up in (
        (cfg.detect_width, cfg.detect_upsample),
        (400, 0),
        (320, 1),
        (640, 0),
        (640, 1),
    ):
        small = cv2.resize(rgb, (width, width * 3 // 4)) if width != 640 else rgb
        tag = " (configured)" if (width, up) == (cfg.detect_width, cfg.detect_upsample) else ""
        line(
            f"detect HOG {width}px upsample={up}{tag}",
            timed(lambda s=small, u=up: backend.detect(s, u), n),
        )
    box = backend.detect(rgb, 1)[0]
    line("encode (5-point alignment, configured)", timed(lambda: backend.encode(rgb, box), n))
    line("encode (68-point alignment)", timed(lambda: large.encode(rgb, box), n))
    line("landmarks 68 (liveness)", timed(lambda: backend.landmarks(rgb, box), n))
    verifier = FaceVerifier(cfg, backend)
    line("analyze: downscale + detect + quality gates", timed(lambda: verifier.analyze(frame), n))


class SwitchCamera:
    """A stand-in camera at 30 fps whose picture can be switched (empty scene / face)."""

    @dataclass(frozen=True)
    class _Frame:
        image: np.ndarray
        seq: int
        timestamp: float

    def __init__(self, scenes: dict[str, np.ndarray], fps: float = 30) -> None:
        self.scenes = scenes
        self.scene = "empty"
        self.switched_at = 0.0
        self._seq = 0
        self._latest: SwitchCamera._Frame | None = None
        self._stop = threading.Event()
        self._fps = fps
        threading.Thread(target=self._run, daemon=True).start()

    def show(self, scene: str) -> None:
        self.scene = scene
        self.switched_at = 0.0  # set by the first frame showing it

    def _run(self) -> None:
        while not self._stop.is_set():
            self._seq += 1
            now = time.monotonic()
            if self.scene != "empty" and self.switched_at == 0.0:
                self.switched_at = now
            self._latest = self._Frame(self.scenes[self.scene].copy(), self._seq, now)
            time.sleep(1 / self._fps)

    def latest(self) -> _Frame | None:
        return self._latest

    def stop(self) -> None:
        self._stop.set()


def bench_end_to_end(cfg: FaceConfig, trials: int, seconds: float, in_process: bool) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

    from kiosk.ui.face_login import FaceLoginAdapter

    app = QCoreApplication.instance() or QCoreApplication([])
    cfg = cfg.model_copy(update={"backend_process": not in_process, "liveness_timeout_s": 60.0})
    scenes = {
        "empty": np.full((480, 640, 3), 90, np.uint8),
        "face": cv2.imread(str(FACES / "frame_obama.jpg")),
    }
    camera = SwitchCamera(scenes)
    t0 = time.perf_counter()
    adapter = FaceLoginAdapter(camera, cfg, backend_factory=backend_from_config)
    doc = IdentityDocument(
        CardType.RESIDENT_ID,
        "测试",
        "11010119900307803X",
        photo=Photo("jpeg", bytearray((FACES / "card_obama2.jpg").read_bytes())),
    )
    previews: list[float] = []
    decisions: list[float] = []
    decision_gaps: list[float] = []
    state: dict[str, object] = {}
    adapter.add_preview_listener(lambda _rgb: previews.append(time.monotonic()))

    def on_update(u: FlowUpdate) -> None:
        if u.distance is not None and "decided" not in state:
            state["decided"] = time.monotonic()

    adapter.add_update_listener(on_update)

    def wait(cond, timeout: float) -> bool:  # type: ignore[no-untyped-def]
        loop = QEventLoop()
        deadline = time.monotonic() + timeout
        timer = QTimer()
        timer.setInterval(5)
        timer.timeout.connect(
            lambda: loop.quit() if cond() or time.monotonic() > deadline else None
        )
        timer.start()
        loop.exec()
        timer.stop()
        return bool(cond())

    ready = {"n": 0}
    adapter.ready.connect(lambda: ready.__setitem__("n", ready["n"] + 1))
    engine = "thread in this process" if in_process else "child process"
    first_ready = None
    for i in range(trials):
        camera.show("empty")
        state.clear()
        adapter.start(doc)
        if not wait(lambda i=i: ready["n"] > i, 120):
            print("  engine did not become ready")
            return
        if first_ready is None:
            first_ready = (time.perf_counter() - t0) * 1000
        wait(lambda: False, 0.2)  # a few empty frames first
        camera.show("face")
        wait(lambda: "decided" in state, 10)
        if "decided" in state and camera.switched_at:
            decided = float(state["decided"])  # type: ignore[arg-type]
            decisions.append((decided - camera.switched_at) * 1000)
            # Preview gaps while the face was being detected and encoded.
            window = [t for t in previews if camera.switched_at <= t <= decided + 0.1]
            decision_gaps.extend((b - a) * 1000 for a, b in itertools.pairwise(window))
        if i < trials - 1:
            adapter.cancel()
    # The login is now in its liveness phase: the engine processes every frame it can.
    previews.clear()
    processed0 = adapter.frames_processed
    start = time.monotonic()
    wait(lambda: False, seconds)
    elapsed = time.monotonic() - start
    shown = [t for t in previews if t >= start]
    gaps = [(b - a) * 1000 for a, b in itertools.pairwise(shown)]
    adapter.cancel()
    adapter.shutdown()
    camera.stop()
    del app
    print(f"end to end, engine on a {engine} ({trials} trials)")
    print(
        f"  engine start + reference photo encoded      {first_ready:8.0f} ms (once per start-up)"
    )
    if decisions:
        print(
            f"  face in view -> decision                    median {statistics.median(decisions):6.0f} ms"
            f"   p99 {pct(decisions, 99):6.0f} ms   (target < 1000 / < 1500)"
        )
    if decision_gaps:
        print(
            f"  preview gaps while encoding (look phase)    median {statistics.median(decision_gaps):6.0f} ms"
            f"   worst {max(decision_gaps):6.0f} ms   (33 ms = no frame lost)"
        )
    print(
        f"  preview during liveness (continuous work)   {len(shown) / elapsed:6.1f} fps"
        f"   worst gap {max(gaps) if gaps else float('nan'):5.0f} ms   (camera 30 fps, target >= 25)"
    )
    print(
        f"  frames processed while previewing           {(adapter.frames_processed - processed0) / elapsed:6.1f} /s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--runs", type=int, default=20, help="runs per model figure")
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    cfg = load_config().face
    print(
        f"CPU cores: {os.cpu_count()}; threshold {cfg.threshold}; encoding model {cfg.encoding_model}"
    )
    bench_models(cfg, args.runs)
    bench_end_to_end(cfg, args.trials, args.seconds, in_process=False)
    bench_end_to_end(cfg, max(3, args.trials // 4), args.seconds, in_process=True)


if __name__ == "__main__":
    main()
