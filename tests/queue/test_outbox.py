"""The outbox on real SQLite files: durability layout, encryption at rest, cap, recovery."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from offline_queue.errors import (
    DuplicateSubmission,
    KeyFileError,
    OutboxFull,
    QueueError,
    SubmissionNotFound,
)
from offline_queue.models import AttachmentIn, State
from offline_queue.outbox import Outbox
from tests.queue.conftest import ID_NUMBER, KIOSK, NAME, attachment_bytes, enqueue_sample, sha


def _files(ob: Outbox) -> set[str]:
    return {p.name for p in ob.blob_dir.iterdir()}


def test_enqueue_stores_rows_and_sealed_files(outbox: Outbox) -> None:
    sid = enqueue_sample(outbox, 1, n_attachments=2)
    info = outbox.get(sid)
    assert info.state is State.PENDING and info.kiosk_id == KIOSK and info.service_code == "ZM-JZNX"
    shas = [sha(attachment_bytes(100)), sha(attachment_bytes(101))]
    assert [a.sha256 for a in info.attachments] == shas
    assert _files(outbox) == {f"{sid}.{s}" for s in shas}
    env = outbox.load_envelope(sid)
    assert env.applicant == {"name": NAME, "id_number": ID_NUMBER}
    assert [a.name for a in env.attachments] == ["材料0.jpg", "材料1.jpg"]
    assert outbox.read_attachment(sid, shas[1]) == attachment_bytes(101)
    st = outbox.stats()
    assert (st.pending, st.dead, st.acknowledged) == (1, 0, 0)
    assert st.bytes_on_disk >= 2 * 4096


def test_database_is_wal_with_full_sync(outbox: Outbox) -> None:
    enqueue_sample(outbox, 1)
    conn = outbox._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_identical_attachments_in_one_submission_are_stored_once(outbox: Outbox) -> None:
    data = b"same scan"
    sid = outbox.enqueue(
        "S",
        KIOSK,
        {},
        None,
        [AttachmentIn("a", "image/png", data), AttachmentIn("b", "image/png", data)],
    )
    assert len(outbox.get(sid).attachments) == 1
    assert len(outbox.load_envelope(sid).attachments) == 2  # the platform still sees both names


def test_no_plaintext_personal_data_anywhere_on_disk(outbox: Outbox, tmp_path: Path) -> None:
    for seed in range(5):
        outbox.enqueue(
            "ZM-JZNX",
            KIOSK,
            {"name": NAME, "id": ID_NUMBER, "note": f"{NAME} {ID_NUMBER}"},
            {"name": NAME, "id_number": ID_NUMBER},
            [
                AttachmentIn(
                    f"{NAME}身份证.txt", "text/plain", f"{NAME} {ID_NUMBER} {seed}".encode()
                )
            ],
        )
    # The WAL holds the last commits (no checkpoint yet): it is scanned too.
    needles = [
        NAME.encode("utf-8"),
        NAME.encode("gb18030"),
        NAME.encode("utf-16-le"),
        json.dumps(NAME).encode(),  # \\u escapes
        ID_NUMBER.encode(),
        ID_NUMBER.encode("utf-16-le"),
        "身份证".encode(),
    ]
    scanned = 0
    wal_seen = False
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            scanned += len(raw)
            wal_seen |= path.name.endswith("-wal") and len(raw) > 0
            for n in needles:
                assert n not in raw, f"{n!r} in clear in {path}"
    assert wal_seen and scanned > 20_000


def test_cap_refuses_new_submissions_and_keeps_queued_ones(
    make_outbox: Callable[..., Outbox],
) -> None:
    ob = make_outbox(max_bytes=1_000_000)
    sids = [enqueue_sample(ob, i, size=150_000) for i in range(5)]
    before = (_files(ob), ob.stats().pending)
    with pytest.raises(OutboxFull) as e:
        ob.check_capacity(300_000)  # asked up front, before the resident starts
    assert "暂存空间已满" in e.value.resident_message
    with pytest.raises(OutboxFull):
        enqueue_sample(ob, 99, size=300_000)
    assert (_files(ob), ob.stats().pending) == before
    for sid in sids:
        assert ob.read_attachment(sid, ob.get(sid).attachments[0].sha256)


def test_disk_reserve_is_honoured(make_outbox: Callable[..., Outbox], tmp_path: Path) -> None:
    free = os.statvfs(tmp_path).f_bavail * os.statvfs(tmp_path).f_frsize
    # Pretend the disk is (nearly) full. The margin is far above what other tests on
    # the shared disk can free meanwhile (free + 1 failed once when they did); the
    # exact boundary is tested on a private tmpfs in test_outbox_reserve.py.
    ob = make_outbox(min_free_bytes=free + (64 << 30))
    with pytest.raises(OutboxFull, match="disk nearly full"):
        enqueue_sample(ob, 1)
    assert ob.stats().pending == 0 and _files(ob) == set()


def test_startup_recovery(outbox: Outbox) -> None:
    keep = enqueue_sample(outbox, 1)
    sending = enqueue_sample(outbox, 2)
    assert [c.id for c in outbox.claim_due(1)] == [keep]
    outbox.mark_acknowledged(keep, "SL1")
    assert [c.id for c in outbox.claim_due(5)] == [sending]
    # What a crash leaves: a half-written temp file and files whose row never committed.
    (outbox.blob_dir / f".tmp-{sending}.{'0' * 64}.123.ab").write_bytes(b"half")
    orphan = outbox.blob_dir / f"01ORPHAN0000000000000000XX.{'1' * 64}"
    orphan.write_bytes(b"x")
    report = outbox.recover()
    assert (report.requeued, report.orphan_files_removed, report.temp_files_removed) == (1, 1, 1)
    assert outbox.get(sending).state is State.PENDING
    # The pending submission's file is untouched; the acknowledged one's went at its ack.
    assert {n.split(".")[0] for n in _files(outbox)} == {sending}
    assert outbox.read_attachment(sending, outbox.get(sending).attachments[0].sha256)


def test_retention_purges_acknowledged_only(make_outbox: Callable[..., Outbox]) -> None:
    now = [1_000_000.0]
    ob = make_outbox(retention_s=3600, clock=lambda: now[0])
    a, _b, c = (enqueue_sample(ob, i) for i in range(3))
    for info in ob.claim_due(2):
        ob.mark_acknowledged(info.id, "SL" + info.id[-4:])
    ob.mark_dead(c, "test")  # dead is kept for the technician
    now[0] += 3599
    assert ob.purge_expired() == 0
    now[0] += 2
    assert ob.purge_expired() == 2
    with pytest.raises(SubmissionNotFound):
        ob.get(a)
    assert [i.id for i in ob.list()] == [c]
    assert all(n.startswith(c) for n in _files(ob))


def test_retry_dead_and_refuse_acknowledged(outbox: Outbox) -> None:
    sid = enqueue_sample(outbox, 1)
    outbox.claim_due(1)
    outbox.mark_dead(sid, f"HTTP 422: bad field for {ID_NUMBER}")
    dead = outbox.get(sid)
    assert dead.state is State.DEAD and ID_NUMBER not in (dead.last_error or "")
    assert "110101********0015" in (dead.last_error or "")
    again = outbox.retry(sid)
    assert again.state is State.PENDING and again.attempts == 0
    outbox.claim_due(1)
    outbox.mark_acknowledged(sid, "SL9")
    with pytest.raises(QueueError):
        outbox.retry(sid)
    with pytest.raises(SubmissionNotFound):
        outbox.retry("01ZZZZZZZZZZZZZZZZZZZZZZZZ")


def test_a_new_key_is_never_minted_over_existing_data(
    make_outbox: Callable[..., Outbox], tmp_path: Path
) -> None:
    ob = make_outbox()
    enqueue_sample(ob, 1)
    ob.close()
    (tmp_path / "data" / "keys" / "outbox.key").unlink()
    ob2 = make_outbox()
    assert ob2.stats().pending == 1  # read-only use needs no key
    with pytest.raises(KeyFileError, match="missing"):
        ob2.check_key()
    with pytest.raises(KeyFileError, match="missing"):
        enqueue_sample(ob2, 2)


def test_rows_survive_reopen_in_another_connection(
    make_outbox: Callable[..., Outbox], tmp_path: Path
) -> None:
    ob = make_outbox()
    sid = enqueue_sample(ob, 7)
    other = sqlite3.connect(tmp_path / "data" / "outbox" / "outbox.db")
    assert other.execute("SELECT state FROM submissions WHERE id = ?", (sid,)).fetchone() == (
        "pending",
    )
    other.close()


def _summed(ob: Outbox) -> int:
    return int(ob._conn.execute("SELECT COALESCE(SUM(bytes), 0) FROM submissions").fetchone()[0])


def _running(ob: Outbox) -> int:
    return int(ob._conn.execute("SELECT bytes FROM outbox_totals").fetchone()[0])


def test_running_total_follows_enqueue_purge_and_another_process(
    make_outbox: Callable[..., Outbox],
) -> None:
    now = [1_000_000.0]
    ob = make_outbox(retention_s=10, clock=lambda: now[0])
    assert _running(ob) == 0
    ids = [enqueue_sample(ob, i, size=10_000 + i) for i in range(4)]
    assert _running(ob) == _summed(ob) > 40_000
    # A second connection (another process in production) enqueues: the same total.
    other = make_outbox()
    enqueue_sample(other, 9)
    assert _running(ob) == _summed(ob) == _running(other)
    for info in ob.claim_due(2):
        ob.mark_acknowledged(info.id, "SL")
    now[0] += 11
    assert ob.purge_expired() == 2
    assert _running(ob) == _summed(ob) == sum(ob.get(i).bytes for i in ids[2:]) + other.list()[-1].bytes  # fmt: skip
    # A failed enqueue (cap) leaves the total as it was: the trigger rolled back with the row.
    before = _running(ob)
    ob.max_bytes = before + 1
    with pytest.raises(OutboxFull):
        enqueue_sample(ob, 50)
    assert _running(ob) == before


def test_outbox_from_before_the_running_total_is_summed_once(
    make_outbox: Callable[..., Outbox],
) -> None:
    ob = make_outbox()
    for i in range(3):
        enqueue_sample(ob, i)
    expected = _summed(ob)
    # What an outbox written by the previous release looks like: no totals, no triggers.
    ob._conn.execute("DROP TABLE outbox_totals")
    for t in ("ins", "del", "upd"):
        ob._conn.execute(f"DROP TRIGGER outbox_total_{t}")
    ob.close()
    reopened = make_outbox()
    assert _running(reopened) == expected
    assert reopened.bytes_used() >= expected


def test_a_caller_chosen_id_stored_twice_keeps_the_first_untouched(outbox: Outbox) -> None:
    """A second enqueue under a stored id is refused before it writes any file.

    It used to overwrite the stored submission's attachment file, fail on the row,
    and then delete that file: the first submission could no longer be read.
    """
    data = attachment_bytes(7)
    first = outbox.enqueue("S", KIOSK, {"n": 1}, None, [AttachmentIn("a", "image/png", data)])
    path = outbox.blob_dir / f"{first}.{sha(data)}"
    before = path.read_bytes()
    with pytest.raises(DuplicateSubmission) as e:
        outbox.enqueue(
            "S", KIOSK, {"n": 2}, None, [AttachmentIn("a", "image/png", data)], submission_id=first
        )
    assert e.value.resident_message == "该申请已保存在本终端，无需重复提交。"
    assert path.read_bytes() == before  # not even rewritten
    assert outbox.read_attachment(first, sha(data)) == data
    assert outbox.load_envelope(first).form == {"n": 1}
    assert outbox.stats().pending == 1


# What sqlite-utils wrote for an outbox before connectors and the running total existed
# (sqlite_master of such a file, verbatim): the plain SQL that replaced it must open it.
_SQLITE_UTILS_SCHEMA = (
    'CREATE TABLE "submissions" (\n   "id" TEXT PRIMARY KEY,\n   "service_code" TEXT NOT NULL,\n'
    '   "kiosk_id" TEXT NOT NULL,\n   "created_at" REAL NOT NULL,\n   "state" TEXT NOT NULL,\n'
    '   "envelope" BLOB NOT NULL,\n   "bytes" INTEGER NOT NULL,\n   "attempts" INTEGER DEFAULT 0,\n'
    '   "next_attempt_at" REAL DEFAULT 0.0,\n   "last_error" TEXT,\n   "acceptance_no" TEXT,\n'
    '   "acknowledged_at" REAL,\n   "updated_at" REAL\n)',
    'CREATE TABLE "attachments" (\n   "submission_id" TEXT REFERENCES "submissions"("id"),\n'
    '   "sha256" TEXT,\n   "size" INTEGER,\n   "uploaded" INTEGER DEFAULT 0,\n'
    '   PRIMARY KEY ("submission_id", "sha256")\n)',
    'CREATE INDEX "idx_submissions_state_id"\n    ON "submissions" ("state", "id")',
)


def test_an_outbox_written_by_sqlite_utils_opens_migrated_with_its_rows(
    make_outbox: Callable[..., Outbox], tmp_path: Path
) -> None:
    # A row sealed by this code, moved into a file with the old schema.
    first = make_outbox()
    sid = enqueue_sample(first, 7, n_attachments=1)
    cols = "id, service_code, kiosk_id, created_at, state, envelope, bytes, attempts"
    row = first._conn.execute(f"SELECT {cols} FROM submissions").fetchone()
    att = first._conn.execute("SELECT submission_id, sha256, size FROM attachments").fetchone()
    blobs = {p.name: p.read_bytes() for p in first.blob_dir.iterdir()}
    first.close()
    old_dir = tmp_path / "data" / "old"
    (old_dir / "blobs").mkdir(parents=True)
    for name, data in blobs.items():
        (old_dir / "blobs" / name).write_bytes(data)
    conn = sqlite3.connect(old_dir / "outbox.db")
    for statement in _SQLITE_UTILS_SCHEMA:
        conn.execute(statement)
    conn.execute(f"INSERT INTO submissions ({cols}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
    conn.execute("INSERT INTO attachments (submission_id, sha256, size) VALUES (?, ?, ?)", att)
    conn.commit()
    conn.close()

    ob = make_outbox("old")
    info = ob.get(sid)
    assert info.state is State.PENDING and ob.pending_by_connector() == {"": 1}
    assert ob.bytes_used() >= row[6]  # the running total was summed from the old rows
    assert ob.load_envelope(sid).applicant["name"] == NAME
    indexes = {r[0] for r in ob._conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {
        "idx_submissions_state_acknowledged_at",
        "idx_submissions_state_connector_id",
    } <= indexes
    assert ob._conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
