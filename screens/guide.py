"""Guide: the service's standard guide (the implementation-list elements) before the resident starts.

A 跨省通办 item says first, in its own line, which other province's body handles
the case and its time limit there (the resident must know before starting).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.services.catalog import MaterialMedium, Service
from kiosk.services.item_codes import ItemType
from kiosk.session.machine import SessionState
from screens.base import LabelPool, Screen, button, label, vbox

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
        self.cross_region = label(role="error")
        self.cross_region.setObjectName("crossRegionNote")
        lay.addWidget(self.heading)
        lay.addWidget(self.department)
        lay.addWidget(self.cross_region)
        self.body = QVBoxLayout()
        self.body.setSpacing(12)
        lay.addLayout(self.body, 1)
        self._lines = LabelPool(self.body)
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
        self._lines.add(title, "subtitle")
        for line in lines:
            self._lines.add(f"• {line}")

    def item_type_name(self, t: ItemType) -> str:
        return {
            ItemType.LICENSING: self.tr("行政许可"),
            ItemType.CONFIRMATION: self.tr("行政确认"),
            ItemType.BENEFIT: self.tr("行政给付"),
            ItemType.PUBLIC_SERVICE: self.tr("公共服务"),
            ItemType.OTHER: self.tr("其他行政权力"),
        }[t]

    def material_line(self, m: Any) -> str:
        medium = {
            MaterialMedium.PAPER: self.tr("纸质"),
            MaterialMedium.ELECTRONIC: self.tr("电子"),
            MaterialMedium.EITHER: self.tr("纸质或电子"),
        }[m.medium]
        need = self.tr("必需") if m.required else self.tr("非必需")
        facts = self.tr("%1，%2 份，%3，%4").replace("%1", m.source)
        facts = facts.replace("%2", str(m.copies)).replace("%3", medium).replace("%4", need)
        note = self.tr("（可用电子证照免交）") if m.e_licence else ""
        pages = f" ×{m.pages}" if m.pages > 1 else ""
        line = self.tr("%1（%2）").replace("%1", m.name).replace("%2", facts)
        return f"{line}{note}{pages}"

    def time_lines(self, service: Service) -> list[str]:
        g = service.guide
        lines = [g.time_limit]
        if g.statutory_days is not None:
            lines.append(self.tr("法定办结时限：%1 个工作日").replace("%1", str(g.statutory_days)))
        if g.promised_days is not None:
            lines.append(self.tr("承诺办结时限：%1 个工作日").replace("%1", str(g.promised_days)))
        return lines

    def cross_region_text(self, service: Service) -> str:
        """Where a 跨省通办 case is handled and its time limit there ('' otherwise)."""
        if not service.cross_region:
            return ""
        days = service.guide.promised_days
        text = self.tr("跨省通办：本终端收件，由 %1 办理。").replace("%1", service.handled_by)
        if days is not None:
            text += self.tr("承诺时限以办理地为准：%1 个工作日。").replace("%1", str(days))
        return text

    def on_enter(self) -> None:
        service = self.ctl.display_service()
        self._lines.begin()
        if service is None:
            return
        g = service.guide
        self.heading.setText(service.name)
        self.department.setText(
            f"{service.department} · {self.item_type_name(service.item_type)} · {service.code}"
        )
        note = self.cross_region_text(service)
        self.cross_region.setText(note)
        self.cross_region.setVisible(bool(note))
        self._section(self.tr("办理条件"), g.conditions)
        materials = [self.material_line(m) for m in service.materials]
        self._section(self.tr("所需材料"), materials or [self.tr("无需提交纸质材料")])
        if g.procedure:
            self._section(self.tr("办理流程"), g.procedure)
        self._section(self.tr("办理时限"), self.time_lines(service))
        fee = [g.fee] + (
            [self.tr("收费依据：%1").replace("%1", g.fee_basis)] if g.fee_basis else []
        )
        self._section(self.tr("收费标准"), fee)
        result = ([g.result_name] if g.result_name else []) + [g.result_delivery]
        self._section(self.tr("办理结果及送达"), result)
        visits = self.tr("无需到现场") if g.visits == 0 else self.tr("最多到现场 1 次")
        self._section(self.tr("到办事现场次数"), [visits])
        where = [x for x in (g.place, g.hours) if x]
        if where:
            self._section(self.tr("办理地点和时间"), where)
        phones = []
        if g.consult_phone:
            phones.append(self.tr("咨询电话：%1").replace("%1", g.consult_phone))
        if g.complaint_phone:
            phones.append(self.tr("投诉电话：%1").replace("%1", g.complaint_phone))
        if phones:
            self._section(self.tr("咨询投诉"), phones)
        body = g.implementing_body or service.department
        codes = [self.tr("实施主体：%1").replace("%1", body)]
        if service.impl_code:
            codes.append(self.tr("实施编码：%1").replace("%1", service.impl_code))
            codes.append(self.tr("基本编码：%1").replace("%1", service.basic_code))
        self._section(self.tr("事项信息"), codes)
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
