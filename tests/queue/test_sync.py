"""The sync worker against the real reference server on 127.0.0.1 (ephemeral port)."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from offline_queue.client import Acceptance, PlatformClient, PlatformSettings
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.server import ServerSettings, ServerThread, dump_submissions, read_attachment
from offline_queue.sync import Parcel, SyncSettings, SyncWorker
from tests.queue.conftest import ADMIN, FAST, KIOSK, TOKEN, attachment_bytes, enqueue_sample, sha


def set_faults(server: ServerThread, **faults: float) -> None:
    r = httpx.put(
        f"{server.url}/v1/admin/faults", json=faults, headers={"Authorization": f"Bearer {ADMIN}"}
    )
    r.raise_for_status()


def wait_until(cond: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


def assert_exactly_once(db: Path, expected: dict[str, list[int]]) -> None:
    """Every expected submission stored once, with byte-identical attachments."""
    stored = dump_submissions(db)
    counts = Counter(s.submission_id for s in stored)
    assert set(counts) == set(expected), "lost or unexpected submissions"
    assert max(counts.values()) == 1, f"duplicates: {[k for k, v in counts.items() if v > 1]}"
    for s in stored:
        seeds = expected[s.submission_id]
        assert s.attachments == [sha(attachment_bytes(x)) for x in seeds]
        for x, digest in zip(seeds, s.attachments, strict=True):
            assert read_attachment(db, digest) == attachment_bytes(x)


def test_drain_records_acceptance_numbers(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    sids = [enqueue_sample(outbox, i, n_attachments=2) for i in range(5)]
    report = make_worker(outbox, server.url).sync_once()
    assert (report.attempted, report.acknowledged, report.dead) == (5, 5, 0)
    stored = {s.submission_id: s.acceptance_no for s in dump_submissions(server.settings.db_path)}
    for sid in sids:
        info = outbox.get(sid)
        assert info.state is State.ACKNOWLEDGED
        assert info.acceptance_no == stored[sid]
        assert all(a.uploaded for a in info.attachments)
    assert_exactly_once(
        server.settings.db_path, {s: [i * 100, i * 100 + 1] for i, s in enumerate(sids)}
    )


def test_background_worker_wakes_on_enqueue(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    slow_timer = SyncSettings(**{**FAST.__dict__, "interval_s": 600})
    w = make_worker(outbox, server.url, settings=slow_timer)
    w.start()
    sid = enqueue_sample(outbox, 1)
    wait_until(lambda: outbox.get(sid).state is State.ACKNOWLEDGED, timeout=10)
    # The lane is marked online once the acknowledgement's purge is done (fsyncs).
    wait_until(lambda: w.status().online is True, timeout=10)


def test_zero_loss_zero_duplicates_under_faults(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    set_faults(server, fail_rate=0.5, drop_after_commit=0.3, latency_ms=5)
    w = make_worker(outbox, server.url)
    w.start()
    expected = {}
    for i in range(60):
        expected[enqueue_sample(outbox, i, n_attachments=2 if i % 3 == 0 else 1)] = (
            [i * 100, i * 100 + 1] if i % 3 == 0 else [i * 100]
        )
    wait_until(lambda: outbox.stats().acknowledged == 60, timeout=120)
    assert outbox.stats().dead == 0
    assert_exactly_once(server.settings.db_path, expected)
    # The faults did happen: retries, and answers lost although the server had committed
    # (the retry then came back as a duplicate and was absorbed by the idempotency key).
    assert w.totals.retried > 10
    assert w.totals.duplicates > 0
    assert all(i.last_error is None for i in outbox.list(limit=100))  # cleared on success


def test_duplicate_answers_are_absorbed(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    set_faults(server, drop_after_commit=1.0)  # every PUT/POST answer is lost after commit
    sid = enqueue_sample(outbox, 5)
    w = make_worker(outbox, server.url)
    r1 = w.sync_once()
    assert r1.retried == 1 and outbox.get(sid).state is State.PENDING
    assert "RemoteProtocolError" in (outbox.get(sid).last_error or "")
    set_faults(server)
    r2 = w.sync_once()
    # The lost answer was the attachment's (sent first): re-sent, absorbed, and the
    # submission itself then went through once, so it is not a duplicate.
    assert (r2.acknowledged, r2.duplicates) == (1, 0)
    assert_exactly_once(server.settings.db_path, {sid: [500]})
    # Without attachments the lost answer is the submission's own: the retry comes
    # back from the server as a duplicate, exactly once, and is stored once.
    set_faults(server, drop_after_commit=1.0)
    bare = outbox.enqueue("ZM-JZNX", KIOSK, {"seed": 6})
    assert w.sync_once().retried == 1 and outbox.get(bare).state is State.PENDING
    set_faults(server)
    r3 = w.sync_once()
    assert (r3.acknowledged, r3.duplicates) == (1, 1)
    assert_exactly_once(server.settings.db_path, {sid: [500], bare: []})


def test_permanent_refusal_goes_to_dead_with_reason(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    bad = outbox.enqueue("X" * 80, KIOSK, {"a": 1})  # the platform limits service codes to 64
    good = enqueue_sample(outbox, 1)
    report = make_worker(outbox, server.url).sync_once()
    assert (report.dead, report.acknowledged) == (1, 1)
    info = outbox.get(bad)
    assert info.state is State.DEAD
    assert "HTTP 422" in (info.last_error or "") and "service_code" in (info.last_error or "")
    assert outbox.get(good).state is State.ACKNOWLEDGED
    # A technician fixes the cause (here: nothing to fix) and retries: it fails again, not lost.
    outbox.retry(bad)
    assert outbox.get(bad).state is State.PENDING


def test_tampered_local_file_goes_to_dead(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    sid = enqueue_sample(outbox, 1)
    path = next(outbox.blob_dir.iterdir())
    raw = bytearray(path.read_bytes())
    raw[40] ^= 0xFF
    path.write_bytes(bytes(raw))
    make_worker(outbox, server.url).sync_once()
    info = outbox.get(sid)
    assert info.state is State.DEAD and "authentication failed" in (info.last_error or "")
    assert dump_submissions(server.settings.db_path) == []


def test_retry_after_is_honoured(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    set_faults(server, throttle_rate=1.0, retry_after_s=3)
    sid = enqueue_sample(outbox, 1)
    w = make_worker(
        outbox, server.url, settings=SyncSettings(**{**FAST.__dict__, "backoff_max_s": 30})
    )
    report = w.sync_once()
    assert report.stopped and "429" in report.stopped
    paused = w.status().paused_until
    assert paused is not None and paused - time.monotonic() >= 2.5  # not the 0.02 s backoff
    assert w.status().paused_for_s >= 2.5
    info = outbox.get(sid)
    # Retry times are on the monotonic clock (wall time is only recorded).
    assert info.state is State.PENDING and info.next_attempt_at >= time.monotonic() + 2.5
    assert info.attempts == 0  # a platform-wide problem is not charged to the submission
    set_faults(server)
    w.start()
    time.sleep(1.0)
    assert outbox.get(sid).state is State.PENDING  # still waiting out Retry-After
    wait_until(lambda: outbox.get(sid).state is State.ACKNOWLEDGED, timeout=10)


def test_platform_down_then_back(
    outbox: Outbox, tmp_path: Path, make_worker: Callable[..., SyncWorker]
) -> None:
    settings = ServerSettings(db_path=tmp_path / "p2.db", tokens={TOKEN: KIOSK})
    srv = ServerThread(settings)  # socket bound, nobody answering yet…
    srv.sock.close()  # …and closed: connection refused
    sid = enqueue_sample(outbox, 1)
    w = make_worker(outbox, srv.url)
    report = w.sync_once()
    assert report.stopped and "cannot connect" in report.stopped
    assert outbox.get(sid).state is State.PENDING and w.status().online is False
    with ServerThread(settings) as up:
        w2 = make_worker(outbox, up.url)
        w.stop()
        assert w2.sync_once().acknowledged == 1


def test_wrong_token_never_dead_letters(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    sid = enqueue_sample(outbox, 1)
    w = make_worker(outbox, server.url, token="wrong")
    report = w.sync_once()
    assert report.dead == 0 and "401" in (report.stopped or "")
    assert outbox.get(sid).state is State.PENDING


def test_missing_attachment_on_platform_is_uploaded_again(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    sid = enqueue_sample(outbox, 3)
    info = outbox.claim_due(1)[0]
    outbox.mark_uploaded(sid, info.attachments[0].sha256)  # we think so, the platform has nothing
    outbox.mark_retry(sid, "", 0, count_attempt=False)
    w = make_worker(outbox, server.url)
    first = w.sync_once()
    assert first.retried == 1 and "409" in first.errors[0]
    assert not outbox.get(sid).attachments[0].uploaded
    assert w.sync_once().acknowledged == 1
    assert_exactly_once(server.settings.db_path, {sid: [300]})


def test_only_one_worker_per_outbox(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    from offline_queue.errors import WorkerLocked

    a = make_worker(outbox, server.url)
    a.start()
    b = make_worker(outbox, server.url)
    with pytest.raises(WorkerLocked):
        b.sync_once()
    a.stop()
    b.sync_once()  # free again once the first stopped


def test_network_change_cuts_the_pause_short(
    outbox: Outbox, server: ServerThread, make_worker: Callable[..., SyncWorker]
) -> None:
    set_faults(server, throttle_rate=1.0, retry_after_s=60)
    sid = enqueue_sample(outbox, 1)
    w = make_worker(
        outbox, server.url, settings=SyncSettings(**{**FAST.__dict__, "backoff_max_s": 120})
    )
    w.start()
    wait_until(lambda: w.status().paused_for_s > 30)
    set_faults(server)
    outbox.retry(sid)  # the submission itself is due again; the worker is still paused
    time.sleep(0.5)
    assert outbox.get(sid).state is State.PENDING
    w.network_changed()  # cable plugged back in
    wait_until(lambda: outbox.get(sid).state is State.ACKNOWLEDGED, timeout=10)


# --- time: scheduling on the monotonic clock, wall time only recorded (issue 17, item 5) ---


class SteppedClock:
    """A running clock the code under test reads (1 µs per read); the test steps it."""

    def __init__(self, start: float) -> None:
        self.t = start

    def __call__(self) -> float:
        self.t += 1e-6
        return self.t

    def advance(self, s: float) -> None:
        self.t += s


TWO_DAYS = 2 * 86400.0
SLOW_BACKOFF = SyncSettings(
    **{**FAST.__dict__, "backoff_initial_s": 10.0, "backoff_max_s": 60.0, "concurrency": 1}
)


def stepped_worker(
    outbox: Outbox,
    url: str,
    mono: SteppedClock,
    wall: SteppedClock,
    settings: SyncSettings = SLOW_BACKOFF,
    **kw: Any,
) -> SyncWorker:
    client = PlatformClient(PlatformSettings(url, TOKEN, timeout_s=5))
    w = SyncWorker(
        outbox, client, settings, clock=mono, wall_clock=wall, rng=random.Random(3), **kw
    )
    w.acquire()
    return w


@pytest.mark.parametrize("step", [-TWO_DAYS, +TWO_DAYS])
def test_a_wall_clock_step_leaves_retry_times_alone(
    make_outbox: Callable[..., Outbox], server: ServerThread, step: float
) -> None:
    wall, mono = SteppedClock(1.8e9), SteppedClock(5000.0)
    outbox = make_outbox(clock=wall)
    w = stepped_worker(outbox, server.url, mono, wall)
    try:
        set_faults(server, fail_rate=1.0)
        sid = enqueue_sample(outbox, 1)
        assert w.drain_batch().retried == 1
        delay = outbox.get(sid).next_attempt_at - mono()
        assert 0.5 < delay <= 10.0  # seeded jitter: on the monotonic clock, not two days off
        set_faults(server)
        wall.advance(step)  # NTP steps the wall clock
        assert w.drain_batch().attempted == 0  # still not due: nothing moved but recorded times
        assert outbox.get(sid).next_attempt_at - mono() == pytest.approx(delay, abs=1e-3)
        mono.advance(delay + 0.01)
        assert w.drain_batch().acknowledged == 1
        info = outbox.get(sid)
        assert info.acknowledged_at == pytest.approx(
            wall(), abs=1.0
        )  # recorded in stepped wall time
        assert w.status().last_success_at == pytest.approx(wall(), abs=1.0)
    finally:
        w.stop()


@pytest.mark.parametrize("step", [-TWO_DAYS, +TWO_DAYS])
def test_a_wall_clock_step_leaves_the_pause_alone(
    make_outbox: Callable[..., Outbox], server: ServerThread, step: float
) -> None:
    wall, mono = SteppedClock(1.8e9), SteppedClock(5000.0)
    outbox = make_outbox(clock=wall)
    w = stepped_worker(outbox, server.url, mono, wall)
    try:
        set_faults(server, throttle_rate=1.0, retry_after_s=5)
        sid = enqueue_sample(outbox, 1)
        w.drain_batch()
        st = w.status()
        assert st.online is False and 4.99 <= st.paused_for_s <= 60.0
        before = st.paused_for_s
        wall.advance(step)
        assert w.status().paused_for_s == pytest.approx(before, abs=1e-3)  # not two days off
        set_faults(server)
        assert w.drain_batch().attempted == 0  # paused: the wall step did not end it
        mono.advance(before + 0.01)
        assert w.drain_batch().acknowledged == 1
        assert outbox.get(sid).state is State.ACKNOWLEDGED
        assert w.status().online is True  # the status bar says 在线 again at once
    finally:
        w.stop()


def test_retry_times_from_another_boot_are_due_at_start(
    make_outbox: Callable[..., Outbox], server: ServerThread
) -> None:
    outbox = make_outbox()
    sid = enqueue_sample(outbox, 1)
    outbox.claim_due(1)
    # Written by an older version in wall time, or before a reboot on the monotonic clock.
    outbox.mark_retry(sid, "old", time.time() + TWO_DAYS)
    mono, wall = SteppedClock(100.0), SteppedClock(time.time())
    w = stepped_worker(outbox, server.url, mono, wall)
    try:
        assert outbox.get(sid).next_attempt_at == 0
        assert w.drain_batch().acknowledged == 1
    finally:
        w.stop()


# --- lanes: one destination per connector, each with its own breaker ---


class PlatformApiDestination:
    """A second back end speaking the platform API (a real client, a real server)."""

    def __init__(self, name: str, url: str) -> None:
        self.name = name
        self.client = PlatformClient(PlatformSettings(url, TOKEN, timeout_s=5))

    def deliver(self, parcel: Parcel) -> Acceptance:
        for a in parcel.attachments:
            self.client.put_attachment(a.sha256, a.data, a.content_type)
        return self.client.submit(parcel.envelope, idempotency_key=parcel.id)


def test_one_department_down_never_blocks_the_others(
    make_outbox: Callable[..., Outbox], server: ServerThread, tmp_path: Path
) -> None:
    wall, mono = SteppedClock(time.time()), SteppedClock(5000.0)
    outbox = make_outbox(clock=wall)
    other = ServerThread(
        ServerSettings(db_path=tmp_path / "b.db", tokens={TOKEN: KIOSK}, admin_token=ADMIN)
    )
    with other:
        dest = PlatformApiDestination("housing", other.url)
        settings = SyncSettings(**{**SLOW_BACKOFF.__dict__, "max_failures_per_batch": 2})
        w = stepped_worker(outbox, server.url, mono, wall, settings, destinations=(dest,))
        try:
            set_faults(other, fail_rate=1.0)
            mine = [enqueue_sample(outbox, i) for i in range(4)]
            theirs = [
                outbox.enqueue("GJJ-TQ", KIOSK, {"i": i}, None, [], connector="housing")
                for i in range(4)
            ]
            stray = outbox.enqueue("X-1", KIOSK, {}, None, [], connector="unknown-dept")
            report = w.sync_once()
            assert report.acknowledged == 4  # the platform's four went through
            assert all(outbox.get(s).state is State.ACKNOWLEDGED for s in mine)
            assert all(outbox.get(s).state is State.PENDING for s in theirs)
            lanes = {ln.name: ln for ln in w.lanes()}
            assert lanes["housing"].circuit == "open" and lanes[""].circuit == "closed"
            assert lanes["housing"].failed == 2  # the breaker stopped the lane after two
            assert w.status().unrouted == 1 and outbox.get(stray).state is State.PENDING
            set_faults(other)
            mono.advance(61.0)  # past the breaker's cool-down and every retry time
            assert w.drain_batch().acknowledged == 1  # half-open: one probe first
            assert {ln.name: ln for ln in w.lanes()}["housing"].circuit == "closed"
            w.sync_once()
            assert all(outbox.get(s).state is State.ACKNOWLEDGED for s in theirs)
            assert outbox.get(stray).state is State.PENDING  # never sent anywhere
            assert Counter(s.submission_id for s in dump_submissions(other.settings.db_path)) == {
                s: 1 for s in theirs
            }
            assert {s.submission_id for s in dump_submissions(server.settings.db_path)} == set(mine)
        finally:
            w.stop()
            dest.client.close()


def test_an_outbox_from_before_connectors_gets_the_column(tmp_path: Path) -> None:
    import sqlite3

    d = tmp_path / "old"
    d.mkdir()
    con = sqlite3.connect(d / "outbox.db")
    con.execute(
        "CREATE TABLE submissions (id TEXT PRIMARY KEY, service_code TEXT NOT NULL,"
        " kiosk_id TEXT NOT NULL, created_at FLOAT NOT NULL, state TEXT NOT NULL,"
        " envelope BLOB NOT NULL, bytes INTEGER NOT NULL, attempts INTEGER DEFAULT 0,"
        " next_attempt_at FLOAT DEFAULT 0.0, last_error TEXT, acceptance_no TEXT,"
        " acknowledged_at FLOAT, updated_at FLOAT)"
    )
    con.execute(
        "INSERT INTO submissions (id, service_code, kiosk_id, created_at, state, envelope, bytes)"
        " VALUES ('01HZZZZZZZZZZZZZZZZZZZZZZZ', 'S', 'K', 1.0, 'pending', x'00', 1)"
    )
    con.commit()
    con.close()
    with Outbox(d, tmp_path / "k.key") as ob:
        (info,) = ob.list()
        assert info.connector == ""
        assert ob.pending_by_connector() == {"": 1}
