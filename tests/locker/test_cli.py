"""``kiosk locker open`` / ``status`` as real processes against the simulated boards."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from drivers.locker_sim import LockerBusSimulator

pytestmark = pytest.mark.integration


def kiosk(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "locker", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_open_pulses_coil_and_waits_for_door(sim: LockerBusSimulator) -> None:
    r = kiosk("open", "--port", sim.port, "--address", "2", "--lock", "3", "--baud", "9600")
    assert r.returncode == 0, r.stderr
    assert sim.model.board(2).compartment(3).pulses == 1
    assert sim.model.board(2).compartment(3).door_closed is False
    assert sim.model.board(1).compartment(3).pulses == 0


def test_open_no_answer_exits_nonzero_with_one_line(sim: LockerBusSimulator) -> None:
    sim.set_mute(1)
    r = kiosk("open", "--port", sim.port, "--address", "1", "--lock", "1")
    assert r.returncode != 0
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "no answer" in lines[0], r.stderr


def test_open_door_stays_shut_exits_nonzero(sim: LockerBusSimulator) -> None:
    sim.model.set_fault(1, 2, jammed=True)
    r = kiosk("open", "--port", sim.port, "--address", "1", "--lock", "2", "--confirm", "0.5")
    assert r.returncode != 0
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "still reads closed" in lines[0], r.stderr


def test_open_missing_port_exits_nonzero(tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = kiosk("open", "--port", str(tmp_path / "ttyNONE"), "--address", "1", "--lock", "1")
    assert r.returncode != 0 and "not found" in r.stderr


def test_status_json_reports_each_door(sim: LockerBusSimulator) -> None:
    sim.model.open_door_by_hand(1, 2)
    r = kiosk("status", "--port", sim.port, "--address", "1", "--locks", "4", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["address"] == 1
    assert [x["door"] for x in data["locks"]] == ["closed", "open", "closed", "closed"]
    assert [x["lock"] for x in data["locks"]] == [1, 2, 3, 4]


def test_status_crc_error_exits_nonzero(sim: LockerBusSimulator) -> None:
    sim.corrupt_always = True
    r = kiosk("status", "--port", sim.port, "--address", "1", "--locks", "4", "--json")
    assert r.returncode != 0 and "CRC" in r.stderr


def test_open_address_with_no_board_is_no_answer(sim: LockerBusSimulator) -> None:
    r = kiosk("open", "--port", sim.port, "--address", "7", "--lock", "1")
    assert r.returncode != 0 and "no answer" in r.stderr, r.stderr


def test_simulate_commands_act_on_the_model_one_answer_each() -> None:
    """``kiosk locker simulate``'s stdin commands (what the whole-terminal tests drive)."""
    from drivers.locker_sim import BoardModel, LockerModel
    from kiosk.cli.locker import _sim_command

    model = LockerModel([BoardModel(1, locks=4)])
    say = lambda line: _sim_command(model, line.split())  # noqa: E731
    assert say("show 1 2") == "1 2 door=closed item=0 pulses=0"
    assert say("open 1 2") == "1 2 open done"
    assert say("put 1 2") == "1 2 put done"
    assert say("show 1 2") == "1 2 door=open item=1 pulses=0"
    model.set_fault(1, 2, left_open=True)
    assert say("close 1 2") == "1 2 left-open"
    model.set_fault(1, 2, left_open=False)
    assert say("close 1 2") == "1 2 closed"
    assert say("take 1 2") == "1 2 take done"
    assert say("show 1 2") == "1 2 door=closed item=0 pulses=0"
    assert say("show 2 1").startswith("error: no lock 1 on unit 2")
    assert say("show 1 5").startswith("error: no lock 5 on unit 1")
    assert say("kick 1 1") == "error: unknown command 'kick'"
    assert say("close 1").startswith("error: expected")
