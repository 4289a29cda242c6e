"""Wiring the QR scanner into the session: app-code login and receipt look-up.

The identify screen accepts a card, face or a QR code, whichever comes first. A
scanned app code logs the resident in (verified by the platform); a scanned
receipt shows the case's status, from the platform or, before it synced, from the
local outbox. A keyboard-wedge scanner is fed through the wedge filter.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from drivers.base import DeviceEvent
from drivers.qr_scanner import CodeScanned, KeyboardWedgeScanner, ScanRejected
from kiosk.ui.controllers.identify import IdentifyController

if TYPE_CHECKING:
    from kiosk.devices.manager import DeviceStatusChanged
    from kiosk.services.receipt_codes import CaseView
    from kiosk.ui.keyboard_wedge import KeyboardWedgeFilter
    from kiosk.ui.qr_login import QrScanRouter

log = logging.getLogger(__name__)


class QrSources(QObject):
    """The scan router, built at the first scan; the keyboard wedge, once the scanner is.

    Neither is needed before the first paint: no code can be scanned before the
    devices start (after it). The router's platform clients import httpx
    (~100 ms, issue 18), so they come with the first scan, on the UI thread.
    """

    def __init__(self, ctl: IdentifyController) -> None:
        super().__init__(ctl)
        self.ctl = ctl
        self._router: QrScanRouter | None = None
        self.wedge: KeyboardWedgeFilter | None = None
        ctl.shell.add_event_handler(self.handle_event)
        ctl.shell.device_status.connect(self._on_device_status)
        ctl.shell.stopping.connect(self._uninstall_wedge)
        self._install_wedge()  # a terminal whose devices were started before the UI

    @property
    def router(self) -> QrScanRouter:
        if self._router is None:
            self._router = _build_router(self.ctl)
        return self._router

    def handle_event(self, event: DeviceEvent) -> bool:
        if not isinstance(event, CodeScanned | ScanRejected):
            return False
        return self.router.handle_event(event)

    def _on_device_status(self, event: DeviceStatusChanged) -> None:
        if event.device == "qr_scanner":
            self._install_wedge()

    def _install_wedge(self) -> None:
        if self.wedge is not None:
            return
        devices = self.ctl.terminal.devices
        if not isinstance(devices.get("qr_scanner"), KeyboardWedgeScanner):
            return
        from kiosk.ui.keyboard_wedge import KeyboardWedgeFilter

        def deliver(text: str) -> None:
            # The device of now: a reopened scanner is a new object.
            device: Any = devices.get("qr_scanner")
            if isinstance(device, KeyboardWedgeScanner):
                device.deliver(text)

        self.wedge = KeyboardWedgeFilter.from_config(
            self.ctl.config.devices.qr_scanner, sink=deliver, parent=self.ctl
        )
        self.wedge.install()

    def _uninstall_wedge(self) -> None:
        # The filter sits on the application, which outlives this window (a new
        # window in the same process, or the tests): left there, it eats keys.
        if self.wedge is not None:
            self.wedge.uninstall()
            self.wedge = None


def _build_router(ctl: IdentifyController) -> QrScanRouter:
    from kiosk.identity.app_code import AppCodeLogin
    from kiosk.platform.settings import platform_settings
    from kiosk.services.receipt_codes import ReceiptLookup
    from kiosk.ui.qr_login import QrScanRouter
    from offline_queue.receipt_client import ReceiptClient

    config = ctl.config
    submitter = ctl.terminal.services.get("submitter")
    outbox = getattr(submitter, "outbox", None)
    base_url = config.devices.qr_scanner.receipt_track_url
    login = AppCodeLogin.from_config(
        config,
        is_online=lambda: ctl.online,
        session_id=lambda: ctl.terminal.session.data.session_id,
    )
    lookup = ReceiptLookup(ReceiptClient(platform_settings(config)), outbox, base_url)
    router = QrScanRouter(login, lookup, base_url, parent=ctl)

    def case_found(case: CaseView) -> None:
        text = f"办件进度：{case.status_text}"
        if case.acceptance_no:
            text = f"受理编号 {case.acceptance_no}\n" + text
        if case.can_reprint:
            text += "\n证照已可打印：请刷身份证后在“证明打印”中补打。"
        ctl.notice.emit(text)

    router.identified.connect(ctl.code_identified)
    router.refused.connect(lambda message, _offer_card: ctl.code_refused(message))
    router.case_found.connect(case_found)
    router.case_failed.connect(ctl.notice.emit)
    return router


def attach_qr(ctl: IdentifyController) -> QrSources:
    """Connect the QR scanner to the controller and the identify step."""
    return QrSources(ctl)
