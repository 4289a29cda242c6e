"""The durable, encrypted outbox (SQLite, WAL, synchronous=FULL).

Layout of the outbox directory::

    outbox.db (+ -wal, -shm)   one row per submission, envelope sealed in the row
    blobs/<id>.<sha256>        one sealed file per distinct attachment of a submission
    enqueue.lock               shared by enqueuers, exclusive for start-up recovery

Durability order of :meth:`Outbox.enqueue`: every attachment file is written to a
temp name, fsynced and renamed; the directory is fsynced; only then does the row
commit (the WAL is fsynced on commit). So a committed row always has its files,
and a crash before the commit leaves only files without a row, which recovery
removes. A temp file is never read.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import fcntl
import hashlib
import logging
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from offline_queue.crypto import Cipher, attachment_aad, envelope_aad, load_or_create_key
from offline_queue.errors import (
    DuplicateSubmission,
    OutboxFull,
    OutboxUnavailable,
    QueueError,
    SubmissionNotFound,
    TamperedData,
)
from offline_queue.fsutil import TMP_PREFIX, fsync_dir, shred_quiet, unlink_quiet, write_durable
from offline_queue.ids import is_valid_id, new_id
from offline_queue.integrity import SalvageFailed, SalvageReport, ensure_sound, quick_check
from offline_queue.models import (
    AttachmentIn,
    AttachmentInfo,
    AttachmentRef,
    Envelope,
    QueueStats,
    RecoveryReport,
    State,
    SubmissionInfo,
)
from offline_queue.redact import redact

# Form fields whose values are personal (masked out of stored and logged errors).
_PERSONAL_FIELD = re.compile(
    r"name|phone|mobile|tel|id_?(no|number)|address|passport|permit|姓名|电话|证件|地址", re.I
)
log = logging.getLogger(__name__)

DB_NAME = "outbox.db"
BLOB_DIR = "blobs"
ENQUEUE_LOCK = "enqueue.lock"
# Rough per-row cost in the database beyond the sealed envelope (indexes, pages).
ROW_OVERHEAD = 512
_SUBMISSION_COLUMNS = (
    "id, service_code, kiosk_id, created_at, state, attempts, next_attempt_at, "
    "last_error, acceptance_no, acknowledged_at, bytes, connector"
)

#: The tables and indexes; ``connector`` comes by migration (see ``_migrate_connector_column``).
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS "submissions" (
   "id" TEXT PRIMARY KEY,
   "service_code" TEXT NOT NULL,
   "kiosk_id" TEXT NOT NULL,
   "created_at" REAL NOT NULL,
   "state" TEXT NOT NULL,
   "envelope" BLOB NOT NULL,
   "bytes" INTEGER NOT NULL,
   "attempts" INTEGER DEFAULT 0,
   "next_attempt_at" REAL DEFAULT 0.0,
   "last_error" TEXT,
   "acceptance_no" TEXT,
   "acknowledged_at" REAL,
   "updated_at" REAL
)""",
    """CREATE TABLE IF NOT EXISTS "attachments" (
   "submission_id" TEXT REFERENCES "submissions"("id"),
   "sha256" TEXT,
   "size" INTEGER,
   "uploaded" INTEGER DEFAULT 0,
   PRIMARY KEY ("submission_id", "sha256")
)""",
    'CREATE INDEX IF NOT EXISTS "idx_submissions_state_id"\n    ON "submissions" ("state", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_submissions_state_acknowledged_at"'
    '\n    ON "submissions" ("state", "acknowledged_at")',
)


class Outbox:
    """Durable encrypted store of submissions waiting for the platform.

    Thread-safe; several processes may enqueue into the same directory (SQLite
    locking plus a shared flock), but only the holder of the sync worker's lock may
    move rows out of ``pending`` (see :class:`offline_queue.sync.SyncWorker`).
    """

    def __init__(
        self,
        directory: Path,
        key_file: Path,
        *,
        max_bytes: int = 2_000_000_000,
        min_free_bytes: int = 50_000_000,
        retention_s: float = 7 * 86400,
        clock: Callable[[], float] = time.time,
        create_key: bool = True,
        key_loader: Callable[[bool], bytes] | None = None,
    ) -> None:
        self.directory = Path(directory)
        self.blob_dir = self.directory / BLOB_DIR
        self.max_bytes = max_bytes
        self.min_free_bytes = min_free_bytes
        self.retention_s = retention_s
        self._clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []
        #: Set when the database was found damaged and salvaged on open (see
        #: :mod:`offline_queue.integrity`); its ``alert()`` is for the technician.
        self.salvage: SalvageReport | None = None
        try:
            self.blob_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.salvage = ensure_sound(self.directory, DB_NAME, self.blob_dir)
        except SalvageFailed as e:
            raise OutboxUnavailable(f"outbox at {self.directory} damaged: {e.detail}") from None
        except (OSError, sqlite3.Error) as e:
            raise OutboxUnavailable(f"cannot check outbox at {self.directory}: {e}") from None
        if self.salvage is not None and not self.salvage.sound:
            raise OutboxUnavailable(self.salvage.alert())
        try:
            conn = sqlite3.connect(
                self.directory / DB_NAME, timeout=30, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as e:
            raise OutboxUnavailable(f"cannot open outbox at {self.directory}: {e}") from None
        self._conn = conn
        try:
            self._init_schema()
        except sqlite3.Error as e:
            conn.close()
            raise OutboxUnavailable(f"outbox database {self.directory / DB_NAME}: {e}") from None
        self.key_file = Path(key_file)
        self._create_key = create_key
        # Another source of the key (the TPM-sealed one): called with "may create".
        self._key_loader = key_loader
        self._cipher_obj: Cipher | None = None

    @property
    def _cipher(self) -> Cipher:
        """The key is read on first use, so read-only tools (status, list) need no key."""
        with self._lock:
            if self._cipher_obj is None:
                has_rows = self._scalar("SELECT EXISTS(SELECT 1 FROM submissions)")
                # Never mint a fresh key over existing data: it would make it unreadable.
                create = self._create_key and not has_rows
                if self._key_loader is not None:
                    key = self._key_loader(create)
                else:
                    key = load_or_create_key(self.key_file, create=create)
                self._cipher_obj = Cipher(key)
            return self._cipher_obj

    def check_key(self) -> None:
        """Load (or create) the key now: raises :class:`KeyFileError` at start-up, not mid-session."""
        _ = self._cipher

    # --- set-up --------------------------------------------------------------------

    def _init_schema(self) -> None:
        self._conn.execute("PRAGMA busy_timeout = 30000")
        self._conn.execute("PRAGMA journal_mode = WAL")
        # FULL: the WAL is fsynced at every commit, so "submitted" survives a power cut.
        self._conn.execute("PRAGMA synchronous = FULL")
        self._conn.execute("PRAGMA secure_delete = ON")
        self._conn.execute("PRAGMA foreign_keys = ON")
        # Plain SQL, the schema sqlite-utils used to write (outboxes it created open as
        # they are): importing sqlite-utils for these few statements brought numpy,
        # dateutil and pluggy, 120-150 ms before the terminal's first paint (issue 18).
        for statement in _SCHEMA:
            self._conn.execute(statement)
        self._migrate_connector_column()
        self._init_running_total()

    def _init_running_total(self) -> None:
        """The running total of ``submissions.bytes`` that makes capacity checks O(1).

        Triggers keep it in the same transaction as every insert, delete or resize of a
        row, whoever writes (enqueue, purge, recovery, another process), so it cannot
        drift. An outbox from before the total existed is summed once, here.
        """
        with self._tx() as conn:
            conn.execute(
                "CREATE TABLE IF NOT EXISTS outbox_totals"
                " (id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL)"
            )
            if conn.execute("SELECT 1 FROM outbox_totals WHERE id = 1").fetchone() is None:
                conn.execute(
                    "INSERT INTO outbox_totals (id, bytes)"
                    " SELECT 1, COALESCE(SUM(bytes), 0) FROM submissions"
                )
            conn.execute(
                "CREATE TRIGGER IF NOT EXISTS outbox_total_ins AFTER INSERT ON submissions"
                " BEGIN UPDATE outbox_totals SET bytes = bytes + NEW.bytes WHERE id = 1; END"
            )
            conn.execute(
                "CREATE TRIGGER IF NOT EXISTS outbox_total_del AFTER DELETE ON submissions"
                " BEGIN UPDATE outbox_totals SET bytes = bytes - OLD.bytes WHERE id = 1; END"
            )
            conn.execute(
                "CREATE TRIGGER IF NOT EXISTS outbox_total_upd AFTER UPDATE OF bytes ON submissions"
                " BEGIN UPDATE outbox_totals SET bytes = bytes - OLD.bytes + NEW.bytes"
                " WHERE id = 1; END"
            )

    def _migrate_connector_column(self) -> None:
        """Which department connector sends a row ('' = the default platform).

        Additive: an outbox written before connectors existed gets the column with ''
        for every row, so its submissions still go to the platform they were meant for.
        """
        cols = {r[1] for r in self._conn.execute("PRAGMA table_info(submissions)")}
        if "connector" not in cols:
            with contextlib.suppress(sqlite3.OperationalError):  # another process raced us
                self._conn.execute(
                    "ALTER TABLE submissions ADD COLUMN connector TEXT NOT NULL DEFAULT ''"
                )
        self._conn.execute(
            'CREATE INDEX IF NOT EXISTS "idx_submissions_state_connector_id"'
            '\n    ON "submissions" ("state", "connector", "id")'
        )

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def check_integrity(self) -> str | None:
        """``PRAGMA quick_check`` now (periodically while running): None when sound."""
        with self._lock:
            return quick_check(self.directory / DB_NAME)

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` (from the enqueuing thread) after each successful enqueue."""
        self._listeners.append(callback)

    # --- helpers -------------------------------------------------------------------

    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        with self._lock:
            row = self._conn.execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _enqueue_lock(self, exclusive: bool) -> Iterator[None]:
        fd = os.open(self.directory / ENQUEUE_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            yield
        finally:
            os.close(fd)  # closing releases the flock

    def _blob_path(self, submission_id: str, sha256: str) -> Path:
        return self.blob_dir / f"{submission_id}.{sha256}"

    def _db_file_bytes(self) -> int:
        total = 0
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                total += (self.directory / (DB_NAME + suffix)).stat().st_size
        return total

    # --- capacity ------------------------------------------------------------------

    def bytes_used(self) -> int:
        """Sealed rows and files, plus the database files themselves."""
        # O(1): the trigger-kept running total, not a SUM over every row (and envelope).
        rows = self._scalar("SELECT bytes FROM outbox_totals WHERE id = 1") or 0
        return int(rows) + self._db_file_bytes()

    def check_capacity(self, expected_bytes: int) -> None:
        """Raise :class:`OutboxFull` if a submission of ``expected_bytes`` would not fit.

        Call it before the resident starts a service (with a generous estimate), so a
        full terminal says so up front instead of after the forms are filled in.
        """
        used = self.bytes_used()
        if used + expected_bytes > self.max_bytes:
            raise OutboxFull(
                f"outbox cap reached: {used} bytes used + {expected_bytes} needed "
                f"> max_bytes {self.max_bytes}"
            )
        try:
            free = shutil.disk_usage(self.directory).free
        except OSError as e:
            raise OutboxUnavailable(f"cannot measure free space in {self.directory}: {e}") from None
        if free - expected_bytes < self.min_free_bytes:
            raise OutboxFull(
                f"disk nearly full: {free} bytes free, {expected_bytes} needed, "
                f"{self.min_free_bytes} kept in reserve"
            )

    # --- enqueue -------------------------------------------------------------------

    def enqueue(
        self,
        service_code: str,
        kiosk_id: str,
        form: Mapping[str, Any],
        applicant: Mapping[str, Any] | None = None,
        attachments: Sequence[AttachmentIn] = (),
        *,
        submission_id: str | None = None,
        connector: str = "",
    ) -> str:
        """Store a submission durably and return its id.

        When this returns, the submission survives a crash or a power cut: only then
        may the resident be told "submitted". Raises :class:`OutboxFull` (cap or disk
        full; nothing already queued is touched) or :class:`OutboxUnavailable`.
        """
        sid = submission_id or new_id()
        if not is_valid_id(sid):
            raise ValueError(f"not a submission id: {sid!r}")
        if not service_code or not kiosk_id:
            raise ValueError("service_code and kiosk_id are required")
        now = self._clock()
        refs: list[AttachmentRef] = []
        sealed: dict[str, tuple[int, bytes]] = {}
        for a in attachments:
            sha = hashlib.sha256(a.data).hexdigest()
            refs.append(AttachmentRef(sha, a.name, a.content_type, len(a.data)))
            if sha not in sealed:
                sealed[sha] = (len(a.data), self._cipher.seal(a.data, attachment_aad(sid, sha)))
        envelope = Envelope(sid, service_code, kiosk_id, now, dict(form), None if applicant is None else dict(applicant), tuple(refs))  # fmt: skip
        env_blob = self._cipher.seal(envelope.to_json_bytes(), envelope_aad(sid))
        total = len(env_blob) + sum(len(b) for _, b in sealed.values()) + ROW_OVERHEAD

        # A caller-chosen id (a paid case, a courier order) may come twice: the check
        # and the insert are one step for it, or the second call would overwrite the
        # stored submission's attachment files and then delete them on its way out.
        with self._enqueue_lock(exclusive=submission_id is not None):
            if submission_id is not None and self._stored(sid):
                raise DuplicateSubmission(f"submission {sid} is stored already; kept as it was")
            self.check_capacity(total)
            written: list[Path] = []
            created: list[Path] = []  # only these are ours to remove on failure
            try:
                for sha, (_, blob) in sealed.items():
                    path = self._blob_path(sid, sha)
                    if not path.exists():
                        created.append(path)
                    write_durable(path, blob, sync_dir=False)
                    written.append(path)
                if written:
                    fsync_dir(self.blob_dir)  # the renames are durable before the row exists
                with self._tx() as conn:
                    conn.execute(
                        "INSERT INTO submissions (id, service_code, kiosk_id, created_at, state,"
                        " envelope, bytes, attempts, next_attempt_at, updated_at, connector)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
                        (
                            sid,
                            service_code,
                            kiosk_id,
                            now,
                            State.PENDING.value,
                            env_blob,
                            total,
                            now,
                            connector,
                        ),
                    )
                    conn.executemany(
                        "INSERT INTO attachments (submission_id, sha256, size, uploaded)"
                        " VALUES (?, ?, ?, 0)",
                        [(sid, sha, size) for sha, (size, _) in sealed.items()],
                    )
            except BaseException as e:
                for p in created:
                    with contextlib.suppress(OSError):
                        unlink_quiet(p)
                if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
                    raise OutboxFull(f"disk full while writing submission {sid}: {e}") from None
                if isinstance(e, sqlite3.Error):
                    if "full" in str(e):
                        raise OutboxFull(f"disk full while committing {sid}: {e}") from None
                    raise OutboxUnavailable(f"cannot commit submission {sid}: {e}") from None
                if isinstance(e, OSError):
                    raise OutboxUnavailable(f"cannot write submission {sid}: {e}") from None
                raise
        log.info(
            "enqueued submission %s service=%s attachments=%d bytes=%d",
            sid,
            service_code,
            len(sealed),
            total,
        )
        for cb in list(self._listeners):
            try:
                cb()
            except Exception:  # a listener must never undo a durable enqueue
                log.exception("outbox listener failed")
        return sid

    # --- reading -------------------------------------------------------------------

    def _rows_to_infos(self, rows: list[tuple[Any, ...]]) -> list[SubmissionInfo]:
        if not rows:
            return []
        ids = [r[0] for r in rows]
        atts: dict[str, list[AttachmentInfo]] = {i: [] for i in ids}
        with self._lock:
            for chunk_start in range(0, len(ids), 500):
                chunk = ids[chunk_start : chunk_start + 500]
                q = ",".join("?" * len(chunk))
                for sid, sha, size, uploaded in self._conn.execute(
                    f"SELECT submission_id, sha256, size, uploaded FROM attachments"
                    f" WHERE submission_id IN ({q}) ORDER BY rowid",
                    chunk,
                ):
                    atts[sid].append(AttachmentInfo(sha, size, bool(uploaded)))
        return [
            SubmissionInfo(
                id=r[0],
                service_code=r[1],
                kiosk_id=r[2],
                created_at=r[3],
                state=State(r[4]),
                attempts=r[5] or 0,
                next_attempt_at=r[6] or 0.0,
                last_error=r[7],
                acceptance_no=r[8],
                acknowledged_at=r[9],
                bytes=r[10],
                connector=r[11] or "",
                attachments=tuple(atts[r[0]]),
            )
            for r in rows
        ]

    def _stored(self, submission_id: str) -> bool:
        with self._lock:
            row = self._conn.execute(
                "SELECT 1 FROM submissions WHERE id = ?", (submission_id,)
            ).fetchone()
        return row is not None

    def get(self, submission_id: str) -> SubmissionInfo:
        """One submission's bookkeeping; raises :class:`SubmissionNotFound`."""
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_SUBMISSION_COLUMNS} FROM submissions WHERE id = ?", (submission_id,)
            ).fetchall()
        if not rows:
            raise SubmissionNotFound(f"no submission {submission_id!r} in the outbox")
        return self._rows_to_infos(rows)[0]

    def list(self, state: State | None = None, limit: int = 100) -> list[SubmissionInfo]:
        """Submissions, oldest first, optionally of one state."""
        sql = f"SELECT {_SUBMISSION_COLUMNS} FROM submissions"
        params: builtins.list[Any] = []
        if state is not None:
            sql += " WHERE state = ?"
            params.append(state.value)
        sql += " ORDER BY id LIMIT ?"
        params.append(limit)
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return self._rows_to_infos(rows)

    def stats(self) -> QueueStats:
        """Counts by state, oldest pending age and bytes on disk."""
        counts = dict.fromkeys(State, 0)
        with self._lock:
            for state, n in self._conn.execute(
                "SELECT state, COUNT(*) FROM submissions GROUP BY state"
            ):
                counts[State(state)] = n
            oldest = self._conn.execute(
                "SELECT MIN(created_at) FROM submissions WHERE state IN (?, ?)",
                (State.PENDING.value, State.SENDING.value),
            ).fetchone()[0]
        return QueueStats(
            pending=counts[State.PENDING],
            sending=counts[State.SENDING],
            acknowledged=counts[State.ACKNOWLEDGED],
            dead=counts[State.DEAD],
            oldest_pending_age_s=None if oldest is None else max(0.0, self._clock() - oldest),
            bytes_on_disk=self.bytes_used(),
            max_bytes=self.max_bytes,
        )

    def next_due_at(self, connector: str | None = None) -> float | None:
        """When the earliest pending submission (of one connector) may be tried (None: none)."""
        sql = "SELECT MIN(next_attempt_at) FROM submissions WHERE state = ?"
        params: builtins.list[Any] = [State.PENDING.value]
        if connector is not None:
            sql += " AND connector = ?"
            params.append(connector)
        v = self._scalar(sql, params)
        return None if v is None else float(v)

    def pending_by_connector(self) -> dict[str, int]:
        """Unsent submissions (pending or sending) per connector, for the technician tiles."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT connector, COUNT(*) FROM submissions WHERE state IN (?, ?) GROUP BY connector",
                (State.PENDING.value, State.SENDING.value),
            ).fetchall()
        return {c or "": n for c, n in rows}

    def clamp_schedule(self, latest: float) -> int:
        """Make pending rows due later than ``latest`` due now; returns how many.

        The sync worker schedules on the monotonic clock, which restarts at boot: a
        retry time written before a reboot may lie far in the new clock's future.
        """
        with self._tx() as conn:
            return conn.execute(
                "UPDATE submissions SET next_attempt_at = 0 WHERE state = ? AND next_attempt_at > ?",
                (State.PENDING.value, latest),
            ).rowcount

    def envelope_bytes(self, submission_id: str) -> bytes:
        """The decrypted envelope JSON, byte for byte as sealed (what is posted)."""
        blob = self._scalar("SELECT envelope FROM submissions WHERE id = ?", (submission_id,))
        if blob is None:
            raise SubmissionNotFound(f"no submission {submission_id!r} in the outbox")
        if not blob:
            raise SubmissionNotFound(f"submission {submission_id!r} acknowledged; data purged")
        return self._cipher.open(
            blob, envelope_aad(submission_id), what=f"envelope {submission_id}"
        )

    def load_envelope(self, submission_id: str) -> Envelope:
        """Decrypt a submission's envelope (for sending only; keep it in memory)."""
        return Envelope.from_json_bytes(self.envelope_bytes(submission_id))

    def read_attachment(self, submission_id: str, sha256: str) -> bytes:
        """Decrypt one attachment and check it still hashes to its name."""
        path = self._blob_path(submission_id, sha256)
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise TamperedData(f"attachment file missing: {path.name}") from None
        data = self._cipher.open(
            blob, attachment_aad(submission_id, sha256), what=f"attachment {path.name}"
        )
        if hashlib.sha256(data).hexdigest() != sha256:
            raise TamperedData(f"attachment {path.name}: content does not match its sha256")
        return data

    # --- state changes (sync worker, under its lock) ----------------------------------

    def now(self) -> float:
        """The outbox's clock."""
        return self._clock()

    def claim_due(
        self,
        limit: int,
        *,
        ignore_backoff: bool = False,
        untouched_since: float | None = None,
        connector: str | None = None,
        due_by: float | None = None,
    ) -> builtins.list[SubmissionInfo]:
        """Move up to ``limit`` due pending submissions to ``sending`` (oldest first).

        ``untouched_since`` skips rows changed at or after that time (one pass of a
        drain attempt tries each submission once). ``connector`` claims only that
        connector's rows. ``due_by`` is the scheduler's "now" for ``next_attempt_at``
        (the sync worker schedules on the monotonic clock); default: this outbox's clock.
        """
        now = self._clock()
        due = float("inf") if ignore_backoff else (now if due_by is None else due_by)
        sql = "SELECT id FROM submissions WHERE state = ? AND next_attempt_at <= ?"
        params: builtins.list[Any] = [State.PENDING.value, due]
        if connector is not None:
            sql += " AND connector = ?"
            params.append(connector)
        if untouched_since is not None:
            sql += " AND updated_at < ?"
            params.append(untouched_since)
        params.append(limit)
        with self._tx() as conn:
            ids = [r[0] for r in conn.execute(sql + " ORDER BY id LIMIT ?", params)]
            conn.executemany(
                "UPDATE submissions SET state = ?, attempts = attempts + 1, updated_at = ?"
                " WHERE id = ?",
                [(State.SENDING.value, now, i) for i in ids],
            )
        if not ids:
            return []
        with self._lock:
            q = ",".join("?" * len(ids))
            rows = self._conn.execute(
                f"SELECT {_SUBMISSION_COLUMNS} FROM submissions WHERE id IN ({q}) ORDER BY id", ids
            ).fetchall()
        return self._rows_to_infos(rows)

    def mark_uploaded(self, submission_id: str, sha256: str, uploaded: bool = True) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE attachments SET uploaded = ? WHERE submission_id = ? AND sha256 = ?",
                (int(uploaded), submission_id, sha256),
            )

    def reset_uploaded(self, submission_id: str) -> None:
        """Forget which attachments were uploaded (the platform says it lost some)."""
        with self._tx() as conn:
            conn.execute("UPDATE attachments SET uploaded = 0 WHERE submission_id = ?", (submission_id,))  # fmt: skip

    def mark_acknowledged(self, submission_id: str, acceptance_no: str) -> None:
        """The platform has it: keep a tombstone, purge the resident's data at once.

        A stolen disk must not yield recently acknowledged submissions, so the sealed
        envelope and the attachment rows go in the same commit that records the
        acceptance number. The tombstone (id, service, times, acceptance number) is
        what exactly-once and the local receipt look-up need; it holds nothing
        personal and is itself deleted after the retention (:meth:`purge_expired`).
        ``secure_delete`` zeroes the freed pages; the WAL, which still holds the old
        pages, is checkpointed and truncated; the attachment files are overwritten.
        """
        now = self._clock()
        with self._tx() as conn:
            files = [
                self._blob_path(submission_id, sha)
                for (sha,) in conn.execute(
                    "SELECT sha256 FROM attachments WHERE submission_id = ?", (submission_id,)
                )
            ]
            conn.execute(
                "UPDATE submissions SET state = ?, acceptance_no = ?, acknowledged_at = ?,"
                " last_error = NULL, updated_at = ?, envelope = X'', bytes = ? WHERE id = ?",
                (State.ACKNOWLEDGED.value, acceptance_no, now, now, ROW_OVERHEAD, submission_id),
            )
            conn.execute("DELETE FROM attachments WHERE submission_id = ?", (submission_id,))
        # Row first, files second: a crash in between leaves orphans, which recovery removes.
        for f in files:
            shred_quiet(f)
        if files:
            fsync_dir(self.blob_dir)
        self._truncate_wal()

    def _truncate_wal(self) -> None:
        """Copy the WAL into the database and cut it to zero bytes (old page images go).

        Best effort: a reader in another process can hold the checkpoint back; the
        next acknowledgement (or start-up) tries again.
        """
        with self._lock:
            try:
                busy = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            except sqlite3.Error as e:
                log.warning("outbox WAL checkpoint failed: %s", e)
                return
        if busy:
            log.info("outbox WAL checkpoint deferred: another connection is reading")

    def mask_known(self, submission_id: str, text: str) -> str:
        """``text`` with every name and number this submission's applicant carries masked.

        A platform's refusal may echo the applicant ("王小明 already has …"); after
        the session's wipe nothing else knows those values, so the outbox masks them
        before an error is stored in ``last_error`` or logged.
        """
        text = redact(text)  # ID numbers first, in their usual 6+4 form
        try:
            env = self.load_envelope(submission_id)
        except QueueError:
            return text
        values = [v for v in (env.applicant or {}).values() if isinstance(v, str | int)]
        values += [v for k, v in env.form.items() if _PERSONAL_FIELD.search(str(k))]
        for v in sorted({str(x).strip() for x in values}, key=len, reverse=True):
            if len(v) >= 2 and v in text:
                text = text.replace(v, v[0] + "*" * (len(v) - 1))
        return text

    def mark_retry(
        self, submission_id: str, error: str, next_attempt_at: float, *, count_attempt: bool = True
    ) -> None:
        """Back to pending, due at ``next_attempt_at``.

        ``count_attempt=False`` for failures that are not this submission's (platform
        unreachable, bad token): they must not inflate its backoff.
        """
        with self._tx() as conn:
            conn.execute(
                "UPDATE submissions SET state = ?, last_error = ?, next_attempt_at = ?,"
                " updated_at = ?, attempts = MAX(attempts - ?, 0) WHERE id = ? AND state = ?",
                (
                    State.PENDING.value,
                    self.mask_known(submission_id, error),
                    next_attempt_at,
                    self._clock(),
                    0 if count_attempt else 1,
                    submission_id,
                    State.SENDING.value,
                ),
            )

    def mark_dead(self, submission_id: str, reason: str) -> None:
        reason = self.mask_known(submission_id, reason)
        with self._tx() as conn:
            conn.execute(
                "UPDATE submissions SET state = ?, last_error = ?, updated_at = ? WHERE id = ?",
                (State.DEAD.value, reason, self._clock(), submission_id),
            )
        log.warning("submission %s is dead: %s", submission_id, reason)

    def retry(self, submission_id: str) -> SubmissionInfo:
        """Put a dead (or backed-off pending) submission back in line, due now."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT state FROM submissions WHERE id = ?", (submission_id,)
            ).fetchone()
            if row is None:
                raise SubmissionNotFound(f"no submission {submission_id!r} in the outbox")
            if row[0] not in (State.DEAD.value, State.PENDING.value):
                raise QueueError(
                    f"submission {submission_id} is {row[0]}; only dead or pending ones can be retried",
                    "该申请无需重新提交。",
                )
            conn.execute(
                "UPDATE submissions SET state = ?, next_attempt_at = 0, updated_at = ?,"
                " attempts = CASE WHEN state = ? THEN 0 ELSE attempts END WHERE id = ?",
                (State.PENDING.value, self._clock(), State.DEAD.value, submission_id),
            )
        for cb in list(self._listeners):
            with contextlib.suppress(Exception):
                cb()
        return self.get(submission_id)

    # --- recovery and purge -------------------------------------------------------------

    def recover(self) -> RecoveryReport:
        """Start-up recovery: ``sending`` → ``pending``; remove orphan and temp files.

        Only the holder of the sync worker's lock may call this (no other worker can
        be sending). It waits for enqueues in flight in any process (exclusive flock),
        so a file whose row is about to commit is never taken for an orphan.
        """
        with self._enqueue_lock(exclusive=True):
            with self._tx() as conn:
                requeued = conn.execute(
                    "UPDATE submissions SET state = ?, updated_at = ? WHERE state = ?",
                    (State.PENDING.value, self._clock(), State.SENDING.value),
                ).rowcount
                # Acknowledged rows of an outbox from before the purge at acknowledgement
                # still hold their data: purge it now (their files become orphans).
                legacy = conn.execute(
                    "UPDATE submissions SET envelope = X'', bytes = ? WHERE state = ?"
                    " AND length(envelope) > 0",
                    (ROW_OVERHEAD, State.ACKNOWLEDGED.value),
                ).rowcount
                conn.execute(
                    "DELETE FROM attachments WHERE submission_id IN"
                    " (SELECT id FROM submissions WHERE state = ?)",
                    (State.ACKNOWLEDGED.value,),
                )
                known = {
                    f"{sid}.{sha}"
                    for sid, sha in conn.execute("SELECT submission_id, sha256 FROM attachments")
                }
            temps = orphans = 0
            for entry in os.scandir(self.blob_dir):
                if entry.name.startswith(TMP_PREFIX):
                    temps += unlink_quiet(Path(entry.path))
                elif entry.name not in known:
                    orphans += shred_quiet(Path(entry.path))
            if temps or orphans:
                fsync_dir(self.blob_dir)
        if legacy:
            self._truncate_wal()
        report = RecoveryReport(requeued, orphans, temps)
        if requeued or temps or orphans:
            log.info(
                "outbox recovery: %d requeued, %d orphan files, %d temp files removed",
                requeued,
                orphans,
                temps,
            )
        return report

    def purge_expired(self) -> int:
        """Delete acknowledged tombstones older than the retention; returns how many.

        Their data went at acknowledgement; this removes the bookkeeping (and the files
        of a tombstone left by an outbox from before the purge at acknowledgement).
        """
        cutoff = self._clock() - self.retention_s
        with self._tx() as conn:
            ids = [
                r[0]
                for r in conn.execute(
                    "SELECT id FROM submissions WHERE state = ? AND acknowledged_at <= ?",
                    (State.ACKNOWLEDGED.value, cutoff),
                )
            ]
            files = [
                self._blob_path(sid, sha)
                for sid in ids
                for (sha,) in conn.execute(
                    "SELECT sha256 FROM attachments WHERE submission_id = ?", (sid,)
                )
            ]
            conn.executemany("DELETE FROM attachments WHERE submission_id = ?", [(i,) for i in ids])
            conn.executemany("DELETE FROM submissions WHERE id = ?", [(i,) for i in ids])
        # Row first, files second: a crash in between leaves orphans, which recovery removes.
        for f in files:
            shred_quiet(f)
        if files:
            fsync_dir(self.blob_dir)
        return len(ids)
