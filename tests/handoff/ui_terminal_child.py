"""The whole terminal, UI included, as a process of its own for the power-cut test.

``python -m tests.handoff.ui_terminal_child CONFIG DATA SHOTS PHASE [CASE]``

The real terminal (devices on their simulators, the reference platform in this
process, the Qt window offscreen) on the data directory DATA; the locker boards are
*not* in this process: CONFIG names their port (``[devices.locker] sim_port``), served
by ``kiosk locker simulate`` in a process of its own, as a real locker outlives a power
cut of the terminal.

* ``deposit``: a resident's session to the result step, then 存放材料. Once the
  compartment stands open and the terminal waits for its door, this process only
  waits: the test cuts the power (SIGKILL) then.
* ``restart``: the terminal started again on the same data. Nothing is called here to
  recover: its own periodic maintenance builds the locker service, which settles the
  interrupted deposit from the journal and the sensors. The technician screen's locker
  panel then shows the compartments, and staff load a result for CASE through it
  (the test plays the staff at the simulated boards). Ends once the outbox is empty.

Each fact the test waits on is one stdout line ``@@ WORD ARGS``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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
    for step in (
        steps.identify_with_card,
        steps.catalog,
        steps.guide,
        steps.form,
        steps.materials,
        steps.signature,
        steps.review_and_submit,
    ):
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


def restart(wt: Walkthrough, case: str) -> None:
    handoff: Any = wt.terminal.services["handoff"]
    must(wt.wait_for(lambda: handoff._locker is not None, WAIT_S), "locker service not built")
    from screens.locker_admin import LockerPanel

    (panel,) = wt.ui.window.findChildren(LockerPanel)  # type: ignore[attr-defined]
    panel.refresh()
    say("recovered", len(handoff.journal.unfinished()))
    for line in panel.slots.text().splitlines():
        say("slot", line)
    panel.case.setText(case)
    panel.id_number.setText(ID_NUMBER)
    panel.load_btn.click()
    must(wt.wait_for(lambda: bool(waiting_door(wt, OpKind.LOAD)), WAIT_S), "load opened nothing")
    say("load_waiting", waiting_door(wt, OpKind.LOAD))
    must(wt.wait_for(lambda: ": done" in panel.result.text(), WAIT_S), panel.result.text())
    say("load_done", panel.result.text())
    submitter = wt.terminal.services["submitter"]
    must(wt.wait_for(lambda: submitter.stats().unsent == 0, WAIT_S), "outbox not sent")
    say("synced")


def main() -> None:
    config, data, shots, phase = (Path(a) for a in sys.argv[1:5])
    display = Display(1366, 768, False, "zh_CN")
    with demo_ui(shots, config_path=config, data_dir=data, display=display) as wt:
        # No pictures in this process: nobody looks at them, and grabbing and encoding a
        # dozen windows costs seconds on a loaded machine. The steps still pump events.
        wt.shot = lambda _name: wt.pump() or shots  # type: ignore[method-assign]
        if str(phase) == "deposit":
            deposit(wt)
        else:
            restart(wt, sys.argv[5])
    say("stopped")


if __name__ == "__main__":
    main()
