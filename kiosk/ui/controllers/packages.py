"""Qt adapter for configuration packages: USB watching, verification and apply off the UI thread.

Every check result comes back as a queued signal as soon as it completes, so the
field-staff overlay shows the checks as they run. The adapter never swaps the
running configuration itself: it emits :attr:`PackageController.applied` with the
new effective configuration and the main window adopts it between sessions.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.config import KioskConfig
from kiosk.config_packages import (
    CheckResult,
    ConfigPackages,
    PackageError,
    UsbWatcher,
    VerificationReport,
)
from kiosk.ops.audit import AuditLog

log = logging.getLogger(__name__)


class PackageController(QObject):
    """Watches USB mounts, verifies a found package, applies it on request.

    Signals carry plain core objects: :class:`CheckResult`, :class:`VerificationReport`,
    :class:`~kiosk.config_packages.ApplyOutcome`.
    """

    packageFound = Signal(str)
    packageRemoved = Signal(str)
    verificationStarted = Signal(str)
    checkCompleted = Signal(object)
    verificationFinished = Signal(object)
    applied = Signal(object)
    applyFailed = Signal(str, str)  # resident-safe Chinese message, technician detail

    def __init__(
        self, base: KioskConfig, audit: AuditLog | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.base = base
        self.packages = ConfigPackages(base, audit=audit)
        self._lock = threading.Lock()
        self._busy = False
        self._report: VerificationReport | None = None
        self._watcher: UsbWatcher | None = None

    @property
    def busy(self) -> bool:
        return self._busy

    @property
    def last_report(self) -> VerificationReport | None:
        return self._report

    # --- USB -------------------------------------------------------------------

    def start_watching(self) -> None:
        """Poll the configured mount points in a background thread."""
        if self._watcher is not None:
            return
        s = self.base.config_packages
        self._watcher = UsbWatcher(
            s.usb_mount_globs,
            s.package_globs,
            on_found=lambda p: self.packageFound.emit(str(p)),
            on_removed=lambda p: self.packageRemoved.emit(str(p)),
            interval_s=s.usb_poll_interval_s,
        )
        self._watcher.start()

    def stop_watching(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None

    # --- verify / apply ----------------------------------------------------------

    def _start(self, target: Callable[..., None], *args: object) -> bool:
        with self._lock:
            if self._busy:
                return False
            self._busy = True
        threading.Thread(target=target, args=args, name="config-package", daemon=True).start()
        return True

    def verify(self, path: str) -> bool:
        """Verify ``path`` off the UI thread; False if another job is running."""
        self._report = None
        return self._start(self._verify, path)

    def _verify(self, path: str) -> None:
        report: VerificationReport | None = None
        try:
            self.verificationStarted.emit(path)
            report = self.packages.verify(Path(path), on_check=self._emit_check, audit_refusal=True)
        except Exception as e:  # the overlay must always get an answer
            log.exception("package verification failed")
            report = VerificationReport(source=path)
            from kiosk.config_packages import CheckId, CheckStatus

            failed = CheckResult(
                CheckId.ARCHIVE, CheckStatus.FAILED, "验证过程出错", f"verification error: {e}"
            )
            report.results.append(failed)
        finally:
            self._report = report
            self._busy = False
            if report is not None:
                self.verificationFinished.emit(report)

    def _emit_check(self, result: CheckResult) -> None:
        self.checkCompleted.emit(result)

    def apply(self) -> bool:
        """Apply the package verified last (its verified bytes, not the stick's)."""
        report = self._report
        if report is None or not report.ok:
            return False
        return self._start(self._apply, report)

    def _apply(self, report: VerificationReport) -> None:
        try:
            outcome = self.packages.apply_verified(report)
        except PackageError as e:
            self._busy = False
            self.applyFailed.emit(e.resident_message, e.detail)
            return
        except Exception as e:
            log.exception("package apply failed")
            self._busy = False
            self.applyFailed.emit("配置更新失败，原配置继续使用。", str(e))
            return
        self._busy = False
        self._report = None
        self.applied.emit(outcome)
