"""Technician view of fee payment: the last reconciliation with the provider's bill,
each mismatch listed, the orders still unsettled, and a button to reconcile today.

Everything slow (reading the journal, downloading the bill) runs on the pool; the
data has no personal information (order numbers and amounts only).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget

from kiosk.payments.reconcile import CST
from screens.base import button, label

MAX_LINES = 8


class ReconcilePanel(QFrame):
    """One card on the technician screen (hidden when payments are off)."""

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setObjectName("card")
        lay = QVBoxLayout(self)
        self.title = label(self.tr("缴费对账"), "subtitle")
        self.summary = label()
        self.summary.setObjectName("reconcileSummary")
        self.lines = label(role="hint")
        self.lines.setObjectName("reconcileMismatches")
        self.open_orders = label(role="hint")
        self.open_orders.setObjectName("paymentOpenOrders")
        row = QHBoxLayout()
        self.run_btn = button(self.tr("对账（今日）"))
        self.run_btn.setObjectName("reconcileToday")
        self.run_btn.clicked.connect(self.reconcile_today)
        row.addWidget(self.run_btn)
        row.addStretch(1)
        for w in (self.title, self.summary, self.lines, self.open_orders):
            lay.addWidget(w)
        lay.addLayout(row)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.title.setText(self.tr("缴费对账"))
            self.run_btn.setText(self.tr("对账（今日）"))
        super().changeEvent(event)

    def _runtime(self) -> Any:
        return self.ctl.terminal.services.get("payments")

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        rt = self._runtime()
        self.setVisible(rt is not None)
        if rt is None:
            return
        from kiosk.payments.runtime import latest_report

        def work() -> tuple[Any, dict[str, int], int]:
            return (
                latest_report(rt.paths.journal_dir),
                rt.journal.counts(),
                len(rt.journal.unfinished()),
            )

        self.ctl.run_in_background(work, self._loaded, busy=False)

    def reconcile_today(self) -> None:
        rt = self._runtime()
        if rt is None:
            return
        self.run_btn.setEnabled(False)
        self.summary.setText(self.tr("正在下载对账单…"))
        today = dt.datetime.now(CST).date()

        def done(_r: Any, error: BaseException | None) -> None:
            self.run_btn.setEnabled(True)
            if error is not None:
                self.summary.setText(self.tr("对账失败：%1").replace("%1", str(error)))
                return
            self.refresh()

        self.ctl.run_in_background(lambda: rt.reconcile_day(today), done, busy=False)

    def _loaded(self, result: Any, error: BaseException | None) -> None:
        if error is not None or result is None:
            self.summary.setText(self.tr("对账记录读取失败"))
            return
        report, counts, unfinished = result
        if report is None:
            self.summary.setText(self.tr("尚未对账"))
            self.lines.clear()
        else:
            mismatches = report.get("mismatches", [])
            head = self.tr("%1：支付 %2 笔，退款 %3 笔").replace("%1", str(report.get("date")))
            head = head.replace("%2", str(report.get("payments", 0))).replace("%3", str(report.get("refunds", 0)))  # fmt: skip
            verdict = (
                self.tr("账目一致")
                if not mismatches
                else self.tr("不一致 %1 处").replace("%1", str(len(mismatches)))
            )
            self.summary.setText(f"{head} — {verdict}")
            self.summary.setProperty("role", "ok" if not mismatches else "error")
            shown = [
                f"{m['kind']} {m['what']} {m['order_no']}: {m['local_fen']} / {m['remote_fen']}"
                for m in mismatches[:MAX_LINES]
            ]
            if len(mismatches) > MAX_LINES:
                shown.append(f"… +{len(mismatches) - MAX_LINES}")
            self.lines.setText("\n".join(shown))
        states = "  ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        self.open_orders.setText(
            self.tr("未结订单：%1").replace("%1", str(unfinished))
            + (f"（{states}）" if states else "")
        )
