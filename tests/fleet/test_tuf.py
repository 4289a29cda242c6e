"""TUF on the network channel: a replayed (older) repository state is refused by the terminal."""

from __future__ import annotations

from pathlib import Path

from fleet.db import Database, TufFile
from tests.fleet import packages as pk
from tests.fleet.conftest import Service
from tests.fleet.terminals import make_terminal
from tests.fleet.test_rollout import enrol_agent, rollout_status, upload


def _snapshot_files(db: Database) -> dict[str, bytes]:
    with db.session() as s:
        return {f.name: f.data for f in s.query(TufFile).all()}


def test_replayed_metadata_is_refused_and_halts_the_rollout(
    sqlite_service: Service, tmp_path: Path
) -> None:
    svc = sqlite_service
    env = make_terminal(tmp_path, "TUF-1", "350102", pk.KEY)
    agent = enrol_agent(svc, env)
    db = Database(svc.settings.database_url)
    r1 = upload(svc, pk.build(1))
    with svc.client(svc.admin) as c:
        ro1 = c.post(
            "/api/rollouts",
            json={"package_pk": r1.json()["package_pk"], "kiosk_ids": ["TUF-1"], "min_wave_s": 0},
        ).json()
    assert agent.poll_once().action == "adopted"
    assert rollout_status(svc, ro1["id"])["status"] == "completed"
    old = _snapshot_files(db)  # what an attacker recorded on the wire
    r2 = upload(svc, pk.build(2))
    with svc.client(svc.admin) as c:
        ro2 = c.post(
            "/api/rollouts",
            json={"package_pk": r2.json()["package_pk"], "kiosk_ids": ["TUF-1"], "min_wave_s": 0},
        ).json()
    r3 = upload(svc, pk.build(3))
    assert agent.poll_once().action == "adopted"  # v2 through the current metadata
    # The repository is rolled back to the recorded state (a replay / rollback attack):
    # the terminal has seen newer timestamp and snapshot versions and refuses.
    with db.session() as s:
        for name, data in old.items():
            row = s.get(TufFile, name)
            assert row is not None
            row.data = data
    with svc.client(svc.admin) as c:
        ro3 = c.post(
            "/api/rollouts",
            json={"package_pk": r3.json()["package_pk"], "kiosk_ids": ["TUF-1"], "min_wave_s": 0},
        ).json()
    res = agent.poll_once()
    assert res.action == "refused" and res.code == "tuf", res
    assert "BadVersionNumber" in res.detail or "version" in res.detail.lower(), res.detail
    st = rollout_status(svc, ro3["id"])
    assert st["status"] == "halted" and "tuf" in st["halt_reason"]
    assert env.volume() == 12  # still the package of version 2
    assert ro2["id"] != ro3["id"]
    db.dispose()
