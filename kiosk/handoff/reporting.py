"""Locker events and courier orders as outbox rows (exactly once, encrypted at rest).

Each report has an id chosen (and journaled) before it is enqueued, so a recovery
after a power cut enqueues the very same row again at most once: a row already in
the outbox under that id is left as it is.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from offline_queue.errors import SubmissionNotFound
from offline_queue.ids import new_id
from offline_queue.outbox import Outbox

log = logging.getLogger(__name__)

LOCKER_SERVICE_CODE = "handoff.locker"
COURIER_SERVICE_CODE = "handoff.courier"


class Reporter(Protocol):
    """Where locker events go (the outbox in the terminal; a list in unit tests)."""

    def report(self, report_id: str, event: dict[str, Any]) -> None: ...


def new_report_id() -> str:
    return new_id()


class OutboxReporter:
    """Enqueues each event for the platform's lane, idempotent on ``report_id``."""

    def __init__(
        self,
        outbox: Outbox,
        kiosk_id: str,
        service_code: str = LOCKER_SERVICE_CODE,
        connector: str = "",
    ) -> None:
        self.outbox = outbox
        self.kiosk_id = kiosk_id
        self.service_code = service_code
        self.connector = connector

    def exists(self, report_id: str) -> bool:
        try:
            self.outbox.get(report_id)
        except SubmissionNotFound:
            return False
        return True

    def report(self, report_id: str, event: dict[str, Any]) -> None:
        if self.exists(report_id):
            log.info("handoff report %s already queued", report_id)
            return
        self.outbox.enqueue(
            self.service_code,
            self.kiosk_id,
            event,
            None,
            submission_id=report_id,
            connector=self.connector,
        )
