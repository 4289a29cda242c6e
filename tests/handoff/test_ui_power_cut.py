"""A power cut of the whole terminal mid-deposit, UI and all.

Three processes, as on a real terminal: the lock boards (``kiosk locker simulate``:
pymodbus's server on a pty, in its own process, so they survive), and the terminal
itself (``tests/handoff/ui_terminal_child.py``: the real UI offscreen, devices,
reference platform) started twice on one data directory.

The first terminal takes a resident through a session to 存放材料; once the
compartment stands open and the terminal waits for the door, the resident puts the
originals in and the whole terminal's process group is killed (SIGKILL). The resident
closes the door in the dark. The second terminal rebuilds the state at start from
the sensors and the journal with nothing but its own periodic maintenance: the
technician panel shows the compartment holding the deposit, the next assignment of
that size goes to another compartment, and the platform receives the deposit exactly
once.
"""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from kiosk.handoff.locker_journal import LockerJournal, SlotState
from tests.handoff.ui_config import ROOT, write_config

pytestmark = pytest.mark.integration

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
    """``kiosk locker simulate`` in its own process; one command line, one answer."""

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

    def __call__(self, command: str) -> str:
        assert self.proc.stdin is not None and self.proc.stdout is not None
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


def terminal(config: Path, data: Path, shots: Path, *phase: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CHILD, str(config), str(data), str(shots), *phase],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        start_new_session=True,  # its own process group: the power cut takes all of it
    )


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[tuple[Path, Boards]]:
    link = tmp_path / "ttyLOCKER"
    config = write_config(
        tmp_path / "conf",
        f'[devices.locker]\nenabled = true\ndriver = "sim"\nsim_port = "{link}"\n',
    )
    boards = Boards(config, link)
    assert boards.port == str(link)
    try:
        yield config, boards
    finally:
        boards.close()


def platform_events(data: Path, case: str) -> list[str]:
    from offline_queue.server import dump_submissions
    from offline_queue.server.db import read_submission_body

    db = data / "platform" / "platform.db"
    bodies = [read_submission_body(db, s.submission_id) for s in dump_submissions(db)]
    forms = [b["form"] for b in bodies if b]  # type: ignore[index]
    return sorted(f["event"] for f in forms if f.get("event") and f.get("case") == case)


def test_power_cut_of_the_whole_terminal_mid_deposit(
    rig: tuple[Path, Boards], tmp_path: Path
) -> None:
    config, boards = rig
    data, shots = tmp_path / "data", tmp_path / "shots"

    first = terminal(config, data, shots / "first", "deposit")
    out = Lines(first, "@@ ")
    case = out.next("case")
    cid = out.next("waiting_close")
    assert cid.startswith("A")  # medium, with an item sensor (demo wiring A05–A08)
    assert boards(f"show {where(cid)}") == f"{where(cid)} door=open item=0 pulses=1"
    assert boards(f"put {where(cid)}") == f"{where(cid)} put done"
    os.killpg(first.pid, signal.SIGKILL)  # the power cut: every process of the terminal
    assert first.wait(30) == -signal.SIGKILL
    assert boards(f"close {where(cid)}") == f"{where(cid)} closed"  # in the dark

    with closing(LockerJournal(data / "handoff" / "locker.sqlite")) as journal:
        (op,) = journal.unfinished()  # the cut left the deposit half-done
        assert (op.case_ref, op.compartment, op.state) == (case, cid, "waiting_close")

    second = terminal(config, data, shots / "second", "restart", case)
    out = Lines(second, "@@ ")
    assert out.next("recovered") == "0"
    slots = {}
    while len(slots) < 16:
        line = out.next("slot")
        slots[line.split(" ")[0]] = line
    assert slots[cid] == f"{cid} [medium] deposit · {case}"
    assert not [s for s in slots.values() if " reserved" in s or "⚠" in s], slots
    loaded = out.next("load_waiting")
    assert loaded != cid and loaded.startswith("A")  # the deposit's compartment is not reassigned
    assert boards(f"put {where(loaded)}") == f"{where(loaded)} put done"
    assert boards(f"close {where(loaded)}") == f"{where(loaded)} closed"
    assert out.next("load_done") == f"{loaded}: done"
    out.next("synced")
    out.next("stopped")
    assert second.wait(60) == 0

    # The door was opened once, by the first terminal; nobody opened it again.
    assert boards(f"show {where(cid)}") == f"{where(cid)} door=closed item=1 pulses=1"
    with closing(LockerJournal(data / "handoff" / "locker.sqlite")) as journal:
        assert journal.unfinished() == []
        held = journal.slot(cid)
        assert held is not None and (held.state, held.case_ref) == (SlotState.DEPOSIT, case)
        result = journal.slot(loaded)
        assert result is not None and result.state is SlotState.RESULT
    assert platform_events(data, case) == ["deposit", "result_loaded"]  # each exactly once
