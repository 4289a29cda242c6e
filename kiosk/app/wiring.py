"""Attaching the terminal's services: outbox + sync, licences, printing, heartbeat.

Each is optional in the sense that its failure is a start-up problem shown on
diagnostics, not a crash: a terminal whose outbox cannot open still identifies
residents and shows guides, and says clearly that it cannot accept applications.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.app.terminal import StartupProblem, Terminal
from kiosk.ops.heartbeat import HeartbeatSender, QueueCounts
from kiosk.platform.settings import platform_settings
from kiosk.services.catalog import CatalogError, load_catalog
from kiosk.services.submissions import SubmissionRefused, SubmissionService
from offline_queue.client import PlatformClient

log = logging.getLogger(__name__)


class LicenceLookupService:
    """Electronic-licence lookup for form prefill (``kiosk.services.rules.LicenceLookup``)."""

    def __init__(self, client: PlatformClient) -> None:
        self.client = client

    def lookup(self, id_number: str, licence_type: str) -> dict[str, str] | None:
        for lic in self.client.lookup_licences(id_number):
            if lic.licence_type == licence_type:
                return dict(lic.fields)
        return None

    def stop(self) -> None:
        self.client.close()


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


def attach_services(terminal: Terminal, heartbeat: bool = True) -> None:
    """Build and start the services the session needs; problems are recorded, not raised."""
    config = terminal.config
    try:
        service = SubmissionService(config)
        service.start()
        terminal.services["submitter"] = SubmitterStatus(service)
    except SubmissionRefused as e:
        log.error("outbox unavailable: %s", e.detail)
        terminal.problems.append(StartupProblem("outbox", e.detail))
    terminal.services["licences"] = LicenceLookupService(PlatformClient(platform_settings(config)))
    from kiosk.services.printing import ResultPrinterService

    terminal.services["printer"] = ResultPrinterService(terminal)
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
