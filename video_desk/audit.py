"""The call audit: terminal, staff id, start, end and outcome of each call; nothing personal.

An SQLite file (WAL, synchronous=FULL) appended to, never updated but for the end of
a call. Media and messages are never recorded: they are not here, nor anywhere else.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS calls (
    call_id TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    outcome TEXT
)
"""


@dataclass(frozen=True)
class AuditRow:
    """One audited call."""

    call_id: str
    terminal_id: str
    staff_id: str
    started_at: str
    ended_at: str | None
    outcome: str | None


class CallAudit:
    """Append-only record of answered calls."""

    def __init__(self, path: Path | str) -> None:
        self._conn = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.execute(_SCHEMA)

    def started(self, call_id: str, terminal_id: str, staff_id: str) -> None:
        """A staff member answered ``call_id``."""
        with self._lock:
            self._conn.execute(
                "INSERT OR IGNORE INTO calls (call_id, terminal_id, staff_id, started_at)"
                " VALUES (?, ?, ?, ?)",
                (call_id, terminal_id, staff_id, _now()),
            )

    def ended(self, call_id: str, outcome: str) -> None:
        """The call ended (first end wins)."""
        with self._lock:
            self._conn.execute(
                "UPDATE calls SET ended_at = ?, outcome = ? WHERE call_id = ? AND ended_at IS NULL",
                (_now(), outcome, call_id),
            )

    def rows(self) -> list[AuditRow]:
        """Every audited call, oldest first."""
        with self._lock:
            cur = self._conn.execute(
                "SELECT call_id, terminal_id, staff_id, started_at, ended_at, outcome"
                " FROM calls ORDER BY started_at, call_id"
            )
            return [AuditRow(*r) for r in cur.fetchall()]

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
