"""Accepting heartbeats: the latest state on the terminal's row, a thin history for charts.

The server's own clock stamps every beat (``received_at``): a terminal whose clock
is off by hours is still "seen now", and the offset is only recorded. Beats are
ordered by the terminal's sequence number, so a batch caught up after an outage,
or a beat replayed, never rolls the state back.

Beats are written by group commit (``HeartbeatWriter``): the beats that arrive
while one transaction is being written go together into the next one, and each
request is answered once its transaction has committed. A thousand terminals
then cost a few transactions a second, not a thousand: one transaction per beat
(five round trips and an fsync each) let requests queue for seconds behind the
database (issue 24's benchmark: p99 3.3 s).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from fleet.db import HEARTBEAT_WRITERS, Database, HeartbeatRecord, Terminal, utcnow
from fleet.errors import Unauthorized
from fleet.schemas import HeartbeatIn
from fleet.security import token_hash

FAULT = "FAULT"
#: Every this many beats of a terminal, its history older than ``history_days`` goes.
PRUNE_EVERY = 50

# Core statements on the tables (no ORM unit of work per beat).
_T: Table = Terminal.__table__  # type: ignore[assignment]
_H: Table = HeartbeatRecord.__table__  # type: ignore[assignment]


def _devices(old: dict[str, Any], beat: HeartbeatIn, now_iso: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, d in beat.devices.items():
        prev = old.get(name) or {}
        since = prev.get("since") if prev.get("status") == d.status else now_iso
        out[name] = {**d.model_dump(mode="json"), "since": since}
    return out


def _state(last: HeartbeatIn, old_devices: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The terminal row's new columns from its newest beat."""
    inventory = {
        name: {k: v for k in ("model", "serial", "firmware") if (v := getattr(d, k))}
        for name, d in last.devices.items()
    }
    if last.sam_id:
        inventory["sam"] = {"serial": last.sam_id}
    return {
        "last_seq": last.seq,
        "clock_skew_s": (last.sent_at - now).total_seconds(),
        "app_version": last.app_version,
        "config_version": last.config_version,
        "catalog_version": last.catalog_version,
        "outbox_pending": last.outbox_pending,
        "outbox_dead": last.outbox_dead,
        "outbox_oldest_age_s": last.outbox_oldest_age_s,
        "journal_pending": last.journal_pending,
        "disk_free_bytes": last.disk_free_bytes,
        "uptime_s": last.uptime_s,
        "sessions_total": last.sessions_total,
        "last_session_at": last.last_session_at,
        "devices": _devices(old_devices, last, now.isoformat()),
        "inventory": {k: v for k, v in inventory.items() if v},
    }


@dataclass
class _Known:
    """What a batch needs of one terminal's row, updated as its beats are applied."""

    id: str
    last_seq: int
    devices: dict[str, Any]
    changes: dict[str, Any] = field(default_factory=dict)
    prune: bool = False


@dataclass(frozen=True)
class Accepted:
    """The answer to one request: how many of its beats were new, and the last seq kept."""

    accepted: int
    last_seq: int


def write_batch(
    s: Session, batch: list[tuple[str, list[HeartbeatIn]]], history_days: int
) -> list[Accepted | Unauthorized]:
    """Apply several requests' beats in one transaction; one answer per request, in order.

    Rows are locked in id order, so two instances writing the same terminals
    cannot deadlock, and a beat not newer than the row's ``last_seq`` changes nothing.
    """
    now = utcnow()
    hashes = {token_hash(token) for token, _ in batch}
    rows = s.execute(
        select(_T.c.id, _T.c.credential_hash, _T.c.last_seq, _T.c.devices)
        .where(_T.c.credential_hash.in_(hashes))
        .order_by(_T.c.id)
        .with_for_update()
    ).all()
    known = {r.credential_hash: _Known(r.id, r.last_seq, r.devices or {}) for r in rows}
    history: list[dict[str, Any]] = []
    answers: list[Accepted | Unauthorized] = []
    for token, beats in batch:
        k = known.get(token_hash(token))
        if k is None:
            answers.append(Unauthorized("unknown_terminal", "unknown terminal credential"))
            continue
        fresh = sorted((b for b in beats if b.seq > k.last_seq), key=lambda b: b.seq)
        for beat in fresh:
            history.append(
                {
                    "terminal_id": k.id,
                    "received_at": now,
                    "seq": beat.seq,
                    "outbox_pending": beat.outbox_pending,
                    "faults": sum(1 for d in beat.devices.values() if d.status.upper() == FAULT),
                    "sessions_total": beat.sessions_total,
                }
            )
            k.prune = k.prune or beat.seq % PRUNE_EVERY == 0
        if fresh:
            k.changes = _state(fresh[-1], k.devices, now)
            k.last_seq, k.devices = fresh[-1].seq, k.changes["devices"]
        # Seen now even when every beat was a replay.
        k.changes["last_seen_at"] = now
        answers.append(Accepted(len(fresh), k.last_seq))
    if history:
        s.execute(insert(_H), history)
    touched = [k for k in known.values() if k.changes]
    # One executemany per shape of row change (a replay-only request sets last_seen_at alone).
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for k in touched:
        shapes.setdefault(tuple(sorted(k.changes)), []).append({"k_id": k.id, **k.changes})
    for cols, params in shapes.items():
        stmt = (
            update(_T).where(_T.c.id == bindparam("k_id")).values({c: bindparam(c) for c in cols})
        )
        s.connection().execute(stmt, params)
    prune = [k.id for k in touched if k.prune]
    if prune:
        s.execute(
            delete(_H).where(
                _H.c.terminal_id.in_(prune), _H.c.received_at < now - timedelta(days=history_days)
            )
        )
    return answers


class HeartbeatWriter:
    """Group commit of heartbeats for one process (one per event loop).

    ``submit`` queues a request's beats and waits for the transaction that
    carries them. Up to ``writers`` transactions are written at a time (so one
    waiting on the database does not hold up the next); whatever queued up
    meanwhile (up to ``max_batch`` requests) is the next one. Under a light load
    that is one request per transaction, as before; under a heavy one the cost
    per beat falls instead of the queue growing. Nothing is kept after the
    commit, so instances stay stateless.
    """

    def __init__(
        self,
        db: Database,
        history_days: int,
        max_batch: int = 500,
        writers: int = HEARTBEAT_WRITERS,
    ) -> None:
        self.db = db
        self.history_days = history_days
        self.max_batch = max_batch
        self.writers = writers
        self._queue: list[tuple[str, list[HeartbeatIn], asyncio.Future[Accepted]]] = []
        self._tasks: set[asyncio.Task[None]] = set()  # referenced, so not collected
        # Counted down in the same step that finds the queue empty (a done-callback
        # would run later, and a beat queued in between would wait for the next one).
        self._active = 0
        #: Transactions written and requests carried, for the benchmark's report.
        self.transactions = 0
        self.requests = 0

    async def submit(self, token: str, beats: list[HeartbeatIn]) -> Accepted:
        """Write ``beats`` for the terminal holding ``token``; raises ``Unauthorized``."""
        fut: asyncio.Future[Accepted] = asyncio.get_running_loop().create_future()
        self._queue.append((token, beats, fut))
        if self._active < self.writers:
            self._active += 1
            task = asyncio.get_running_loop().create_task(self._flush_loop())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return await fut

    async def _flush_loop(self) -> None:
        try:
            while self._queue:
                batch, self._queue = self._queue[: self.max_batch], self._queue[self.max_batch :]
                await self._write(batch)
        finally:
            self._active -= 1

    async def _write(
        self, batch: list[tuple[str, list[HeartbeatIn], asyncio.Future[Accepted]]]
    ) -> None:
        def work() -> list[Accepted | Unauthorized]:
            items = [(t, b) for t, b, _ in batch]
            try:
                with self.db.soft_session() as s:
                    return write_batch(s, items, self.history_days)
            except DBAPIError as e:
                # A pooled connection the database dropped (a restart, a fail-over):
                # the pool is now invalidated; beats are idempotent, so write again.
                if not e.connection_invalidated:
                    raise
            with self.db.soft_session() as s:
                return write_batch(s, items, self.history_days)

        try:
            answers = await self.db.run(work)
        except Exception as e:  # the database is down: every request of the batch fails
            for _t, _b, fut in batch:
                if not fut.done():
                    fut.set_exception(e)
            return
        self.transactions += 1
        self.requests += len(batch)
        for (_t, _b, fut), answer in zip(batch, answers, strict=True):
            if fut.done():  # the client went away
                continue
            if isinstance(answer, Unauthorized):
                fut.set_exception(answer)
            else:
                fut.set_result(answer)
