"""Wiring the QR scanner into the session: app-code login and receipt look-up.

The identify screen accepts a card, face or a QR code, whichever comes first. A
scanned app code logs the resident in (verified by the platform); a scanned
receipt shows the case's status, from the platform or, before it synced, from the
local outbox. A keyboard-wedge scanner is fed through the wedge filter.
"""

from __future__ import annotations

import logging
from typing import Any

from drivers.qr_scanner import KeyboardWedgeScanner
from kiosk.identity.app_code import AppCodeLogin
from kiosk.platform.settings import platform_settings
from kiosk.services.receipt_codes import CaseView, ReceiptLookup
from kiosk.ui.controllers.identify import IdentifyController
from kiosk.ui.keyboard_wedge import KeyboardWedgeFilter
from kiosk.ui.qr_login import QrScanRouter
from offline_queue.receipt_client import ReceiptClient

log = logging.getLogger(__name__)


def attach_qr(ctl: IdentifyController) -> QrScanRouter:
    """Build the scan router and connect it to the controller and the identify step."""
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
    ctl.shell.add_event_handler(router.handle_event)

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

    device: Any = ctl.terminal.devices.get("qr_scanner")
    if isinstance(device, KeyboardWedgeScanner):
        wedge = KeyboardWedgeFilter.from_config(
            config.devices.qr_scanner, sink=device.deliver, parent=ctl
        )
        wedge.install()
    return router
