"""Qt adapter (QtCore only) routing scanned codes: app-code login or receipt lookup.

The identify screen accepts cards, face and QR codes, whichever comes first. A
scanned code is either one of our receipt URLs (→ case status) or an app code
(→ login). Both need the platform, so the work runs on the thread pool and the
results come back as queued signals on the UI thread; while one code is being
verified, further scans are ignored (a continuous-mode scanner would otherwise
spend a single-use token twice).

Hook it into the controller with ``controller.add_event_handler(router.handle_event)``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from drivers.base import DeviceEvent
from drivers.qr_scanner import CodeScanned, ScanRejected
from kiosk.errors import KioskError
from kiosk.identity.app_code import AppCodeLogin, AppCodeLoginError, AppCodeLoginUnavailable
from kiosk.services.receipt_codes import ReceiptLookup, is_receipt_code

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result: Any = (self.fn(), None)
        except BaseException as e:  # reported to the UI thread, never lost
            result = (None, e)
        self.relay.done.emit(result)


class QrScanRouter(QObject):
    """Scanned text → ``identified`` / ``refused`` or ``case_found`` / ``case_failed``."""

    identified = Signal(object)  # kiosk.identity.document.IdentityDocument (CardType.APP_CODE)
    refused = Signal(str, bool)  # resident message, offer the card readers instead
    case_found = Signal(object)  # kiosk.services.receipt_codes.CaseView
    case_failed = Signal(str)  # resident message
    busy_changed = Signal(bool)

    def __init__(
        self,
        login: AppCodeLogin | None,
        lookup: ReceiptLookup | None,
        receipt_base_url: str,
        pool: QThreadPool | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.login = login
        self.lookup = lookup
        self.receipt_base_url = receipt_base_url
        self._pool = pool or QThreadPool.globalInstance()
        self._busy = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_job_done)
        self._done: Callable[[Any, BaseException | None], None] | None = None
        self._job: _Job | None = None
        self.enabled = True

    @property
    def busy(self) -> bool:
        return self._busy

    def handle_event(self, event: DeviceEvent) -> bool:
        """Controller event handler: consumes scanner events."""
        if isinstance(event, CodeScanned):
            if self.enabled:
                self.handle_text(event.text)
            return True
        if isinstance(event, ScanRejected):
            if self.enabled:
                self.refused.emit(event.resident_message, False)
            return True
        return False

    def handle_text(self, text: str) -> None:
        if self._busy:
            log.info("qr scan ignored: a code is being verified")
            return
        if is_receipt_code(text, self.receipt_base_url):
            if self.lookup is None:
                self.case_failed.emit("本终端暂不支持回执查询，请咨询工作人员。")
                return
            lookup = self.lookup
            self._run(lambda: lookup.lookup_text(text), self._case_done)
        else:
            if self.login is None:
                self.refused.emit(AppCodeLoginUnavailable.resident_message, True)
                return
            login = self.login
            self._run(lambda: login.login(text), self._login_done)

    def _run(
        self, fn: Callable[[], Any], done: Callable[[Any, BaseException | None], None]
    ) -> None:
        self._set_busy(True)
        self._done = done
        job = _Job(fn, self._relay)
        # Python keeps the job alive until its result is back; Qt must not delete it
        # under Python's feet.
        job.setAutoDelete(False)
        self._job = job
        self._pool.start(job)

    def _on_job_done(self, result: tuple[Any, BaseException | None]) -> None:
        # A slot of this UI-thread object: Qt delivers it queued, on the UI thread.
        done, self._done = self._done, None
        self._job = None
        self._set_busy(False)
        if done is not None:
            done(*result)

    def _login_done(self, doc: Any, error: BaseException | None) -> None:
        if error is None:
            self.identified.emit(doc)
        elif isinstance(error, AppCodeLoginError):
            self.refused.emit(error.resident_message, error.offer_card)
        else:
            log.error("app-code login crashed: %r", error)
            self.refused.emit(AppCodeLoginError.resident_message, True)

    def _case_done(self, case: Any, error: BaseException | None) -> None:
        if error is None:
            self.case_found.emit(case)
        elif isinstance(error, KioskError):
            self.case_failed.emit(error.resident_message)
        else:
            log.error("receipt lookup crashed: %r", error)
            self.case_failed.emit("未能查询办理进度，请稍后再试或咨询工作人员。")

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
