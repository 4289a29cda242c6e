"""Field-staff overlay: a configuration package found on USB, its checks as they run,
the result, and — for a refused package — which check failed, in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.config_packages import CHECK_TITLES, CheckId, CheckResult, CheckStatus
from screens.base import button, label, overlay_card
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.config_packages import ApplyOutcome, VerificationReport
    from kiosk.ui.controllers.packages import PackageController

_MARKS = {
    CheckStatus.PASSED: ("✓", "ok"),
    CheckStatus.FAILED: ("✗", "error"),
    CheckStatus.SKIPPED: ("–", "hint"),
}


class PackageOverlay(QFrame):
    """Shows one package's verification; "apply" only when every check passed."""

    applyRequested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = overlay_card(self, 760, spacing=16)
        self.title = label(role="title")
        self.file = label(role="hint")
        lay.addWidget(self.title)
        lay.addWidget(self.file)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self._marks: dict[CheckId, QLabel] = {}
        self._reasons: dict[CheckId, QLabel] = {}
        for row, check in enumerate(CheckId):
            mark = label(wrap=False)
            mark.setObjectName(f"mark_{check.value}")
            mark.setMinimumWidth(28)
            name = label(CHECK_TITLES[check][0], wrap=False)
            reason = label(role="hint")
            reason.setObjectName(f"reason_{check.value}")
            grid.addWidget(mark, row, 0)
            grid.addWidget(name, row, 1)
            grid.addWidget(reason, row, 2)
            self._marks[check], self._reasons[check] = mark, reason
        grid.setColumnStretch(2, 1)
        lay.addLayout(grid)

        self.result = label(role="subtitle")
        self.result.setObjectName("packageResult")
        lay.addWidget(self.result)
        buttons = QHBoxLayout()
        self.apply_btn = button(role="primary")
        self.apply_btn.setObjectName("packageApply")
        self.apply_btn.setMinimumHeight(64)
        self.apply_btn.clicked.connect(self._apply_clicked)
        self.close_btn = button(role="secondary")
        self.close_btn.setObjectName("packageClose")
        self.close_btn.setMinimumHeight(64)
        self.close_btn.clicked.connect(self._close_clicked)
        buttons.addWidget(self.apply_btn)
        buttons.addWidget(self.close_btn)
        lay.addLayout(buttons)
        self._path = ""
        self._state = "idle"
        self.retranslate()
        self.begin("")

    # --- wiring ---------------------------------------------------------------

    def bind(self, controller: PackageController) -> None:
        """Follow a controller's signals and send it the apply request."""
        controller.verificationStarted.connect(self.begin)
        controller.checkCompleted.connect(self.show_check)
        controller.verificationFinished.connect(self.show_report)
        controller.applied.connect(self.show_applied)
        controller.applyFailed.connect(self.show_apply_failed)
        self.applyRequested.connect(controller.apply)

    def present(self) -> None:
        """Cover the parent and come to the front."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    # --- states ---------------------------------------------------------------

    def begin(self, path: str) -> None:
        self._path = path
        self._state = "running"
        self.file.setText(path)
        for check in CheckId:
            self._marks[check].setText("○")
            set_role(self._marks[check], "hint")
            self._reasons[check].setText("")
        self.result.setText(self.tr("正在检查配置包……") if path else "")
        set_role(self.result, "subtitle")
        self.apply_btn.setEnabled(False)

    def show_check(self, result: CheckResult) -> None:
        mark, role = _MARKS[result.status]
        self._marks[result.check].setText(mark)
        set_role(self._marks[result.check], role)
        self._reasons[result.check].setText(result.reason_zh)
        set_role(self._reasons[result.check], "error" if role == "error" else "hint")

    def show_report(self, report: VerificationReport) -> None:
        for r in report.results:
            self.show_check(r)
        failure = report.failure
        if report.ok:
            self._state = "verified"
            m = report.manifest
            version = m.version if m else "?"
            self.result.setText(
                self.tr("检查全部通过：配置包 %1（版本 %2）可以应用。")
                .replace("%1", m.package_id if m else "")
                .replace("%2", str(version))
            )
            set_role(self.result, "ok")
            self.apply_btn.setEnabled(True)
        else:
            self._state = "refused"
            title = failure.title_zh if failure else ""
            reason = failure.reason_zh if failure else ""
            self.result.setText(
                self.tr("已拒绝，未做任何更改。未通过的检查：%1——%2")
                .replace("%1", title)
                .replace("%2", reason)
            )
            set_role(self.result, "error")
            self.apply_btn.setEnabled(False)

    def show_applied(self, outcome: ApplyOutcome) -> None:
        self._state = "applied"
        release = outcome.release.name if outcome.release else ""
        self.result.setText(
            self.tr("已应用（%1）。新配置将在当前业务结束后生效。").replace("%1", release)
        )
        set_role(self.result, "ok")
        self.apply_btn.setEnabled(False)

    def show_apply_failed(self, message: str, detail: str = "") -> None:
        self._state = "apply_failed"
        self.result.setText(self.tr("应用失败，原配置继续使用：%1").replace("%1", message))
        set_role(self.result, "error")
        self.apply_btn.setEnabled(False)

    @property
    def state(self) -> str:
        """idle | running | verified | refused | applied | apply_failed (for tests/wiring)."""
        return self._state

    def _apply_clicked(self) -> None:
        self.apply_btn.setEnabled(False)
        self.result.setText(self.tr("正在应用……"))
        self.applyRequested.emit()

    def _close_clicked(self) -> None:
        self.hide()
        self.closed.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("配置包（现场人员）"))
        self.apply_btn.setText(self.tr("应用配置"))
        self.close_btn.setText(self.tr("关闭"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def wipe(self) -> None:
        """Nothing personal is shown here; reset for the next package."""
        self.begin("")


__all__ = ["PackageOverlay"]
