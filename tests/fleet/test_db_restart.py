"""The database restarts in the middle of a rollout: the rollout resumes where it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kiosk.app.fleet_agent import FleetAgent, FleetAgentError
from tests.fleet import packages as pk
from tests.fleet.conftest import Service
from tests.fleet.terminals import make_terminal
from tests.fleet.test_rollout import enrol_agent, rollout_status, upload


def test_rollout_survives_a_database_restart(
    pg_service: Service, postgresql_proc: Any, tmp_path: Path
) -> None:
    svc = pg_service
    envs = [make_terminal(tmp_path, f"R-{i:02d}", "350104", pk.KEY) for i in range(5)]
    agents: dict[str, FleetAgent] = {e.kiosk_id: enrol_agent(svc, e) for e in envs}
    r = upload(svc, pk.build(4))
    assert r.status_code == 200, r.text
    with svc.client(svc.admin) as c:
        ro = c.post(
            "/api/rollouts",
            json={"package_pk": r.json()["package_pk"], "regions": ["350104"], "min_wave_s": 0},
        ).json()
    # One round of polls: the canary adopts, the rollout moves on, some of the next wave adopt.
    for a in agents.values():
        a.poll_once()
    before = rollout_status(svc, ro["id"])
    adopted = before["counts"].get("adopted", 0)
    assert before["status"] == "running" and 1 <= adopted < 5 and before["wave"] >= 1
    # While the database is down the terminals get an error, not a wrong answer.
    with postgresql_proc.stopped(), pytest.raises(FleetAgentError):
        next(iter(agents.values())).poll_once()
    after = rollout_status(svc, ro["id"])
    assert after["status"] == "running" and after["counts"].get("adopted") == adopted
    assert after["wave"] == before["wave"]
    for _ in range(5):
        for a in agents.values():
            a.poll_once()
    final = rollout_status(svc, ro["id"])
    assert final["status"] == "completed" and final["counts"] == {"adopted": 5}
    assert {e.volume() for e in envs} == {14}
