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

from offline_queue.backoff import Backoff
from offline_queue.client import PlatformClient
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
    """For the status bar and diagnostics."""

    running: bool
    online: bool | None
    last_success_at: float | None
    last_error: str | None
    paused_until: float | None


class SyncWorker:
    """Background sender for one outbox. ``start()`` takes the lock and recovers."""

    def __init__(
        self,
        outbox: Outbox,
        client: PlatformClient,
        settings: SyncSettings | None = None,
        *,
        lock_path: Path | None = None,
        clock: Callable[[], float] = time.time,
        rng: random.Random | None = None,
    ) -> None:
        self.outbox = outbox
        self.client = client
        self.settings = settings or SyncSettings()
        self._backoff = Backoff(self.settings.backoff_initial_s, self.settings.backoff_max_s)
        self._lock = LockFile(lock_path or outbox.directory / LOCK_NAME)
        self._clock = clock
        self._rng = rng or random.Random()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._watcher: NetworkWatcher | None = None
        self._send_lock = threading.Lock()
        self._paused_until: float | None = None
        self._pauses = 0
        self._online: bool | None = None
        self._last_success_at: float | None = None
        self._last_error: str | None = None
        self._subscribed = False
        self._ack_listeners: list[Callable[[str, str], None]] = []
        self._pool: ThreadPoolExecutor | None = None
        #: What start-up recovery did when the lock was taken.
        self.last_recovery: RecoveryReport | None = None
        #: Running totals since construction (diagnostics, tests, benchmarks).
        self.totals = SyncReport()

    # --- life cycle -----------------------------------------------------------------

    def acquire(self) -> None:
        """Take the outbox's worker lock (raises WorkerLocked) and run start-up recovery."""
        if not self._lock.held:
            self._lock.acquire()
            self.last_recovery = self.outbox.recover()

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
        """The network came back or changed: forget the pause and try at once."""
        self._paused_until = None
        self._wake.set()

    def status(self) -> SyncStatus:
        return SyncStatus(
            running=self._thread is not None and self._thread.is_alive(),
            online=self._online,
            last_success_at=self._last_success_at,
            last_error=self._last_error,
            paused_until=self._paused_until,
        )

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
                report = None
                if self._paused_until is None or now >= self._paused_until:
                    report = self.drain_batch()
            except Exception:  # the worker must outlive any surprise; the data is safe on disk
                log.exception("sync worker iteration failed")
                self._stop.wait(self.settings.backoff_initial_s)
                continue
            if (
                report is not None
                and report.stopped is None
                and report.attempted >= self.settings.batch_size
            ):
                # A backlog: next batch after a short breath.
                self._stop.wait(self.settings.batch_pause_s)
                continue
            self._wake.wait(self._sleep_time())

    def _sleep_time(self) -> float:
        now = self._clock()
        wait = self.settings.interval_s
        if self._paused_until is not None:
            wait = min(wait, self._paused_until - now)
        else:
            due = self.outbox.next_due_at()
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
            if report.attempted == 0 or report.stopped is not None:
                break
        return total

    def drain_batch(
        self,
        *,
        ignore_backoff: bool = False,
        untouched_since: float | None = None,
        limit: int | None = None,
    ) -> SyncReport:
        """Claim and send at most one batch of due submissions."""
        if not self._lock.held:
            raise QueueError("drain_batch needs the worker lock: call start() or acquire()")
        report = SyncReport()
        with self._send_lock:
            claimed = self.outbox.claim_due(
                limit or self.settings.batch_size,
                ignore_backoff=ignore_backoff,
                untouched_since=untouched_since,
            )
            halt = threading.Event()
            tally = threading.Lock()
            failures_in_row = 0

            def send(info: SubmissionInfo) -> None:
                nonlocal failures_in_row
                if halt.is_set() or (self._stop.is_set() and self._thread is not None):
                    # Not started: back in line untouched (no attempt charged).
                    self._release([info], "batch stopped")
                    with tally:
                        report.stopped = report.stopped or "stopping"
                    return
                outcome, duplicate = self._send_one(info, report)
                with tally:
                    report.attempted += 1
                    if outcome is Outcome.ACKNOWLEDGED:
                        failures_in_row = 0
                        report.acknowledged += 1
                        report.duplicates += duplicate
                    elif outcome is Outcome.DEAD:
                        report.dead += 1
                    elif outcome is Outcome.RETRY:
                        report.retried += 1
                        failures_in_row += 1
                    if not halt.is_set() and (
                        outcome is Outcome.PAUSED
                        or failures_in_row >= self.settings.max_failures_per_batch
                    ):
                        if outcome is not Outcome.PAUSED:
                            self._pause(None)
                        halt.set()
                        report.stopped = report.errors[-1] if report.errors else "paused"

            if self.settings.concurrency <= 1 or len(claimed) <= 1:
                for info in claimed:
                    send(info)
            else:
                # A few submissions in flight at once: their network and fsync waits
                # overlap. Results are independent; each one commits its own state.
                list(self._executor().map(send, claimed))
            self.totals.add(report)
        return report

    def _release(self, infos: list[SubmissionInfo], why: str) -> None:
        due = self._paused_until or self._clock()
        for info in infos:
            self.outbox.mark_retry(info.id, info.last_error or why, due, count_attempt=False)

    def _pause(self, retry_after_s: float | None) -> None:
        self._pauses += 1
        delay = self._backoff.with_retry_after(self._pauses, retry_after_s, self._rng)
        self._paused_until = self._clock() + delay
        log.info("sync paused for %.1f s", delay)

    # --- one submission --------------------------------------------------------------

    def _send_one(self, info: SubmissionInfo, report: SyncReport) -> tuple[Outcome, bool]:
        sid = info.id
        # Uploads of this attempt are written down only if the attempt fails (saves a
        # commit per submission on the happy path; after a crash, HEAD finds them).
        uploaded: list[str] = []
        try:
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
                acceptance = self.client.submit(raw, idempotency_key=sid)
            except BaseException:
                for digest in uploaded:
                    self.outbox.mark_uploaded(sid, digest)
                raise
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
            self._online, self._last_error = True, e.detail
            return Outcome.DEAD, False
        except (PlatformUnreachable, PlatformAuthError) as e:
            return self._platform_wide(info, e, None, report), False
        except PlatformBusy as e:
            if e.status == 429:
                return self._platform_wide(info, e, e.retry_after_s, report), False
            if e.status == 409:
                # The platform lacks an attachment we thought uploaded: send them again.
                self.outbox.reset_uploaded(sid)
            return self._retry(info, e, e.retry_after_s, report), False
        except PlatformError as e:  # dropped connection, timeout mid-request
            return self._retry(info, e, None, report), False
        self._online, self._last_success_at, self._last_error = True, self._clock(), None
        self._pauses = 0
        for cb in list(self._ack_listeners):
            try:
                cb(sid, acceptance.acceptance_no)
            except Exception:
                log.exception("acknowledgement listener failed")
        if acceptance.duplicate:
            log.info("submission %s was already on the platform (%s)", sid, acceptance.acceptance_no)  # fmt: skip
        else:
            log.info("submission %s acknowledged: %s", sid, acceptance.acceptance_no)
        return Outcome.ACKNOWLEDGED, acceptance.duplicate

    def _retry(
        self, info: SubmissionInfo, e: PlatformError, retry_after: float | None, report: SyncReport
    ) -> Outcome:
        report.errors.append(e.detail)
        self._last_error = e.detail
        delay = self._backoff.with_retry_after(info.attempts, retry_after, self._rng)
        self.outbox.mark_retry(info.id, e.detail, self._clock() + delay)
        return Outcome.RETRY

    def _platform_wide(
        self, info: SubmissionInfo, e: PlatformError, retry_after: float | None, report: SyncReport
    ) -> Outcome:
        report.errors.append(e.detail)
        self._online, self._last_error = False, e.detail
        self._pause(retry_after)
        self.outbox.mark_retry(info.id, e.detail, self._paused_until or 0.0, count_attempt=False)
        log.warning("platform problem, sync paused: %s", e.detail)
        return Outcome.PAUSED
