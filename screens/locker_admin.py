"""The document locker on the technician screen (behind the technician PIN, issue 21).

Lists every compartment with what the journal says it holds and any alarm, and the
locker flows with their current state; staff open the compartments holding
deposits (collect), load a result for a case (the resident's ID number is the
pick-up's second factor: typed, used, cleared), and put a repaired compartment back
in service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLineEdit, QWidget

from kiosk.session.machine import SessionState
from kiosk.ui.screen_capture import mark_personal
from screens.base import button, label, vbox


class LockerPanel(QFrame):
    """Compartments, flows and the staff actions."""

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockerPanel")
        self.ctl = ctl
        lay = vbox(self, margins=8, spacing=6)
        self.heading = label(role="subtitle")
        self.slots = label()
        self.slots.setObjectName("lockerSlots")
        self.flows = label(role="hint")
        self.flows.setObjectName("lockerFlows")
        self.result = label()
        self.result.setObjectName("lockerStaffResult")
        row = QHBoxLayout()
        self.collect_btn = button(role="secondary")
        self.collect_btn.setObjectName("lockerCollect")
        self.collect_btn.clicked.connect(self.collect)
        self.case = QLineEdit()
        self.case.setObjectName("lockerLoadCase")
        self.id_number = QLineEdit()
        self.id_number.setObjectName("lockerLoadId")
        mark_personal(self.id_number)
        self.size_box = QComboBox()
        for s in ("small", "medium", "large"):
            self.size_box.addItem(s, s)
        self.size_box.setCurrentIndex(1)
        self.load_btn = button(role="secondary")
        self.load_btn.setObjectName("lockerLoad")
        self.load_btn.clicked.connect(self.load)
        self.reset_id = QLineEdit()
        self.reset_id.setObjectName("lockerResetId")
        self.reset_btn = button(role="secondary")
        self.reset_btn.setObjectName("lockerReset")
        self.reset_btn.clicked.connect(self.reset)
        for w in (self.collect_btn, self.case, self.id_number, self.size_box, self.load_btn,
                  self.reset_id, self.reset_btn):  # fmt: skip
            row.addWidget(w)
        for lab in (self.heading, self.slots, self.flows, self.result):
            lay.addWidget(lab)
        lay.addLayout(row)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self.retranslate()

    def _service(self) -> Any:
        h = self.ctl.handoff
        return h.locker() if h is not None else None

    def refresh(self) -> None:
        h = self.ctl.handoff
        if h is None:
            self.slots.setText(self.tr("未配置智能文件柜"))
            return
        svc = h._locker  # never builds the service from the UI thread (bus I/O)
        alarms = svc.alarms if svc is not None else {}
        lines = []
        for s in h.journal.slots():
            line = f"{s.id} [{s.size}] {s.state.value}"
            if s.case_ref:
                line += f" · {s.case_ref}"
            if s.fault:
                line += f" · {s.fault}"
            if s.id in alarms:
                line += f" · ⚠ {alarms[s.id].reason}"
            lines.append(line)
        self.slots.setText("\n".join(lines))
        flows = list(svc.flows.values())[-8:] if svc is not None else []
        self.flows.setText(
            "\n".join(f"{f.kind.value} {f.compartment or '-'}: {f.state.value}" for f in flows)
        )

    def _done(self, out: Any, error: BaseException | None) -> None:
        if error is not None:
            self.result.setText(getattr(error, "resident_message", str(error)))
        elif isinstance(out, list):
            self.result.setText(
                self.tr("已开启 %1 个存件柜格").replace("%1", str(len(out)))
                + "："
                + "，".join(f"{o.compartment} {o.state.value}" for o in out)
            )
        else:
            self.result.setText(f"{out.compartment}: {out.state.value}")
        self.refresh()

    def collect(self) -> None:
        self.result.setText(self.tr("正在开启存件柜格…"))
        self.ctl.staff_collect("technician", self._done)

    def load(self) -> None:
        case, id_number = self.case.text().strip(), self.id_number.text().strip()
        self.id_number.clear()  # the second factor is bound now; not kept in the widget
        if not case or not id_number:
            self.result.setText(self.tr("请填写受理编号和申请人身份证号"))
            return
        self.result.setText(self.tr("柜门正在打开，请放入办理结果后关门"))
        self.ctl.staff_load(case, id_number, self.size_box.currentData(), self._done)

    def reset(self) -> None:
        svc = self._service() if self.ctl.handoff is not None else None
        cid = self.reset_id.text().strip()
        if svc is None or not cid:
            return
        svc.reset_compartment(cid)
        self.result.setText(self.tr("%1 已恢复使用").replace("%1", cid))
        self.refresh()

    def start(self) -> None:
        self.refresh()
        self._timer.start(2000)

    def stop(self) -> None:
        self._timer.stop()
        self.id_number.clear()
        self.case.clear()
        self.result.clear()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("智能文件柜"))
        self.collect_btn.setText(self.tr("开启存件柜格（收取材料）"))
        self.case.setPlaceholderText(self.tr("受理编号"))
        self.id_number.setPlaceholderText(self.tr("申请人身份证号"))
        self.load_btn.setText(self.tr("装入办理结果"))
        self.reset_id.setPlaceholderText(self.tr("柜格编号"))
        self.reset_btn.setText(self.tr("恢复使用"))


class _Follow(QObject):
    def __init__(self, screen: QWidget, panel: LockerPanel) -> None:
        super().__init__(screen)
        self.panel = panel
        screen.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            self.panel.start()
        elif event.type() == QEvent.Type.Hide:
            self.panel.stop()
        return False


def install_locker_panel(window: Any, ctl: Any) -> None:
    """Add the panel to the technician screen, after its other panels, when it is built."""
    if not ctl.locker_available():
        return

    def install(screen: Any) -> None:
        panel = LockerPanel(ctl)
        lay = screen.layout()
        anchor = getattr(screen, "reconcile", None)
        at = lay.indexOf(anchor) + 1 if anchor is not None else -1
        lay.insertWidget(at if at > 0 else lay.count(), panel)
        _Follow(screen, panel)

    window.when_built(SessionState.ADMIN, install)  # after the first paint (issue 18)
