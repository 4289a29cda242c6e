"""A4 document printer through CUPS (pycups), a PDF-directory sink, and a private cupsd.

:class:`DocumentPrinter` submits a PDF to a CUPS queue and follows the job to
completion or failure (printer stopped, job aborted or cancelled, filter errors),
with the reason CUPS gives. The document is streamed to CUPS (no temporary file
of ours: certificates carry names and ID numbers). Every job is purged from the
spool once it is over (its document file and its history): a certificate must not
stay on the terminal's disk after the resident has left. A job that fails, or whose
status cannot be read, is cancelled and purged, so it cannot come out of the
printer later. A terminal's cupsd keeps no history (``PreserveJobHistory No``), so
a job vanishes the moment it completes; its outcome is then read from an IPP
subscription (pull notifications, RFC 3995/3996) taken before the job is created.

A print service that is not answering (cupsd crashed or stopped) is a definite
FAULT of the device, reported at once, not after the manager's strikes.

:class:`PrivateCupsd` runs a cupsd of our own in a directory (its own config,
spool, logs, and a Unix socket instead of a port, so parallel test runs never
collide); tests and the demo add a ``cups-pdf`` queue to it. ``cups-pdf`` only
runs under a root cupsd (its backend is mode 0700), which is checked up front.
It is supervised: if cupsd dies it is restarted (spool purged first, queues
added again), and its listeners (the printer) hear of the death and the restart.

:class:`PdfSinkPrinter` is the demo's fallback when no cupsd can run: it files
each PDF in a directory, and says so in its health detail.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import pwd
import re
import shutil
import signal
import stat
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

from drivers.base import (
    Device,
    DeviceAbsent,
    DeviceError,
    DeviceStatus,
    Health,
    HealthChanged,
    SelfTestLevel,
    SelfTestResult,
)

log = logging.getLogger(__name__)


IPP_SERVICE_UNAVAILABLE = 0x0502  # server-error-service-unavailable (cupsd gone)
IPP_NOT_FOUND = 0x0406  # client-error-not-found (a job no longer in CUPS' memory)
HTTP_CONTINUE = 100  # what writeRequestData returns while CUPS wants more (not exported by pycups)


_UNSAFE_JOB_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


def safe_job_name(title: str, limit: int = 63) -> str:
    """A CUPS job name from a safe character set: ASCII letters, digits, ``._-``.

    cupsd 2.4.2 (Debian 12) crashes on a job named with a space ("a b"), and every
    later job then fails; a job name also ends up in CUPS's logs, so it must never
    carry anything but our template and number.
    """
    name = _UNSAFE_JOB_CHARS.sub("_", title).strip("_")[:limit]
    return name or "job"


class JobState(IntEnum):
    """IPP job-state values (RFC 8011 §5.3.7)."""

    PENDING = 3
    HELD = 4
    PROCESSING = 5
    STOPPED = 6
    CANCELED = 7
    ABORTED = 8
    COMPLETED = 9


class PrinterStateIpp(IntEnum):
    IDLE = 3
    PROCESSING = 4
    STOPPED = 5


@dataclass(frozen=True)
class JobOutcome:
    """A job CUPS reported as completed."""

    job_id: int
    queue: str
    seconds: float
    detail: str = ""


class DocumentPrinterError(DeviceError):
    resident_message = "文件打印机暂时无法使用，请稍后在本终端或网上重新打印。"


class PrintServiceDown(DocumentPrinterError):
    """The print service (cupsd) is not answering: crashed, stopped or unreachable."""


class PrintJobFailed(DocumentPrinterError):
    """The job did not print: aborted, cancelled, stopped, the printer stopped,
    the print service died, or its status could not be read (then it was purged)."""

    resident_message = "证明未能打印，请稍后凭证明编号在本终端或网上重新打印。"

    def __init__(self, detail: str, job_id: int | None = None, state: str = "") -> None:
        super().__init__(detail)
        self.job_id = job_id
        self.state = state


def _severity(reason: str) -> DeviceStatus:
    """Map one printer-state-reasons keyword to a status (RFC 8011 §5.4.12 suffixes)."""
    if reason in ("none", "") or reason.endswith("-report"):
        return DeviceStatus.OK
    if reason.endswith("-warning"):
        return DeviceStatus.DEGRADED
    return DeviceStatus.FAULT  # "-error" or no suffix both mean error


def _connect(server: str) -> Any:
    import cups

    try:
        if not server:
            return cups.Connection()
        if server.startswith("/"):
            return cups.Connection(host=server)
        host, _, port = server.rpartition(":")
        if host and port.isdigit():
            return cups.Connection(host=host, port=int(port))
        return cups.Connection(host=server)
    except RuntimeError as e:
        raise PrintServiceDown(f"CUPS server {server or '(default)'} unreachable: {e}") from None


class DocumentPrinter(Device):
    """A CUPS queue. ``server`` is ``host:port``, a socket path, or "" for libcups' default."""

    kind = "document_printer"

    def __init__(
        self,
        queue: str,
        server: str = "",
        name: str | None = None,
        job_timeout_s: float = 120.0,
        poll_interval_s: float = 0.1,
        test_page: Callable[[], bytes] | None = None,
        service: PrivateCupsd | None = None,
    ) -> None:
        super().__init__(name)
        self.queue = queue
        self.server = server
        self.job_timeout_s = job_timeout_s
        self.poll_interval_s = poll_interval_s
        self._test_page = test_page
        self._conn: Any = None
        self._leftovers_purged = False
        # pycups connections are not thread-safe: one at a time.
        self._lock = threading.RLock()
        #: The supervised private cupsd behind this queue (demo, tests), if any.
        self.service = service
        # A crash of the service seen by its supervisor, kept until status() has
        # reported it once: a restart within the manager's poll must not hide it.
        self._crash_note: str | None = None
        self._note_lock = threading.Lock()
        if service is not None:
            service.add_listener(self._on_service_event)

    def _on_service_event(self, event: CupsdEvent) -> None:
        if event.kind is CupsdEventKind.DIED:
            with self._note_lock:
                self._crash_note = event.detail
        self._conn = None  # the old connection is dead either way
        self.emit(HealthChanged(self.name))  # let the manager look at once

    def open(self) -> None:
        with self._lock:
            conn = _connect(self.server)
            try:
                printers = conn.getPrinters()
            except Exception as e:
                raise PrintServiceDown(f"CUPS server {self.server or '(default)'}: {e}") from None
            if self.queue not in printers:
                known = ", ".join(sorted(printers)) or "none"
                raise DeviceAbsent(f"CUPS queue '{self.queue}' not found (queues: {known})")
            self._conn = conn
            if not self._leftovers_purged:
                self._leftovers_purged = True
                self._purge_leftovers(conn)

    def _purge_leftovers(self, conn: Any) -> None:
        """Jobs on our queue left by an earlier run (a crash, a kill -9, a power cut).

        A private cupsd empties its spool before it starts; a system cupsd does not,
        and would print a certificate for a resident long gone, or keep it. At the
        first open nothing of ours can be in flight yet, so every job of our queue,
        pending or finished, is cancelled and purged.
        """
        try:
            # pycups indexes the answer by job-id: without asking for it, it is empty.
            jobs = conn.getJobs(
                which_jobs="all", requested_attributes=["job-id", "job-printer-uri"]
            )
        except Exception as e:
            log.warning("document printer %s: leftover jobs not listed: %s", self.queue, e)
            return
        ours = [
            job_id
            for job_id, attrs in jobs.items()
            if str(attrs.get("job-printer-uri", "")).rstrip("/").endswith(f"/{self.queue}")
        ]
        for job_id in ours:
            try:
                conn.cancelJob(job_id, purge_job=True)
            except Exception as e:  # already gone, or not ours to cancel
                log.warning("document printer %s: leftover job %d: %s", self.queue, job_id, e)
        if ours:
            log.warning(
                "document printer %s: %d job(s) left by an earlier run cancelled and purged",
                self.queue,
                len(ours),
            )

    def close(self) -> None:
        with self._lock:
            self._conn = None

    def _c(self) -> Any:
        if self._conn is None:
            self.open()
        return self._conn

    def _call(self, what: str, fn: Callable[[Any], Any]) -> Any:
        import cups

        with self._lock:
            try:
                return fn(self._c())
            except cups.IPPError as e:
                code, message = e.args if len(e.args) == 2 else (0, str(e))
                if code == IPP_SERVICE_UNAVAILABLE:
                    self._conn = None
                    raise PrintServiceDown(f"CUPS {what}: {message}") from None
                if code == IPP_NOT_FOUND:
                    raise _NotFound(f"CUPS {what}: {message}") from None
                raise DocumentPrinterError(f"CUPS {what}: {message} (IPP status {code})") from None
            except RuntimeError as e:  # connection failures
                self._conn = None
                raise PrintServiceDown(f"CUPS {what}: {e}") from None

    # --- status -----------------------------------------------------------------
    def printer_attributes(self) -> dict[str, Any]:
        attrs: dict[str, Any] = self._call(
            "get printer attributes",
            lambda c: c.getPrinterAttributes(
                self.queue,
                requested_attributes=[
                    "printer-state",
                    "printer-state-reasons",
                    "printer-state-message",
                    "printer-is-accepting-jobs",
                ],
            ),
        )
        return attrs

    def status(self) -> Health:
        with self._note_lock:
            crash, self._crash_note = self._crash_note, None
        if crash is not None:
            if self.service is not None and self.service.running:
                self.emit(HealthChanged(self.name))  # already back: look again at once
            return Health(DeviceStatus.FAULT, f"print service crashed ({crash})", definite=True)
        if self.service is not None and not self.service.running:
            return Health(
                DeviceStatus.FAULT,
                f"print service (private cupsd) not running: {self.service.state}",
                definite=True,
            )
        try:
            attrs = self.printer_attributes()
        except PrintServiceDown as e:
            # Not flaky: nothing can print until it is back. FAULT at once.
            return Health(DeviceStatus.FAULT, f"print service down: {e.detail}", definite=True)
        state = attrs.get("printer-state", 3)
        reasons = attrs.get("printer-state-reasons", ["none"])
        if isinstance(reasons, str):
            reasons = [reasons]
        message = attrs.get("printer-state-message", "")
        relevant = [r for r in reasons if _severity(r) is not DeviceStatus.OK and r != "paused"]
        if state == PrinterStateIpp.STOPPED:
            why = ", ".join(relevant) or message or "paused"
            return Health(DeviceStatus.FAULT, f"queue {self.queue} stopped: {why}")
        if not attrs.get("printer-is-accepting-jobs", True):
            return Health(DeviceStatus.FAULT, f"queue {self.queue} is rejecting jobs")
        worst = max((_severity(r) for r in relevant), default=DeviceStatus.OK, key=_rank)
        if worst is not DeviceStatus.OK:
            return Health(worst, ", ".join(relevant))
        return Health.ok(f"queue {self.queue} {'printing' if state == 4 else 'idle'}")

    # --- printing -----------------------------------------------------------------
    def submit(self, pdf: bytes, title: str) -> int:
        """Stream ``pdf`` to the queue as a new job; return the job id."""
        if not pdf.startswith(b"%PDF-"):
            raise DocumentPrinterError("refusing to print: data is not a PDF")
        title = safe_job_name(title)

        def go(c: Any) -> int:
            job_id: int = c.createJob(self.queue, title, {})
            try:
                c.startDocument(self.queue, job_id, title, "application/pdf", 1)
                for i in range(0, len(pdf), 65536):
                    chunk = pdf[i : i + 65536]
                    if c.writeRequestData(chunk, len(chunk)) != HTTP_CONTINUE:
                        raise DocumentPrinterError(f"CUPS refused document data of job {job_id}")
                c.finishDocument(self.queue)
            except BaseException:
                with contextlib.suppress(Exception):
                    c.cancelJob(job_id, purge_job=True)
                raise
            return job_id

        job: int = self._call("submit", go)
        log.info("document printer %s: job %d submitted (%d bytes)", self.queue, job, len(pdf))
        return job

    def job_attributes(self, job_id: int) -> dict[str, Any]:
        attrs: dict[str, Any] = self._call(
            "get job attributes",
            lambda c: c.getJobAttributes(
                job_id,
                requested_attributes=[
                    "job-state",
                    "job-state-reasons",
                    "job-printer-state-message",
                    "job-state-message",
                ],
            ),
        )
        return attrs

    # --- job outcome through a subscription -------------------------------------------
    def subscribe(self, lease_s: float) -> int | None:
        """A pull subscription to this queue's job events, or None if CUPS refuses one.

        Needed because a cupsd without job history forgets a job the moment it ends.
        """
        try:
            sub: int = self._call(
                "create subscription",
                lambda c: c.createSubscription(
                    f"ipp://localhost/printers/{self.queue}",
                    events=["job-completed", "job-state-changed"],
                    lease_duration=int(lease_s) + 60,
                ),
            )
        except DocumentPrinterError as e:
            log.warning("document printer %s: no job subscription (%s)", self.queue, e.detail)
            return None
        return sub

    def unsubscribe(self, subscription: int) -> None:
        with contextlib.suppress(DeviceError):
            self._call("cancel subscription", lambda c: c.cancelSubscription(subscription))

    def _notified_state(self, subscription: int | None, job_id: int) -> dict[str, Any] | None:
        """The newest event the subscription holds for ``job_id`` (None if none)."""
        if subscription is None:
            return None
        try:
            answer = self._call("get notifications", lambda c: c.getNotifications([subscription]))
        except DocumentPrinterError:
            return None
        events = [e for e in answer.get("events", []) if e.get("notify-job-id") == job_id]
        if not events:
            return None
        newest: dict[str, Any] = max(events, key=lambda e: e.get("notify-sequence-number", 0))
        return newest

    def wait(
        self, job_id: int, timeout_s: float | None = None, subscription: int | None = None
    ) -> JobOutcome:
        """Follow a job until it completes; raise :class:`PrintJobFailed` with the reason.

        However it ends, the job is purged from CUPS (document file and history).
        """
        start = time.monotonic()
        deadline = start + (timeout_s if timeout_s is not None else self.job_timeout_s)
        while True:
            try:
                attrs = self.job_attributes(job_id)
            except _NotFound:
                # Gone from CUPS' memory: a cupsd without history forgets a job as it
                # ends. What happened to it is in the subscription's events.
                event = self._notified_state(subscription, job_id)
                if event is None or JobState(event.get("job-state", 3)) < JobState.STOPPED:
                    self._purge(job_id, JobState.PENDING)
                    raise PrintJobFailed(
                        f"job {job_id} vanished from CUPS with no final state", job_id, "UNKNOWN"
                    ) from None
                attrs = event
            except DeviceError as e:
                # The status cannot be read: the job must not print later, unattended.
                self._purge(job_id, JobState.PENDING)
                self.emit(HealthChanged(self.name))
                raise PrintJobFailed(
                    f"job {job_id}: status unreadable, cancelled: {e.detail}", job_id, "UNKNOWN"
                ) from None
            state = JobState(attrs.get("job-state", JobState.PENDING))
            reasons = attrs.get("job-state-reasons", "")
            if isinstance(reasons, list):
                reasons = ",".join(reasons)
            message = (
                attrs.get("job-printer-state-message")
                or attrs.get("job-state-message")
                or attrs.get("notify-text", "")
            )
            if state is JobState.COMPLETED:
                self._purge(job_id, state)
                return JobOutcome(job_id, self.queue, time.monotonic() - start, reasons)
            if state in (JobState.ABORTED, JobState.CANCELED, JobState.STOPPED):
                self._purge(job_id, state)
                raise PrintJobFailed(
                    f"job {job_id} {state.name.lower()}: {message or reasons}", job_id, state.name
                )
            if state in (JobState.PENDING, JobState.HELD):
                # A stopped printer keeps the job pending forever: that is a failure now.
                health = self.status()
                if health.status is DeviceStatus.FAULT:
                    self._purge(job_id, state)
                    raise PrintJobFailed(
                        f"job {job_id} not printed: {health.detail}", job_id, "PRINTER_STOPPED"
                    )
            if time.monotonic() >= deadline:
                self._purge(job_id, state)
                raise PrintJobFailed(
                    f"job {job_id} still {state.name.lower()} after "
                    f"{deadline - start:.0f} s: {message or reasons}",
                    job_id,
                    "TIMEOUT",
                )
            time.sleep(self.poll_interval_s)

    def _purge(self, job_id: int, state: JobState) -> None:
        """Cancel (if still live) and purge the job: its document file and its history."""
        try:
            self._call("purge job", lambda c: c.cancelJob(job_id, purge_job=True))
        except _NotFound:
            return  # already forgotten by CUPS (no history kept): nothing left to purge
        except DeviceError as e:
            # cupsd is gone: a supervised one purges its spool before it restarts.
            log.warning("document printer %s: job %d not purged: %s", self.queue, job_id, e)
            return
        if state in (JobState.COMPLETED, JobState.CANCELED, JobState.ABORTED):
            log.info("document printer %s: job %d purged (%s)", self.queue, job_id, state.name)
        else:
            log.warning(
                "document printer %s: job %d cancelled and purged (%s)",
                self.queue,
                job_id,
                state.name,
            )

    def print_pdf(self, pdf: bytes, title: str, timeout_s: float | None = None) -> JobOutcome:
        """Submit and wait: returns once CUPS says the job completed, else raises.

        Any failure, the print service's death included, is a :class:`PrintJobFailed`
        carrying the resident's message; the job is purged whatever happened.
        """
        timeout = timeout_s if timeout_s is not None else self.job_timeout_s
        try:
            subscription = self.subscribe(timeout)
        except DeviceError:
            subscription = None
        try:
            return self.wait(self.submit(pdf, title), timeout, subscription)
        except PrintJobFailed:
            raise
        except DocumentPrinterError as e:
            if isinstance(e, PrintServiceDown):
                self.emit(HealthChanged(self.name))
            raise PrintJobFailed(f"not printed: {e.detail}", None, "NOT_SUBMITTED") from None
        finally:
            if subscription is not None:
                self.unsubscribe(subscription)

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        try:
            health = self.status()
        except DeviceError as e:
            return SelfTestResult(False, level, e.detail)
        facts = {"queue": self.queue, "server": self.server or "(default)"}
        if level is SelfTestLevel.INTERNAL or not health.usable:
            return SelfTestResult(health.usable, level, f"{health.status}: {health.detail}", facts)
        if self._test_page is None:
            return SelfTestResult(False, level, "no A4 test page configured", facts)
        try:
            outcome = self.print_pdf(self._test_page(), "A4_test_page")
        except DeviceError as e:
            return SelfTestResult(False, level, f"test print failed: {e.detail}", facts)
        facts["job"] = str(outcome.job_id)
        return SelfTestResult(True, level, f"test page printed in {outcome.seconds:.1f} s", facts)


class _NotFound(DocumentPrinterError):
    """IPP client-error-not-found: CUPS no longer knows the job (or subscription)."""


def _rank(status: DeviceStatus) -> int:
    return {DeviceStatus.OK: 0, DeviceStatus.DEGRADED: 1}.get(status, 2)


class PdfSinkPrinter(Device):
    """Files each PDF in a directory (demo fallback when no cupsd can run)."""

    kind = "document_printer"

    def __init__(self, directory: Path, name: str | None = None) -> None:
        super().__init__(name)
        self.directory = directory
        self._counter = 0
        self._lock = threading.Lock()

    def open(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as e:
            raise DeviceAbsent(f"PDF sink {self.directory}: {e.strerror}") from None

    def close(self) -> None:
        pass

    def status(self) -> Health:
        if not os.access(self.directory, os.W_OK):
            return Health(DeviceStatus.FAULT, f"PDF sink {self.directory} not writable")
        return Health.ok(f"PDF sink (no CUPS): {self.directory}")

    def print_pdf(self, pdf: bytes, title: str, timeout_s: float | None = None) -> JobOutcome:
        start = time.monotonic()
        if not pdf.startswith(b"%PDF-"):
            raise DocumentPrinterError("refusing to print: data is not a PDF")
        with self._lock:
            self._counter += 1
            job = self._counter
        path = self.directory / f"job_{job:05d}-{uuid.uuid4().hex[:8]}.pdf"
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(pdf)
        except OSError as e:
            raise PrintJobFailed(f"PDF sink: cannot write {path.name}: {e.strerror}", job) from None
        return JobOutcome(job, "pdf-sink", time.monotonic() - start, str(path))


# --- a private cupsd ------------------------------------------------------------------

CUPS_PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")


class CupsdUnavailable(DeviceError):
    """No private cupsd can run here (not installed, not root for cups-pdf, …)."""


def cups_pdf_unavailable_reason() -> str | None:
    """Why a private cupsd with a cups-pdf queue cannot run here, or None if it can."""
    if shutil.which("cupsd") is None and not Path("/usr/sbin/cupsd").exists():
        return "cupsd is not installed (apt install cups)"
    if not CUPS_PDF_BACKEND.exists():
        return "cups-pdf backend missing (apt install printer-driver-cups-pdf)"
    if not CUPS_PDF_PPD.exists():
        return f"cups-pdf PPD missing: {CUPS_PDF_PPD}"
    if os.geteuid() != 0:
        return "cups-pdf's backend runs only under a root cupsd"
    return None


def cups_pdf_output_dir(user: str | None = None) -> Path:
    """Where cups-pdf writes a user's PDFs (its ``Out`` setting, default ``${HOME}/PDF``)."""
    user = user or pwd.getpwuid(os.geteuid()).pw_name
    home = pwd.getpwnam(user).pw_dir
    out = "${HOME}/PDF"
    with contextlib.suppress(OSError):
        for line in CUPS_PDF_CONF.read_text().splitlines():
            m = re.match(r"\s*Out\s+(\S+)", line)
            if m:
                out = m.group(1)
    return Path(out.replace("${HOME}", home).replace("${USER}", user))


class CupsdEventKind(StrEnum):
    """What the supervisor of a private cupsd tells its listeners."""

    DIED = "died"
    RESTARTED = "restarted"
    RESTART_FAILED = "restart_failed"


@dataclass(frozen=True)
class CupsdEvent:
    """One supervision event (technician-facing detail, no personal data)."""

    kind: CupsdEventKind
    detail: str
    restarts: int


def _describe_exit(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exited with status {returncode}"


def _empty_dir(directory: Path) -> int:
    """Remove everything inside ``directory`` (kept itself); return how many files went."""
    removed = 0
    if not directory.is_dir():
        return 0
    for entry in directory.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            removed += _empty_dir(entry)
            with contextlib.suppress(OSError):
                entry.rmdir()
        else:
            with contextlib.suppress(FileNotFoundError):
                entry.unlink()
                removed += 1
    return removed


#: What cupsd.conf must say on a terminal: no document files and no job history are
#: kept once a job is over (CUPS' defaults keep both, for a day).
CUPSD_PRIVACY_DIRECTIVES = "PreserveJobFiles No\nPreserveJobHistory No\n"


class PrivateCupsd:
    """A supervised cupsd of our own under ``root_dir``, listening on a Unix socket only.

    Configured like a terminal's CUPS (no job files, no job history). If cupsd dies
    while supervised, the supervisor thread restarts it at once (then with backoff
    if it cannot start): the spool and temp dirs are emptied first, so a job that
    was under way when it died is never resumed after its resident has left, and the
    queues added through :meth:`add_pdf_queue` are added again.
    """

    def __init__(
        self,
        root_dir: Path,
        restart_backoff_initial_s: float = 0.5,
        restart_backoff_max_s: float = 30.0,
    ) -> None:
        self.root = root_dir.resolve()
        self.socket_path = self.root / "run" / "cups.sock"
        if len(str(self.socket_path)) > 100:  # sun_path holds 108 bytes
            self.socket_path = Path(tempfile.mkdtemp(prefix="kiosk-cupsd-")) / "cups.sock"
        self.proc: subprocess.Popen[bytes] | None = None
        self.restart_backoff_initial_s = restart_backoff_initial_s
        self.restart_backoff_max_s = restart_backoff_max_s
        #: How many times the supervisor restarted cupsd, and why it last died.
        self.restarts = 0
        self.last_death = ""
        self._queues: list[str] = []
        self._listeners: list[Callable[[CupsdEvent], None]] = []
        self._lock = threading.RLock()
        self._stopping = threading.Event()
        self._up = threading.Event()
        self._supervisor: threading.Thread | None = None
        self._start_timeout_s = 15.0
        self._atexit_registered = False

    @property
    def server(self) -> str:
        """The value for ``CUPS_SERVER`` / DocumentPrinter(server=…)."""
        return str(self.socket_path)

    @property
    def error_log(self) -> Path:
        return self.root / "log" / "error_log"

    @property
    def spool_dir(self) -> Path:
        return self.root / "spool"

    @property
    def running(self) -> bool:
        """True while cupsd is up and answering (not dead, not being restarted)."""
        # No poll() here: reaping the process belongs to the supervisor's wait().
        proc = self.proc
        return self._up.is_set() and proc is not None and proc.returncode is None

    @property
    def state(self) -> str:
        """What diagnostics shows: running, restarting (after a death), stopped."""
        if self.running:
            return "running"
        if self._stopping.is_set() or self.proc is None:
            return "stopped"
        return f"restarting after it {self.last_death or 'died'}"

    @property
    def pid(self) -> int | None:
        proc = self.proc
        return proc.pid if proc is not None else None

    def add_listener(self, listener: Callable[[CupsdEvent], None]) -> None:
        """Call ``listener`` (on the supervisor's thread) on every death and restart."""
        with self._lock:
            self._listeners.append(listener)

    def _notify(self, kind: CupsdEventKind, detail: str) -> None:
        with self._lock:
            listeners = list(self._listeners)
        event = CupsdEvent(kind, detail, self.restarts)
        for listener in listeners:
            try:
                listener(event)
            except Exception:
                log.exception("private cupsd: listener failed on %s", kind)

    def _write_config(self) -> tuple[Path, Path]:
        for sub in ("etc", "spool", "cache", "state", "run", "log", "tmp"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        # Filters run as user lp: they need a writable temp dir.
        os.chmod(self.root / "tmp", 0o1777)
        cupsd_conf = self.root / "etc" / "cupsd.conf"
        cupsd_conf.write_text(
            f"Listen {self.socket_path}\n"
            "LogLevel info\nWebInterface No\nBrowsing No\nDefaultAuthType None\n"
            f"MaxJobs 100\n{CUPSD_PRIVACY_DIRECTIVES}"
            "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
            "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n"
        )
        files_conf = self.root / "etc" / "cups-files.conf"
        r = self.root
        files_conf.write_text(
            f"ServerRoot {r}/etc\nRequestRoot {r}/spool\nCacheDir {r}/cache\n"
            f"StateDir {r}/state\nTempDir {r}/tmp\nLogFilePerm 0644\n"
            f"AccessLog {r}/log/access_log\nErrorLog {r}/log/error_log\n"
            f"PageLog {r}/log/page_log\nPrintcap {r}/run/printcap\n"
        )
        return cupsd_conf, files_conf

    def purge_spool(self) -> int:
        """Empty the spool and temp dirs (only while cupsd is not running)."""
        removed = _empty_dir(self.root / "spool") + _empty_dir(self.root / "tmp")
        with contextlib.suppress(FileNotFoundError):
            (self.root / "cache" / "job.cache").unlink()
        return removed

    def start(self, timeout_s: float = 15.0, supervise: bool = True) -> PrivateCupsd:
        """Start cupsd (and, by default, its supervisor); returns once it answers."""
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        if not Path(cupsd).exists():
            raise CupsdUnavailable("cupsd is not installed")
        # Filters run as user lp and open spool and temp files under root_dir: every
        # directory above it must be searchable by others (pytest's tmp dirs are not).
        self.root.mkdir(parents=True, exist_ok=True)
        for d in [self.root, *self.root.parents]:
            if not d.stat().st_mode & stat.S_IXOTH:
                raise CupsdUnavailable(
                    f"{d} is not searchable by other users (mode {d.stat().st_mode & 0o777:o}): "
                    "CUPS filters running as lp could not read the spool"
                )
        self._start_timeout_s = timeout_s
        self._stopping.clear()
        if not self._atexit_registered:
            # Never leave a cupsd behind, even if the owner forgets to stop it.
            atexit.register(self.stop)
            self._atexit_registered = True
        self._spawn(cupsd, timeout_s)
        if supervise:
            self._supervisor = threading.Thread(
                target=self._supervise, name="cupsd-supervisor", daemon=True
            )
            self._supervisor.start()
        return self

    def _spawn(self, cupsd: str, timeout_s: float) -> None:
        """Purge what a previous cupsd left, start a new one, wait until it answers."""
        self._up.clear()
        left = self.purge_spool()
        if left:
            log.warning("private cupsd: purged %d file(s) a previous cupsd left", left)
        cupsd_conf, files_conf = self._write_config()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        proc = subprocess.Popen(
            [cupsd, "-f", "-c", str(cupsd_conf), "-s", str(files_conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        with self._lock:
            if self._stopping.is_set():  # stop() ran meanwhile: do not leave this one
                self._kill(proc)
                raise CupsdUnavailable("stopped while starting")
            self.proc = proc
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self._stopping.is_set():
            if proc.poll() is not None:
                raise CupsdUnavailable(f"cupsd exited with {proc.returncode}: {self._log_tail()}")
            if self.socket_path.exists():
                try:
                    _connect(self.server).getPrinters()
                except (DeviceError, RuntimeError):
                    pass
                else:
                    for queue in list(self._queues):
                        self._add_queue(queue)
                    self._up.set()
                    return
            time.sleep(0.05)
        self._kill(proc)
        raise CupsdUnavailable(f"cupsd did not start within {timeout_s:.0f} s: {self._log_tail()}")

    def _supervise(self) -> None:
        cupsd = shutil.which("cupsd") or "/usr/sbin/cupsd"
        while not self._stopping.is_set():
            proc = self.proc
            if proc is None:
                return
            returncode = proc.wait()
            if self._stopping.is_set():
                return
            self._up.clear()
            self.last_death = _describe_exit(returncode)
            # Filters and backends of the dead cupsd share its process group: they
            # must not finish a job after the resident was told it failed.
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            log.error("private cupsd %s; restarting it", self.last_death)
            self._notify(CupsdEventKind.DIED, self.last_death)
            backoff = self.restart_backoff_initial_s
            while not self._stopping.is_set():
                try:
                    self._spawn(cupsd, self._start_timeout_s)
                except (CupsdUnavailable, OSError) as e:
                    log.error("private cupsd: restart failed: %s", e)
                    self._notify(CupsdEventKind.RESTART_FAILED, str(e))
                    if self._stopping.wait(backoff):
                        return
                    backoff = min(backoff * 2, self.restart_backoff_max_s)
                    continue
                break
            if self._stopping.is_set():
                return
            self.restarts += 1
            log.warning("private cupsd restarted (restart %d)", self.restarts)
            self._notify(CupsdEventKind.RESTARTED, f"restart {self.restarts}")

    def wait_running(self, timeout_s: float) -> bool:
        """Wait until cupsd is up (e.g. after a restart); False on timeout."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.running:
                return True
            self._up.wait(0.05)
        return self.running

    def _log_tail(self) -> str:
        try:
            lines = self.error_log.read_text(errors="replace").splitlines()
        except OSError:
            return "(no log)"
        errors = [ln for ln in lines if ln.startswith("E ")]
        return " | ".join((errors or lines)[-3:])

    def add_pdf_queue(self, queue: str) -> None:
        """Add an enabled, accepting ``cups-pdf`` queue (added again after a restart)."""
        reason = cups_pdf_unavailable_reason()
        if reason:
            raise CupsdUnavailable(reason)
        self._add_queue(queue)
        with self._lock:
            if queue not in self._queues:
                self._queues.append(queue)

    def _add_queue(self, queue: str) -> None:
        conn = _connect(self.server)
        conn.addPrinter(queue, device="cups-pdf:/", filename=str(CUPS_PDF_PPD))
        conn.enablePrinter(queue)
        conn.acceptJobs(queue)

    @staticmethod
    def _kill(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def stop(self) -> None:
        """Stop supervising, stop cupsd, and empty its spool."""
        self._stopping.set()
        self._up.clear()
        with self._lock:
            proc, self.proc = self.proc, None
        if proc is not None:
            self._kill(proc)
        supervisor, self._supervisor = self._supervisor, None
        if supervisor is not None and supervisor is not threading.current_thread():
            supervisor.join(timeout=20)
        with self._lock:  # a restart that raced with this stop
            late, self.proc = self.proc, None
        if late is not None:
            self._kill(late)
        if proc is not None or late is not None:
            self.purge_spool()


def find_cups_pdf_output(
    job_id: int, newer_than: float = 0.0, user: str | None = None
) -> Path | None:
    """The PDF cups-pdf wrote for ``job_id`` (its file name carries ``job_<id>``).

    Every private cupsd numbers jobs from 1, so files older than ``newer_than``
    (a ``time.time()`` taken before submitting) are ignored.
    """
    out = cups_pdf_output_dir(user)
    matches = [
        p
        for p in sorted(out.glob(f"*job_{job_id}*.pdf"))
        if re.search(rf"job_{job_id}(\D|$)", p.stem) and p.stat().st_mtime >= newer_than
    ]
    return matches[-1] if matches else None


__all__ = [
    "CUPSD_PRIVACY_DIRECTIVES",
    "CupsdEvent",
    "CupsdEventKind",
    "CupsdUnavailable",
    "DocumentPrinter",
    "DocumentPrinterError",
    "JobOutcome",
    "JobState",
    "PdfSinkPrinter",
    "PrintJobFailed",
    "PrintServiceDown",
    "PrivateCupsd",
    "cups_pdf_output_dir",
    "cups_pdf_unavailable_reason",
    "find_cups_pdf_output",
]
