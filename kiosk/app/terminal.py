"""The terminal's core, composed: config, logging, audit, catalog, devices, session.

Plain Python (no Qt): the Qt shell (:mod:`kiosk.ui.app`) wraps it, the CLI and
the tests use it directly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from kiosk import __version__
from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.config import KioskConfig
from kiosk.devices.manager import DeviceManager
from kiosk.logging_setup import setup_logging
from kiosk.ops.audit import AuditLog
from kiosk.services.catalog import Catalog, CatalogError, load_catalog
from kiosk.session.machine import EndReason, Session, SessionState

log = logging.getLogger(__name__)


@dataclass
class StartupProblem:
    """Something wrong at start-up that the terminal survives (shown on diagnostics)."""

    what: str
    detail: str


@dataclass
class Terminal:
    """Everything the terminal runs on, built from one validated configuration."""

    config: KioskConfig
    clock: Clock = SYSTEM_CLOCK
    demo: bool = False
    setup_log: bool = True
    problems: list[StartupProblem] = field(default_factory=list)
    catalog: Catalog | None = None
    #: Optional services attached as they are built (outbox facade, platform, …).
    services: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        paths = self.config.resolved_paths
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        if self.setup_log:
            setup_logging(
                paths.log_dir,
                self.config.logging.level,
                self.config.logging.max_bytes,
                self.config.logging.backup_count,
            )
        self.audit = AuditLog(paths.audit_log)
        self.devices = DeviceManager(self.config, self.clock)
        self.session = Session(self.config.session, self.clock)
        self.session.on_state_changed(self._audit_session)
        self.session.on_wiped(self._audit_wipe)
        try:
            self.catalog = load_catalog(self.config.data_file(self.config.catalog.path))
        except CatalogError as e:
            log.error("catalog refused: %s", e.detail)
            self.problems.append(StartupProblem("catalog", e.detail))

    def _audit_session(self, src: SessionState, dst: SessionState, reason: str) -> None:
        if src == SessionState.ATTRACT and dst == SessionState.IDENTIFY:
            self.audit.append("session_start", session=self.session.data.session_id)
        elif dst == SessionState.ADMIN:
            self.audit.append("admin_enter")
        elif src == SessionState.ADMIN:
            self.audit.append("admin_leave")

    def _audit_wipe(self, reason: EndReason) -> None:
        self.audit.append("session_end", reason=str(reason))

    def start(self) -> None:
        """Build and start every configured device."""
        self.audit.append(
            "terminal_start", version=__version__, kiosk=self.config.kiosk.id, demo=self.demo
        )
        self.devices.build()
        self.devices.start()

    def stop(self) -> None:
        if self.session.holds_personal_data:
            self.session.end(EndReason.ERROR)
        for svc in reversed(list(self.services.values())):  # stop in reverse start order
            stop = getattr(svc, "stop", None)
            if callable(stop):
                try:
                    stop()
                except Exception:
                    log.exception("service failed to stop")
        self.devices.stop()
        self.audit.append("terminal_stop")
