"""Cases and the item list of one department server, in SQLite (tests count what arrived)."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class StoredCase:
    case_id: str
    business_key: str
    idempotency_key: str | None
    service_code: str
    status: str
    body_sha256: str


class CaseStore:
    """One SQLite file per server. ``idempotency_key`` is unique when given; the
    SOAP server stores without one (a legacy system), so a blind resubmission
    really creates a duplicate there."""

    def __init__(self, path: Path, prefix: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS cases (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
            " case_id TEXT UNIQUE, business_key TEXT NOT NULL, idempotency_key TEXT UNIQUE,"
            " service_code TEXT NOT NULL, status TEXT NOT NULL, body_sha256 TEXT NOT NULL,"
            " created_at REAL NOT NULL)"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS cases_bk ON cases (business_key)")
        self._items: dict[str, dict[str, Any]] = {}  # code → item, in publication order
        self.item_version = 0

    def close(self) -> None:
        self._db.close()

    def add(
        self, business_key: str, service_code: str, body: bytes, idempotency_key: str | None
    ) -> tuple[StoredCase, bool]:
        """Store a case; with an idempotency key already seen, return that one (duplicate)."""
        digest = hashlib.sha256(body).hexdigest()
        with self._lock:
            if idempotency_key is not None:
                old = self._one("WHERE idempotency_key = ?", (idempotency_key,))
                if old is not None:
                    return old, True
            cur = self._db.execute(
                "INSERT INTO cases (business_key, idempotency_key, service_code, status,"
                " body_sha256, created_at) VALUES (?, ?, ?, 'accepted', ?, ?)",
                (business_key, idempotency_key, service_code, digest, time.time()),
            )
            case_id = f"{self.prefix}{cur.lastrowid:08d}"
            self._db.execute("UPDATE cases SET case_id = ? WHERE seq = ?", (case_id, cur.lastrowid))
            case = self._one("WHERE case_id = ?", (case_id,))
        assert case is not None
        return case, False

    def _one(self, where: str, params: Sequence[Any]) -> StoredCase | None:
        row = self._db.execute(
            "SELECT case_id, business_key, idempotency_key, service_code, status, body_sha256"
            f" FROM cases {where} ORDER BY seq LIMIT 1",
            params,
        ).fetchone()
        return None if row is None else StoredCase(*row)

    def get(self, case_id: str) -> StoredCase | None:
        with self._lock:
            return self._one("WHERE case_id = ?", (case_id,))

    def by_business_key(self, key: str) -> StoredCase | None:
        with self._lock:
            return self._one("WHERE business_key = ?", (key,))

    def set_status(self, case_id: str, status: str) -> StoredCase | None:
        with self._lock:
            self._db.execute("UPDATE cases SET status = ? WHERE case_id = ?", (status, case_id))
            return self._one("WHERE case_id = ?", (case_id,))

    def business_keys(self) -> list[str]:
        """Every stored case's business key, duplicates included (for exactly-once checks)."""
        with self._lock:
            return [r[0] for r in self._db.execute("SELECT business_key FROM cases ORDER BY seq")]

    # --- the item list (full, then incremental by version) ---------------------------

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self._items.values())

    def load_items(self, items: list[dict[str, Any]]) -> None:
        """Publish a batch: each item gets ``version`` = the new list version.

        An item ``{"code": ..., "withdrawn": true}`` withdraws that item: it stays
        as a tombstone so an incremental fetch tells the terminal to drop it.
        """
        with self._lock:
            self.item_version += 1
            for it in items:
                code = it["code"]
                self._items.pop(code, None)  # re-published: moves to the end
                self._items[code] = dict(it, version=self.item_version)

    def items_since(self, since: int) -> tuple[int, list[dict[str, Any]]]:
        """The list version and the items changed after ``since`` (0: all, no tombstones)."""
        with self._lock:
            changed = [x for x in self._items.values() if x["version"] > since]
            version = self.item_version
        if since == 0:
            changed = [x for x in changed if not x.get("withdrawn")]
        return version, changed


class SessionHolders:
    """Which holder each terminal session looked up e-licences for: one session, one holder.

    A terminal serves one resident per session, so a second holder in the same
    session is refused: a client cannot walk through ID numbers under one session.
    """

    def __init__(self, max_sessions: int = 10_000) -> None:
        self._lock = threading.Lock()
        self._by_session: dict[str, str] = {}  # insertion order: oldest first
        self.max_sessions = max_sessions
        self.calls = 0  # look-ups that reached the server
        self.refused = 0

    def bind(self, session_id: str, holder_id: str) -> bool:
        """True if ``holder_id`` may be looked up in ``session_id`` (binding it on first use)."""
        with self._lock:
            self.calls += 1
            bound = self._by_session.setdefault(session_id, holder_id)
            while len(self._by_session) > self.max_sessions:
                self._by_session.pop(next(iter(self._by_session)))
            if bound != holder_id:
                self.refused += 1
                return False
            return True


def load_items_file(path: Path | None) -> list[dict[str, Any]]:
    if path is None or not path.exists():
        return []
    data = json.loads(path.read_text("utf-8"))
    return list(data["items"] if isinstance(data, dict) else data)
