"""Outbox integrity: check the database, and salvage a damaged one.

A street terminal loses power, and its flash storage wears. A damaged
``outbox.db`` must neither crash-loop the terminal (it is restarted by systemd)
nor, worse, let it run on silently while applications whose residents were told
"已安全保存" never leave. So:

* :func:`quick_check` runs ``PRAGMA quick_check`` (at start-up and periodically).
* :func:`salvage` quarantines the damaged files (moved aside, never deleted), lets
  SQLite's own recovery (the ``sqlite3`` CLI's ``.recover``) copy every readable row
  into a new ``outbox.db``, checks that the new file is sound, and lists the rows
  that could not be salvaged - their ids, services and times only (ids are known
  from the sealed attachment files and from the pages recovery could not place),
  never personal data: the envelopes are sealed and are not looked at.

This module imports nothing of the terminal's (like the rest of ``offline_queue``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import logging
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from offline_queue.ids import ID_RE, id_time

log = logging.getLogger(__name__)

#: The files of one SQLite database in WAL mode.
DB_SUFFIXES = ("", "-wal", "-shm")
QUARANTINE_DIR = "quarantine"
LOCK_NAME = "integrity.lock"
_SERVICE_RE = re.compile(r"^[A-Z0-9-]{3,32}$")
_ID_IN_TEXT = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")


class SalvageFailed(Exception):
    """The damaged outbox could not be salvaged into a sound new one."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class LostRow:
    """A submission that could not be salvaged (technical facts only)."""

    id: str
    service_code: str = ""  # "" when the damaged pages did not say
    created_at: float | None = None  # from the id itself (its first 10 characters)

    def describe(self) -> str:
        when = (
            dt.datetime.fromtimestamp(self.created_at).isoformat(timespec="seconds")
            if self.created_at is not None
            else "?"
        )
        return f"{self.id} ({self.service_code or 'service ?'}, {when})"


@dataclass
class SalvageReport:
    """What happened to a damaged outbox."""

    problem: str
    quarantine: Path
    salvaged: int = 0
    lost: list[LostRow] = field(default_factory=list)
    sound: bool = False

    def alert(self) -> str:
        """The technician alert (no personal data)."""
        text = (
            f"outbox damaged ({self.problem}); quarantined in {self.quarantine}; "
            f"{self.salvaged} submission(s) salvaged"
        )
        if self.lost:
            text += f"; {len(self.lost)} NOT salvaged: " + ", ".join(
                r.describe() for r in self.lost
            )
        if not self.sound:
            text += "; the new outbox is not sound, no applications are accepted"
        return text


def quick_check(db: Path, timeout_s: float = 30) -> str | None:
    """``None`` when ``db`` is sound (or absent), else what SQLite found wrong."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(db, timeout=timeout_s)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        return str(e)
    messages = [str(r[0]) for r in rows]
    if messages == ["ok"]:
        return None
    return "; ".join(messages[:3]) + (f" (+{len(messages) - 3} more)" if len(messages) > 3 else "")


@contextlib.contextmanager
def _exclusive(directory: Path) -> Iterator[None]:
    """One process at a time checks and salvages (the terminal and a CLI tool)."""
    fd = os.open(directory / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def ensure_sound(
    directory: Path, db_name: str, blob_dir: Path, tool: str = "sqlite3"
) -> SalvageReport | None:
    """Check the outbox database; salvage it if damaged. ``None``: it was sound.

    Raises :class:`SalvageFailed` when the damage cannot even be worked around
    (the recovery tool is missing, the disk is full); the damaged file is then
    quarantined all the same, so the next start begins with an empty outbox
    rather than the same crash.
    """
    db = directory / db_name
    if not db.exists():
        return None
    with _exclusive(directory):
        problem = quick_check(db)
        if problem is None:
            return None
        log.error("outbox %s is damaged: %s", db, problem)
        return salvage(directory, db_name, blob_dir, problem, tool)


def _quarantine(directory: Path, db_name: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    target = directory / QUARANTINE_DIR / stamp
    n = 1
    while target.exists():
        n += 1
        target = directory / QUARANTINE_DIR / f"{stamp}-{n}"
    target.mkdir(parents=True, mode=0o700)
    for suffix in DB_SUFFIXES:
        src = directory / (db_name + suffix)
        if src.exists():
            os.replace(src, target / src.name)  # same file system: a rename, kept whole
    _fsync_dir(target)
    _fsync_dir(directory)
    return target


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _working_copy(quarantined: Path, db_name: str, tmp: Path) -> Path:
    for suffix in DB_SUFFIXES:
        src = quarantined / (db_name + suffix)
        if src.exists():
            shutil.copy2(src, tmp / src.name)
    return tmp / db_name


def _recover_with_cli(copy: Path, new: Path, tool: str) -> bool:
    """SQLite's own ``.recover`` into ``new``; False if the CLI cannot do it here.

    Debian 12's ``sqlite3`` 3.40.1 answers every ``.recover`` with "SQL logic
    error" (its library lacks the ``sqlite_dbpage`` table the command needs), so
    :func:`_recover_rowwise` does the work there.
    """
    exe = shutil.which(tool)
    if exe is None:
        log.warning("%s not found: salvaging row by row", tool)
        return False
    done = subprocess.run(
        [exe, str(copy), ".recover"], capture_output=True, timeout=300, check=False
    )
    if done.returncode != 0 or b"INSERT" not in done.stdout:
        log.warning(
            "%s .recover failed (%s): salvaging row by row",
            tool,
            done.stderr.decode(errors="replace").strip()[:200],
        )
        return False
    conn = sqlite3.connect(new, isolation_level=None)
    try:
        # Text from damaged pages may not be UTF-8; the rows that matter are hex blobs.
        conn.executescript(done.stdout.decode("utf-8", errors="replace"))
        if conn.in_transaction:  # the script may leave its transaction open
            conn.execute("COMMIT")
    finally:
        conn.close()
    return True


def _partial(conn: sqlite3.Connection, sql: str) -> list[tuple[object, ...]]:
    """Rows of ``sql`` up to the first damaged page."""
    out: list[tuple[object, ...]] = []
    try:
        for row in conn.execute(sql):
            out.append(tuple(row))
    except sqlite3.DatabaseError:
        pass
    return out


def _recover_rowwise(copy: Path, new: Path) -> None:
    """Copy every row SQLite can still reach, one by one, into ``new``.

    Row ids are gathered from a scan of each table (up to the damage) and from
    each of its indexes (which reach rows beyond it); each row is then read on
    its own, so one damaged page loses only the rows on it. The running-total
    table and its triggers are left out: the outbox rebuilds them on open.
    """
    src = sqlite3.connect(copy, isolation_level=None)
    try:
        # Lets SQLite open a file shorter than its header says (a truncated one).
        src.execute("PRAGMA writable_schema = ON")
        schema = src.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        ).fetchall()
        dst = sqlite3.connect(new, isolation_level=None)
        try:
            dst.execute("BEGIN")
            keep = [r for r in schema if not str(r[2]).startswith("outbox_total")]
            for kind in ("table", "index"):
                for _type, _name, _tbl, sql in (r for r in keep if r[0] == kind):
                    dst.execute(sql)
            for _type, table, _tbl, _sql in (r for r in keep if r[0] == "table"):
                _copy_table(
                    src, dst, table, [r[1] for r in keep if r[0] == "index" and r[2] == table]
                )
            dst.execute("COMMIT")
        finally:
            dst.close()
    except sqlite3.DatabaseError as e:
        raise SalvageFailed(f"the schema itself is unreadable: {e}") from None
    finally:
        src.close()


def _copy_table(
    src: sqlite3.Connection, dst: sqlite3.Connection, table: str, indexes: list[str]
) -> None:
    q = '"' + table.replace('"', '""') + '"'
    rowids = {r[0] for r in _partial(src, f"SELECT rowid FROM {q}")}
    autoindex = [
        str(r[0])
        for r in _partial(
            src, f"SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='{table}'"
        )
    ]
    for index in {*indexes, *autoindex}:
        iq = '"' + index.replace('"', '""') + '"'
        rowids |= {r[0] for r in _partial(src, f"SELECT rowid FROM {q} INDEXED BY {iq}")}
    cols = [str(r[1]) for r in src.execute(f"PRAGMA table_info({q})")]
    names = ", ".join('"' + c.replace('"', '""') + '"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    for rowid in sorted(rowids, key=lambda v: (str(type(v)), v)):
        try:
            row = src.execute(f"SELECT {names} FROM {q} WHERE rowid = ?", (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            continue  # on a damaged page: lost
        if row is not None:
            dst.execute(f"INSERT OR IGNORE INTO {q} ({names}) VALUES ({marks})", row)


def _known_ids(copy: Path) -> set[str]:
    """Submission ids the damaged file still names anywhere (table scan, indexes)."""
    ids: set[str] = set()
    try:
        conn = sqlite3.connect(copy)
    except sqlite3.DatabaseError:
        return ids
    try:
        conn.execute("PRAGMA writable_schema = ON")
        names = [
            str(r[0])
            for r in _partial(
                conn, "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='submissions'"
            )
        ]
        ids |= {str(r[0]) for r in _partial(conn, "SELECT id FROM submissions")}
        for index in names:
            iq = '"' + index.replace('"', '""') + '"'
            ids |= {
                str(r[0]) for r in _partial(conn, f"SELECT id FROM submissions INDEXED BY {iq}")
            }
    finally:
        conn.close()
    return {i for i in ids if ID_RE.match(i)}


def salvage(
    directory: Path, db_name: str, blob_dir: Path, problem: str, tool: str = "sqlite3"
) -> SalvageReport:
    """Quarantine the damaged database and rebuild it from what SQLite can read."""
    quarantined = _quarantine(directory, db_name)
    report = SalvageReport(problem, quarantined)
    new = directory / (db_name + ".salvage")
    with contextlib.suppress(FileNotFoundError):
        new.unlink()
    try:
        # Recovery works on a copy: the quarantined files stay exactly as found.
        with tempfile.TemporaryDirectory(prefix="outbox-recover-") as tmp:
            copy = _working_copy(quarantined, db_name, Path(tmp))
            known = _known_ids(copy)
            if not _recover_with_cli(copy, new, tool):
                with contextlib.suppress(FileNotFoundError):
                    new.unlink()
                _recover_rowwise(copy, new)
        conn = sqlite3.connect(new, isolation_level=None)
        try:
            salvaged_ids, lost_found = _read_salvage(conn)
            conn.execute("DROP TABLE IF EXISTS lost_and_found")
            conn.execute("VACUUM")
        finally:
            conn.close()
    except (sqlite3.Error, OSError, subprocess.SubprocessError) as e:
        with contextlib.suppress(OSError):
            new.unlink()
        raise SalvageFailed(f"salvaged rows could not be written: {e}") from None
    report.salvaged = len(salvaged_ids)
    report.lost = _lost_rows(salvaged_ids, lost_found, blob_dir, known)
    if quick_check(new) is None:
        os.replace(new, directory / db_name)
        _fsync_dir(directory)
        report.sound = True
    log.error("outbox salvage: %s", report.alert())
    return report


def _read_salvage(conn: sqlite3.Connection) -> tuple[set[str], list[tuple[object, ...]]]:
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    ids: set[str] = set()
    if "submissions" in tables:
        ids = {str(r[0]) for r in conn.execute("SELECT id FROM submissions")}
    lost: list[tuple[object, ...]] = []
    if "lost_and_found" in tables:
        lost = [tuple(r) for r in conn.execute("SELECT * FROM lost_and_found")]
    return ids, lost


def _lost_rows(
    salvaged: set[str], lost_found: list[tuple[object, ...]], blob_dir: Path, known: set[str]
) -> list[LostRow]:
    """Submissions known to have existed (indexes, files, orphaned pages) but not salvaged."""
    services: dict[str, str] = dict.fromkeys(known, "")
    for row in lost_found:
        texts = [v for v in row if isinstance(v, str)]
        for v in texts:
            if ID_RE.match(v):
                service = next((t for t in texts if _SERVICE_RE.match(t) and t != v), "")
                services.setdefault(v, service)
    if blob_dir.is_dir():
        for f in blob_dir.iterdir():
            m = _ID_IN_TEXT.match(f.name)
            if m and "." in f.name:
                services.setdefault(m.group(0), "")
    out = []
    for sid in sorted(set(services) - salvaged):
        try:
            created: float | None = id_time(sid)
        except ValueError:
            created = None
        out.append(LostRow(sid, services[sid], created))
    return out
