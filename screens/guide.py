"""Guide: the service's standard guide before the resident starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.session.machine import SessionState
from screens.base import Screen, button, clear_layout, label, vbox

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


class GuideScreen(Screen):
    ctl: ServiceController
    state = SessionState.GUIDE

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=32, spacing=16)
        self.heading = label(role="title")
        self.heading.setObjectName("guideTitle")
        self.department = label(role="hint")
        lay.addWidget(self.heading)
        lay.addWidget(self.department)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        lay.addLayout(self.body, 1)
        self.offline_note = label(role="error")
        self.offline_note.setObjectName("offlineNote")
        lay.addWidget(self.offline_note)
        self.next_btn = button(role="primary")
        self.next_btn.setObjectName("guideNext")
        self.next_btn.clicked.connect(self.ctl.next_step)
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.offline_note, self.next_btn]

    def primary_action(self) -> QWidget | None:
        return self.next_btn

    def title(self) -> str:
        return self.tr("办事指南")

    def spoken_prompt(self) -> str:
        return self.tr("请阅读办事指南，确认后点击开始填写。")

    def _section(self, title: str, lines: list[str]) -> None:
        self.body.addWidget(label(title, "subtitle"))
        for line in lines:
            self.body.addWidget(label(f"• {line}"))

    def on_enter(self) -> None:
        service = self.ctl.current_service()
        clear_layout(self.body)
        if service is None:
            return
        g = service.guide
        self.heading.setText(service.name)
        self.department.setText(service.department)
        self._section(self.tr("办理条件"), g.conditions)
        materials = []
        for m in service.materials:
            note = self.tr("（可用电子证照免交）") if m.e_licence else ""
            materials.append(f"{m.name}{note}" + (f" ×{m.pages}" if m.pages > 1 else ""))
        self._section(self.tr("所需材料"), materials or [self.tr("无需提交纸质材料")])
        self._section(self.tr("办理时限"), [g.time_limit])
        self._section(self.tr("收费标准"), [g.fee])
        self._section(self.tr("结果送达"), [g.result_delivery])
        self._section(self.tr("设定依据"), [g.legal_basis])
        if g.notes:
            self._section(self.tr("温馨提示"), g.notes)
        self.body.addStretch(1)
        blocked = self.ctl.offline_block_reason(service)
        self.offline_note.setText(blocked or "")
        self.offline_note.setVisible(bool(blocked))
        self.next_btn.setEnabled(not blocked)

    def retranslate(self) -> None:
        self.next_btn.setText(self.tr("开始填写"))
        if self.isVisible():
            self.on_enter()
