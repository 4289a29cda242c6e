"""The whole terminal, UI included, as a process of its own for the power-cut test.

``python -m tests.handoff.ui_terminal_child CONFIG DATA SHOTS deposit``

The real terminal (devices on their simulators, the reference platform in this
process, the Qt window offscreen) on the data directory DATA; the locker boards are
*not* in this process: CONFIG names their port (``[devices.locker] sim_port``), served
by ``kiosk locker simulate`` in a process of its own, as a real locker outlives a power
cut of the terminal.

A resident's session to the result step, then 存放材料. Once the compartment stands
open and the terminal waits for its door, this process only waits: the test cuts the
power (SIGKILL of its process group) then, and starts the terminal again on DATA
(``tests/handoff/test_handoff_ui.py``).

Each fact the test waits on is one stdout line ``@@ WORD ARGS``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.handoff.locker_flows import FlowState
from kiosk.handoff.locker_journal import OpKind
from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import Display, Walkthrough, demo_ui

ID_NUMBER = "350102198808080029"  # deck card 8 (fictional): steps.LOCAL_RESIDENT
WAIT_S = 90.0  # only a bound for a hung terminal; every wait ends on its condition


def say(*parts: object) -> None:
    print("@@", *parts, flush=True)


def must(ok: bool, what: str) -> None:
    if not ok:
        say("failed", what)
        raise SystemExit(2)


def waiting_door(wt: Walkthrough, kind: OpKind) -> str:
    """The compartment whose door a ``kind`` flow waits for ("" if none)."""
    svc = wt.terminal.services["handoff"]._locker
    for f in list(svc.flows.values()) if svc is not None else []:
        if f.kind is kind and f.state is FlowState.WAITING_CLOSE:
            return str(f.compartment)
    return ""


def deposit(wt: Walkthrough) -> None:
    for step in steps.TO_SUBMITTED:
        step(wt)
    say("case", wt.terminal.session.data.result.acceptance_number)
    from screens.handoff_entries import HandoffEntries

    (entry,) = wt.ui.window.findChildren(HandoffEntries)  # type: ignore[attr-defined]
    must(entry.deposit_btn.isVisible(), "no 存放材料 in the result step")
    entry.deposit_btn.click()
    steps.expect(wt, SessionState.LOCKER)
    must(wt.wait_for(lambda: bool(waiting_door(wt, OpKind.DEPOSIT)), WAIT_S), "no door opened")
    say("waiting_close", waiting_door(wt, OpKind.DEPOSIT))
    wt.wait_for(lambda: False, 600)  # the power cut comes first
    say("failed", "not killed")
    raise SystemExit(3)


def main() -> None:
    config, data, shots, phase = (Path(a) for a in sys.argv[1:5])
    display = Display(1366, 768, False, "zh_CN")
    with demo_ui(shots, config_path=config, data_dir=data, display=display) as wt:
        # No pictures in this process: nobody looks at them, and grabbing and encoding a
        # dozen windows costs seconds on a loaded machine. The steps still pump events.
        wt.shot = lambda _name: wt.pump() or shots  # type: ignore[method-assign]
        if str(phase) != "deposit":
            say("failed", f"unknown phase {phase}")
            raise SystemExit(2)
        deposit(wt)


if __name__ == "__main__":
    main()
