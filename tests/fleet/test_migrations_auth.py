"""Migrations on a real PostgreSQL, enrolment, roles, isolation between terminals, audit."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import psycopg
from sqlalchemy import create_engine, inspect, text

from fleet.migrate import current, downgrade, upgrade
from tests.fleet.conftest import Service


def beat(seq: int, **kw: Any) -> dict[str, Any]:
    return {"seq": seq, "sent_at": datetime.now(UTC).isoformat(), "app_version": "0.1.0", **kw}


def test_migrations_from_scratch_and_from_previous_revision(pg_url: str) -> None:
    assert current(pg_url) is None
    upgrade(pg_url, "0001")
    assert current(pg_url) == "0001"
    engine = create_engine(pg_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO terminals (id, region, credential_hash, enrolled_at, devices)"
                " VALUES ('old-1', '350102', 'h', now(), '{}')"
            )
        )
    upgrade(pg_url)
    assert current(pg_url) == "0002"
    tables = set(inspect(engine).get_table_names())
    assert {"rollouts", "rollout_targets", "packages", "tuf_files", "heartbeats"} <= tables
    with engine.connect() as conn:
        row = conn.execute(text("SELECT id, inventory, sessions_total FROM terminals")).one()
    assert row.id == "old-1" and row.sessions_total == 0
    downgrade(pg_url, "0001")
    assert "rollouts" not in set(inspect(engine).get_table_names())
    upgrade(pg_url)
    assert current(pg_url) == "0002"
    engine.dispose()


def test_enrolment_is_one_time_and_credentials_are_per_terminal(pg_service: Service) -> None:
    with pg_service.client(pg_service.admin) as c:
        code = c.post("/api/enrolment-codes", json={"kiosk_id": "k-a", "region": "350102"})
        code = code.json()["code"]
        r = c.post("/api/enrol", json={"code": code, "kiosk_id": "k-a"})
        assert r.status_code == 200
        cred_a = r.json()["credential"]
        # The same code a second time (a duplicate enrolment) is refused.
        again = c.post("/api/enrol", json={"code": code, "kiosk_id": "k-a"})
        assert again.status_code == 409 and again.json()["code"] == "code_used"
        # A code for another terminal does not enrol this one.
        other = c.post("/api/enrolment-codes", json={"kiosk_id": "k-b", "region": "350103"})
        wrong = c.post("/api/enrol", json={"code": other.json()["code"], "kiosk_id": "k-a"})
        assert wrong.status_code == 401
    cred_b = pg_service.enrol("k-b2", "350103")
    with pg_service.client(cred_a) as a, pg_service.client(cred_b) as b:
        assert a.post("/api/terminal/heartbeat", json={"beats": [beat(1)]}).status_code == 200
        assert b.post("/api/terminal/heartbeat", json={"beats": [beat(1)]}).status_code == 200
        # A terminal credential is no staff token: no fleet list, no other terminal's page.
        assert a.get("/api/terminals").status_code == 401
        assert a.get("/api/terminals/k-b2").status_code == 401
    # Re-enrolment with a fresh code rotates the credential: the old one stops working.
    new_a = pg_service.enrol("k-a")
    with pg_service.client(cred_a) as old, pg_service.client(new_a) as new:
        assert old.post("/api/terminal/heartbeat", json={"beats": [beat(2)]}).status_code == 401
        assert new.post("/api/terminal/heartbeat", json={"beats": [beat(2)]}).status_code == 200


def test_roles_and_audit(pg_service: Service) -> None:
    viewer = pg_service.user("vera", "viewer")
    operator = pg_service.user("omar", "operator")
    pg_service.enrol("k-r")
    with pg_service.client(viewer) as v:
        assert v.get("/api/terminals").status_code == 200
        assert (
            v.post("/api/rollouts", json={"package_pk": 1, "regions": ["350000"]}).status_code
            == 403
        )
        assert (
            v.post("/api/enrolment-codes", json={"kiosk_id": "x", "region": "350102"}).status_code
            == 403
        )
        assert v.post("/api/users", json={"name": "eve", "role": "admin"}).status_code == 403
    with pg_service.client(operator) as o:
        assert o.post("/api/users", json={"name": "eve", "role": "admin"}).status_code == 403
        assert o.get("/api/audit").status_code == 403
        r = o.post("/api/enrolment-codes", json={"kiosk_id": "k-o", "region": "350102"})
        assert r.status_code == 200
    with httpx.Client(base_url=pg_service.url) as anon:
        assert anon.get("/api/terminals").status_code == 401
        assert (
            anon.get("/api/terminals", headers={"authorization": "Bearer fs_forged"}).status_code
            == 401
        )
    with pg_service.client(pg_service.admin) as adm:
        events = adm.get("/api/audit").json()
    actions = [(e["actor"], e["action"]) for e in events]
    assert ("omar", "enrolment_code.create") in actions
    assert ("k-r", "terminal.enrol") in actions
    assert any(a == "user.create" for _, a in actions)
    # Nothing secret in the audit: neither codes nor credentials.
    blob = str(events)
    assert "ft_" not in blob and "fs_" not in blob


def test_pg_database_really_holds_the_state(pg_service: Service, pg_url: str) -> None:
    pg_service.enrol("k-pg", "350205")
    dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        row = conn.execute(
            "SELECT region, credential_hash FROM terminals WHERE id='k-pg'"
        ).fetchone()
    assert row is not None and row[0] == "350205" and len(row[1]) == 64
