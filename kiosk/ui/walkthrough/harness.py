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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.app.demo import demo_config, start_demo_services
from kiosk.app.terminal import Terminal
from kiosk.app.wiring import attach_services
from kiosk.config import load_config

LANGUAGES = ("zh_CN", "zh_TW", "en")


class WalkthroughOptionError(ValueError):
    """A walkthrough option (size, language) is malformed."""


@dataclass(frozen=True)
class Display:
    """The simulated screen: its size, elderly mode and language."""

    width: int = 1920
    height: int = 1080
    elderly: bool = False
    language: str = "zh_CN"

    @staticmethod
    def parse_size(text: str) -> tuple[int, int]:
        """``"1366x768"`` → (1366, 768)."""
        try:
            w, h = (int(v) for v in text.lower().replace("×", "x").split("x"))
        except ValueError as e:
            raise WalkthroughOptionError(f"size must be WIDTHxHEIGHT, got {text!r}") from e
        if not (320 <= w <= 8000 and 320 <= h <= 8000):
            raise WalkthroughOptionError(f"size out of range: {text!r}")
        return w, h

    def label(self) -> str:
        return f"{self.width}x{self.height}{'-elderly' if self.elderly else ''}-{self.language}"


#: Called after every screenshot with the walkthrough and the step name (the matrix
#: test checks the layout there).
ShotHook = Callable[["Walkthrough", str], None]


class Walkthrough:
    """Holds the running UI and saves numbered screenshots."""

    def __init__(
        self, out_dir: Path, ui: object, terminal: Terminal, display: Display | None = None
    ) -> None:
        self.out_dir = out_dir
        self.ui = ui
        self.terminal = terminal
        self.display = display or Display()
        self.n = 0
        self.shots: list[Path] = []
        self.hooks: list[ShotHook] = []
        from kiosk.ui.stall_monitor import StallMonitor

        #: UI-thread stalls over the whole walkthrough (its own screenshots excluded).
        self.stalls = StallMonitor(sample_stacks=True)

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
        for hook in self.hooks:
            hook(self, name)
        return path

    def reset_display(self) -> None:
        """Back to this walkthrough's elderly mode and language (steps may switch them)."""
        ui: Any = self.ui
        ui.ctl.set_elderly(self.display.elderly)
        ui.window._switch_language(self.display.language)
        self.pump(0.05)


@contextlib.contextmanager
def demo_ui(
    out_dir: Path,
    config_path: Path | None = None,
    data_dir: Path | None = None,
    display: Display | None = None,
) -> Iterator[Walkthrough]:
    """The whole terminal on the simulators, offscreen, in ``data_dir`` (else a temporary one).

    The window is fixed at ``display``'s size, as a kiosk's full-screen window is.

    ``kiosk --data-dir D demo walkthrough`` keeps its data in D, to be examined after.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSize

    from kiosk.ui.app import build_ui
    from kiosk.ui.warm_start import WarmStart

    display = display or Display()
    if display.language not in LANGUAGES:
        raise WalkthroughOptionError(f"language must be one of {LANGUAGES}")

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
        ui.window.fit_to(QSize(display.width, display.height))
        # As the real start does after the first paint: heavy modules, the pinyin
        # engine and the tile word list on a worker thread. Without it the first
        # pinyin keyboard deployed librime on the UI thread (460 ms), a stall the
        # terminal itself does not have.
        first_screen = ui.window.screens[next(iter(ui.window.screens))]
        warm = WarmStart(first_screen, lambda: None)
        terminal.start()
        wt = Walkthrough(out_dir, ui, terminal, display)
        wt.reset_display()
        wt.stalls.start()
        try:
            yield wt
        finally:
            warm.wait_loader()  # librime aborts if its folder goes while it deploys
            wt.stalls.stop()
            ui.window.shutdown()
            ui.ctl.shutdown()
            terminal.stop()
            ui.window.close()
            ui.window.deleteLater()
