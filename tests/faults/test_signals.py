"""SIGTERM and SIGINT stop the terminal cleanly: ``kiosk --demo`` as its own process.

systemd stops the terminal with SIGTERM, a developer with Ctrl-C (SIGINT). Either
must run ``terminal.stop()``: a ``terminal_stop`` audit entry on a verifiable chain,
and no private cupsd of the demo left running.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from kiosk.ops.audit import verify


def wait_for(predicate, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return bool(predicate())


def events(audit: Path) -> list[str]:
    if not audit.exists():
        return []
    return [json.loads(line)["event"] for line in audit.read_text().splitlines() if line.strip()]


def processes_under(path: Path) -> list[str]:
    """Command lines of the live cupsd processes serving from under ``path``."""
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(path) in cmd and "cupsd" in cmd:
            found.append(f"{pid}: {cmd}")
    return found


@pytest.mark.parametrize(
    "signum",
    [signal.SIGTERM, pytest.param(signal.SIGINT, marks=pytest.mark.slow)],
    ids=["SIGTERM", "SIGINT"],
)
def test_a_stop_signal_runs_terminal_stop(
    tmp_path: Path, signum: signal.Signals, request: pytest.FixtureRequest
) -> None:
    # A searchable directory (pytest's own is 0700), so the demo runs its cupsd.
    base = Path(tempfile.mkdtemp(prefix="kiosk-signal-", dir="/tmp"))
    base.chmod(0o755)
    request.addfinalizer(lambda: shutil.rmtree(base, ignore_errors=True))
    data = base / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    log = (tmp_path / "kiosk.out").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--demo", "--data-dir", str(data)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    audit = data / "audit" / "audit.jsonl"
    try:
        assert wait_for(lambda: "terminal_start" in events(audit), 90), (
            tmp_path / "kiosk.out"
        ).read_text()[-3000:]
        # The demo's private cupsd is up (it must not outlive the terminal).
        assert wait_for(lambda: bool(processes_under(data)), 60)
        proc.send_signal(signum)
        assert proc.wait(60) == 0, (tmp_path / "kiosk.out").read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        log.close()
    assert events(audit)[-1] == "terminal_stop"
    assert verify(audit).ok
    assert wait_for(lambda: not processes_under(data), 10), processes_under(data)
