"""The server's SQLite database: schema registry, per-thread connections, dump.

Each router module may define ``SCHEMA`` (``CREATE TABLE IF NOT EXISTS …`` SQL);
:func:`offline_queue.server.create_app` runs them all at start-up.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path


class ServerDB:
    """A handle on the server database; call :meth:`connection` inside the endpoint.

    Connections are per thread (FastAPI runs sync endpoints in a thread pool, and an
    SQLite connection must not be shared by two threads at once).
    """

    def __init__(self, path: Path, schemas: list[str] | None = None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        conn = self.connection()
        conn.execute("PRAGMA journal_mode = WAL")
        for sql in schemas or []:
            conn.executescript(sql)

    def connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA busy_timeout = 30000")
            # FULL: an acknowledged submission is on disk before the answer leaves.
            conn.execute("PRAGMA synchronous = FULL")
            self._local.conn = conn
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT on this thread's connection; rollback on error."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise


@dataclass(frozen=True)
class StoredSubmission:
    """One record as stored by the server (what ``kiosk platform dump`` prints)."""

    record_no: int
    submission_id: str
    kiosk_id: str
    service_code: str
    acceptance_no: str
    status: str
    received_at: str
    attachments: list[str]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _open_ro(db_path: Path) -> sqlite3.Connection:
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no platform database at {db_path}")
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)


def dump_submissions(db_path: Path) -> list[StoredSubmission]:
    """Every record the server stored, in arrival order (duplicates would show twice)."""
    conn = _open_ro(db_path)
    try:
        atts: dict[int, list[str]] = {}
        for record_no, sha in conn.execute(
            "SELECT record_no, sha256 FROM record_attachments ORDER BY record_no, position"
        ):
            atts.setdefault(record_no, []).append(sha)
        return [
            StoredSubmission(r[0], r[1], r[2], r[3], r[4], r[5], r[6], atts.get(r[0], []))
            for r in conn.execute(
                "SELECT record_no, submission_id, kiosk_id, service_code, acceptance_no, status,"
                " received_at FROM records ORDER BY record_no"
            )
        ]
    finally:
        conn.close()


def dump_heartbeats(db_path: Path) -> list[dict[str, object]]:
    """Every heartbeat the server stored, oldest first (the terminal's sender, inspected).

    The staff-facing fleet view is the fleet service (fleet/, docs/fleet.md); this
    server only keeps what the terminals send, for tests.
    """
    conn = _open_ro(db_path)
    try:
        return [
            {
                "kiosk_id": r[0],
                "received_at": r[1],
                "app_version": r[2],
                "config_version": r[3],
                "queue_pending": r[4],
                "queue_dead": r[5],
                "oldest_pending_age_s": r[6],
                "devices": json.loads(r[7]),
            }
            for r in conn.execute(
                "SELECT kiosk_id, received_at, app_version, config_version, queue_pending,"
                " queue_dead, oldest_pending_age_s, devices FROM heartbeats ORDER BY id"
            )
        ]
    except sqlite3.OperationalError as e:  # no heartbeat table yet: none stored
        if "no such table" in str(e):
            return []
        raise
    finally:
        conn.close()


def read_attachment(db_path: Path, sha256: str) -> bytes | None:
    """The bytes the server holds for ``sha256`` (None if absent)."""
    conn = _open_ro(db_path)
    try:
        row = conn.execute("SELECT data FROM attachments WHERE sha256 = ?", (sha256,)).fetchone()
        return None if row is None else bytes(row[0])
    finally:
        conn.close()


def read_submission_body(db_path: Path, submission_id: str) -> dict[str, object] | None:
    """The envelope JSON the server stored for a submission id (first record)."""
    conn = _open_ro(db_path)
    try:
        row = conn.execute(
            "SELECT body FROM records WHERE submission_id = ? ORDER BY record_no LIMIT 1",
            (submission_id,),
        ).fetchone()
        return None if row is None else json.loads(row[0])
    finally:
        conn.close()
