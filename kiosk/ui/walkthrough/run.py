"""Run every scripted walkthrough step and collect the screenshots."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.ui.walkthrough.harness import Display, ShotHook, demo_ui
from kiosk.ui.walkthrough.steps import STEPS

log = logging.getLogger(__name__)


def run_walkthrough(
    out_dir: Path,
    config_path: Path | None = None,
    data_dir: Path | None = None,
    display: Display | None = None,
    hooks: list[ShotHook] | None = None,
) -> list[Path]:
    """Run every scripted step at ``display``'s size, mode and language; returns the PNGs."""
    with demo_ui(out_dir, config_path, data_dir, display) as wt:
        wt.hooks.extend(hooks or [])
        for step in STEPS:
            wt.stalls.mark(step.__name__)
            step(wt)
            wt.reset_display()
    log.info("%s", wt.stalls.report().summary())
    (out_dir / "stalls.txt").write_text(wt.stalls.report().summary() + "\n", encoding="utf-8")
    return wt.shots
