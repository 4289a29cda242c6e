"""The sync worker: drains the outbox to the platform, one bounded batch per wake.

For each submission: attachments first (by sha256, skipping those already
uploaded), then the envelope with ``Idempotency-Key`` = submission id, then the
acceptance number is recorded. Failures are sorted by :mod:`offline_queue.client`:

* the platform cannot be reached, refuses the token, or says 429 → the whole batch
  stops and the worker pauses (backoff with full jitter, at least Retry-After);
  the submission is not charged an attempt;
* this submission's request failed retryably (5xx, 408, 409, dropped connection,
  timeout) → it alone backs off (its attempts drive the delay), the batch goes on
  until several failures in a row;
* a permanent refusal (other 4xx) or unreadable local data → dead, with the reason.

Only one worker may own an outbox (a flock next to the database), so a row in
``sending`` at start-up belongs to a dead worker and goes back to ``pending``.

**Destinations.** Each outbox row names its connector (``''`` = the default
platform, sent with :class:`PlatformClient`: attachments by sha256, then the
envelope). Other connectors are :class:`Destination` objects registered by the
application (``kiosk.platform``); this package knows only the protocol. Each
destination is a *lane* with its own circuit breaker and backoff: a department
that is down or refuses our credentials stops its own lane only, the others keep
sending. A row whose connector is not registered stays pending, untouched (a
configuration package may add the connector later); it is counted as unrouted.

**Time.** Scheduling (retry times, pauses, the breaker, the loop's sleeps) runs on
the monotonic clock; wall time is only recorded (created, acknowledged, last
success). ``next_attempt_at`` in the outbox is a monotonic value; at start-up any
retry time further away than ``backoff_max_s`` (written before a reboot, when the
monotonic clock was elsewhere, or by an older version in wall time) is made due.
So a wall-clock step, forwards or backwards, changes nothing but recorded times.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from offline_queue.backoff import Backoff, BreakerState, CircuitBreaker
from offline_queue.client import Acceptance, PlatformClient
from offline_queue.errors import (
    PlatformAuthError,
    PlatformBusy,
    PlatformError,
    PlatformRejected,
    PlatformUnreachable,
    QueueError,
    SubmissionNotFound,
    TamperedData,
)
from offline_queue.lock import LockFile
from offline_queue.models import RecoveryReport, SubmissionInfo
from offline_queue.netwatch import NetworkWatcher
from offline_queue.outbox import Outbox

log = logging.getLogger(__name__)

LOCK_NAME = "sync.lock"
DEFAULT_LANE = ""


@dataclass(frozen=True)
class SyncSettings:
    """How often and how much the worker sends."""

    interval_s: float = 30.0
    batch_size: int = 50
    #: Pause between two full batches of a backlog, so the UI process keeps breathing.
    batch_pause_s: float = 0.05
    backoff_initial_s: float = 2.0
    backoff_max_s: float = 600.0
    #: Retryable failures in a row that end a batch early.
    max_failures_per_batch: int = 3
    #: Poll interval of the network watcher; None disables it.
    network_poll_s: float | None = 2.0
    #: Submissions sent at the same time within a batch (1: strictly one by one).
    concurrency: int = 4


class Outcome(StrEnum):
    ACKNOWLEDGED = "acknowledged"
    RETRY = "retry"
    DEAD = "dead"
    PAUSED = "paused"  # a platform-wide problem: batch stopped


@dataclass
class SyncReport:
    """What one drain attempt did."""

    attempted: int = 0
    acknowledged: int = 0
    duplicates: int = 0
    retried: int = 0
    dead: int = 0
    stopped: str | None = None
    errors: list[str] = field(default_factory=list)

    def add(self, other: SyncReport) -> None:
        self.attempted += other.attempted
        self.acknowledged += other.acknowledged
        self.duplicates += other.duplicates
        self.retried += other.retried
        self.dead += other.dead
        self.stopped = other.stopped or self.stopped
        self.errors.extend(other.errors[-5:])


@dataclass(frozen=True)
class SyncStatus:
    """For the status bar and diagnostics (the default platform's lane).

    ``paused_until`` is a ``time.monotonic()`` value; ``paused_for_s`` is what is left.
    ``last_success_at`` is wall time (recorded, never scheduled on).
    """

    running: bool
    online: bool | None
    last_success_at: float | None
    last_error: str | None
    paused_until: float | None
    paused_for_s: float = 0.0
    unrouted: int = 0


@dataclass(frozen=True)
class ParcelAttachment:
    """One attachment of a submission, decrypted, for a destination to send."""

    sha256: str
    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Parcel:
    """What a :class:`Destination` delivers: the envelope JSON exactly as sealed."""

    id: str
    service_code: str
    kiosk_id: str
    #: This is attempt number ``attempts`` (1 = first); > 1 means an earlier one may have landed.
    attempts: int
    envelope: bytes
    attachments: tuple[ParcelAttachment, ...] = ()


class Destination(Protocol):
    """A department back end the worker delivers to (implemented in ``kiosk.platform``).

    ``deliver`` must be idempotent on ``parcel.id`` (an idempotency key, or a query by
    it before resubmitting) and raise the :mod:`offline_queue.errors` platform
    classes: unreachable / auth → the lane pauses; busy or a generic PlatformError →
    this submission backs off; rejected → dead letter.
    """

    name: str

    def deliver(self, parcel: Parcel) -> Acceptance: ...


@dataclass(frozen=True)
class LaneStatus:
    """One destination's state (technician tile)."""

    name: str
    circuit: str
    online: bool | None
    last_error: str | None
    last_success_at: float | None
    last_latency_s: float | None
    paused_for_s: float
    sent: int
    failed: int


@dataclass
class _Lane:
    name: str
    destination: Destination | None  # None: the default platform client
    breaker: CircuitBreaker
    online: bool | None = None
    last_error: str | None = None
    last_success_at: float | None = None
    last_latency_s: float | None = None
    sent: int = 0
    failed: int = 0


class SyncWorker:
    """Background sender for one outbox. ``start()`` takes the lock and recovers.

    ``clock`` is the scheduling clock (monotonic); ``wall_clock`` is only recorded.
    """

    def __init__(
        self,
        outbox: Outbox,
        client: PlatformClient | None,
        settings: SyncSettings | None = None,
        *,
        lock_path: Path | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
        destinations: tuple[Destination, ...] = (),
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.settings = settings or SyncSettings()
        self._backoff = Backoff(self.settings.backoff_initial_s, self.settings.backoff_max_s)
        self._lock = LockFile(lock_path or outbox.directory / LOCK_NAME)
        self._clock = clock
        self._wall = wall_clock
        self._rng = rng or random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._watcher: NetworkWatcher | None = None
        self._send_lock = threading.Lock()
        self._lanes: dict[str, _Lane] = {}
        self._lanes_lock = threading.Lock()
        if client is not None:
            self._add_lane(DEFAULT_LANE, None)
        for d in destinations:
            self.add_destination(d)
        self._subscribed = False
        self._ack_listeners: list[Callable[[str, str], None]] = []
        self._pool: ThreadPoolExecutor | None = None
        #: What start-up recovery did when the lock was taken.
        self.last_recovery: RecoveryReport | None = None
        #: Running totals since construction (diagnostics, tests, benchmarks).
        self.totals = SyncReport()

    def _add_lane(self, name: str, destination: Destination | None) -> None:
        breaker = CircuitBreaker(self._backoff, threshold=self.settings.max_failures_per_batch)
        with self._lanes_lock:
            self._lanes[name] = _Lane(name, destination, breaker)

    def add_destination(self, destination: Destination) -> None:
        """Route rows whose connector is ``destination.name`` to it (replaces one of that name)."""
        if not destination.name:
            raise ValueError("a destination needs a name ('' is the default platform)")
        self._add_lane(destination.name, destination)
        self._wake.set()

    def remove_destination(self, name: str) -> None:
        """Stop routing to ``name``; its rows stay pending (unrouted)."""
        with self._lanes_lock:
            self._lanes.pop(name, None)

    def _lane_list(self) -> list[_Lane]:
        with self._lanes_lock:
            return list(self._lanes.values())

    # --- life cycle -----------------------------------------------------------------

    def acquire(self) -> None:
        """Take the outbox's worker lock (raises WorkerLocked) and run start-up recovery."""
        if not self._lock.held:
            self._lock.acquire()
            self.last_recovery = self.outbox.recover()
            # Retry times from another boot (or an older version's wall times) mean
            # nothing on this monotonic clock: anything beyond the longest backoff is due.
            self.outbox.clamp_schedule(self._clock() + self.settings.backoff_max_s)

    def start(self) -> None:
        """Acquire, recover, then run in a daemon thread until :meth:`stop`."""
        self.acquire()
        if not self._subscribed:
            self.outbox.subscribe(self.wake)
            self._subscribed = True
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="outbox-sync", daemon=True)
        self._thread.start()
        if self.settings.network_poll_s:
            self._watcher = NetworkWatcher(self.network_changed, self.settings.network_poll_s)
            self._watcher.start()

    def _executor(self) -> ThreadPoolExecutor:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.settings.concurrency, thread_name_prefix="outbox-send")  # fmt: skip
        return self._pool

    def stop(self, timeout: float = 15.0) -> None:
        """Stop after the submissions in flight; release the lock."""
        self._stop.set()
        self._wake.set()
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._lock.release()

    def on_acknowledged(self, callback: Callable[[str, str], None]) -> None:
        """Call ``callback(submission_id, acceptance_no)`` (worker thread) after each ack."""
        self._ack_listeners.append(callback)

    def wake(self) -> None:
        """Something was enqueued (or a timer fired): look at the outbox now."""
        self._wake.set()

    def network_changed(self) -> None:
        """The network came back or changed: every open breaker probes at once."""
        for lane in self._lane_list():
            lane.breaker.probe_now()
        self._wake.set()

    def _remaining(self, lane: _Lane) -> float:
        until = lane.breaker.open_until
        if lane.breaker.state is not BreakerState.OPEN or until is None:
            return 0.0
        return max(0.0, until - self._clock())

    def status(self) -> SyncStatus:
        """The default platform's lane (or, without one, the first destination's)."""
        lanes = self._lane_list()
        with self._lanes_lock:
            lane = self._lanes.get(DEFAULT_LANE) or (lanes[0] if lanes else None)
        routed = {ln.name for ln in lanes}
        unrouted = sum(n for c, n in self.outbox.pending_by_connector().items() if c not in routed)
        if lane is None:
            running = self._thread is not None and self._thread.is_alive()
            return SyncStatus(running, None, None, None, None, 0.0, unrouted)
        open_ = lane.breaker.state is BreakerState.OPEN
        return SyncStatus(
            running=self._thread is not None and self._thread.is_alive(),
            online=lane.online,
            last_success_at=lane.last_success_at,
            last_error=lane.last_error,
            paused_until=lane.breaker.open_until if open_ else None,
            paused_for_s=self._remaining(lane),
            unrouted=unrouted,
        )

    def lanes(self) -> list[LaneStatus]:
        """Every destination's state, the default platform first."""
        return [
            LaneStatus(
                name=ln.name,
                circuit=ln.breaker.state.value,
                online=ln.online,
                last_error=ln.last_error,
                last_success_at=ln.last_success_at,
                last_latency_s=ln.last_latency_s,
                paused_for_s=self._remaining(ln),
                sent=ln.sent,
                failed=ln.failed,
            )
            for ln in sorted(self._lane_list(), key=lambda ln: (ln.name != DEFAULT_LANE, ln.name))
        ]

    # --- the loop --------------------------------------------------------------------

    def _run(self) -> None:
        next_purge = 0.0
        while not self._stop.is_set():
            self._wake.clear()
            now = self._clock()
            try:
                if now >= next_purge:
                    self.outbox.purge_expired()
                    next_purge = now + self.settings.interval_s
                report = self.drain_batch()
            except Exception:  # the worker must outlive any surprise; the data is safe on disk
                log.exception("sync worker iteration failed")
                self._stop.wait(self.settings.backoff_initial_s)
                continue
            if report.stopped is None and report.attempted >= self.settings.batch_size:
                # A backlog: next batch after a short breath.
                self._stop.wait(self.settings.batch_pause_s)
                continue
            self._wake.wait(self._sleep_time())

    def _sleep_time(self) -> float:
        now = self._clock()
        wait = self.settings.interval_s
        for lane in self._lane_list():
            if lane.breaker.state is BreakerState.OPEN and lane.breaker.open_until is not None:
                wait = min(wait, lane.breaker.open_until - now)
                continue
            due = self.outbox.next_due_at(lane.name)
            if due is not None:
                wait = min(wait, due - now)
        return max(wait, 0.01)

    def sync_once(self, *, ignore_backoff: bool = True, max_items: int | None = None) -> SyncReport:
        """One full drain attempt from the calling thread (CLI, tests, benchmarks).

        Sends batches until nothing due is left, a platform-wide problem stops it, or
        ``max_items`` were tried. Each submission present at the start is tried at
        most once per call.
        """
        self.acquire()
        started = self.outbox.now()
        total = SyncReport()
        while max_items is None or total.attempted < max_items:
            limit = self.settings.batch_size
            if max_items is not None:
                limit = min(limit, max_items - total.attempted)
            report = self.drain_batch(
                ignore_backoff=ignore_backoff, untouched_since=started, limit=limit
            )
            total.add(report)
            # A lane whose breaker opened is skipped by the next batch; the others go on.
            if report.attempted == 0:
                break
        return total

    def drain_batch(
        self,
        *,
        ignore_backoff: bool = False,
        untouched_since: float | None = None,
        limit: int | None = None,
    ) -> SyncReport:
        """Claim and send at most one batch of due submissions per open lane."""
        if not self._lock.held:
            raise QueueError("drain_batch needs the worker lock: call start() or acquire()")
        report = SyncReport()
        with self._send_lock:
            now = self._clock()
            work: list[tuple[_Lane, SubmissionInfo]] = []
            for lane in self._lane_list():
                n = lane.breaker.allowance(now, limit or self.settings.batch_size)
                if n <= 0:
                    continue
                claimed = self.outbox.claim_due(
                    n,
                    ignore_backoff=ignore_backoff,
                    untouched_since=untouched_since,
                    connector=lane.name,
                    due_by=now,
                )
                work.extend((lane, info) for info in claimed)
            halted: set[str] = set()
            tally = threading.Lock()

            def send(item: tuple[_Lane, SubmissionInfo]) -> None:
                lane, info = item
                if lane.name in halted or (self._stop.is_set() and self._thread is not None):
                    # Not started: back in line untouched (no attempt charged).
                    self._release(lane, [info], "batch stopped")
                    with tally:
                        report.stopped = report.stopped or "stopping"
                    return
                outcome, duplicate = self._send_one(lane, info, report)
                with tally:
                    report.attempted += 1
                    if outcome is Outcome.ACKNOWLEDGED:
                        report.acknowledged += 1
                        report.duplicates += duplicate
                    elif outcome is Outcome.DEAD:
                        report.dead += 1
                    elif outcome is Outcome.RETRY:
                        report.retried += 1
                    if lane.name not in halted and lane.breaker.state is not BreakerState.CLOSED:
                        # This lane's breaker opened (or its probe failed): the rest of
                        # its batch waits; other lanes go on.
                        halted.add(lane.name)
                        report.stopped = report.errors[-1] if report.errors else "paused"

            if self.settings.concurrency <= 1 or len(work) <= 1:
                for item in work:
                    send(item)
            else:
                # A few submissions in flight at once: their network and fsync waits
                # overlap. Results are independent; each one commits its own state.
                list(self._executor().map(send, work))
            self.totals.add(report)
        return report

    def _release(self, lane: _Lane, infos: list[SubmissionInfo], why: str) -> None:
        due = lane.breaker.open_until or self._clock()
        for info in infos:
            self.outbox.mark_retry(info.id, info.last_error or why, due, count_attempt=False)

    # --- one submission --------------------------------------------------------------

    def _send_one(
        self, lane: _Lane, info: SubmissionInfo, report: SyncReport
    ) -> tuple[Outcome, bool]:
        sid = info.id
        started = self._clock()
        try:
            if lane.destination is None:
                acceptance = self._send_to_platform(info)
            else:
                acceptance = lane.destination.deliver(self._parcel(info))
            self.outbox.mark_acknowledged(sid, acceptance.acceptance_no)
        except SubmissionNotFound:
            return Outcome.RETRY, False  # purged or removed meanwhile: nothing to send
        except TamperedData as e:
            report.errors.append(e.detail)
            self.outbox.mark_dead(sid, f"local data unreadable: {e.detail}")
            return Outcome.DEAD, False
        except PlatformRejected as e:
            report.errors.append(e.detail)
            self.outbox.mark_dead(sid, e.detail)
            lane.online, lane.last_error = True, e.detail
            lane.last_latency_s = self._clock() - started
            return Outcome.DEAD, False
        except (PlatformUnreachable, PlatformAuthError) as e:
            return self._lane_wide(lane, info, e, None, report), False
        except PlatformBusy as e:
            if e.status == 429:
                return self._lane_wide(lane, info, e, e.retry_after_s, report), False
            if e.status == 409 and lane.destination is None:
                # The platform lacks an attachment we thought uploaded: send them again.
                self.outbox.reset_uploaded(sid)
            return self._retry(lane, info, e, e.retry_after_s, report), False
        except PlatformError as e:  # dropped connection, timeout mid-request
            return self._retry(lane, info, e, None, report), False
        lane.breaker.success()
        lane.online, lane.last_success_at, lane.last_error = True, self._wall(), None
        lane.last_latency_s = self._clock() - started
        lane.sent += 1
        for cb in list(self._ack_listeners):
            try:
                cb(sid, acceptance.acceptance_no)
            except Exception:
                log.exception("acknowledgement listener failed")
        where = f" via {lane.name}" if lane.name else ""
        if acceptance.duplicate:
            log.info("submission %s was already there%s (%s)", sid, where, acceptance.acceptance_no)  # fmt: skip
        else:
            log.info("submission %s acknowledged%s: %s", sid, where, acceptance.acceptance_no)
        return Outcome.ACKNOWLEDGED, acceptance.duplicate

    def _parcel(self, info: SubmissionInfo) -> Parcel:
        env = self.outbox.load_envelope(info.id)
        raw = self.outbox.envelope_bytes(info.id)
        atts = tuple(
            ParcelAttachment(
                a.sha256, a.name, a.content_type, self.outbox.read_attachment(info.id, a.sha256)
            )
            for a in env.attachments
        )
        return Parcel(info.id, info.service_code, info.kiosk_id, info.attempts, raw, atts)

    def _send_to_platform(self, info: SubmissionInfo) -> Acceptance:
        """The default platform: attachments by sha256 (skipping uploaded ones), then the envelope."""
        assert self.client is not None
        sid = info.id
        # Uploads of this attempt are written down only if the attempt fails (saves a
        # commit per submission on the happy path; after a crash, HEAD finds them).
        uploaded: list[str] = []
        try:
            raw = self.outbox.envelope_bytes(sid)
            env = self.outbox.load_envelope(sid)
            types = {a.sha256: a.content_type for a in env.attachments}
            for att in info.attachments:
                if att.uploaded:
                    continue
                # After a failed attempt the upload may have reached the platform: ask.
                if info.attempts > 1 and self.client.has_attachment(att.sha256):
                    uploaded.append(att.sha256)
                    continue
                data = self.outbox.read_attachment(sid, att.sha256)
                self.client.put_attachment(att.sha256, data, types.get(att.sha256, ""))
                uploaded.append(att.sha256)
            return self.client.submit(raw, idempotency_key=sid)
        except BaseException as e:
            for digest in uploaded:
                self.outbox.mark_uploaded(sid, digest)
            if isinstance(e, PlatformError):
                # A refusal may echo the applicant: every line and status after this
                # (logged long after the session's wipe) carries the masked text.
                e.detail = self.outbox.mask_known(sid, e.detail)
            raise

    def _retry(
        self,
        lane: _Lane,
        info: SubmissionInfo,
        e: PlatformError,
        retry_after: float | None,
        report: SyncReport,
    ) -> Outcome:
        report.errors.append(e.detail)
        lane.last_error = e.detail
        lane.failed += 1
        now = self._clock()
        delay = self._backoff.with_retry_after(info.attempts, retry_after, self._rng)
        self.outbox.mark_retry(info.id, e.detail, now + delay)
        if lane.breaker.failure(now, self._rng):
            log.warning("%s: %d failures in a row, circuit open", lane.name or "platform", lane.breaker.failures_in_row)  # fmt: skip
        return Outcome.RETRY

    def _lane_wide(
        self,
        lane: _Lane,
        info: SubmissionInfo,
        e: PlatformError,
        retry_after: float | None,
        report: SyncReport,
    ) -> Outcome:
        report.errors.append(e.detail)
        lane.online, lane.last_error = False, e.detail
        lane.failed += 1
        delay = lane.breaker.trip(self._clock(), retry_after, self._rng)
        self.outbox.mark_retry(info.id, e.detail, lane.breaker.open_until or 0.0, count_attempt=False)  # fmt: skip
        log.warning("%s problem, its sync paused %.1f s: %s", lane.name or "platform", delay, e.detail)  # fmt: skip
        return Outcome.PAUSED
