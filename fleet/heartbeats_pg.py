"""Heartbeats on PostgreSQL: a batch in two round trips, on the event loop.

Through SQLAlchemy a batch cost six statements (lock, insert, two updates,
prune, commit), each compiled, cached and wrapped in a result object, on a
worker thread: about half of the service's CPU per beat went there (py-spy,
issue 24's benchmark). Here all of a batch's writes are ONE statement, its rows
one json parameter per table, and psycopg's pipeline mode sends BEGIN with the
locking SELECT, then the write with the COMMIT: two round trips whatever the
batch holds. The connections are psycopg's async ones, used on the event loop
itself: no hand-off to a thread and back per transaction, which on a loaded
machine is two more waits for a CPU.

The connections commit with ``synchronous_commit=off``: heartbeats are soft
state (each terminal sends another within a minute), so a database crash may
lose the last fraction of a second of them, never half of one, and no beat waits
for an fsync. Nor for a pre-ping: a connection found dead is replaced and the
batch written again (beats are idempotent).
"""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta
from typing import Any

import psycopg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from fleet.db import utcnow
from fleet.errors import Unauthorized
from fleet.heartbeat_plan import Accepted, Item, plan
from fleet.security import token_hash

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


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} in a heartbeat row")


def sqlalchemy_error(e: psycopg.Error, invalidated: bool = False) -> DBAPIError:
    """``e`` as SQLAlchemy wraps a driver error (``DataError``, ``OperationalError``...),

    so the writer's callers see one kind of error whichever database is behind it.
    """
    wrapped = DBAPIError.instance(None, None, e, psycopg.Error, connection_invalidated=invalidated)
    assert isinstance(wrapped, DBAPIError)  # always, for a driver error
    return wrapped


async def write_batch_pg(
    conn: psycopg.AsyncConnection[Any], batch: list[Item], history_days: int
) -> list[Accepted | Unauthorized]:
    """Apply several requests' beats in one transaction, committed; one answer per request.

    As ``fleet.heartbeats.write_batch``: rows locked in id order (two instances
    writing the same terminals cannot deadlock), a beat not newer than the row's
    ``last_seq`` changes nothing.
    """
    now = utcnow()
    hashes = sorted({token_hash(token) for token, _ in batch})
    async with conn.pipeline(), conn.cursor() as cur:
        await cur.execute(_LOCK_PG, {"hashes": hashes})
        p = plan(batch, await cur.fetchall(), now)
        if p.fresh or p.seen:
            fresh = [{"id": i, **ch} for i, ch in p.fresh]
            await cur.execute(
                _WRITE_PG,
                {
                    "now": now,
                    # allow_nan=False: NaN or infinity is not JSON (the schema refuses them).
                    "fresh": json.dumps(fresh, default=_json_default, allow_nan=False),
                    "seen": p.seen,
                    "history": json.dumps(p.history, allow_nan=False),
                    "prune": p.prune,
                    "cutoff": now - timedelta(days=history_days),
                },
            )
        await conn.commit()
    return p.answers


class PgWriterConnections:
    """The heartbeat writers' connections, kept open between transactions.

    Bound to one event loop, as psycopg's async connections are: on another loop
    (a test calling ``asyncio.run`` twice) the idle ones are dropped for new ones.
    The writer never has more transactions in flight than it has writers, so
    this needs no bound of its own.
    """

    def __init__(self, url: str) -> None:
        self._conninfo = make_url(url).set(drivername="postgresql").render_as_string(False)
        self._idle: list[psycopg.AsyncConnection[Any]] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    async def _get(self) -> psycopg.AsyncConnection[Any]:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._drop_idle()
            self._loop = loop
        if self._idle:
            return self._idle.pop()
        try:
            return await psycopg.AsyncConnection.connect(
                self._conninfo, options="-c synchronous_commit=off"
            )
        except psycopg.Error as e:
            raise sqlalchemy_error(e) from e

    def _drop_idle(self) -> None:
        for c in self._idle:
            # Closed at once, with no await: libpq's own close (the loop may be gone).
            c.pgconn.finish()
        self._idle.clear()

    async def write(self, items: list[Item], history_days: int) -> list[Accepted | Unauthorized]:
        """:func:`write_batch_pg` on an idle connection; written again once if it was dead."""
        for attempt in (1, 2):
            conn = await self._get()
            try:
                answers = await write_batch_pg(conn, items, history_days)
            except psycopg.Error as e:
                if not conn.broken:
                    await self._put_back(conn)
                    raise sqlalchemy_error(e) from e
                # The database dropped it (a restart, a fail-over): so it did every
                # idle one. New connections, and write again (beats are idempotent).
                await conn.close()
                self._drop_idle()
                if attempt == 2:
                    raise sqlalchemy_error(e, invalidated=True) from e
                continue
            except BaseException:
                await conn.close()  # cancelled half-way: in an unknown state
                raise
            self._idle.append(conn)
            return answers
        raise AssertionError("unreachable")

    async def _put_back(self, conn: psycopg.AsyncConnection[Any]) -> None:
        try:
            await conn.rollback()
        except psycopg.Error:
            await conn.close()
            return
        self._idle.append(conn)

    def close(self) -> None:
        self._drop_idle()
