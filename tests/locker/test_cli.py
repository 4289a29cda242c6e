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
