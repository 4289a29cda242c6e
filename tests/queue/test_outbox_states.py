"""The outbox's bookkeeping, state by state, with exact values (issue 25, mutation score).

Every read-back is a whole :class:`SubmissionInfo` (or :class:`QueueStats`) compared
for equality under a controlled clock, so a swapped column, a dropped ``or 0.0`` or a
wrong default shows. The sync worker's calls (claim, retry, uploaded flags, schedule
clamp, per-connector counts) are exercised here directly, on real SQLite files,
instead of only through the slower end-to-end sync tests.
"""

from __future__ import annotations

import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from offline_queue.crypto import attachment_aad
from offline_queue.errors import QueueError, SubmissionNotFound, TamperedData
from offline_queue.models import (
    AttachmentIn,
    AttachmentInfo,
    QueueStats,
    RecoveryReport,
    State,
    SubmissionInfo,
)
from offline_queue.outbox import ENQUEUE_LOCK, ROW_OVERHEAD, Outbox
from tests.queue.conftest import ID_NUMBER, KIOSK, NAME, sha

LOGGER = "offline_queue.outbox"
SCAN = b"scan of a document" * 10


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, t: float = 1_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def _without_the_terminals_log_handlers() -> Iterator[None]:
    """The exact log lines here are the outbox's own, as written.

    A terminal built by an earlier test in the process leaves its root handlers,
    whose masking filter rewrites each record in place before caplog sees it (a
    submission id looks like a number to mask), and the root logger at INFO, which
    lets lines from before a test's ``caplog.at_level`` block in. Both are put back.
    """
    root = logging.getLogger()
    theirs = [h for h in root.handlers if getattr(h, "_kiosk", False)]
    level = root.level
    for h in theirs:
        root.removeHandler(h)
    root.setLevel(logging.WARNING)  # Python's default
    try:
        yield
    finally:
        root.setLevel(level)
        for h in theirs:
            root.addHandler(h)


@pytest.fixture
def ob(make_outbox: Callable[..., Outbox], clock: Clock) -> Outbox:
    return make_outbox(clock=clock, retention_s=100.0)


def _enqueue(ob: Outbox, n: int, connector: str = "") -> str:
    return ob.enqueue(
        "ZM-1",
        KIOSK,
        {"n": n},
        {"name": NAME},
        [AttachmentIn("scan.jpg", "image/jpeg", SCAN + bytes([n]))],
        connector=connector,
    )


def _stored_bytes(ob: Outbox, sid: str) -> int:
    """What enqueue must have counted: the sealed row, the sealed files, the overhead."""
    (env_len,) = ob._conn.execute(
        "SELECT length(envelope) FROM submissions WHERE id = ?", (sid,)
    ).fetchone()
    files = sum(p.stat().st_size for p in ob.blob_dir.iterdir() if p.name.startswith(sid))
    return env_len + files + ROW_OVERHEAD


def _info(ob: Outbox, sid: str, n: int, **changes: object) -> SubmissionInfo:
    """The SubmissionInfo of a fresh ``_enqueue(ob, n)`` at 1000.0, with ``changes``."""
    fields: dict = {
        "id": sid,
        "service_code": "ZM-1",
        "kiosk_id": KIOSK,
        "created_at": 1_000.0,
        "state": State.PENDING,
        "attempts": 0,
        "next_attempt_at": 0.0,
        "last_error": None,
        "acceptance_no": None,
        "acknowledged_at": None,
        "bytes": _stored_bytes(ob, sid),
        "attachments": (AttachmentInfo(sha(SCAN + bytes([n])), len(SCAN) + 1, False),),
        "connector": "",
    }
    fields.update(changes)
    return SubmissionInfo(**fields)


# --- reading back -----------------------------------------------------------------------


def test_each_state_reads_back_field_by_field(ob: Outbox, clock: Clock) -> None:
    sid = _enqueue(ob, 1, connector="lane-a")
    pending = _info(ob, sid, 1, connector="lane-a")
    assert ob.get(sid) == pending
    clock.t = 1_010.0
    assert ob.claim_due(5) == [replace(pending, state=State.SENDING, attempts=1)]
    clock.t = 1_020.0
    ob.mark_retry(sid, "HTTP 503", 2_000.5)
    assert ob.get(sid) == _info(
        ob, sid, 1, connector="lane-a", attempts=1, next_attempt_at=2_000.5, last_error="HTTP 503"
    )
    ob.claim_due(5, ignore_backoff=True)
    clock.t = 1_030.0
    ob.mark_acknowledged(sid, "SL-2026-1")
    assert ob.get(sid) == SubmissionInfo(
        id=sid,
        service_code="ZM-1",
        kiosk_id=KIOSK,
        created_at=1_000.0,
        state=State.ACKNOWLEDGED,
        attempts=2,
        next_attempt_at=2_000.5,
        last_error=None,
        acceptance_no="SL-2026-1",
        acknowledged_at=1_030.0,
        bytes=ROW_OVERHEAD,
        attachments=(),
        connector="lane-a",
    )
    assert ob.get(sid).to_dict()["state"] == "acknowledged"


def test_unknown_ids_name_themselves(ob: Outbox) -> None:
    for call in (ob.get, ob.envelope_bytes, ob.retry):
        with pytest.raises(SubmissionNotFound) as e:
            call("01NOSUCH000000000000000000")
        assert e.value.detail == "no submission '01NOSUCH000000000000000000' in the outbox"


def _bulk_rows(ob: Outbox, n: int) -> list[str]:
    """``n`` rows with one attachment row each, written in one transaction (list() and
    the attachment chunking only read the tables; enqueueing 500 would fsync 1,500 times)."""
    ids = [f"01BULK{i:020d}" for i in range(n)]
    with ob._tx() as conn:
        conn.executemany(
            "INSERT INTO submissions (id, service_code, kiosk_id, created_at, state, envelope,"
            " bytes, attempts, next_attempt_at, updated_at) VALUES (?, 'S', 'K', 1, ?, X'00',"
            " 1, 0, 0, 1)",
            [(i, State.PENDING.value if k % 2 else State.DEAD.value) for k, i in enumerate(ids)],
        )
        conn.executemany(
            "INSERT INTO attachments (submission_id, sha256, size, uploaded) VALUES (?, ?, ?, ?)",
            [(i, f"{k:064x}", k, k % 3 == 0) for k, i in enumerate(ids)],
        )
    return ids


def test_attachments_are_read_in_chunks_of_500_each_row_exactly_once(ob: Outbox) -> None:
    ids = _bulk_rows(ob, 502)
    got = ob.list(limit=1_000)
    assert [i.id for i in got] == ids
    assert [i.attachments for i in got] == [
        (AttachmentInfo(f"{k:064x}", k, k % 3 == 0),) for k in range(502)
    ]


def test_list_is_oldest_first_filtered_by_state_and_limited(ob: Outbox) -> None:
    ids = _bulk_rows(ob, 205)
    assert [i.id for i in ob.list()] == ids[:100]  # the default limit
    assert [i.id for i in ob.list(State.DEAD, limit=3)] == [ids[0], ids[2], ids[4]]
    assert [i.id for i in ob.list(State.PENDING, limit=500)] == ids[1::2]
    assert ob.list(State.ACKNOWLEDGED) == []


def test_stats_count_every_state_and_age_the_oldest_unsent(ob: Outbox, clock: Clock) -> None:
    empty = ob.stats()
    assert (empty.pending, empty.sending, empty.oldest_pending_age_s) == (0, 0, None)
    a = _enqueue(ob, 1)
    clock.t = 1_100.0
    b, c, d = _enqueue(ob, 2), _enqueue(ob, 3), _enqueue(ob, 4)
    ob.claim_due(1)  # a is sending: still unsent, still the oldest
    clock.t = 1_200.0
    ob.claim_due(1)
    ob.mark_acknowledged(b, "SL-B")
    ob.mark_dead(c, "refused")
    clock.t = 1_234.5
    assert ob.stats() == QueueStats(
        pending=1,
        sending=1,
        acknowledged=1,
        dead=1,
        oldest_pending_age_s=234.5,
        bytes_on_disk=ob.bytes_used(),
        max_bytes=2_000_000_000,
    )
    assert ob.bytes_used() == sum(ob.get(s).bytes for s in (a, b, c, d)) + ob._db_file_bytes()
    clock.t = 999.5  # the wall clock stepped back (NTP): an age is never negative
    assert ob.stats().oldest_pending_age_s == 0.0


# --- the sync worker's calls ----------------------------------------------------------


def test_claim_due_honours_backoff_connector_and_untouched_since(ob: Outbox, clock: Clock) -> None:
    a, b = _enqueue(ob, 1, "lane-a"), _enqueue(ob, 2, "lane-b")
    clock.t = 1_005.0
    c = _enqueue(ob, 3, "lane-a")
    assert [i.id for i in ob.claim_due(1)] == [a]  # oldest first, up to the limit
    assert [i.id for i in ob.claim_due(5)] == [b, c]
    for sid, due in ((a, 1_500.0), (b, 1_500.0), (c, 1_600.0)):
        ob.mark_retry(sid, "later", due)
    assert ob.claim_due(10) == []  # not due at 1005 (by the outbox's clock)
    assert ob.claim_due(10, due_by=1_499.9) == []
    assert [i.id for i in ob.claim_due(10, connector="lane-a", due_by=1_500.0)] == [a]
    assert [i.id for i in ob.claim_due(10, ignore_backoff=True, connector="lane-b")] == [b]
    ob.mark_retry(a, "later", 0.0)
    ob.mark_retry(b, "later", 0.0)
    # Touched at 1005 (the retries): "untouched since 1005" skips them, since 1005.1 not.
    assert ob.claim_due(10, ignore_backoff=True, untouched_since=1_005.0) == []
    claimed = ob.claim_due(2, ignore_backoff=True, untouched_since=1_005.1)
    assert [(i.id, i.state, i.attempts) for i in claimed] == [
        (a, State.SENDING, 3),
        (b, State.SENDING, 3),
    ]
    clock.t = 1_600.0
    assert [i.id for i in ob.claim_due(10)] == [c]  # due by the outbox's own clock now


def test_next_due_at_is_the_earliest_pending_retry_per_connector(ob: Outbox) -> None:
    assert ob.next_due_at() is None
    a, b, c = _enqueue(ob, 1, "lane-a"), _enqueue(ob, 2, "lane-b"), _enqueue(ob, 3, "lane-a")
    ob.claim_due(3)
    ob.mark_retry(a, "x", 1_300)
    ob.mark_retry(b, "x", 1_200.25)
    assert ob.next_due_at() == 1_200.25  # c is sending: not pending, not counted
    assert ob.next_due_at("lane-a") == 1_300.0 and isinstance(ob.next_due_at("lane-a"), float)
    assert ob.next_due_at("lane-c") is None
    ob.mark_retry(c, "x", 1_250)
    assert ob.next_due_at("lane-a") == 1_250.0


def test_pending_by_connector_counts_unsent_only(ob: Outbox) -> None:
    assert ob.pending_by_connector() == {}
    lanes = ["", "", "lane-a", "lane-a", "lane-b"]
    _a, _b, c, d, _e = (_enqueue(ob, n, lane) for n, lane in enumerate(lanes))
    ob.claim_due(1)  # the first is sending: unsent all the same
    ob.claim_due(10, connector="lane-a")
    ob.mark_acknowledged(c, "SL")
    ob.mark_dead(d, "refused")
    assert ob.pending_by_connector() == {"": 2, "lane-b": 1}


def test_clamp_schedule_brings_only_far_future_pending_rows_forward(ob: Outbox) -> None:
    a, b, c = _enqueue(ob, 1), _enqueue(ob, 2), _enqueue(ob, 3)
    ob.claim_due(3)
    ob.mark_retry(a, "x", 5_000.0)  # written before a reboot: far in the new clock's future
    ob.mark_retry(b, "x", 50.0)
    assert ob.clamp_schedule(100.0) == 1
    assert (ob.get(a).next_attempt_at, ob.get(b).next_attempt_at) == (0.0, 50.0)
    assert ob.get(c).state is State.SENDING
    assert ob.clamp_schedule(100.0) == 0


def test_uploaded_flags_per_attachment_and_their_reset(ob: Outbox) -> None:
    two = [AttachmentIn("a", "image/png", b"first"), AttachmentIn("b", "image/png", b"second")]
    sid = ob.enqueue("ZM-1", KIOSK, {}, None, two)
    first, second = sha(b"first"), sha(b"second")

    def flags() -> list[tuple[str, bool]]:
        return [(a.sha256, a.uploaded) for a in ob.get(sid).attachments]

    ob.mark_uploaded(sid, second)
    assert flags() == [(first, False), (second, True)]
    ob.mark_uploaded(sid, first, True)
    ob.mark_uploaded(sid, second, False)
    assert flags() == [(first, True), (second, False)]
    ob.mark_uploaded(sid, second)
    ob.reset_uploaded(sid)  # the platform says it lost them
    assert flags() == [(first, False), (second, False)]


def test_mark_retry_counts_the_attempt_unless_told_not_to(ob: Outbox, clock: Clock) -> None:
    sid = _enqueue(ob, 1)
    ob.claim_due(1)
    ob.mark_retry(sid, "first", 0.0)
    ob.claim_due(1)  # attempts 2
    clock.t = 1_050.0
    ob.mark_retry(sid, f"platform down ({NAME} {ID_NUMBER})", 1_100.0, count_attempt=False)
    info = ob.get(sid)
    assert (info.state, info.attempts, info.next_attempt_at) == (State.PENDING, 1, 1_100.0)
    assert info.last_error == "platform down (李** 110101********0015)"
    # Only a sending row goes back: a pending one is not touched (another worker's row).
    ob.mark_retry(sid, "stale", 9_999.0)
    assert ob.get(sid) == info


def test_attempts_never_go_below_zero(ob: Outbox) -> None:
    sid = _enqueue(ob, 1)
    ob._conn.execute("UPDATE submissions SET state = 'sending' WHERE id = ?", (sid,))
    ob.mark_retry(sid, "not counted", 0.0, count_attempt=False)
    assert ob.get(sid).attempts == 0


# --- masking of stored errors ---------------------------------------------------------


def test_mask_known_masks_the_applicants_values_longest_first(ob: Outbox) -> None:
    sid = ob.enqueue(
        "ZM-1",
        KIOSK,
        {"phone": 13800138000, "contact_address": "鼓楼区五四路", "reason": "办理证明"},
        {"name": "小王明", "alias": "王明", "age": 70, "note": "  ", "initial": "X"},
    )
    text = "小王明 (王明) 13800138000 鼓楼区五四路 办理证明 70 X"
    assert ob.mask_known(sid, text) == "小** (王*) 1********** 鼓***** 办理证明 7* X"
    # The ID number is masked even for an unknown submission (no envelope to read).
    assert ob.mask_known("01NOSUCH000000000000000000", f"{ID_NUMBER} 小王明") == (
        "110101********0015 小王明"
    )


def test_mark_dead_stores_and_logs_the_masked_reason(
    ob: Outbox, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    sid = ob.enqueue("ZM-1", KIOSK, {}, {"name": NAME})
    clock.t = 1_070.0
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ob.mark_dead(sid, f"HTTP 422: {NAME} already has one")
    assert ob.get(sid).last_error == "HTTP 422: 李** already has one"
    assert ob.get(sid).state is State.DEAD
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        f"submission {sid} is dead: HTTP 422: 李** already has one"
    ]


# --- retry and listeners ----------------------------------------------------------------


def test_retry_puts_dead_and_pending_rows_back_due_now(ob: Outbox, clock: Clock) -> None:
    calls: list[str] = []
    ob.subscribe(lambda: calls.append("called"))
    dead, backed_off = _enqueue(ob, 1), _enqueue(ob, 2)
    assert calls == ["called", "called"]  # once per enqueue
    ob.claim_due(2)
    ob.mark_dead(dead, "refused")
    ob.mark_retry(backed_off, "later", 5_000.0)
    again = ob.retry(dead)
    assert (again.state, again.attempts, again.next_attempt_at) == (State.PENDING, 0, 0.0)
    kept = ob.retry(backed_off)  # pending keeps its attempts, loses its backoff
    assert (kept.state, kept.attempts, kept.next_attempt_at) == (State.PENDING, 1, 0.0)
    assert calls == ["called"] * 4
    ob.claim_due(1)
    with pytest.raises(QueueError) as e:
        ob.retry(dead)
    assert e.value.detail == (
        f"submission {dead} is sending; only dead or pending ones can be retried"
    )
    assert e.value.resident_message == "该申请无需重新提交。"


def test_a_failing_listener_never_undoes_an_enqueue_or_a_retry(
    ob: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("listener bug")

    ob.subscribe(broken)
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        sid = _enqueue(ob, 1)
    assert ob.get(sid).state is State.PENDING
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "outbox listener failed"
    ]
    assert ob.retry(sid).state is State.PENDING


def test_enqueue_logs_what_it_stored_without_personal_data(
    ob: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER):
        sid = ob.enqueue(
            "ZM-1",
            KIOSK,
            {"name": NAME},
            None,
            [AttachmentIn("a", "x/y", b"1"), AttachmentIn("b", "x/y", b"1")],
            submission_id="01EXPRESS00000000000000000",
        )
    assert sid == "01EXPRESS00000000000000000"
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        f"enqueued submission {sid} service=ZM-1 attachments=1 bytes={ob.get(sid).bytes}"
    ]


def test_enqueue_refuses_bad_ids_and_missing_codes(ob: Outbox) -> None:
    with pytest.raises(ValueError, match=r"^not a submission id: 'x/\.\./y'$"):
        ob.enqueue("ZM-1", KIOSK, {}, submission_id="x/../y")
    for service, kiosk in (("", KIOSK), ("ZM-1", "")):
        with pytest.raises(ValueError, match=r"^service_code and kiosk_id are required$"):
            ob.enqueue(service, kiosk, {})
    assert ob.list() == []


# --- envelope and attachment integrity ----------------------------------------------------


def test_tampered_and_purged_data_is_named(ob: Outbox) -> None:
    sid = _enqueue(ob, 1)
    digest = sha(SCAN + bytes([1]))
    path = ob.blob_dir / f"{sid}.{digest}"
    # Flip one byte of the sealed envelope in the row.
    (blob,) = ob._conn.execute("SELECT envelope FROM submissions WHERE id = ?", (sid,)).fetchone()
    flipped = blob[:40] + bytes([blob[40] ^ 1]) + blob[41:]
    ob._conn.execute("UPDATE submissions SET envelope = ? WHERE id = ?", (flipped, sid))
    with pytest.raises(TamperedData) as e:
        ob.envelope_bytes(sid)
    assert e.value.detail == f"envelope {sid}: authentication failed (modified or swapped)"
    # An attachment file sealed for this very name but holding other bytes.
    path.write_bytes(ob._cipher.seal(b"other bytes", attachment_aad(sid, digest)))
    with pytest.raises(TamperedData) as e:
        ob.read_attachment(sid, digest)
    assert e.value.detail == f"attachment {path.name}: content does not match its sha256"
    path.write_bytes(b"\x00" * 64)
    with pytest.raises(TamperedData) as e:
        ob.read_attachment(sid, digest)
    assert e.value.detail == f"attachment {path.name}: not an outbox blob (64 bytes)"
    path.unlink()
    with pytest.raises(TamperedData) as e:
        ob.read_attachment(sid, digest)
    assert e.value.detail == f"attachment file missing: {path.name}"
    other = _enqueue(ob, 2)
    ob.claim_due(5)
    ob.mark_acknowledged(other, "SL")
    with pytest.raises(SubmissionNotFound) as e:
        ob.envelope_bytes(other)
    assert e.value.detail == f"submission {other!r} acknowledged; data purged"


def test_check_integrity_of_a_sound_outbox_is_none(ob: Outbox) -> None:
    _enqueue(ob, 1)
    assert ob.check_integrity() is None


# --- the WAL cut at acknowledgement -------------------------------------------------------


def _wal(ob: Outbox) -> Path:
    return ob.directory / "outbox.db-wal"


def test_acknowledgement_cuts_the_wal_to_zero(ob: Outbox) -> None:
    sid = _enqueue(ob, 1)
    ob.claim_due(1)
    assert _wal(ob).stat().st_size > 0
    ob.mark_acknowledged(sid, "SL")
    assert _wal(ob).stat().st_size == 0


def test_a_reader_defers_the_wal_cut_and_says_so(
    ob: Outbox, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sid = _enqueue(ob, 1)
    ob.claim_due(1)
    # Not 30 s: the checkpoint waits for the reader through the busy handler.
    ob._conn.execute("PRAGMA busy_timeout = 50")
    reader = sqlite3.connect(ob.directory / "outbox.db", isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT COUNT(*) FROM submissions").fetchone() == (1,)
    try:
        with caplog.at_level(logging.INFO, logger=LOGGER):
            ob.mark_acknowledged(sid, "SL")
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert ob.get(sid).state is State.ACKNOWLEDGED
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        "outbox WAL checkpoint deferred: another connection is reading"
    ]


def test_a_failed_wal_cut_is_logged_not_raised(
    ob: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    # The checkpoint's own failure path, reached through a closed connection (the only
    # sqlite3.Error a test can cause there without corrupting the file).
    ob._conn.close()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ob._truncate_wal()
    assert [(r.levelno, r.getMessage()) for r in caplog.records if r.name == LOGGER] == [
        (logging.WARNING, "outbox WAL checkpoint failed: Cannot operate on a closed database.")
    ]


# --- recovery and purge -------------------------------------------------------------------


def _legacy_acknowledged(ob: Outbox, n: int) -> tuple[str, Path]:
    """An acknowledged row as the release before the purge at acknowledgement left it:
    envelope, attachment row and file all still there."""
    sid = _enqueue(ob, n)
    ob._conn.execute(
        "UPDATE submissions SET state = 'acknowledged', acceptance_no = 'OLD', "
        "acknowledged_at = ? WHERE id = ?",
        (ob.now(), sid),
    )
    return sid, ob.blob_dir / f"{sid}.{sha(SCAN + bytes([n]))}"


def test_recovery_purges_legacy_acknowledged_rows_and_cuts_the_wal(
    ob: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    keep = _enqueue(ob, 1)
    old, old_file = _legacy_acknowledged(ob, 2)
    assert old_file.exists() and _wal(ob).stat().st_size > 0
    with caplog.at_level(logging.INFO, logger=LOGGER):
        report = ob.recover()
    assert report == RecoveryReport(0, 1, 0)  # its file went as an orphan
    assert not old_file.exists()
    assert ob._conn.execute(
        "SELECT length(envelope), bytes FROM submissions WHERE id = ?", (old,)
    ).fetchone() == (0, ROW_OVERHEAD)
    assert ob.get(old).attachments == ()
    assert ob.get(keep) == _info(ob, keep, 1)  # untouched
    assert ob.read_attachment(keep, sha(SCAN + bytes([1]))) == SCAN + bytes([1])
    assert _wal(ob).stat().st_size == 0
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        "outbox recovery: 0 requeued, 1 orphan files, 0 temp files removed"
    ]


def test_recovery_counts_every_file_and_logs_any_single_kind(
    ob: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    sid = _enqueue(ob, 1)
    for k in range(2):
        (ob.blob_dir / f".tmp-{sid}.{k}").write_bytes(b"half")
        (ob.blob_dir / f"01ORPHAN{k:018d}.{'1' * 64}").write_bytes(b"x")
    assert ob.recover() == RecoveryReport(0, 2, 2)
    assert {p.name for p in ob.blob_dir.iterdir()} == {f"{sid}.{sha(SCAN + bytes([1]))}"}
    # Each kind alone is logged (requeued only; temp files only).
    ob.claim_due(1)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        assert ob.recover() == RecoveryReport(1, 0, 0)
        (ob.blob_dir / ".tmp-x").write_bytes(b"half")
        assert ob.recover() == RecoveryReport(0, 0, 1)
        assert ob.recover() == RecoveryReport(0, 0, 0)  # nothing to do: nothing logged
    assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
        "outbox recovery: 1 requeued, 0 orphan files, 0 temp files removed",
        "outbox recovery: 0 requeued, 0 orphan files, 1 temp files removed",
    ]


def _blocked_flock_waiters(path: Path) -> int:
    """How many processes or threads wait for a flock on ``path`` (from /proc/locks)."""
    inode = f":{os.stat(path).st_ino} "
    lines = Path("/proc/locks").read_text().splitlines()
    return sum(1 for line in lines if "-> FLOCK" in line and inode in line + " ")


def test_recovery_waits_for_enqueues_in_flight_in_other_processes(ob: Outbox) -> None:
    # An enqueuer elsewhere holds the shared lock between writing its files and
    # committing its row: recovery must wait (exclusive), or it would take the files
    # for orphans.
    fd = os.open(ob.directory / ENQUEUE_LOCK, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    in_flight = ob.blob_dir / f"01INFLIGHT0000000000000000.{'2' * 64}"
    in_flight.write_bytes(b"sealed, row not committed yet")
    result: list[RecoveryReport] = []
    t = threading.Thread(target=lambda: result.append(ob.recover()))
    try:
        t.start()
        deadline = time.monotonic() + 60
        while (
            t.is_alive()
            and _blocked_flock_waiters(ob.directory / ENQUEUE_LOCK) == 0
            and time.monotonic() < deadline
        ):
            time.sleep(0.01)
        assert t.is_alive() and in_flight.exists()  # blocked, not scanning
        in_flight.unlink()  # the enqueuer gave up (in reality: its row committed)
    finally:
        os.close(fd)
        t.join(60)
    assert result == [RecoveryReport(0, 0, 0)]


def test_purge_removes_legacy_tombstone_files_at_the_retention(ob: Outbox, clock: Clock) -> None:
    sid, legacy_file = _legacy_acknowledged(ob, 1)
    acked = _enqueue(ob, 2)
    ob.claim_due(5)
    ob.mark_acknowledged(acked, "SL")
    clock.t += 99.0
    assert ob.purge_expired() == 0
    clock.t += 1.0  # exactly the retention: acknowledged_at <= cutoff
    assert ob.purge_expired() == 2
    assert not legacy_file.exists()
    assert list(ob.blob_dir.iterdir()) == []
    assert ob.list() == []
    del sid


# --- the on-disk format ------------------------------------------------------------------

#: The schema a fresh outbox writes, as SQLite keeps it. It is a file format: an outbox
#: written by one release is opened by the next, so any change must be a migration.
# fmt: off
SCHEMA = [
    ("index", "idx_submissions_state_acknowledged_at", 'CREATE INDEX "idx_submissions_state_acknowledged_at"\n    ON "submissions" ("state", "acknowledged_at")'),
    ("index", "idx_submissions_state_connector_id", 'CREATE INDEX "idx_submissions_state_connector_id"\n    ON "submissions" ("state", "connector", "id")'),
    ("index", "idx_submissions_state_id", 'CREATE INDEX "idx_submissions_state_id"\n    ON "submissions" ("state", "id")'),
    ("index", "sqlite_autoindex_attachments_1", None),
    ("index", "sqlite_autoindex_submissions_1", None),
    ("table", "attachments", 'CREATE TABLE "attachments" (\n   "submission_id" TEXT REFERENCES "submissions"("id"),\n   "sha256" TEXT,\n   "size" INTEGER,\n   "uploaded" INTEGER DEFAULT 0,\n   PRIMARY KEY ("submission_id", "sha256")\n)'),
    ("table", "outbox_totals", "CREATE TABLE outbox_totals (id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL)"),
    ("table", "submissions", 'CREATE TABLE "submissions" (\n   "id" TEXT PRIMARY KEY,\n   "service_code" TEXT NOT NULL,\n   "kiosk_id" TEXT NOT NULL,\n   "created_at" REAL NOT NULL,\n   "state" TEXT NOT NULL,\n   "envelope" BLOB NOT NULL,\n   "bytes" INTEGER NOT NULL,\n   "attempts" INTEGER DEFAULT 0,\n   "next_attempt_at" REAL DEFAULT 0.0,\n   "last_error" TEXT,\n   "acceptance_no" TEXT,\n   "acknowledged_at" REAL,\n   "updated_at" REAL\n, connector TEXT NOT NULL DEFAULT \'\')'),
    ("trigger", "outbox_total_del", "CREATE TRIGGER outbox_total_del AFTER DELETE ON submissions BEGIN UPDATE outbox_totals SET bytes = bytes - OLD.bytes WHERE id = 1; END"),
    ("trigger", "outbox_total_ins", "CREATE TRIGGER outbox_total_ins AFTER INSERT ON submissions BEGIN UPDATE outbox_totals SET bytes = bytes + NEW.bytes WHERE id = 1; END"),
    ("trigger", "outbox_total_upd", "CREATE TRIGGER outbox_total_upd AFTER UPDATE OF bytes ON submissions BEGIN UPDATE outbox_totals SET bytes = bytes - OLD.bytes + NEW.bytes WHERE id = 1; END"),
]
# fmt: on


def _schema(ob: Outbox) -> list[tuple[str, str, str | None]]:
    return ob._conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()  # fmt: skip


def test_the_schema_and_connection_settings_are_the_format(
    make_outbox: Callable[..., Outbox],
) -> None:
    ob = make_outbox()
    assert _schema(ob) == SCHEMA
    pragmas = {
        p: ob._conn.execute(f"PRAGMA {p}").fetchone()[0]
        for p in ("busy_timeout", "secure_delete", "foreign_keys", "synchronous", "journal_mode")
    }
    assert pragmas == {
        "busy_timeout": 30000,
        "secure_delete": 1,
        "foreign_keys": 1,
        "synchronous": 2,
        "journal_mode": "wal",
    }
    assert ob._conn.execute("SELECT id, bytes FROM outbox_totals").fetchall() == [(1, 0)]
    _enqueue(ob, 1)
    total = ob._conn.execute("SELECT bytes FROM outbox_totals").fetchone()[0]
    ob.close()
    again = make_outbox()  # reopening creates nothing twice and resets nothing
    assert _schema(again) == SCHEMA
    assert again._conn.execute("SELECT bytes FROM outbox_totals").fetchone()[0] == total


def test_an_outbox_from_before_connectors_gets_the_column(
    make_outbox: Callable[..., Outbox], tmp_path: Path
) -> None:
    ob = make_outbox()
    sid = _enqueue(ob, 1)
    ob._conn.execute("DROP INDEX idx_submissions_state_connector_id")
    ob._conn.execute("ALTER TABLE submissions DROP COLUMN connector")
    ob.close()
    again = make_outbox()
    assert _schema(again) == SCHEMA
    assert again.get(sid).connector == ""  # the default platform, as before


def test_the_same_id_again_is_refused_before_any_file_is_written(ob: Outbox) -> None:
    first = _enqueue(ob, 1)
    before = sorted(p.name for p in ob.blob_dir.iterdir())
    with pytest.raises(QueueError) as e:  # the same id again, another attachment
        ob.enqueue("ZM-1", KIOSK, {}, None, [AttachmentIn("b", "x/y", b"other")], submission_id=first)  # fmt: skip
    assert e.value.detail == f"submission {first} is stored already; kept as it was"
    assert type(e.value).__name__ == "DuplicateSubmission"
    assert sorted(p.name for p in ob.blob_dir.iterdir()) == before
    assert ob.read_attachment(first, sha(SCAN + bytes([1]))) == SCAN + bytes([1])


def test_a_failed_commit_removes_only_its_own_files(ob: Outbox) -> None:
    first = _enqueue(ob, 1)
    before = sorted(p.name for p in ob.blob_dir.iterdir())
    # The row insert fails inside SQLite itself, after the attachment files are written.
    ob._conn.execute(
        "CREATE TRIGGER refuse BEFORE INSERT ON submissions BEGIN SELECT RAISE(ABORT, 'injected'); END"
    )
    with pytest.raises(QueueError) as e:
        ob.enqueue("ZM-1", KIOSK, {}, None, [AttachmentIn("b", "x/y", b"other")], submission_id="01M8TJ917F6KEXJ6KVPDCJQNVH")  # fmt: skip
    assert e.value.detail == "cannot commit submission 01M8TJ917F6KEXJ6KVPDCJQNVH: injected"
    assert type(e.value).__name__ == "OutboxUnavailable"
    assert sorted(p.name for p in ob.blob_dir.iterdir()) == before
    assert ob.read_attachment(first, sha(SCAN + bytes([1]))) == SCAN + bytes([1])


def test_bytes_used_is_the_running_total_plus_the_three_database_files(ob: Outbox) -> None:
    _enqueue(ob, 1)
    files = [ob.directory / f"outbox.db{suffix}" for suffix in ("", "-wal", "-shm")]
    assert all(f.stat().st_size > 0 for f in files)
    (rows,) = ob._conn.execute("SELECT bytes FROM outbox_totals").fetchone()
    assert ob.bytes_used() == rows + sum(f.stat().st_size for f in files)
