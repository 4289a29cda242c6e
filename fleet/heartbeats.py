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
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import psycopg
from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
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


@dataclass
class _Plan:
    """What one batch writes, worked out in Python from the locked rows (both databases)."""

    answers: list[Accepted | Unauthorized]
    #: History rows (``received_at`` is the batch's ``now``).
    history: list[dict[str, Any]]
    #: Terminals whose newest beat is new: their id and the row's new columns.
    fresh: list[tuple[str, dict[str, Any]]]
    #: Terminals that sent only replays: ``last_seen_at`` alone moves.
    seen: list[str]
    #: Terminals whose old history goes.
    prune: list[str]


def _plan(
    batch: list[tuple[str, list[HeartbeatIn]]],
    rows: list[tuple[str, str, int, dict[str, Any] | None]],
    now: datetime,
) -> _Plan:
    """The answers and the writes of a batch, given its terminals' locked rows.

    ``rows`` are (id, credential_hash, last_seq, devices). A beat not newer than
    the row's ``last_seq`` (or than an earlier request's in the same batch)
    changes nothing.
    """
    known = {h: _Known(i, seq, dev or {}) for i, h, seq, dev in rows}
    history: list[dict[str, Any]] = []
    answers: list[Accepted | Unauthorized] = []
    seen: dict[str, _Known] = {}
    for token, beats in batch:
        k = known.get(token_hash(token))
        if k is None:
            answers.append(Unauthorized("unknown_terminal", "unknown terminal credential"))
            continue
        seen[k.id] = k  # seen now even when every beat was a replay
        fresh = sorted((b for b in beats if b.seq > k.last_seq), key=lambda b: b.seq)
        for beat in fresh:
            history.append(
                {
                    "terminal_id": k.id,
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
        answers.append(Accepted(len(fresh), k.last_seq))
    return _Plan(
        answers,
        history,
        [(k.id, k.changes) for k in seen.values() if k.changes],
        [k.id for k in seen.values() if not k.changes],
        [k.id for k in seen.values() if k.prune],
    )


def write_batch(
    s: Session, batch: list[tuple[str, list[HeartbeatIn]]], history_days: int
) -> list[Accepted | Unauthorized]:
    """Apply several requests' beats in one transaction; one answer per request, in order.

    The portable path (SQLite; PostgreSQL has :func:`write_batch_pg`). Rows are
    locked in id order, so two instances writing the same terminals cannot
    deadlock, and a beat not newer than the row's ``last_seq`` changes nothing.
    """
    now = utcnow()
    hashes = {token_hash(token) for token, _ in batch}
    rows = s.execute(
        select(_T.c.id, _T.c.credential_hash, _T.c.last_seq, _T.c.devices)
        .where(_T.c.credential_hash.in_(hashes))
        .order_by(_T.c.id)
        .with_for_update()
    ).all()
    plan = _plan(batch, [tuple(r) for r in rows], now)
    if plan.history:
        s.execute(insert(_H), [{**h, "received_at": now} for h in plan.history])
    # One executemany per shape of row change (every fresh row has the same columns).
    shapes: list[tuple[tuple[str, ...], list[dict[str, Any]]]] = []
    if plan.fresh:
        cols = tuple(plan.fresh[0][1])
        shapes.append((cols, [{"k_id": i, **c} for i, c in plan.fresh]))
    if plan.seen:
        shapes.append(((), [{"k_id": i} for i in plan.seen]))
    for cols, params in shapes:
        stmt = (
            update(_T)
            .where(_T.c.id == bindparam("k_id"))
            .values({"last_seen_at": now, **{c: bindparam(c) for c in cols}})
        )
        s.connection().execute(stmt, params)
    if plan.prune:
        s.execute(
            delete(_H).where(
                _H.c.terminal_id.in_(plan.prune),
                _H.c.received_at < now - timedelta(days=history_days),
            )
        )
    return plan.answers


# -- PostgreSQL: the same writes in two statements, on the driver's connection ------
#
# Through SQLAlchemy a batch cost six statements (lock, insert, two updates, prune,
# commit), each compiled, cached and wrapped in a result object: about half of the
# service's CPU per beat went there (py-spy, issue 24's benchmark). Here the rows
# go as ONE json parameter per table and all the writes are one statement.

_LOCK_PG = (
    "SELECT id, credential_hash, last_seq, devices FROM terminals"
    " WHERE credential_hash = ANY(%(hashes)s) ORDER BY id FOR UPDATE"
)

#: The row's new columns, as ``json_to_recordset`` reads them (json, not jsonb:
#: jsonb refuses a \u0000 that a ``json`` column, like ``devices``, keeps).
_FRESH_COLS = (
    ("last_seq", "integer"),
    ("clock_skew_s", "double precision"),
    ("app_version", "text"),
    ("config_version", "text"),
    ("catalog_version", "text"),
    ("outbox_pending", "integer"),
    ("outbox_dead", "integer"),
    ("outbox_oldest_age_s", "double precision"),
    ("journal_pending", "integer"),
    ("disk_free_bytes", "bigint"),
    ("uptime_s", "double precision"),
    ("sessions_total", "integer"),
    ("last_session_at", "timestamptz"),
    ("devices", "json"),
    ("inventory", "json"),
)

# Data-modifying CTEs all run, on one snapshot; each row is touched by one of them
# only (a terminal is either fresh or seen-only; the prune cannot see this batch's
# history rows, which are not older than the cut-off anyway).
_WRITE_PG = f"""
WITH fresh AS (
    UPDATE terminals AS t SET last_seen_at = %(now)s,
        {", ".join(f"{c} = v.{c}" for c, _ in _FRESH_COLS)}
    FROM json_to_recordset(%(fresh)s::json)
        AS v(id text, {", ".join(f"{c} {ty}" for c, ty in _FRESH_COLS)})
    WHERE t.id = v.id
), seen AS (
    UPDATE terminals SET last_seen_at = %(now)s WHERE id = ANY(%(seen)s)
), history AS (
    INSERT INTO heartbeats (terminal_id, received_at, seq, outbox_pending, faults, sessions_total)
    SELECT h.terminal_id, %(now)s, h.seq, h.outbox_pending, h.faults, h.sessions_total
    FROM json_to_recordset(%(history)s::json)
        AS h(terminal_id text, seq integer, outbox_pending integer, faults integer,
             sessions_total integer)
), pruned AS (
    DELETE FROM heartbeats WHERE terminal_id = ANY(%(prune)s) AND received_at < %(cutoff)s
)
SELECT 1
"""


def _sqlalchemy_error(e: psycopg.Error, invalidated: bool = False) -> DBAPIError:
    """``e`` as SQLAlchemy wraps a driver error (``DataError``, ``OperationalError``...)."""
    wrapped = DBAPIError.instance(None, None, e, psycopg.Error, connection_invalidated=invalidated)
    assert isinstance(wrapped, DBAPIError)  # always, for a driver error
    return wrapped


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in a heartbeat row")


def write_batch_pg(
    conn: psycopg.Connection[Any], batch: list[tuple[str, list[HeartbeatIn]]], history_days: int
) -> list[Accepted | Unauthorized]:
    """:func:`write_batch` on PostgreSQL, committed: the same locking and answers.

    Two round trips to the server whatever the batch holds: BEGIN and the locking
    SELECT go together, then the write and the COMMIT (psycopg's pipeline mode;
    one at a time they were four, each a wake-up of the server's process and of
    this thread, which is what a loaded machine makes slow).
    """
    now = utcnow()
    hashes = sorted({token_hash(token) for token, _ in batch})
    with conn.pipeline(), conn.cursor() as cur:
        rows = cur.execute(_LOCK_PG, {"hashes": hashes}).fetchall()
        plan = _plan(batch, rows, now)
        if plan.fresh or plan.seen:
            fresh = [{"id": i, **ch} for i, ch in plan.fresh]
            cur.execute(
                _WRITE_PG,
                {
                    "now": now,
                    # allow_nan=False: NaN or infinity is not JSON (the schema refuses them).
                    "fresh": json.dumps(fresh, default=_json_default, allow_nan=False),
                    "seen": plan.seen,
                    "history": json.dumps(plan.history, allow_nan=False),
                    "prune": plan.prune,
                    "cutoff": now - timedelta(days=history_days),
                },
            )
        conn.commit()
    return plan.answers


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

    def _write_once(
        self, items: list[tuple[str, list[HeartbeatIn]]]
    ) -> list[Accepted | Unauthorized]:
        """One transaction for ``items``, written again once on a connection found dead."""
        if self.db.url.startswith("postgresql"):
            return self._write_pg(items)
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

    def _write_pg(
        self, items: list[tuple[str, list[HeartbeatIn]]]
    ) -> list[Accepted | Unauthorized]:
        """:func:`write_batch_pg` on a pooled driver connection, retried once if found dead."""
        for attempt in (1, 2):
            pooled = self.db.soft_engine.raw_connection()
            conn = cast("psycopg.Connection[Any]", pooled.driver_connection)
            try:
                return write_batch_pg(conn, items, self.history_days)
            except psycopg.Error as e:
                if not conn.broken:
                    # Raised as SQLAlchemy would (the writer's callers see one kind).
                    raise _sqlalchemy_error(e) from e
                # The database dropped it (a restart, a fail-over): so it did every
                # pooled one. A fresh pool, and write again (beats are idempotent).
                pooled.invalidate(e)
                self.db.soft_engine.dispose()
                if attempt == 2:
                    raise _sqlalchemy_error(e, invalidated=True) from e
            finally:
                pooled.close()  # back to the pool (rolled back if still in a transaction)
        raise AssertionError("unreachable")

    def _write_items(
        self, items: list[tuple[str, list[HeartbeatIn]]]
    ) -> list[Accepted | Unauthorized | Exception]:
        try:
            return list(self._write_once(items))
        except OperationalError:
            raise  # the database is unreachable: every request fails alike
        except Exception:
            # A value the schema let through and the database refused (or any
            # other fault of one request) fails the whole transaction: write the
            # requests one by one, so that only the request that carried it
            # fails, not the other terminals' beats.
            if len(items) == 1:
                raise
        answers: list[Accepted | Unauthorized | Exception] = []
        for item in items:
            try:
                answers.extend(self._write_once([item]))
            except OperationalError:
                raise
            except Exception as e:
                answers.append(e)
        return answers

    async def _write(
        self, batch: list[tuple[str, list[HeartbeatIn], asyncio.Future[Accepted]]]
    ) -> None:
        items = [(t, b) for t, b, _ in batch]
        try:
            answers = await self.db.run(lambda: self._write_items(items))
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
            if isinstance(answer, Exception):
                fut.set_exception(answer)
            else:
                fut.set_result(answer)
