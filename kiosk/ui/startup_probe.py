"""The start-up probe: build the UI, print a JSON line once the attract screen is painted.

Used by ``kiosk demo startup-probe`` and bench/startup.py.
"""

from __future__ import annotations

import json
import time
from pathlib import Path


def run_startup_probe() -> int:
    """Paint the attract screen on the simulators; print when (and peak RSS) as JSON."""
    import os
    import resource
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk import allocator
    from kiosk.app import start_gc

    allocator.tune()  # as kiosk.cli.run
    start_gc.hold()
    # In the order of kiosk.cli.run: the configuration and the terminal before Qt.
    # Every module imported after PySide6.QtCore pays its import hook (about 18 ms
    # of CPU for these), so importing Qt first would make the probe slower than
    # the terminal's real start.
    from kiosk.app.demo import demo_config
    from kiosk.app.terminal import Terminal
    from kiosk.config import load_config

    from PySide6.QtCore import QEvent, QObject, QTimer  # isort: skip

    from kiosk.ui.app import build_ui
    from kiosk.ui.warm_start import WarmStart

    t_import = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        config = demo_config(load_config(None, Path(tmp)), Path(tmp))
        terminal = Terminal(config, demo=True)
        ui = build_ui(terminal, windowed=True)
        marks: dict[str, float] = {}

        class PaintWatch(QObject):
            def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
                if ev.type() == QEvent.Type.Paint and "painted_at" not in marks:
                    marks["painted_at"] = time.time()
                    # CPU seconds of the process until now: a figure the other
                    # processes on a busy machine barely change, unlike wall time.
                    marks["painted_cpu_s"] = time.process_time()
                    marks["painted_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # fmt: skip
                return False

        def started() -> None:
            # As kiosk.ui.app.run: devices start after the first paint (issue 18).
            terminal.start()
            marks["started_at"] = time.time()
            QTimer.singleShot(0, finish)

        def finish() -> None:
            rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(
                json.dumps(
                    {
                        "painted_at": marks["painted_at"],
                        "painted_cpu_s": marks["painted_cpu_s"],
                        "devices_started_at": marks["started_at"],
                        "after_import_s": time.perf_counter() - t_import,
                        "painted_peak_rss_mb": marks["painted_rss_mb"],
                        "peak_rss_mb": rss_kb / 1024,
                    }
                ),
                flush=True,
            )
            ui.app.quit()

        first = ui.window.screens[next(iter(ui.window.screens))]
        watch = PaintWatch()
        first.installEventFilter(watch)
        warm = WarmStart(first, started)
        ui.app.exec()
        warm.wait_loader()
        del warm
        ui.ctl.shutdown()
        terminal.stop()
    return 0
