"""The terminal's core, composed: config, logging, audit, catalog, devices, session.

Plain Python (no Qt): the Qt shell (:mod:`kiosk.ui.app`) wraps it, the CLI and
the tests use it directly.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kiosk import __version__
from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.config import KioskConfig
from kiosk.devices.manager import DeviceManager
from kiosk.logging_setup import setup_logging, teardown_logging
from kiosk.ops.audit import AuditLog
from kiosk.ops.diskspace import DiskReserve, SpaceCheck, check_space, service_bytes
from kiosk.privacy import prepare_converters
from kiosk.services.catalog import Catalog, CatalogError
from kiosk.services.catalog_cache import CatalogCache, load_running_catalog, shipped_catalog
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
    #: Size of the disk reserve that lets the session under way finish on a full disk.
    disk_reserve_bytes: int = 2 * 2**20
    #: Technician alerts raised while running (damaged outbox, …): shown on the
    #: technician screen with the start-up problems.
    alerts_raised: list[StartupProblem] = field(default_factory=list)
    #: Checks run by :meth:`maintain` (every few seconds, off the UI thread); each
    #: decides itself how often it really works (the outbox's quick_check, …).
    periodic: list[Callable[[], None]] = field(default_factory=list)
    #: Services whose alerts come and go (the locker's alarms, …): asked at every
    #: :meth:`alerts`; each returns its current lines, cheap and without I/O.
    alert_sources: list[Callable[[], list[str]]] = field(default_factory=list)

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
        self.reserve = DiskReserve(paths.data_dir / ".disk-reserve", self.disk_reserve_bytes)
        self.devices = DeviceManager(self.config, self.clock)
        self.session = Session(self.config.session, self.clock)
        self.session.on_state_changed(self._audit_session)
        self.session.on_wiped(self._audit_wipe)
        self._catalog_lock = threading.Lock()
        #: Set once the items cached from the connectors' last sync are in the catalog.
        self.cached_catalog_loaded = threading.Event()
        self._cache_loader: threading.Thread | None = None
        self._shipped_catalog: Catalog | None = None
        try:
            # The shipped catalog only (22 items): the cached thousands are read and
            # validated after the first paint, by start() (0.2-1 s, issue 19).
            self.catalog = self._shipped_catalog = shipped_catalog(self.config)
        except CatalogError as e:
            log.error("catalog refused: %s", e.detail)
            self.problems.append(StartupProblem("catalog", e.detail))

    def load_cached_catalog(self) -> None:
        """Add the items cached from the connectors' last sync to the shipped catalog.

        A damaged cache leaves the shipped catalog with a technician alert. Safe
        mid-session: synced items never replace shipped ones, so this only adds
        items. A catalog installed meanwhile (a sync) is newer and is kept.
        """
        shipped = self._shipped_catalog
        try:
            if shipped is None or not CatalogCache.for_config(self.config).exists():
                return  # nothing cached (never synced): the shipped catalog is the catalog
            catalog, alerts = load_running_catalog(self.config, shipped)
            self.problems.extend(StartupProblem("catalog cache", a) for a in alerts)
            self.install_catalog(catalog, replacing=shipped)
        finally:
            self.cached_catalog_loaded.set()

    def install_catalog(self, catalog: Catalog, replacing: Catalog | None = None) -> bool:
        """Swap the running catalog (one reference: the UI reads it afresh).

        With ``replacing``, only if that is still the running one. True if swapped.
        """
        with self._catalog_lock:
            if replacing is not None and self.catalog is not replacing:
                return False
            self.catalog = catalog
            return True

    def record(self, event: str, **data: Any) -> None:
        """Audit ``event``; on a failed write, free the reserve and try once more.

        Never raises: the event is kept in memory by the audit log and retried
        (:meth:`maintain`), and the technician screen shows it meanwhile.
        """
        if self.audit.append(event, **data) is None and self.reserve.release():
            self.audit.retry()

    def _audit_session(self, src: SessionState, dst: SessionState, reason: str) -> None:
        if src == SessionState.ATTRACT and dst == SessionState.IDENTIFY:
            self.record("session_start", session=self.session.data.session_id)
        elif dst == SessionState.ADMIN:
            self.record("admin_enter")
        elif src == SessionState.ADMIN:
            self.record("admin_leave")

    def _audit_wipe(self, reason: EndReason) -> None:
        self.record("session_end", reason=str(reason))

    # --- disk space -------------------------------------------------------------------
    def service_space(self, service: Any) -> SpaceCheck:
        """Whether ``service`` (a catalog Service) may start as far as disk space goes."""
        need = 0 if getattr(service, "mode", "apply") == "query" else service_bytes(service)
        return check_space(
            self.config.resolved_paths.data_dir,
            need,
            self.config.outbox.min_free_bytes,
            self.reserve,
        )

    def maintain(self) -> None:
        """Periodic, off the UI thread: retry audit writes, watch the reserve.

        When the disk is (nearly) full the reserve is released at once, so that the
        session under way can still be stored; it is held again once there is room.
        """
        try:
            free = shutil.disk_usage(self.config.resolved_paths.data_dir).free
        except OSError:
            free = 0
        if self.reserve.size and free < self.reserve.size // 2 and self.session.holds_personal_data:
            self.reserve.release()
        self.audit.retry()
        if not self.audit.pending:
            self.reserve.ensure(self.config.outbox.min_free_bytes)
        for check in list(self.periodic):
            try:
                check()
            except Exception:
                log.exception("periodic check %r failed", check)

    def alerts(self) -> list[str]:
        """What the technician screen must show (no personal data)."""
        out = [f"{p.what}: {p.detail}" for p in [*self.problems, *self.alerts_raised]]
        pending = len(self.audit.pending)
        if pending or self.audit.last_error:
            out.append(
                f"audit: {pending} event(s) not yet written, kept in memory and retried "
                f"({self.audit.last_error or 'retrying'})"
            )
        if self.reserve.in_use:
            out.append("disk: full, the reserve is in use; new services are refused")
        for source in list(self.alert_sources):
            try:
                out += source()
            except Exception:  # one broken source must not hide the other alerts
                log.exception("alert source %r failed", source)
        return out

    def start(self) -> None:
        """Build and start every configured device."""
        self.reserve.ensure(self.config.outbox.min_free_bytes)
        self.record(
            "terminal_start", version=__version__, kiosk=self.config.kiosk.id, demo=self.demo
        )
        # After the first paint (start() runs then): thousands of items, off the UI thread.
        self._cache_loader = threading.Thread(
            target=self.load_cached_catalog, name="catalog-cache", daemon=True
        )
        self._cache_loader.start()
        # OpenCC's converters for the masking of names: built now, not at the first card.
        prepare_converters()
        self.devices.build()
        self.devices.start()

    def stop(self) -> None:
        if self.session.holds_personal_data:
            self.session.end(EndReason.ERROR)
        for svc in reversed(list(self.services.values())):  # stop in reverse start order
            stop = getattr(svc, "stop", None)
            if callable(stop):
                try:
                    log.info("stopping %s", type(svc).__name__)
                    stop()
                except Exception:
                    log.exception("service failed to stop")
        log.info("stopping devices")
        self.devices.stop()
        if self._cache_loader is not None:
            self._cache_loader.join(timeout=30)
        self.record("terminal_stop")
        log.info("terminal stopped")
        if self.setup_log:
            teardown_logging()  # last: the stop is still in the log
