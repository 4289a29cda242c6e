"""The style rules of the project, enforced: ruff (lint + format) and mypy on the core."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint_and_format() -> None:
    lint = run(str(BIN / "ruff"), "check", ".")
    assert lint.returncode == 0, lint.stdout[-3000:]
    fmt = run(str(BIN / "ruff"), "format", "--check", ".")
    assert fmt.returncode == 0, fmt.stdout[-3000:]


def test_mypy_core_packages(tmp_path: Path) -> None:
    out = run(str(BIN / "mypy"), "--cache-dir", str(tmp_path / "mypy-cache"))
    assert out.returncode == 0, out.stdout[-3000:]
