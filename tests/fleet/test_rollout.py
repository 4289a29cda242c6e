"""Staged rollout end to end: packages refused at upload, pulled through TUF by real
terminal processes, adopted, and a rollout that halts on its own on failed canaries."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.app.fleet_agent import FleetAgent
from kiosk.config_packages.keys import public_pem
from tests.fleet import packages as pk
from tests.fleet.conftest import Service
from tests.fleet.terminals import TerminalEnv, make_terminal

ROOT = Path(__file__).resolve().parents[2]


def wait_for(cond: Callable[[], Any], timeout: float = 90, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        v = cond()
        if v:
            return v
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def upload(svc: Service, data: bytes, token: str | None = None) -> Any:
    with svc.client(token or svc.admin) as c:
        return c.post("/api/packages", content=data, headers={"content-type": "application/zip"})


def enrol_agent(svc: Service, env: TerminalEnv) -> FleetAgent:
    with svc.client(svc.admin) as c:
        code = c.post("/api/enrolment-codes", json={"kiosk_id": env.kiosk_id, "region": env.region})
    agent = FleetAgent(env.config, svc.url)
    agent.enrol(code.json()["code"])
    return agent


def rollout_status(svc: Service, rid: int) -> dict[str, Any]:
    with svc.client(svc.admin) as c:
        return dict(c.get(f"/api/rollouts/{rid}").json())


def test_bad_packages_are_refused_at_upload(sqlite_service: Service, tmp_path: Path) -> None:
    svc = sqlite_service
    svc.enrol("up-1")
    unsigned = upload(svc, pk.build(1, key=None))
    assert unsigned.status_code == 422 and "signature" in unsigned.json()["message"]
    untrusted = upload(svc, pk.build(1, key=pk.OTHER_KEY))
    assert untrusted.status_code == 422
    tampered = upload(svc, pk.tamper(pk.build(1)))
    assert tampered.status_code == 422 and tampered.json()["code"] in (
        "hash_mismatch",
        "size_mismatch",
    )
    assert upload(svc, b"not a zip").status_code == 422
    ok = upload(svc, pk.build(5))
    assert ok.status_code == 200, ok.text
    down = upload(svc, pk.build(4))
    assert down.status_code == 422 and down.json()["code"] == "downgrade"
    viewer = svc.user("viv", "viewer")
    assert upload(svc, pk.build(6), viewer).status_code == 403


@pytest.fixture
def agents_procs() -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for p in procs:
        p.terminate()
    for p in procs:
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(5)


def test_three_terminal_processes_adopt_a_package_pulled_through_tuf(
    pg_service: Service, tmp_path: Path, agents_procs: list[subprocess.Popen[str]]
) -> None:
    svc = pg_service
    envs = [make_terminal(tmp_path, f"T-{i}", "350102", pk.KEY) for i in range(3)]
    before = [e.volume() for e in envs]
    with svc.client(svc.admin) as c:
        codes = [
            c.post(
                "/api/enrolment-codes", json={"kiosk_id": e.kiosk_id, "region": e.region}
            ).json()["code"]
            for e in envs
        ]
    for env, code in zip(envs, codes, strict=True):
        agents_procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "kiosk.app.fleet_agent",
                    "--config",
                    str(env.config_path),
                    "--url",
                    svc.url,
                    "--enrol",
                    code,
                    "--polls",
                    "0",
                    "--interval",
                    "0.3",
                ],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    wait_for(
        lambda: all((e.config.resolved_paths.data_dir / "fleet/credential").exists() for e in envs),
        what="enrolment",
    )
    r = upload(svc, pk.build(3))
    assert r.status_code == 200, r.text
    with svc.client(svc.admin) as c:
        ro = c.post(
            "/api/rollouts",
            json={"package_pk": r.json()["package_pk"], "regions": ["350100"], "min_wave_s": 0},
        ).json()
    done = wait_for(
        lambda: rollout_status(svc, ro["id"])["status"] == "completed" and True,
        what="rollout completed",
    )
    assert done
    st = rollout_status(svc, ro["id"])
    assert st["counts"] == {"adopted": 3}
    # Every wave was used in order: canary 1, then up to 10 % (1), 50 % (2), 100 % (3).
    assert [sum(w["states"].values()) for w in st["waves"]] == [1, 0, 1, 1]
    assert [e.volume() for e in envs] == [13, 13, 13] != before
    # The TUF state each terminal keeps: verified metadata, not just the package.
    for e in envs:
        tuf = e.config.resolved_paths.data_dir / "fleet/tuf"
        assert {"root.json", "timestamp.json", "snapshot.json", "targets.json"} <= {
            p.name for p in tuf.iterdir()
        }


def test_rollout_halts_on_failed_canary_then_resume_and_rollback(
    sqlite_service: Service, tmp_path: Path
) -> None:
    svc = sqlite_service
    # The first terminals trust a key the package is not signed with: they refuse it.
    envs = [make_terminal(tmp_path, f"H-{i:02d}", "350102", pk.OTHER_KEY) for i in range(4)]
    agents = {e.kiosk_id: enrol_agent(svc, e) for e in envs}
    r = upload(svc, pk.build(2))
    assert r.status_code == 200, r.text
    with svc.client(svc.admin) as c:
        ro = c.post(
            "/api/rollouts",
            json={
                "package_pk": r.json()["package_pk"],
                "kiosk_ids": sorted(agents),
                "min_wave_s": 0,
            },
        ).json()
    assert ro["status"] == "running" and ro["wave_name"] == "canary"
    results = {k: a.poll_once() for k, a in agents.items()}
    refused = [k for k, res in results.items() if res.action == "refused"]
    assert len(refused) == 1  # only the canary was offered the package
    assert results[refused[0]].code == "untrusted_key" or "signature" in results[refused[0]].detail
    st = rollout_status(svc, ro["id"])
    assert st["status"] == "halted" and st["wave_name"] == "canary"
    assert refused[0] in st["halt_reason"] and "refused" in st["halt_reason"]
    # Halted: nobody else gets it, however often they ask.
    assert all(a.poll_once().action == "none" for a in agents.values())
    # The operator fixes the fleet's trust (here: the other terminals trust the key) and resumes.
    for e in envs:
        (Path(str(e.config.config_packages.trusted_keys_dir)) / "field-staff.pem").write_bytes(
            public_pem(pk.KEY)
        )
    operator = svc.user("ops", "operator")
    with svc.client(operator) as c:
        assert c.post(f"/api/rollouts/{ro['id']}/resume").json()["status"] == "running"
    for _ in range(4):
        for a in agents.values():
            a.poll_once()
    st = rollout_status(svc, ro["id"])
    assert st["status"] == "completed", st
    assert st["counts"] == {"adopted": 3, "refused": 1}
    adopted = [e for e in envs if e.kiosk_id not in refused]
    assert {e.volume() for e in adopted} == {12}
    # Roll it back: each terminal that adopted it returns to its previous configuration.
    with svc.client(operator) as c:
        assert c.post(f"/api/rollouts/{ro['id']}/rollback").json()["status"] == "rolled_back"
    for a in agents.values():
        a.poll_once()
    assert rollout_status(svc, ro["id"])["counts"] == {"reverted": 3, "refused": 1}
    assert {e.volume() for e in adopted} == {envs[0].volume()} != {12}
    with svc.client(svc.admin) as c:
        actions = {e["action"] for e in c.get("/api/audit").json()}
    assert {"rollout.create", "rollout.halt", "rollout.resume", "rollout.rollback"} <= actions
