"""Drive the terminal offscreen through its screens and save a screenshot per step.

Used by ``kiosk demo walkthrough --out DIR`` (screenshots for the README and for
reviewing what a resident sees) and by the UI tests.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from kiosk.app.demo import demo_config, start_demo_services
from kiosk.app.terminal import Terminal
from kiosk.app.wiring import attach_services
from kiosk.config import load_config


class Walkthrough:
    """Holds the running UI and saves numbered screenshots."""

    def __init__(self, out_dir: Path, ui: object, terminal: Terminal) -> None:
        self.out_dir = out_dir
        self.ui = ui
        self.terminal = terminal
        self.n = 0
        self.shots: list[Path] = []
        from kiosk.ui.stall_monitor import StallMonitor

        #: UI-thread stalls over the whole walkthrough (its own screenshots excluded).
        self.stalls = StallMonitor()

    def pump(self, seconds: float = 0.15) -> None:
        from PySide6.QtWidgets import QApplication

        end = time.monotonic() + seconds
        while time.monotonic() < end:
            QApplication.processEvents()
            time.sleep(0.01)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            if predicate():
                return True
        return False

    def shot(self, name: str) -> Path:
        self.pump()
        self.n += 1
        path = self.out_dir / f"{self.n:02d}-{name}.png"
        with self.stalls.paused():  # grabbing and PNG-encoding is ours, not the app's
            self.ui.window.grab().save(str(path))  # type: ignore[attr-defined]
        self.shots.append(path)
        return path


@contextlib.contextmanager
def demo_ui(
    out_dir: Path, config_path: Path | None = None, data_dir: Path | None = None
) -> Iterator[Walkthrough]:
    """The whole terminal on the simulators, offscreen, in ``data_dir`` (else a temporary one).

    ``kiosk --data-dir D demo walkthrough`` keeps its data in D, to be examined after.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.ui.app import build_ui

    out_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if data_dir is None:
            data_dir = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="kiosk-walkthrough-"))
            )
        data_dir.mkdir(parents=True, exist_ok=True)
        config = demo_config(load_config(config_path, data_dir), data_dir)
        config = config.model_copy(
            update={
                "ui": config.ui.model_copy(
                    update={"fullscreen": False, "watchdog": False, "voice": False}
                )
            }
        )
        terminal = Terminal(config, demo=True)
        start_demo_services(terminal)
        attach_services(terminal, heartbeat=False)
        ui = build_ui(terminal, windowed=True)
        ui.window.resize(1920, 1080)  # a common landscape kiosk panel
        terminal.start()
        wt = Walkthrough(out_dir, ui, terminal)
        wt.stalls.start()
        try:
            yield wt
        finally:
            wt.stalls.stop()
            ui.window.shutdown()
            ui.ctl.shutdown()
            terminal.stop()
            ui.window.close()
            ui.window.deleteLater()
