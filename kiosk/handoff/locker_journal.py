"""The locker's durable journal: compartments, operations in flight, pick-ups, lockout.

SQLite with ``synchronous=FULL`` (WAL): a commit is on the disk (fsync) before the
call returns, so whatever the resident is told (deposited, loaded, picked up) is
written first. Nothing personal is stored: a case is named by its acceptance number,
a pick-up code only as an scrypt verifier, the ID card only as an HMAC keyed by the
code (useless without the code, which is never stored).

At start-up :meth:`LockerJournal.unfinished` lists the operations a power cut left
half-done; :mod:`kiosk.handoff.locker_flows` settles them against the sensors.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class SlotState(StrEnum):
    """What a compartment holds, as the journal knows it."""

    FREE = "free"
    RESERVED = "reserved"  # assigned to an operation that has not finished
    DEPOSIT = "deposit"  # a resident's materials, for staff to collect
    RESULT = "result"  # a result loaded by staff, for the resident to pick up
    OUT_OF_SERVICE = "out_of_service"  # faulty: never assigned until a technician resets it


class OpKind(StrEnum):
    DEPOSIT = "deposit"
    COLLECT = "collect"
    LOAD = "load"
    PICKUP = "pickup"


@dataclass(frozen=True)
class Slot:
    id: str
    size: str
    state: SlotState
    case_ref: str
    op_id: str
    fault: str


@dataclass(frozen=True)
class Op:
    op_id: str
    kind: OpKind
    compartment: str
    case_ref: str
    state: str
    report_id: str
    created_at: float


@dataclass(frozen=True)
class PickupRecord:
    lookup: str
    case_ref: str
    compartment: str
    verifier: bytes
    salt: bytes
    id_mac: bytes


_SCHEMA = """
CREATE TABLE IF NOT EXISTS compartments (
    id TEXT PRIMARY KEY, size TEXT NOT NULL, state TEXT NOT NULL,
    case_ref TEXT NOT NULL DEFAULT '', op_id TEXT NOT NULL DEFAULT '',
    fault TEXT NOT NULL DEFAULT '', updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS ops (
    op_id TEXT PRIMARY KEY, kind TEXT NOT NULL, compartment TEXT NOT NULL,
    case_ref TEXT NOT NULL, state TEXT NOT NULL, report_id TEXT NOT NULL DEFAULT '',
    finished INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL, updated_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS pickups (
    lookup TEXT PRIMARY KEY, case_ref TEXT NOT NULL, compartment TEXT NOT NULL,
    verifier BLOB NOT NULL, salt BLOB NOT NULL, id_mac BLOB NOT NULL,
    created_at REAL NOT NULL, picked_at REAL);
CREATE TABLE IF NOT EXISTS courier_orders (
    case_ref TEXT NOT NULL, kind TEXT NOT NULL, order_id TEXT NOT NULL UNIQUE,
    note_id TEXT NOT NULL, waybill_no TEXT NOT NULL DEFAULT '', created_at REAL NOT NULL,
    PRIMARY KEY (case_ref, kind));
CREATE TABLE IF NOT EXISTS guard (
    k TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until_wall REAL NOT NULL,
    lock_s REAL NOT NULL);
"""


class LockerJournal:
    """One SQLite file; every method is one transaction, durable when it returns."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")  # fsync on every commit
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # --- compartments ---------------------------------------------------------------
    def sync_compartments(self, sizes: dict[str, str]) -> None:
        """Add configured compartments not yet known (the others keep their state)."""
        now = time.time()
        with self._tx() as db:
            for cid, size in sizes.items():
                db.execute(
                    "INSERT INTO compartments (id, size, state, updated_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT(id) DO UPDATE SET size = excluded.size",
                    (cid, size, SlotState.FREE.value, now),
                )

    def slots(self) -> list[Slot]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, size, state, case_ref, op_id, fault FROM compartments ORDER BY id"
            ).fetchall()
        return [Slot(r[0], r[1], SlotState(r[2]), r[3], r[4], r[5]) for r in rows]

    def slot(self, cid: str) -> Slot | None:
        return next((s for s in self.slots() if s.id == cid), None)

    def set_slot(
        self, cid: str, state: SlotState, case_ref: str = "", op_id: str = "", fault: str = ""
    ) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE compartments SET state = ?, case_ref = ?, op_id = ?, fault = ?,"
                " updated_at = ? WHERE id = ?",
                (state.value, case_ref, op_id, fault, time.time(), cid),
            )

    def reserve(self, size_order: list[str], op_id: str, case_ref: str) -> str | None:
        """Take the first free compartment of the first size in ``size_order`` that has one."""
        with self._tx() as db:
            for size in size_order:
                row = db.execute(
                    "SELECT id FROM compartments WHERE state = ? AND size = ? ORDER BY id LIMIT 1",
                    (SlotState.FREE.value, size),
                ).fetchone()
                if row:
                    db.execute(
                        "UPDATE compartments SET state = ?, case_ref = ?, op_id = ?,"
                        " updated_at = ? WHERE id = ?",
                        (SlotState.RESERVED.value, case_ref, op_id, time.time(), row[0]),
                    )
                    # The operation names its compartment in the same transaction: a
                    # power cut can never leave a reservation nobody owns.
                    db.execute("UPDATE ops SET compartment = ? WHERE op_id = ?", (row[0], op_id))
                    return str(row[0])
        return None

    # --- operations -------------------------------------------------------------------
    def begin(self, op_id: str, kind: OpKind, compartment: str, case_ref: str, state: str) -> None:
        now = time.time()
        with self._tx() as db:
            db.execute(
                "INSERT INTO ops (op_id, kind, compartment, case_ref, state, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (op_id, kind.value, compartment, case_ref, state, now, now),
            )

    def advance(self, op_id: str, state: str, *, report_id: str | None = None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE ops SET state = ?, report_id = COALESCE(?, report_id), updated_at = ?"
                " WHERE op_id = ?",
                (state, report_id, time.time(), op_id),
            )

    def finish(
        self,
        op_id: str,
        state: str,
        slot: tuple[str, SlotState, str] | None = None,
    ) -> None:
        """Close an operation and, in the same transaction, set its compartment."""
        now = time.time()
        with self._tx() as db:
            db.execute(
                "UPDATE ops SET state = ?, finished = 1, updated_at = ? WHERE op_id = ?",
                (state, now, op_id),
            )
            if slot is not None:
                cid, slot_state, case_ref = slot
                db.execute(
                    "UPDATE compartments SET state = ?, case_ref = ?, op_id = '', fault = '',"
                    " updated_at = ? WHERE id = ?",
                    (slot_state.value, case_ref, now, cid),
                )

    def op(self, op_id: str) -> Op | None:
        with self._lock:
            r = self._db.execute(
                "SELECT op_id, kind, compartment, case_ref, state, report_id, created_at"
                " FROM ops WHERE op_id = ?",
                (op_id,),
            ).fetchone()
        return Op(r[0], OpKind(r[1]), r[2], r[3], r[4], r[5], r[6]) if r else None

    def unfinished(self) -> list[Op]:
        with self._lock:
            rows = self._db.execute(
                "SELECT op_id, kind, compartment, case_ref, state, report_id, created_at"
                " FROM ops WHERE finished = 0 ORDER BY created_at"
            ).fetchall()
        return [Op(r[0], OpKind(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]

    # --- pick-ups -------------------------------------------------------------------------
    def add_pickup(self, rec: PickupRecord) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO pickups (lookup, case_ref, compartment, verifier, salt, id_mac,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    rec.lookup,
                    rec.case_ref,
                    rec.compartment,
                    rec.verifier,
                    rec.salt,
                    rec.id_mac,
                    time.time(),
                ),
            )

    def pickup(self, lookup: str) -> PickupRecord | None:
        with self._lock:
            r = self._db.execute(
                "SELECT lookup, case_ref, compartment, verifier, salt, id_mac FROM pickups"
                " WHERE lookup = ? AND picked_at IS NULL",
                (lookup,),
            ).fetchone()
        return PickupRecord(r[0], r[1], r[2], bytes(r[3]), bytes(r[4]), bytes(r[5])) if r else None

    def pickup_for(self, compartment: str, case_ref: str) -> str:
        """The open pick-up's lookup for this compartment and case ('' if none)."""
        with self._lock:
            r = self._db.execute(
                "SELECT lookup FROM pickups WHERE compartment = ? AND case_ref = ?"
                " AND picked_at IS NULL",
                (compartment, case_ref),
            ).fetchone()
        return str(r[0]) if r else ""

    def lookups_in_use(self) -> set[str]:
        with self._lock:
            return {r[0] for r in self._db.execute("SELECT lookup FROM pickups")}

    def mark_picked(self, lookup: str) -> None:
        with self._tx() as db:
            db.execute("UPDATE pickups SET picked_at = ? WHERE lookup = ?", (time.time(), lookup))

    # --- courier orders (ids only: the order itself lives in the encrypted outbox) ----------
    def courier_order(self, case_ref: str, kind: str) -> tuple[str, str, str] | None:
        """(order id, note id, waybill number) of the order already placed for this case."""
        with self._lock:
            r = self._db.execute(
                "SELECT order_id, note_id, waybill_no FROM courier_orders"
                " WHERE case_ref = ? AND kind = ?",
                (case_ref, kind),
            ).fetchone()
        return (str(r[0]), str(r[1]), str(r[2])) if r else None

    def add_courier_order(self, case_ref: str, kind: str, order_id: str, note_id: str) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO courier_orders (case_ref, kind, order_id, note_id, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (case_ref, kind, order_id, note_id, time.time()),
            )

    def waybill_of(self, order_id: str) -> str:
        with self._lock:
            r = self._db.execute(
                "SELECT waybill_no FROM courier_orders WHERE order_id = ?", (order_id,)
            ).fetchone()
        return str(r[0]) if r else ""

    def set_waybill(self, order_id: str, waybill_no: str) -> tuple[str, str, str] | None:
        """Record the waybill; returns (case_ref, kind, note_id) of the order."""
        with self._tx() as db:
            db.execute(
                "UPDATE courier_orders SET waybill_no = ? WHERE order_id = ?",
                (waybill_no, order_id),
            )
            r = db.execute(
                "SELECT case_ref, kind, note_id FROM courier_orders WHERE order_id = ?", (order_id,)
            ).fetchone()
        return (str(r[0]), str(r[1]), str(r[2])) if r else None

    # --- the pick-up code lockout ---------------------------------------------------------
    def guard(self, key: str) -> tuple[int, float, float]:
        with self._lock:
            r = self._db.execute(
                "SELECT failures, locked_until_wall, lock_s FROM guard WHERE k = ?", (key,)
            ).fetchone()
        return (int(r[0]), float(r[1]), float(r[2])) if r else (0, 0.0, 0.0)

    def set_guard(self, key: str, failures: int, locked_until_wall: float, lock_s: float) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT INTO guard VALUES (?, ?, ?, ?) ON CONFLICT(k) DO UPDATE SET"
                " failures = excluded.failures, locked_until_wall = excluded.locked_until_wall,"
                " lock_s = excluded.lock_s",
                (key, failures, locked_until_wall, lock_s),
            )
