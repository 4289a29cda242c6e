"""Append-only, hash-chained audit log.

Each line is a JSON object ``{seq, ts, event, data, prev, hash}`` where ``hash`` is
the SHA-256 of the canonical JSON of the other fields. ``prev`` is the previous
line's hash, so changing or deleting any line breaks the chain. Deleting the *last*
lines cannot be seen from the chain alone, so a small head file records the
latest ``seq`` and ``hash``; :func:`verify` checks the log against it.

The audit log never holds personal data: callers pass event names and technical
facts (device names, package versions, session ids), and every string value is
additionally run through the masking of :mod:`kiosk.privacy`.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kiosk.privacy import scrub_text

GENESIS = "0" * 64

log = logging.getLogger(__name__)


def _canonical(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _hash(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    return hashlib.sha256(_canonical(body)).hexdigest()


def _tail_of(fd: int) -> tuple[int, str]:
    """(seq, hash) of the last complete line of the open log, reading backwards."""
    size = os.lseek(fd, 0, os.SEEK_END)
    if size == 0:
        return 0, GENESIS
    block = 4096
    end = size
    buf = b""
    while end > 0:
        start = max(0, end - block)
        buf = os.pread(fd, end - start, start) + buf
        end = start
        lines = [ln for ln in buf.split(b"\n") if ln.strip()]
        # Need one complete line: either we hold two, or we reached the file start.
        if len(lines) >= 2 or end == 0:
            for raw in reversed(lines):
                try:
                    rec = json.loads(raw)
                    return int(rec.get("seq", 0)), str(rec.get("hash", GENESIS))
                except (json.JSONDecodeError, ValueError):
                    continue  # a torn last line from a crash: verify() reports it
            if end == 0:
                break
    return 0, GENESIS


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {str(k): _scrub(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_scrub(v) for v in value]
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return scrub_text(str(value))


@dataclass(frozen=True)
class AuditProblem:
    line: int
    reason: str


@dataclass
class AuditReport:
    entries: int = 0
    problems: list[AuditProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class PendingEvent:
    """An event whose write failed (disk full, I/O error): kept in memory, retried."""

    ts: str
    event: str
    data: dict[str, Any]


class AuditWriteFailed(OSError):
    """Internal: one append could not reach the disk (the log was left as it was)."""


class AuditLog:
    """Writer for the audit log. Thread-safe within a process; appends are fsynced.

    An append never raises for a failed write: the terminal must go on wiping
    sessions and changing screens when the disk is full. The event is kept in
    memory (:attr:`pending`, bounded) with the time it happened, the log and its
    head are left exactly as they were (a half-written line is cut off again), and
    every later append - or :meth:`retry` - first writes what is pending, in
    order, so the chain stays verifiable and nothing is silently lost.
    """

    #: Events kept in memory while writes fail; older ones beyond this are counted.
    MAX_PENDING = 1000

    def __init__(self, path: Path) -> None:
        self.path = path
        self.head_path = path.with_suffix(path.suffix + ".head")
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._pending: list[PendingEvent] = []
        #: Events dropped because :attr:`MAX_PENDING` was reached (written as a count).
        self.dropped = 0
        #: Technician detail of the latest failed write, ``None`` once writes work.
        self.last_error: str | None = None
        self._seq, self._prev = self._read_tail()

    def _read_tail(self) -> tuple[int, str]:
        if not self.path.exists():
            return 0, GENESIS
        last: dict[str, Any] | None = None
        with self.path.open("rb") as f:
            for raw in f:
                raw = raw.strip()
                if not raw:
                    continue
                try:
                    last = json.loads(raw)
                except json.JSONDecodeError:
                    continue  # a torn final line from a crash; verify() reports it
        if last is None:
            return 0, GENESIS
        return int(last.get("seq", 0)), str(last.get("hash", GENESIS))

    @property
    def pending(self) -> list[PendingEvent]:
        """Events not yet on disk (oldest first)."""
        with self._lock:
            return list(self._pending)

    def append(self, event: str, **data: Any) -> dict[str, Any] | None:
        """Append one event. ``data`` must be JSON-serialisable technical facts.

        Several writers may share the file (the running terminal and a CLI tool):
        an exclusive lock is taken and the chain's tail is re-read under it, so
        each line links to the one really before it.

        Returns the written record, or ``None`` when the write failed and the
        event was kept for a retry (see the class docstring).
        """
        pending = PendingEvent(_now(), event, _scrub(data))
        with self._lock:
            self._pending.append(pending)
            if len(self._pending) > self.MAX_PENDING:
                del self._pending[0]
                self.dropped += 1
            written = self._flush_locked()
        return written.get(id(pending))

    def retry(self) -> int:
        """Write what is pending; returns how many events are still waiting."""
        with self._lock:
            if self._pending or self.dropped:
                self._flush_locked()
            return len(self._pending)

    def _flush_locked(self) -> dict[int, dict[str, Any]]:
        written: dict[int, dict[str, Any]] = {}
        try:
            if self.dropped:
                lost = PendingEvent(_now(), "audit_events_lost", {"count": self.dropped})
                self._write_one(lost)
                self.dropped = 0
            while self._pending:
                item = self._pending[0]
                written[id(item)] = self._write_one(item)
                self._pending.pop(0)
        except OSError as e:
            if self.last_error is None:
                log.error(
                    "audit log write failed, %d event(s) kept in memory: %s", len(self._pending), e
                )
            self.last_error = f"{type(e).__name__}: {e}"
            return written
        if self.last_error is not None:
            log.warning("audit log writable again; pending events written")
            self.last_error = None
        return written

    def _write_one(self, item: PendingEvent) -> dict[str, Any]:
        """Write one line and the head, or leave both as they were and raise OSError."""
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            size = os.lseek(fd, 0, os.SEEK_END)
            seq, prev = _tail_of(fd)
            record: dict[str, Any] = {
                "seq": seq + 1,
                "ts": item.ts,
                "event": item.event,
                "data": item.data,
                "prev": prev,
            }
            record["hash"] = _hash(record)
            line = (json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode()
            try:
                view = memoryview(line)
                while view:
                    n = os.write(fd, view)
                    view = view[n:]
                os.fsync(fd)
                self._write_head(record["seq"], record["hash"])
            except OSError:
                # Cut a partial line (or one the head does not know) off again, so
                # the chain and the head agree and the retry writes it whole.
                try:
                    os.ftruncate(fd, size)
                    os.fsync(fd)
                except OSError:
                    log.debug("audit: truncating a failed write failed", exc_info=True)
                raise
        finally:
            os.close(fd)  # also releases the lock
        self._seq, self._prev = record["seq"], record["hash"]
        return record

    def _write_head(self, seq: int, digest: str) -> None:
        tmp = self.head_path.with_suffix(".tmp")
        try:
            with tmp.open("w") as f:
                json.dump({"seq": seq, "hash": digest}, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.head_path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def verify(path: Path) -> AuditReport:
    """Check every line's hash, the chain, the sequence and the head file."""
    report = AuditReport()
    prev, expected_seq = GENESIS, 1
    if not path.exists():
        report.problems.append(AuditProblem(0, f"audit log not found: {path}"))
        return report
    with path.open("rb") as f:
        for lineno, raw in enumerate(f, start=1):
            if not raw.strip():
                report.problems.append(AuditProblem(lineno, "empty line"))
                continue
            try:
                rec = json.loads(raw)
            except json.JSONDecodeError:
                report.problems.append(AuditProblem(lineno, "not valid JSON (torn or edited)"))
                continue
            report.entries += 1
            if rec.get("hash") != _hash(rec):
                report.problems.append(AuditProblem(lineno, "content modified (hash mismatch)"))
            if rec.get("prev") != prev:
                report.problems.append(
                    AuditProblem(lineno, "chain broken: previous line deleted, moved or modified")
                )
            if rec.get("seq") != expected_seq:
                report.problems.append(
                    AuditProblem(
                        lineno, f"sequence {rec.get('seq')} where {expected_seq} was expected"
                    )
                )
            prev = str(rec.get("hash"))
            expected_seq = int(rec.get("seq", expected_seq)) + 1
    head_path = path.with_suffix(path.suffix + ".head")
    if head_path.exists():
        try:
            head = json.loads(head_path.read_text())
            if head.get("hash") != prev or head.get("seq") != expected_seq - 1:
                report.problems.append(
                    AuditProblem(
                        report.entries,
                        f"log ends at seq {expected_seq - 1} but the head records seq "
                        f"{head.get('seq')}: lines at the end were deleted or replaced",
                    )
                )
        except (json.JSONDecodeError, OSError):
            report.problems.append(AuditProblem(0, "head file unreadable"))
    elif report.entries:
        report.problems.append(AuditProblem(0, "head file missing"))
    return report
