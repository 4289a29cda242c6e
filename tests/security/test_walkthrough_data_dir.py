"""Issue 23 item 11: ``kiosk --data-dir D demo walkthrough`` keeps its data in D."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_the_walkthrough_terminal_runs_in_the_given_data_dir(tmp_path: Path, qapp) -> None:
    from kiosk.ui.walkthrough.harness import demo_ui

    data = tmp_path / "walk-data"
    with demo_ui(tmp_path / "shots", data_dir=data) as wt:
        assert wt.terminal.config.resolved_paths.data_dir == data.resolve()
    # Left behind, to be examined: the audit log and the outbox are under D.
    assert (data / "audit").is_dir() and any((data / "audit").iterdir())
    assert any(data.rglob("*.db")) or any(data.rglob("*.sqlite*"))


@pytest.mark.slow
def test_kiosk_data_dir_demo_walkthrough_leaves_its_data_in_d(tmp_path: Path) -> None:
    data = tmp_path / "D"
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--data-dir",
            str(data),
            "demo",
            "walkthrough",
            "--out",
            str(tmp_path / "shots"),
        ],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert r.returncode == 0, r.stderr[-2000:]
    assert (data / "audit").is_dir() and any((data / "audit").iterdir())
