"""Heartbeats written by group commit: one transaction for what arrived together, right answers each."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fleet.db import Database, HeartbeatRecord, Terminal
from fleet.enrolment import create_code, enrol
from fleet.errors import Unauthorized
from fleet.heartbeats import PRUNE_EVERY, Accepted, HeartbeatWriter
from fleet.migrate import upgrade
from fleet.schemas import DeviceReport, HeartbeatIn


def _beat(seq: int, status: str = "OK") -> HeartbeatIn:
    return HeartbeatIn(
        seq=seq,
        sent_at=datetime.now(UTC),
        app_version="1.0",
        outbox_pending=seq,
        devices={"id_reader": DeviceReport(status=status)},
    )


def _enrolled(db: Database, kiosk_id: str) -> str:
    with db.session() as s:
        code = create_code(s, kiosk_id, "350102", 3600, "test")
        return enrol(s, code, kiosk_id)[1]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_beats_share_one_transaction(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    url = (
        f"sqlite:///{tmp_path / 'f.sqlite3'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    upgrade(url)
    db = Database(url)
    a, b = _enrolled(db, "GC-A"), _enrolled(db, "GC-B")

    async def burst(writer: HeartbeatWriter) -> list[Accepted | BaseException]:
        return await asyncio.gather(
            writer.submit(a, [_beat(1)]),
            writer.submit(b, [_beat(2), _beat(1)]),  # a caught-up batch, out of order
            writer.submit("ft_unknown", [_beat(1)]),
            writer.submit(a, [_beat(1)]),  # a replay of A's beat in the same batch
            writer.submit(a, [_beat(3, "FAULT")]),
            return_exceptions=True,
        )

    writer = HeartbeatWriter(db, history_days=14)
    answers = asyncio.run(burst(writer))
    # Every request queued before the first write began: one transaction for all five.
    assert (writer.transactions, writer.requests) == (1, 5)
    assert answers[0] == Accepted(1, 1)
    assert answers[1] == Accepted(2, 2)
    assert isinstance(answers[2], Unauthorized) and answers[2].code == "unknown_terminal"
    assert answers[3] == Accepted(0, 1)
    assert answers[4] == Accepted(1, 3)
    with db.session() as s:
        ta, tb = s.get(Terminal, "GC-A"), s.get(Terminal, "GC-B")
        assert ta is not None and tb is not None
        assert (ta.last_seq, ta.outbox_pending, ta.devices["id_reader"]["status"]) == (
            3,
            3,
            "FAULT",
        )
        assert (tb.last_seq, tb.outbox_pending) == (2, 2)
        rows = s.query(HeartbeatRecord.terminal_id, HeartbeatRecord.seq, HeartbeatRecord.faults)
        assert sorted(rows.all()) == [
            ("GC-A", 1, 0),
            ("GC-A", 3, 1),
            ("GC-B", 1, 0),
            ("GC-B", 2, 0),
        ]
    # Later, one at a time: a transaction each, and the writer is idle in between.
    assert asyncio.run(writer.submit(b, [_beat(3)])) == Accepted(1, 3)
    assert asyncio.run(writer.submit(b, [_beat(4)])) == Accepted(1, 4)
    assert (writer.transactions, writer.requests) == (3, 7)
    writer.close()
    db.dispose()


def _db(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Database:
    url = (
        f"sqlite:///{tmp_path / 'f.sqlite3'}"
        if backend == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    upgrade(url)
    return Database(url)


def _row(db: Database, kiosk_id: str) -> dict[str, Any]:
    with db.session() as s:
        t = s.get(Terminal, kiosk_id)
        assert t is not None
        return {c.key: getattr(t, c.key) for c in Terminal.__table__.columns}


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_batch_writes_every_column_as_one_beat_at_a_time_would(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """Each column, nulls and JSON included; replays only move last_seen_at; old history goes."""
    db = _db(backend, tmp_path, request)
    a, b, c = (_enrolled(db, k) for k in ("ROW-A", "ROW-B", "ROW-C"))
    sent = datetime.now(UTC) - timedelta(hours=2)
    session_at = datetime(2026, 5, 1, 8, 30, 15, 123456, tzinfo=UTC)
    full = HeartbeatIn(
        seq=PRUNE_EVERY,  # prunes A's old history
        sent_at=sent,
        app_version="2.1",
        config_version="cfg-7",
        catalog_version="cat-3",
        devices={
            "id_reader": DeviceReport(status="OK", model="ZK-1", serial="S1", firmware="f9"),
            "receipt_printer": DeviceReport(status="FAULT", detail="paper out\u00e9"),
        },
        outbox_pending=4,
        outbox_dead=1,
        outbox_oldest_age_s=12.5,
        journal_pending=2,
        disk_free_bytes=2**40,
        uptime_s=3600.25,
        sessions_total=77,
        last_session_at=session_at,
        sam_id="SAM-42",
    )
    writer = HeartbeatWriter(db, history_days=14)
    assert asyncio.run(writer.submit(b, [_beat(1)])) == Accepted(1, 1)
    assert asyncio.run(writer.submit(c, [_beat(1)])) == Accepted(1, 1)
    since_b = _row(db, "ROW-B")["devices"]["id_reader"]["since"]
    c_before = _row(db, "ROW-C")
    with db.session() as s:  # A's history from 30 days ago
        s.add(
            HeartbeatRecord(
                terminal_id="ROW-A", received_at=datetime.now(UTC) - timedelta(days=30), seq=0
            )
        )

    async def burst() -> list[Accepted | BaseException]:
        return await asyncio.gather(
            writer.submit(a, [full]),
            writer.submit(b, [_beat(2)]),  # same status: its "since" stays
            writer.submit(c, [_beat(1, "FAULT")]),  # a replay: nothing but last_seen_at
            return_exceptions=True,
        )

    assert asyncio.run(burst()) == [Accepted(1, PRUNE_EVERY), Accepted(1, 2), Accepted(0, 1)]
    ra = _row(db, "ROW-A")
    assert ra["last_seq"] == PRUNE_EVERY and ra["last_seen_at"] is not None
    assert 7100 < ra["clock_skew_s"] * -1 < 7300  # two hours behind
    assert (ra["app_version"], ra["config_version"], ra["catalog_version"]) == (
        "2.1",
        "cfg-7",
        "cat-3",
    )
    assert (ra["outbox_pending"], ra["outbox_dead"], ra["journal_pending"]) == (4, 1, 2)
    assert (ra["outbox_oldest_age_s"], ra["disk_free_bytes"], ra["uptime_s"]) == (
        12.5,
        2**40,
        3600.25,
    )
    assert (ra["sessions_total"], ra["last_session_at"]) == (77, session_at)
    assert ra["devices"]["receipt_printer"]["detail"] == "paper out\u00e9"
    assert ra["devices"]["receipt_printer"]["status"] == "FAULT"
    assert ra["inventory"] == {
        "id_reader": {"model": "ZK-1", "serial": "S1", "firmware": "f9"},
        "sam": {"serial": "SAM-42"},
    }
    rb = _row(db, "ROW-B")
    assert rb["last_seq"] == 2 and rb["devices"]["id_reader"]["since"] == since_b
    assert rb["outbox_pending"] == 2 and rb["uptime_s"] is None and rb["last_session_at"] is None
    rc = _row(db, "ROW-C")
    assert rc["last_seen_at"] > c_before["last_seen_at"]
    assert {k: v for k, v in rc.items() if k != "last_seen_at"} == {
        k: v for k, v in c_before.items() if k != "last_seen_at"
    }
    with db.session() as s:
        rows = s.query(HeartbeatRecord.terminal_id, HeartbeatRecord.seq, HeartbeatRecord.faults)
        assert sorted(rows.all()) == [
            ("ROW-A", PRUNE_EVERY, 1),
            ("ROW-B", 1, 0),
            ("ROW-B", 2, 0),
            ("ROW-C", 1, 0),
        ]
    writer.close()
    db.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_beat_the_database_refuses_fails_its_own_request_only(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """One terminal's bad value does not fail the other terminals' beats of its transaction."""
    db = _db(backend, tmp_path, request)
    a, b = _enrolled(db, "BAD-A"), _enrolled(db, "BAD-B")
    # Past the column (the schema refuses it; built around the schema, as a bug would).
    too_big = 2**40 if backend == "postgresql" else 2**70
    bad = _beat(1).model_copy(update={"outbox_pending": too_big})
    writer = HeartbeatWriter(db, history_days=14)

    async def burst() -> list[Accepted | BaseException]:
        return await asyncio.gather(
            writer.submit(a, [_beat(1)]),
            writer.submit(b, [bad]),
            writer.submit("ft_unknown", [_beat(1)]),
            writer.submit(a, [_beat(2)]),
            return_exceptions=True,
        )

    answers = asyncio.run(burst())
    assert answers[0] == Accepted(1, 1) and answers[3] == Accepted(1, 2)
    assert isinstance(answers[1], Exception) and not isinstance(answers[1], Unauthorized)
    assert isinstance(answers[2], Unauthorized)
    assert _row(db, "BAD-A")["last_seq"] == 2
    rb = _row(db, "BAD-B")
    assert (rb["last_seq"], rb["last_seen_at"]) == (0, None)
    with db.session() as s:
        assert s.query(HeartbeatRecord).filter_by(terminal_id="BAD-B").count() == 0
    writer.close()
    db.dispose()


def test_the_writer_reconnects_after_a_database_restart(pg_url: str, postgresql_proc: Any) -> None:
    """Every pooled connection is dead after a restart: the next beats are written anyway."""
    upgrade(pg_url)
    db = Database(pg_url)
    creds = [_enrolled(db, f"RS-{i}") for i in range(6)]
    writer = HeartbeatWriter(db, history_days=14)

    async def beats(seq: int) -> list[Accepted | BaseException]:
        return await asyncio.gather(
            *(writer.submit(c, [_beat(seq)]) for c in creds), return_exceptions=True
        )

    async def scenario() -> None:
        # One event loop throughout, so that the connection of the first
        # transaction is the one found dead after the restart.
        assert await beats(1) == [Accepted(1, 1)] * 6
        with postgresql_proc.stopped():
            down = await beats(2)
            assert all(isinstance(x, Exception) for x in down)
        assert await beats(3) == [Accepted(1, 3)] * 6
        assert await beats(4) == [Accepted(1, 4)] * 6

    asyncio.run(scenario())
    writer.close()
    db.dispose()
