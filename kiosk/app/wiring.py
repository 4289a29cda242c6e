"""Attaching the terminal's services: outbox + sync, licences, printing, heartbeat.

Each is optional in the sense that its failure is a start-up problem shown on
diagnostics, not a crash: a terminal whose outbox cannot open still identifies
residents and shows guides, and says clearly that it cannot accept applications.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from kiosk.app.terminal import StartupProblem, Terminal
from kiosk.ops.heartbeat import HeartbeatSender, QueueCounts
from kiosk.platform.settings import platform_settings
from kiosk.services.catalog import CatalogError, load_catalog
from kiosk.services.licences import LicenceLookupService
from kiosk.services.submissions import SubmissionRefused, SubmissionService
from offline_queue.client import PlatformClient
from offline_queue.crypto import HOST_KEY_WARNING
from offline_queue.errors import QueueError

if TYPE_CHECKING:
    from offline_queue.netwatch import PlatformProbe

log = logging.getLogger(__name__)


class SubmitterStatus:
    """Adds ``depth()`` (for the status bar and diagnostics) to the submission service."""

    def __init__(self, service: SubmissionService) -> None:
        self.service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self.service, name)

    def depth(self) -> int:
        return self.service.stats().unsent

    def counts(self) -> QueueCounts:
        st = self.service.stats()
        return QueueCounts(st.unsent, st.dead, st.oldest_pending_age_s)


def catalog_version(terminal: Terminal) -> str:
    try:
        return load_catalog(terminal.config.data_file(terminal.config.catalog.path)).version
    except CatalogError:
        return ""


def attach_outbox(terminal: Terminal) -> bool:
    """Open (salvaging if damaged) and start the outbox; True when it is serving.

    Whatever is wrong with the outbox becomes a start-up problem on the technician
    screen, never an exception: an exception here would crash-loop the terminal
    under ``Restart=always``. Without an outbox no application is accepted (the
    service-start check says so), but residents can still read guides.
    """
    try:
        service = SubmissionService(terminal.config)
    except QueueError as e:
        log.error("outbox unavailable: %s", e.detail)
        terminal.problems.append(StartupProblem("outbox", e.detail))
        return False
    except Exception as e:  # a bug or a disk error must not crash-loop the terminal
        log.exception("outbox could not be opened")
        terminal.problems.append(StartupProblem("outbox", f"cannot open: {e!r}"))
        return False
    if terminal.config.outbox.key_seal == "host" and not terminal.demo:
        # The documented fallback, said loudly: a stolen disk opens this outbox.
        log.warning("SECURITY: %s", HOST_KEY_WARNING)
        terminal.problems.append(StartupProblem("outbox key", HOST_KEY_WARNING))
    salvage = service.outbox.salvage
    if salvage is not None:
        terminal.problems.append(StartupProblem("outbox", salvage.alert()))
        terminal.record(
            "outbox_salvaged",
            salvaged=salvage.salvaged,
            lost=[r.id for r in salvage.lost],
            quarantine=str(salvage.quarantine),
        )
    try:
        service.start()
    except SubmissionRefused as e:
        log.error("outbox unavailable: %s", e.detail)
        terminal.problems.append(StartupProblem("outbox", e.detail))
        service.stop()
        return False
    terminal.services["submitter"] = SubmitterStatus(service)
    return True


class OutboxWatch:
    """Runs ``PRAGMA quick_check`` on the running outbox every ``interval_s``.

    On damage the outbox is taken out of service at once (no new application is
    accepted on a damaged file), stopped, and opened again: the open path
    quarantines the file and salvages what is readable into a new outbox.
    """

    def __init__(self, terminal: Terminal, interval_s: float = 600.0) -> None:
        self.terminal = terminal
        self.interval_s = interval_s
        self._next = time.monotonic() + interval_s

    def __call__(self) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self.interval_s
        self.check()

    def check(self) -> str | None:
        """Check now; on damage salvage. Returns the problem found, if any."""
        submitter = self.terminal.services.get("submitter")
        if submitter is None:
            return None
        problem = submitter.outbox.check_integrity()
        if problem is None:
            return None
        log.error("running outbox damaged: %s", problem)
        self.terminal.services.pop("submitter", None)  # refuse new applications now
        try:
            submitter.stop()
        except Exception:
            log.exception("damaged outbox did not stop cleanly")
        attach_outbox(self.terminal)
        return problem


def attach_services(terminal: Terminal, heartbeat: bool = True) -> None:
    """Build and start the services the session needs; problems are recorded, not raised."""
    config = terminal.config
    attach_outbox(terminal)
    terminal.services["licences"] = LicenceLookupService(
        PlatformClient(platform_settings(config)),
        config.kiosk.id,
        lambda: terminal.session.data.session_id,
    )
    from kiosk.services.printing import ResultPrinterService

    terminal.services["printer"] = ResultPrinterService(terminal)
    terminal.periodic.append(OutboxWatch(terminal))
    from kiosk.app.handoff_wiring import attach_handoff  # locker + post (issue 21)

    attach_handoff(terminal)
    from kiosk.app.payments_wiring import attach_payments  # fee payment (issue 20)

    attach_payments(terminal)
    if heartbeat:
        submitter = terminal.services.get("submitter")
        sender = HeartbeatSender(
            config,
            terminal.devices,
            submitter.counts if submitter is not None else QueueCounts,
            catalog_version(terminal),
        )
        sender.start()
        terminal.services["heartbeat"] = sender
    attach_platform_probe(terminal)
    from kiosk.app.catalog_wiring import attach_catalog_sync

    attach_catalog_sync(terminal)  # the connectors' item lists, synced now and then


def attach_platform_probe(terminal: Terminal) -> PlatformProbe | None:
    """Watch, while idle, whether the platform can be reached (issue 18: within 5 s).

    The shell reads the verdict on its tick; when the platform comes back the sync
    worker is woken at once instead of waiting out its backoff.
    """
    from offline_queue.netwatch import PlatformProbe

    def changed(online: bool) -> None:
        submitter = terminal.services.get("submitter")
        worker = getattr(getattr(submitter, "service", None), "worker", None)
        if online and worker is not None:
            worker.network_changed()

    try:
        probe = PlatformProbe(terminal.config.platform.url, changed)
    except ValueError as e:
        log.warning("no platform probe: %s", e)
        return None
    probe.start()
    terminal.services["platform_probe"] = probe
    return probe
