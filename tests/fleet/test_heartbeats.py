"""Heartbeats: bad input refused, skewed clocks tolerated, the sender catches up after an outage."""

from __future__ import annotations

import json
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from drivers.base import DeviceStatus, Health
from kiosk.ops.heartbeat import FleetExtras, FleetHeartbeatSender, QueueCounts
from tests.fleet import packages as pk
from tests.fleet.conftest import Service
from tests.fleet.terminals import make_terminal


def beat(seq: int, **kw: Any) -> dict[str, Any]:
    return {"seq": seq, "sent_at": datetime.now(UTC).isoformat(), "app_version": "0.1.0", **kw}


def post(svc: Service, cred: str, body: Any, **kw: Any) -> httpx.Response:
    with svc.client(cred) as c:
        if isinstance(body, bytes):
            return c.post(
                "/api/terminal/heartbeat",
                content=body,
                headers={"content-type": "application/json"},
            )
        return c.post("/api/terminal/heartbeat", json=body, **kw)


def beat_bytes(**raw: str) -> bytes:
    """One beat as JSON text, with ``raw`` fields written as they are (not valid JSON values)."""
    fields = "".join(f', "{k}": {v}' for k, v in raw.items())
    return f'{{"beats": [{json.dumps(beat(1))[:-1]}{fields}}}]}}'.encode()


def terminal(svc: Service, kiosk_id: str) -> dict[str, Any]:
    with svc.client(svc.admin) as c:
        return dict(c.get(f"/api/terminals/{kiosk_id}").json())


def test_bad_heartbeats_are_refused(pg_service: Service) -> None:
    svc = pg_service
    cred = svc.enrol("hb-1")
    assert post(svc, cred, b"{not json").status_code == 422
    assert post(svc, cred, {"beats": [{"seq": 1}]}).status_code == 422
    assert post(svc, cred, {"beats": [beat(1, surprise=1)]}).status_code == 422  # unknown field
    assert post(svc, cred, {"beats": [beat(1, outbox_pending=-3)]}).status_code == 422
    assert post(svc, cred, {"beats": []}).status_code == 422
    # Past the columns' ranges, not a number, a NUL: refused here, not a database error.
    for field, value in (
        ("outbox_pending", 2**31),
        ("sessions_total", 2**31),
        ("disk_free_bytes", 2**63),
        ("app_version", "1.0\u0000"),
    ):
        assert post(svc, cred, {"beats": [beat(1, **{field: value})]}).status_code == 422, field
    assert post(svc, cred, beat_bytes(uptime_s="1e999")).status_code == 422  # infinity
    assert post(svc, cred, beat_bytes(uptime_s="NaN")).status_code == 422
    named = {"beats": [beat(1, devices={"printer\u0000": {"status": "OK"}})]}
    assert post(svc, cred, named).status_code == 422
    huge = {"beats": [beat(1, devices={"printer": {"status": "OK", "detail": "x" * 150}})] * 100}
    assert len(httpx.Request("POST", "/", json=huge).content) > 16_000
    big = {"beats": [beat(i + 1, config_version="v" * 60) for i in range(100)] * 3}
    r = post(svc, cred, big)
    assert r.status_code in (413, 422)
    padded = b'{"beats": [' + b" " * (svc.settings.heartbeat_max_bytes + 10) + b"]}"
    assert post(svc, cred, padded).status_code == 413
    # Unknown terminal, forged credential, staff token: all refused.
    assert post(svc, "ft_forged", {"beats": [beat(1)]}).status_code == 401
    assert post(svc, svc.admin, {"beats": [beat(1)]}).status_code == 401
    with httpx.Client(base_url=svc.url) as anon:
        assert anon.post("/api/terminal/heartbeat", json={"beats": [beat(1)]}).status_code == 401
    # Nothing of that changed the terminal.
    assert terminal(svc, "hb-1")["last_seen_at"] is None


def test_clock_skew_and_replays_do_not_confuse_the_state(pg_service: Service) -> None:
    svc = pg_service
    cred = svc.enrol("hb-2")
    future = (datetime.now(UTC) + timedelta(hours=5)).isoformat()
    r = post(svc, cred, {"beats": [beat(5, sent_at=future, outbox_pending=7)]})
    assert r.status_code == 200 and r.json()["accepted"] == 1
    t = terminal(svc, "hb-2")
    assert t["online"] is True  # seen now by the server's clock, whatever ours says
    assert t["clock_skew_s"] > 4 * 3600
    # An older beat replayed (lower seq) does not roll the state back.
    past = (datetime.now(UTC) - timedelta(days=3)).isoformat()
    r = post(svc, cred, {"beats": [beat(3, sent_at=past, outbox_pending=99)]})
    assert r.json()["accepted"] == 0
    assert terminal(svc, "hb-2")["outbox_pending"] == 7
    # A device in FAULT is reported, with its detail and since when.
    post(
        svc,
        cred,
        {
            "beats": [
                beat(
                    6,
                    devices={
                        "receipt_printer": {
                            "status": "FAULT",
                            "detail": "paper out",
                            "firmware": "1.2",
                            "serial": "RP-9",
                        }
                    },
                )
            ]
        },
    )
    t = terminal(svc, "hb-2")
    assert t["faults"] == ["receipt_printer"]
    assert t["inventory"]["receipt_printer"] == {"firmware": "1.2", "serial": "RP-9"}
    with httpx.Client(base_url=svc.url) as c:
        m = c.get("/metrics").text
    assert 'fleet_device_faults{kind="receipt_printer"} 1.0' in m
    assert 'fleet_outbox_pending{terminal="hb-2"}' in m


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_sender_keeps_working_offline_and_catches_up(
    sqlite_service: Service, tmp_path: Path
) -> None:
    svc = sqlite_service
    env = make_terminal(tmp_path, "hb-3", "350102", pk.KEY)
    cred = svc.enrol("hb-3")
    fleet_dir = env.config.resolved_paths.data_dir / "fleet"
    fleet_dir.mkdir(parents=True)
    (fleet_dir / "credential").write_text(cred)
    health = {
        "id_reader": Health(DeviceStatus.OK, "SAM 05.01"),
        "camera": Health(DeviceStatus.FAULT, "last card 350102199001011234"),
    }
    pending = [3]
    sender = FleetHeartbeatSender(
        env.config,
        f"http://127.0.0.1:{_dead_port()}",
        lambda: health,
        lambda: QueueCounts(pending=pending[0], oldest_pending_age_s=12.0),
        extras=lambda: FleetExtras(sessions_total=4, sam_id="SAM-0042"),
    )
    assert [sender.beat() for _ in range(3)] == [False, False, False]
    assert len(sender.backlog) == 3
    sender.url = svc.url
    pending[0] = 1
    assert sender.beat() is True
    assert sender.sent == 4 and not sender.backlog
    t = terminal(svc, "hb-3")
    assert t["outbox_pending"] == 1 and t["faults"] == ["camera"]
    assert t["inventory"]["sam"] == {"serial": "SAM-0042"}
    # The device detail went out scrubbed (kiosk.privacy.scrub_text): no ID number.
    assert "350102199001011234" not in str(t["devices"])
    # Sequence numbers survive a restart of the terminal.
    again = FleetHeartbeatSender(env.config, svc.url, lambda: health, lambda: QueueCounts())
    assert again.beat() is True
    with svc.client(svc.admin) as c:
        assert c.get("/api/terminals/hb-3").json()["outbox_pending"] == 0


def test_a_stopped_instance_leaves_no_connection_open(pg_url: str, make_settings: Any) -> None:
    # The heartbeat writer keeps its connections between transactions; the app's
    # shutdown closes them, or every stopped instance would hold some of PostgreSQL's
    # max_connections until it died.
    import time

    import psycopg
    from sqlalchemy.engine import make_url

    from tests.fleet.conftest import start_service

    svc = start_service(make_settings(pg_url))
    try:
        cred = svc.enrol("k-close")
        assert post(svc, cred, {"beats": [beat(1)]}).status_code == 200
    finally:
        svc.stop()
    url = make_url(pg_url)
    conninfo = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    deadline = time.monotonic() + 10
    with psycopg.connect(conninfo, autocommit=True) as admin:
        while True:
            (n,) = admin.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (url.database,)
            ).fetchone()  # type: ignore[misc]
            if n == 0 or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    assert n == 0
