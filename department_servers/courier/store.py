"""Waybills of the reference courier in SQLite (tests count what arrived)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from department_servers.courier.waybill_no import waybill_number


@dataclass(frozen=True)
class Waybill:
    waybill_no: str
    client_order_id: str
    kind: str
    status: str
    body_sha256: str
    created_at: float


class WaybillConflict(Exception):
    """The same client order id came with a different order."""


class WaybillStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS waybills (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " waybill_no TEXT UNIQUE, client_order_id TEXT UNIQUE NOT NULL, kind TEXT NOT NULL,"
            " status TEXT NOT NULL, body_sha256 TEXT NOT NULL, created_at REAL NOT NULL,"
            " reference TEXT NOT NULL DEFAULT '')"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS events (waybill_no TEXT NOT NULL, at REAL NOT NULL,"
            " place TEXT NOT NULL, status TEXT NOT NULL)"
        )

    def close(self) -> None:
        self._db.close()

    def _row(self, where: str, params: tuple[Any, ...]) -> Waybill | None:
        r = self._db.execute(
            "SELECT waybill_no, client_order_id, kind, status, body_sha256, created_at"
            f" FROM waybills {where}",
            params,
        ).fetchone()
        return Waybill(*r) if r else None

    def create(self, client_order_id: str, kind: str, body: dict[str, Any]) -> tuple[Waybill, bool]:
        """Create a waybill, or return the one this client order id already made."""
        digest = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
        with self._lock:
            old = self._row("WHERE client_order_id = ?", (client_order_id,))
            if old is not None:
                if old.body_sha256 != digest:
                    raise WaybillConflict(client_order_id)
                return old, True
            now = time.time()
            self._db.execute("BEGIN IMMEDIATE")
            cur = self._db.execute(
                "INSERT INTO waybills (client_order_id, kind, status, body_sha256, created_at,"
                " reference) VALUES (?, ?, 'created', ?, ?, ?)",
                (client_order_id, kind, digest, now, str(body.get("reference", ""))),
            )
            no = waybill_number(int(cur.lastrowid or 0) + 10_000_000)
            self._db.execute(
                "UPDATE waybills SET waybill_no = ? WHERE seq = ?", (no, cur.lastrowid)
            )
            self._db.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?)", (no, now, "收寄网点", "created")
            )
            self._db.execute("COMMIT")
            found = self._row("WHERE waybill_no = ?", (no,))
            assert found is not None
            return found, False

    def get(self, waybill_no: str) -> Waybill | None:
        with self._lock:
            return self._row("WHERE waybill_no = ?", (waybill_no,))

    def by_order(self, client_order_id: str) -> Waybill | None:
        with self._lock:
            return self._row("WHERE client_order_id = ?", (client_order_id,))

    def set_status(self, waybill_no: str, status: str, place: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE waybills SET status = ? WHERE waybill_no = ?", (status, waybill_no)
            )
            self._db.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?)", (waybill_no, time.time(), place, status)
            )

    def events(self, waybill_no: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT at, place, status FROM events WHERE waybill_no = ? ORDER BY rowid",
                (waybill_no,),
            ).fetchall()
        return [{"at": at, "place": place, "status": status} for at, place, status in rows]

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM waybills").fetchone()[0])

    def orders(self) -> list[dict[str, str]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT client_order_id, waybill_no, kind, reference, status FROM waybills"
            ).fetchall()
        keys = ("client_order_id", "waybill_no", "kind", "reference", "status")
        return [dict(zip(keys, r, strict=True)) for r in rows]
