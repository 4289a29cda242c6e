"""``kiosk demo``: the walkthrough that screenshots every screen, and the start-up probe."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click


@click.group()
def demo() -> None:
    """Demo tools: screenshots of every screen, start-up probe."""


@demo.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory for the NN-screen.png files.",
)
@click.option("--elderly", is_flag=True, help="Also capture the elderly-mode variants.")
@click.pass_context
def walkthrough(ctx: click.Context, out_dir: Path, elderly: bool) -> None:
    """Drive the app offscreen through every screen and save one PNG per step."""
    from kiosk.ui.walkthrough import run_walkthrough

    shots = run_walkthrough(out_dir, config_path=ctx.find_root().obj.get("config_path"))
    for s in shots:
        click.echo(str(s))


@demo.command("startup-probe", hidden=True)
def startup_probe() -> None:
    """Print a JSON line when the attract screen has been painted (used by bench/startup.py)."""
    import os
    import resource
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer

    from kiosk.config import load_config
    from kiosk.demo import demo_config
    from kiosk.terminal import Terminal
    from kiosk.ui.app import build_ui

    t_import = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        config = demo_config(load_config(None, Path(tmp)), Path(tmp))
        terminal = Terminal(config, demo=True)
        ui = build_ui(terminal, windowed=True)
        terminal.start()

        class PaintWatch(QObject):
            def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
                if ev.type() == QEvent.Type.Paint and not getattr(self, "done", False):
                    self.done = True
                    QTimer.singleShot(0, finish)
                return False

        def finish() -> None:
            rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            print(
                json.dumps(
                    {
                        "painted_at": time.time(),
                        "after_import_s": time.perf_counter() - t_import,
                        "peak_rss_mb": rss_kb / 1024,
                    }
                ),
                flush=True,
            )
            ui.app.quit()

        watch = PaintWatch()
        ui.window.screens[next(iter(ui.window.screens))].installEventFilter(watch)
        ui.app.exec()
        ui.ctl.shutdown()
        terminal.stop()
    sys.exit(0)
