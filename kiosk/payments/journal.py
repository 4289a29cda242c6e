"""The payment journal: every order and every change of it, durable before anyone is told.

SQLite in WAL mode with ``synchronous = FULL``: a commit returns only once the
WAL is fsynced, so a row that :meth:`Journal.create` or :meth:`Journal.apply`
has returned survives a kill -9 or a power cut. The flow writes the journal
*before* every request to the provider (an order is ``created`` before it is
sent; a refund number is journaled before the refund is asked) and before the
resident is shown any result.

Each change goes through the order state machine (:mod:`kiosk.payments.machine`)
inside one ``BEGIN IMMEDIATE`` transaction, so the notification thread and the
poller cannot both move the same order from the same state. The journal holds
nothing personal: amounts, order numbers, the service code, an opaque session
reference, never the payment code, a name or an ID number.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from kiosk.payments.errors import JournalUnavailable, OrderNotFound
from kiosk.payments.machine import UNFINISHED, OrderEvent, OrderState, next_state

DB_NAME = "payments.db"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    order_no TEXT PRIMARY KEY,
    flow TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    service_code TEXT NOT NULL,
    amount_fen INTEGER NOT NULL CHECK (amount_fen > 0),
    currency TEXT NOT NULL,
    subject TEXT NOT NULL,
    business_ref TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    provider_txn TEXT NOT NULL DEFAULT '',
    code_url TEXT NOT NULL DEFAULT '',
    case_id TEXT NOT NULL DEFAULT '',
    acceptance_no TEXT NOT NULL DEFAULT '',
    einvoice_no TEXT NOT NULL DEFAULT '',
    einvoice_url TEXT NOT NULL DEFAULT '',
    refund_no TEXT NOT NULL DEFAULT '',
    refund_reason TEXT NOT NULL DEFAULT '',
    paid_at REAL NOT NULL DEFAULT 0,
    charged_fen INTEGER NOT NULL DEFAULT 0,
    refunded_at REAL NOT NULL DEFAULT 0,
    last_error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS orders_state ON orders (state);
CREATE INDEX IF NOT EXISTS orders_business ON orders (business_ref);
CREATE INDEX IF NOT EXISTS orders_paid ON orders (paid_at);
CREATE INDEX IF NOT EXISTS orders_refunded ON orders (refunded_at);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    order_no TEXT NOT NULL REFERENCES orders (order_no),
    at REAL NOT NULL,
    event TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    stale INTEGER NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_order ON events (order_no, seq);
CREATE TABLE IF NOT EXISTS notifications (
    notify_id TEXT PRIMARY KEY,
    order_no TEXT NOT NULL,
    at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class OrderRecord:
    """One order as journaled."""

    order_no: str
    flow: str  # "native" (order QR) | "micropay" (payment code)
    provider: str
    service_code: str
    amount_fen: int
    currency: str
    subject: str
    business_ref: str
    state: OrderState
    created_at: float
    updated_at: float
    provider_txn: str = ""
    code_url: str = ""
    case_id: str = ""
    acceptance_no: str = ""
    einvoice_no: str = ""
    einvoice_url: str = ""
    refund_no: str = ""
    refund_reason: str = ""
    paid_at: float = 0.0
    #: What the provider says it charged (may differ from amount_fen: then refunded).
    charged_fen: int = 0
    refunded_at: float = 0.0
    last_error: str = ""


_COLUMNS = tuple(f.name for f in fields(OrderRecord))
#: Columns a transition may set besides the state (never the order's identity or amount).
MUTABLE = frozenset(_COLUMNS) - {
    "order_no", "flow", "service_code", "amount_fen", "currency", "subject",
    "business_ref", "state", "created_at", "updated_at",
}  # fmt: skip


@dataclass(frozen=True)
class EventRecord:
    seq: int
    order_no: str
    at: float
    event: str
    from_state: str
    to_state: str
    stale: bool
    note: str


class Journal:
    """Durable store of payment orders. Thread-safe; other processes may read it."""

    def __init__(self, directory: Path, *, clock: Callable[[], float] = time.time) -> None:
        self.directory = Path(directory)
        self._clock = clock
        self._lock = threading.RLock()
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            conn = sqlite3.connect(
                self.directory / DB_NAME,
                timeout=30,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            # FULL: the WAL is fsynced at every commit; "paid" survives a power cut.
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as e:
            raise JournalUnavailable(f"payment journal at {self.directory}: {e}") from None
        self._conn = conn

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as e:
                raise JournalUnavailable(f"payment journal busy or broken: {e}") from None
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            try:
                self._conn.execute("COMMIT")
            except sqlite3.Error as e:
                raise JournalUnavailable(f"payment journal commit failed: {e}") from None

    # --- writing ----------------------------------------------------------------

    def create(
        self,
        order_no: str,
        *,
        flow: str,
        service_code: str,
        amount_fen: int,
        subject: str,
        business_ref: str,
        currency: str = "CNY",
        provider: str = "",
    ) -> OrderRecord:
        """Journal a new order in state ``created`` (before it is sent to the provider)."""
        if not isinstance(amount_fen, int) or isinstance(amount_fen, bool) or amount_fen <= 0:
            raise ValueError(f"amount must be a positive integer of fen, not {amount_fen!r}")
        if flow not in ("native", "micropay"):
            raise ValueError(f"unknown flow {flow!r}")
        now = self._clock()
        row = {
            "order_no": order_no, "flow": flow, "provider": provider,
            "service_code": service_code, "amount_fen": amount_fen, "currency": currency,
            "subject": subject, "business_ref": business_ref,
            "state": OrderState.CREATED.value, "created_at": now, "updated_at": now,
        }  # fmt: skip
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        try:
            with self._tx() as c:
                c.execute(f"INSERT INTO orders ({cols}) VALUES ({marks})", tuple(row.values()))
                c.execute(
                    "INSERT INTO events (order_no, at, event, from_state, to_state, stale)"
                    " VALUES (?, ?, 'create', '', 'created', 0)",
                    (order_no, now),
                )
        except sqlite3.IntegrityError:
            raise ValueError(f"order {order_no} already journaled") from None
        except sqlite3.Error as e:
            raise JournalUnavailable(f"cannot journal order: {e}") from None
        return self.get(order_no)

    def apply(
        self, order_no: str, event: OrderEvent, note: str = "", **changes: object
    ) -> tuple[OrderRecord, bool]:
        """Apply ``event`` (and set ``changes``) durably; returns (record, changed).

        A stale event (duplicate or late) is recorded and changes nothing, its
        ``changes`` included. A forbidden one raises
        :class:`~kiosk.payments.errors.InvalidOrderTransition` and writes nothing.
        """
        bad = set(changes) - MUTABLE
        if bad:
            raise ValueError(f"cannot set {sorted(bad)} on an order")
        now = self._clock()
        try:
            with self._tx() as c:
                row = c.execute("SELECT state FROM orders WHERE order_no = ?", (order_no,))
                found = row.fetchone()
                if found is None:
                    raise OrderNotFound(f"no order {order_no} in the journal")
                src = OrderState(found[0])
                dst = next_state(src, event)
                stale = dst is None
                if dst is not None:
                    sets = {"state": dst.value, "updated_at": now, **changes}
                    assign = ", ".join(f"{k} = ?" for k in sets)
                    c.execute(
                        f"UPDATE orders SET {assign} WHERE order_no = ?",
                        (*sets.values(), order_no),
                    )
                c.execute(
                    "INSERT INTO events (order_no, at, event, from_state, to_state, stale, note)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (order_no, now, event.value, src.value, (dst or src).value, int(stale), note[:500]),
                )  # fmt: skip
        except sqlite3.Error as e:
            raise JournalUnavailable(f"cannot journal {event.value} of {order_no}: {e}") from None
        return self.get(order_no), not stale

    def set_fields(self, order_no: str, **changes: object) -> OrderRecord:
        """Record facts that change no state (the QR's URL, a case id chosen before submitting)."""
        bad = set(changes) - MUTABLE
        if bad or not changes:
            raise ValueError(f"cannot set {sorted(bad) or 'nothing'} on an order")
        assign = ", ".join(f"{k} = ?" for k in changes)
        try:
            with self._tx() as c:
                cur = c.execute(
                    f"UPDATE orders SET {assign}, updated_at = ? WHERE order_no = ?",
                    (*changes.values(), self._clock(), order_no),
                )
                if cur.rowcount != 1:
                    raise OrderNotFound(f"no order {order_no} in the journal")
        except sqlite3.Error as e:
            raise JournalUnavailable(f"cannot update {order_no}: {e}") from None
        return self.get(order_no)

    def first_notification(self, notify_id: str, order_no: str) -> bool:
        """Remember a notification id; False if it was seen before (a replay or duplicate)."""
        try:
            with self._tx() as c:
                cur = c.execute(
                    "INSERT OR IGNORE INTO notifications (notify_id, order_no, at) VALUES (?, ?, ?)",
                    (notify_id, order_no, self._clock()),
                )
                return cur.rowcount == 1
        except sqlite3.Error as e:
            raise JournalUnavailable(f"cannot record notification: {e}") from None

    # --- reading ----------------------------------------------------------------

    def _record(self, row: tuple[object, ...]) -> OrderRecord:
        d = dict(zip(_COLUMNS, row, strict=True))
        d["state"] = OrderState(str(d["state"]))
        return OrderRecord(**d)  # type: ignore[arg-type]

    def _select(self, where: str, args: tuple[object, ...] = ()) -> list[OrderRecord]:
        with self._lock:
            try:
                rows = self._conn.execute(
                    f"SELECT {', '.join(_COLUMNS)} FROM orders {where}", args
                ).fetchall()
            except sqlite3.Error as e:
                raise JournalUnavailable(f"cannot read payment journal: {e}") from None
        return [self._record(r) for r in rows]

    def get(self, order_no: str) -> OrderRecord:
        rows = self._select("WHERE order_no = ?", (order_no,))
        if not rows:
            raise OrderNotFound(f"no order {order_no} in the journal")
        return rows[0]

    def find(self, order_no: str) -> OrderRecord | None:
        rows = self._select("WHERE order_no = ?", (order_no,))
        return rows[0] if rows else None

    def unfinished(self) -> list[OrderRecord]:
        """Orders not in a terminal state, oldest first (what start-up recovery settles)."""
        marks = ", ".join("?" for _ in UNFINISHED)
        return self._select(
            f"WHERE state IN ({marks}) ORDER BY created_at, order_no",
            tuple(s.value for s in UNFINISHED),
        )

    def all(self) -> list[OrderRecord]:
        return self._select("ORDER BY created_at, order_no")

    def paid_between(self, start: float, end: float) -> list[OrderRecord]:
        """Orders the provider charged within [start, end) (its own time), for the bill."""
        return self._select("WHERE paid_at >= ? AND paid_at < ? ORDER BY order_no", (start, end))

    def refunded_between(self, start: float, end: float) -> list[OrderRecord]:
        return self._select(
            "WHERE refunded_at >= ? AND refunded_at < ? ORDER BY order_no", (start, end)
        )

    def by_business_ref(self, business_ref: str) -> list[OrderRecord]:
        return self._select("WHERE business_ref = ? ORDER BY created_at", (business_ref,))

    def events(self, order_no: str) -> list[EventRecord]:
        with self._lock:
            rows = self._conn.execute(
                "SELECT seq, order_no, at, event, from_state, to_state, stale, note"
                " FROM events WHERE order_no = ? ORDER BY seq",
                (order_no,),
            ).fetchall()
        return [EventRecord(r[0], r[1], r[2], r[3], r[4], r[5], bool(r[6]), r[7]) for r in rows]

    def counts(self) -> dict[str, int]:
        with self._lock:
            rows = self._conn.execute("SELECT state, COUNT(*) FROM orders GROUP BY state")
            return {str(s): int(n) for s, n in rows.fetchall()}
