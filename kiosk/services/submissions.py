"""The application's door to the offline queue: build it from the config, submit, show status.

Plain Python (no Qt). ``SubmissionService`` implements the ``Submitter`` protocol of
:mod:`kiosk.services.submit_flow`: ``check_capacity`` before a service starts, ``submit``
when the resident confirms. ``submit`` returns only after the submission is durable
on disk; it then gives the platform ``outbox.submit_wait_s`` to answer, so an
online terminal prints the official acceptance number and an offline one says
"queued". Call both from a worker thread, never the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.platform.dispatch import ConnectorDestination
from kiosk.platform.registry import ConnectorRegistry, UnknownConnector
from kiosk.platform.settings import platform_settings
from kiosk.services.submit_flow import OutgoingAttachment, SubmitReceipt
from offline_queue.client import PlatformClient
from offline_queue.crypto import load_or_create_sealed_key
from offline_queue.errors import OutboxFull, QueueError
from offline_queue.models import AttachmentIn, QueueStats
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncSettings, SyncWorker

log = logging.getLogger(__name__)


class SubmissionRefused(KioskError):
    """The outbox cannot take a new submission (full, disk full, key or database trouble)."""

    resident_message = "终端暂时无法受理新的申请，请到窗口办理或稍后再试。"


@dataclass(frozen=True)
class QueueStatus:
    """What the status bar and diagnostics show (no personal data)."""

    pending: int
    dead: int
    bytes_on_disk: int
    max_bytes: int
    online: bool | None
    last_error: str | None

    @property
    def label(self) -> str:
        """Short Chinese text for the status bar."""
        if self.online is False:
            text = "离线"
        elif self.online:
            text = "在线"
        else:
            text = "连接中"
        if self.pending:
            text += f" · 待上传 {self.pending}"
        if self.dead:
            text += f" · 异常 {self.dead}"
        return text


def sync_settings(config: KioskConfig) -> SyncSettings:
    o = config.outbox
    return SyncSettings(
        interval_s=o.sync_interval_s,
        batch_size=o.batch_size,
        batch_pause_s=o.batch_pause_s,
        backoff_initial_s=o.backoff_initial_s,
        backoff_max_s=o.backoff_max_s,
        network_poll_s=o.network_poll_s or None,
        concurrency=o.sync_concurrency,
    )


def _catalog_routes(config: KioskConfig) -> Mapping[str, str]:
    """Service code → connector, from the running catalog (shipped + synced items).

    Read again when the catalog cache changes, so items synced after start-up route
    at once; a code it does not know goes to the platform.
    """
    from kiosk.services.catalog_cache import CatalogRoutes, RunningCatalog

    return CatalogRoutes(RunningCatalog(config))


def sealed_key_dir(config: KioskConfig) -> Path:
    """Where the TPM-sealed outbox key halves live (beside ``paths.key_file``)."""
    return config.resolved_paths.key_file.parent / "outbox-key.tpm"


def open_outbox(config: KioskConfig) -> Outbox:
    """The outbox at ``paths.outbox_dir``; its key sealed by the TPM or at ``paths.key_file``."""
    paths = config.resolved_paths
    o = config.outbox
    loader = None
    if o.key_seal == "tpm2":
        sealed, tcti = sealed_key_dir(config), o.tpm_tcti

        def loader(create: bool) -> bytes:
            return load_or_create_sealed_key(sealed, tcti, create=create)

    return Outbox(
        paths.outbox_dir,
        paths.key_file,
        max_bytes=o.max_bytes,
        min_free_bytes=o.min_free_bytes,
        retention_s=o.retention_days * 86400,
        key_loader=loader,
    )


class SubmissionService:
    """Outbox + sync worker of the running terminal."""

    def __init__(
        self,
        config: KioskConfig,
        outbox: Outbox | None = None,
        *,
        routes: Mapping[str, str] | None = None,
    ) -> None:
        self.config = config
        self.outbox = outbox or open_outbox(config)
        self.client = PlatformClient(platform_settings(config))
        # One sync lane per configured department connector, beside the platform's.
        self.connectors = ConnectorRegistry(config)
        destinations = []
        for name in self.connectors.names():
            try:
                destinations.append(ConnectorDestination(self.connectors.get(name)))
            except KioskError as e:  # a misconfigured department stays unrouted; the rest runs
                log.error("connector %s not started: %s", name, e.detail)
        self.worker = SyncWorker(
            self.outbox, self.client, sync_settings(config), destinations=tuple(destinations)
        )
        #: service code → connector name ('' or absent: the platform). Default: the catalog's.
        self._routes = dict(routes) if routes is not None else _catalog_routes(config)
        self._waiters: dict[str, threading.Event] = {}
        self._waiters_lock = threading.Lock()
        self.worker.on_acknowledged(self._acknowledged)

    # --- life cycle ---------------------------------------------------------------

    def start(self) -> None:
        """Check the key, take the worker lock, recover, start syncing. Raises SubmissionRefused."""
        try:
            self.outbox.check_key()
            self.worker.start()
        except QueueError as e:
            raise SubmissionRefused(e.detail, e.resident_message) from None

    def stop(self) -> None:
        self.worker.stop()
        self.client.close()
        self.connectors.close()
        self.outbox.close()

    # --- the Submitter protocol ---------------------------------------------------------

    def check_capacity(self, expected_bytes: int | None = None) -> None:
        """Raise SubmissionRefused if a submission of that size would not fit (ask up front)."""
        need = (
            self.config.outbox.expected_submission_bytes
            if expected_bytes is None
            else expected_bytes
        )
        try:
            self.outbox.check_capacity(need)
        except QueueError as e:
            raise SubmissionRefused(e.detail, e.resident_message) from None

    def submit(
        self,
        service_code: str,
        form: dict[str, Any],
        applicant: dict[str, Any],
        attachments: list[OutgoingAttachment],
        submission_id: str | None = None,
    ) -> SubmitReceipt:
        """Store durably, then wait briefly for the platform's acceptance number.

        ``submission_id`` is chosen by the caller when it must be journaled first (a
        paid case: the payment journal records it before the case is stored).
        """
        event = threading.Event()
        connector = self._routes.get(service_code, "")
        if connector and connector not in self.connectors.settings:
            e = UnknownConnector(
                f"service {service_code} names connector {connector!r}, not configured"
            )
            raise SubmissionRefused(e.detail, e.resident_message)
        try:
            sid = self.outbox.enqueue(
                service_code,
                self.config.kiosk.id,
                form,
                applicant or None,
                [AttachmentIn(a.name, a.content_type, a.data) for a in attachments],
                submission_id=submission_id,
                connector=connector,
            )
        except OutboxFull as e:
            raise SubmissionRefused(e.detail, e.resident_message) from None
        except QueueError as e:
            raise SubmissionRefused(e.detail, e.resident_message) from None
        # Register after the id exists; an ack racing ahead is caught by the re-read below.
        with self._waiters_lock:
            self._waiters[sid] = event
        try:
            if self.outbox.get(sid).acceptance_no is None:
                event.wait(self.config.outbox.submit_wait_s)
            return SubmitReceipt(sid, self.outbox.get(sid).acceptance_no)
        finally:
            with self._waiters_lock:
                self._waiters.pop(sid, None)

    def _acknowledged(self, submission_id: str, acceptance_no: str) -> None:
        with self._waiters_lock:
            event = self._waiters.get(submission_id)
        if event is not None:
            event.set()

    # --- status -------------------------------------------------------------------------

    def stats(self) -> QueueStats:
        return self.outbox.stats()

    def status(self) -> QueueStatus:
        st = self.outbox.stats()
        sync = self.worker.status()
        return QueueStatus(
            pending=st.unsent,
            dead=st.dead,
            bytes_on_disk=st.bytes_on_disk,
            max_bytes=st.max_bytes,
            online=sync.online,
            last_error=sync.last_error,
        )
