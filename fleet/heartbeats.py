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
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from fleet import heartbeat_plan
from fleet.db import HEARTBEAT_WRITERS, Database, HeartbeatRecord, Terminal, utcnow
from fleet.errors import Unauthorized
from fleet.heartbeat_plan import FAULT, PRUNE_EVERY, Accepted, Item
from fleet.heartbeats_pg import PgWriterConnections
from fleet.schemas import HeartbeatIn
from fleet.security import token_hash

__all__ = ["FAULT", "PRUNE_EVERY", "Accepted", "HeartbeatWriter", "write_batch"]

# Core statements on the tables (no ORM unit of work per beat).
_T: Table = Terminal.__table__  # type: ignore[assignment]
_H: Table = HeartbeatRecord.__table__  # type: ignore[assignment]


def write_batch(s: Session, batch: list[Item], history_days: int) -> list[Accepted | Unauthorized]:
    """Apply several requests' beats in one transaction; one answer per request, in order.

    The portable path (SQLite; PostgreSQL has ``fleet.heartbeats_pg``). Rows are
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
    plan = heartbeat_plan.plan(batch, [tuple(r) for r in rows], now)
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


class HeartbeatWriter:
    """Group commit of heartbeats for one process (one per event loop).

    ``submit`` queues a request's beats and waits for the transaction that
    carries them. Up to ``writers`` transactions are written at a time (so one
    waiting on the database does not hold up the next); whatever queued up
    meanwhile (up to ``max_batch`` requests) is the next one. Under a light load
    that is one request per transaction, as before; under a heavy one the cost
    per beat falls instead of the queue growing. Nothing is kept after the
    commit, so instances stay stateless.

    On PostgreSQL the transactions are written on the event loop
    (``fleet.heartbeats_pg``); on SQLite, whose driver has no async side, on the
    writers' own threads.
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
        self._pg = PgWriterConnections(db.url) if db.url.startswith("postgresql") else None
        # SQLite's own threads, as many as the writers: no route's database work
        # waits behind a heartbeat transaction for a thread (nor the reverse).
        self._threads = ThreadPoolExecutor(writers, thread_name_prefix="heartbeat-writer")
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

    def _write_sqlite(self, items: list[Item]) -> list[Accepted | Unauthorized]:
        """One transaction for ``items``, written again once on a connection found dead."""
        try:
            with self.db.session() as s:
                return write_batch(s, items, self.history_days)
        except DBAPIError as e:
            # A pooled connection the database dropped: the pool is now
            # invalidated; beats are idempotent, so write again.
            if not e.connection_invalidated:
                raise
        with self.db.session() as s:
            return write_batch(s, items, self.history_days)

    async def _write_once(self, items: list[Item]) -> list[Accepted | Unauthorized]:
        if self._pg is not None:
            return await self._pg.write(items, self.history_days)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, self._write_sqlite, items)

    async def _write_items(self, items: list[Item]) -> list[Accepted | Unauthorized | Exception]:
        try:
            return list(await self._write_once(items))
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
                answers.extend(await self._write_once([item]))
            except OperationalError:
                raise
            except Exception as e:
                answers.append(e)
        return answers

    async def _write(
        self, batch: list[tuple[str, list[HeartbeatIn], asyncio.Future[Accepted]]]
    ) -> None:
        try:
            answers = await self._write_items([(t, b) for t, b, _ in batch])
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

    def close(self) -> None:
        """Close the idle connections and stop the threads."""
        if self._pg is not None:
            self._pg.close()
        self._threads.shutdown(wait=False)
