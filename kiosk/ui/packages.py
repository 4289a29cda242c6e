"""Configuration packages in the running terminal: USB watch, overlay, adopt between sessions.

A package found on USB is shown to field staff only when no resident is being
served (it waits otherwise). An applied configuration is adopted at the next
return to the attract screen, never during a session: in place when only
catalog/UI/session/admin settings changed, else by a clean exit that the systemd
unit (Restart=always) turns into a restart on the new release.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.config import KioskConfig
from kiosk.config_packages.reload import PendingConfig, changed_sections, needs_restart
from kiosk.services.catalog import CatalogError, load_catalog
from kiosk.session.machine import SessionState
from kiosk.ui.controllers.base import ShellController
from kiosk.ui.controllers.packages import PackageController
from kiosk.ui.controllers.technician import TechnicianController
from screens.package_overlay import PackageOverlay

log = logging.getLogger(__name__)

#: Exit status asking the service manager for a restart on the new release.
RESTART_EXIT_CODE = 75


class PackageIntegration(QObject):
    def __init__(
        self,
        ctl: ShellController,
        technician: TechnicianController,
        base: KioskConfig,
        host: QWidget,
    ) -> None:
        super().__init__(host)
        self.ctl = ctl
        self.technician = technician
        self.controller = PackageController(base, audit=ctl.terminal.audit, parent=self)
        self.overlay = PackageOverlay(host)
        self.overlay.bind(self.controller)
        self.overlay.hide()
        self.overlay.closed.connect(self.overlay.hide)
        self.pending = PendingConfig()
        self.waiting_path: str | None = None
        self.controller.packageFound.connect(self._found)
        self.controller.applied.connect(self._applied)
        ctl.state_changed.connect(self._on_state)

    def start(self) -> None:
        self.controller.start_watching()

    def stop(self) -> None:
        self.controller.stop_watching()

    def _found(self, path: str) -> None:
        if self.ctl.session.state != SessionState.ATTRACT:
            self.waiting_path = path  # shown when the resident has finished
            return
        self.overlay.present()
        self.controller.verify(path)

    def _applied(self, outcome: Any) -> None:
        if outcome.config is not None:
            self.pending.offer(outcome.config)

    def _on_state(self, old: str, new: str) -> None:
        if new != SessionState.ATTRACT:
            return
        if self.waiting_path is not None:
            path, self.waiting_path = self.waiting_path, None
            self._found(path)
        new_config = self.pending.take(session_active=False)
        if new_config is not None:
            self.adopt(new_config)

    def adopt(self, new: KioskConfig) -> None:
        terminal = self.ctl.terminal
        old = terminal.config
        changed = changed_sections(old, new)
        terminal.audit.append("config_adopt", sections=sorted(changed))
        if needs_restart(old, new):
            log.warning("new configuration changes %s: restarting", sorted(changed))
            app = QApplication.instance()
            if app is not None:
                app.exit(RESTART_EXIT_CODE)
            return
        try:
            catalog = load_catalog(new.data_file(new.catalog.path))
        except CatalogError as e:  # verified before apply; refuse to half-adopt anyway
            log.error("new catalog refused at adoption: %s", e.detail)
            return
        terminal.config = new
        terminal.catalog = catalog
        terminal.session.config = new.session
        self.ctl.config = new
        self.technician.reload_config()
        log.info("configuration adopted in place: %s", sorted(changed))
