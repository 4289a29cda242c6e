"""Heartbeats written by group commit: one transaction for what arrived together, right answers each."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fleet.db import Database, HeartbeatRecord, Terminal
from fleet.enrolment import create_code, enrol
from fleet.errors import Unauthorized
from fleet.heartbeats import Accepted, HeartbeatWriter
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
    db.dispose()
