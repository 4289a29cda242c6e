"""Processes of the whole-terminal tests: the lock boards in a process of their own
(``kiosk locker simulate``), and a terminal UI process (``ui_terminal_child``) that the
power cut kills; their stdout is waited on line by line, never slept on."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from tests.handoff.ui_config import ROOT

KIOSK = (sys.executable, "-m", "kiosk")
CHILD = (sys.executable, "-m", "tests.handoff.ui_terminal_child")
WAIT_S = 120.0  # a bound for a hung process only; every wait ends on its condition


class Lines:
    """A child's stdout, read on a thread, waited on line by line."""

    def __init__(self, proc: subprocess.Popen[str], prefix: str = "") -> None:
        self.proc = proc
        self.prefix = prefix
        self.seen: list[str] = []
        self._q: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._q.put(line.rstrip("\n"))
        self._q.put(None)

    def next(self, word: str) -> str:
        """The arguments of the next ``PREFIX word ...`` line (fails if the child ends first)."""
        deadline = time.monotonic() + WAIT_S
        while True:
            try:
                line = self._q.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {word!r} line in {WAIT_S} s: {self.seen[-5:]}") from None
            if line is None:
                raise AssertionError(f"ended (rc {self.proc.wait()}) before {word!r}: {self.seen}")
            self.seen.append(line)
            if not line.startswith(self.prefix):
                continue
            head, _, rest = line[len(self.prefix) :].partition(" ")
            if head == "failed":
                raise AssertionError(f"child failed: {rest}")
            if head == word:
                return rest


class Boards:
    """``kiosk locker simulate`` in its own process; one command line, one answer line."""

    def __init__(self, config: Path, link: Path) -> None:
        self.proc = subprocess.Popen(
            [
                *KIOSK,
                "--config",
                str(config),
                "locker",
                "simulate",
                "--configured",
                "--link",
                str(link),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            cwd=ROOT,
        )
        assert self.proc.stdout is not None
        self.port = self.proc.stdout.readline().strip()
        self._lock = threading.Lock()

    def __call__(self, command: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        with self._lock:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline().strip()
        assert not answer.startswith("error"), (command, answer)
        return answer

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()  # EOF: the simulator stops cleanly
        assert self.proc.wait(30) == 0


def where(compartment: str) -> str:
    """``A05`` → ``1 5``: unit and lock of the demo wiring (board 1 = A, board 2 = B)."""
    return f"{'AB'.index(compartment[0]) + 1} {int(compartment[1:])}"


def start_terminal(config: Path, data: Path, shots: Path, phase: str) -> subprocess.Popen[str]:
    """The terminal UI process, in a process group of its own (the power cut takes it all)."""
    return subprocess.Popen(
        [*CHILD, str(config), str(data), str(shots), phase],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        start_new_session=True,
    )


def platform_events(data: Path) -> dict[str, list[str]]:
    """Case → the hand-off events the reference platform received for it (sorted)."""
    from offline_queue.server import dump_submissions
    from offline_queue.server.db import read_submission_body

    db = data / "platform" / "platform.db"
    bodies = [read_submission_body(db, s.submission_id) for s in dump_submissions(db)]
    out: dict[str, list[str]] = {}
    for b in bodies:
        form = b["form"] if b else {}  # type: ignore[index]
        if form.get("event"):
            out.setdefault(str(form.get("case")), []).append(str(form["event"]))
    return {case: sorted(events) for case, events in out.items()}
