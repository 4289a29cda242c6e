"""Locker alarms in ``terminal.alerts()`` (what the technician screen lists): a compartment
taken out of service, a door standing open; each line goes once its cause is gone.

A real terminal's wiring (outbox, hand-off services) on the simulated boards, with the
real driver; the doors and the jammed lock are acted in the simulator.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.app.handoff_wiring import Handoff, attach_handoff
from kiosk.app.terminal import Terminal
from kiosk.app.wiring import attach_outbox
from kiosk.config import load_config
from kiosk.handoff.locker_flows import FlowState
from kiosk.handoff.locker_journal import OpKind, SlotState
from kiosk.handoff.reporting import new_report_id
from tests.handoff.conftest import Resident

pytestmark = pytest.mark.integration


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    config = load_config(None, tmp_path / "data")
    locker = config.devices.locker.model_copy(
        update={"enabled": True, "driver": "sim", "timeout_s": 0.3, "open_confirm_s": 1.0}
    )
    config = config.model_copy(
        update={"devices": config.devices.model_copy(update={"locker": locker})}
    )
    t = Terminal(config, setup_log=False)
    t.devices.build(only=["locker"])
    t.devices.slots["locker"].step()  # opened, as the supervisor's first step does
    attach_outbox(t)
    assert attach_handoff(t) is not None
    try:
        yield t
    finally:
        t.stop()


def locker_alerts(t: Terminal) -> list[str]:
    return [a for a in t.alerts() if a.startswith("locker ")]


def test_out_of_service_and_open_door_are_technician_alerts(terminal: Terminal) -> None:
    handoff: Handoff = terminal.services["handoff"]
    sim = terminal.devices.extras["locker_sim"]
    assert locker_alerts(terminal) == []
    handoff.maintain()  # the periodic check: builds the locker service, looks at the doors
    svc = handoff.locker()
    assert svc is not None and locker_alerts(terminal) == []

    # A jammed lock: the deposit moves on to the next compartment, A05 goes out of service.
    sim.model.set_fault(1, 5, jammed=True)
    Resident(sim).close_after_open(svc, "A06", put=True)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(svc.deposit("C-AL1", size="medium")))
    worker.start()
    worker.join(60)
    (out,) = done
    assert out.state is FlowState.DONE and out.compartment == "A06"  # type: ignore[attr-defined]
    (line,) = locker_alerts(terminal)  # one line for A05, not an alarm and a fault
    assert line.startswith("locker A05: out of service (") and "door still closed" in line

    # A door standing open with nothing running: seen by the periodic door check.
    sim.model.open_door_by_hand(1, 2)
    handoff._next_door_check = 0.0  # the next periodic round (every DOOR_CHECK_S)
    handoff.maintain()
    alerts = locker_alerts(terminal)
    assert len(alerts) == 2 and alerts[0] == line
    assert re.fullmatch(r"locker A02: door open \(since \d\d:\d\d\)", alerts[1]), alerts

    # Causes gone, lines gone: the door shut, the compartment reset by a technician.
    sim.model.close_door(1, 2)
    handoff._next_door_check = 0.0
    handoff.maintain()
    assert locker_alerts(terminal) == [line]
    sim.model.set_fault(1, 5, jammed=False)
    svc.reset_compartment("A05")
    assert svc.journal.slot("A05").state is SlotState.FREE  # type: ignore[union-attr]
    assert locker_alerts(terminal) == []


def test_recovery_postponed_by_a_silent_board_is_retried(terminal: Terminal) -> None:
    """A power cut's deposit whose board does not answer at start is settled once it does."""
    handoff: Handoff = terminal.services["handoff"]
    sim = terminal.devices.extras["locker_sim"]
    journal = handoff.journal
    # What a power cut mid-deposit leaves: the operation waiting for A05's door, the
    # originals inside, the door shut by the resident in the dark.
    device = terminal.devices.get("locker")
    journal.sync_compartments({c.id: str(c.size) for c in device.compartments})  # type: ignore[union-attr]
    op_id = new_report_id()  # journaled first, the outbox row's id later
    journal.begin(op_id, OpKind.DEPOSIT, "", "C-PC9", "idle")
    assert journal.reserve(["medium"], op_id, "C-PC9") == "A05"
    journal.advance(op_id, FlowState.WAITING_CLOSE.value)
    sim.model.put_item(1, 5)
    sim.set_mute(1)  # board 1 does not answer at start
    handoff.maintain()
    assert handoff.locker() is not None
    (op,) = journal.unfinished()
    assert op.op_id == op_id and journal.slot("A05").state is SlotState.RESERVED  # type: ignore[union-attr]
    sim.set_mute(1, False)
    handoff._next_door_check = 0.0  # the next periodic round
    handoff.maintain()
    assert journal.unfinished() == []
    slot = journal.slot("A05")
    assert slot is not None and (slot.state, slot.case_ref) == (SlotState.DEPOSIT, "C-PC9")
    outbox = terminal.services["submitter"].outbox
    forms = [json.loads(outbox.envelope_bytes(i.id))["form"] for i in outbox.list(limit=100)]
    deposits = [f for f in forms if f.get("event") == "deposit"]
    assert [(f["case"], f["recovered"]) for f in deposits] == [("C-PC9", True)]
    handoff._next_door_check = 0.0
    handoff.maintain()  # nothing left to settle: reported once
    forms = [json.loads(outbox.envelope_bytes(i.id))["form"] for i in outbox.list(limit=100)]
    assert sum(f.get("event") == "deposit" for f in forms) == 1
