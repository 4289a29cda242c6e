"""Review: everything the resident is about to submit, masked where shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.privacy import mask_id_number, mask_name, mask_phone
from kiosk.services.catalog import FieldType
from kiosk.services.catalog_i18n import shown_choice
from kiosk.services.rules import Outcome
from kiosk.session.machine import SessionState
from kiosk.ui.core_texts import resident_text
from kiosk.ui.screen_capture import mark_personal
from screens.base import Screen, button, clear_layout, label, vbox

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


def shown_value(field_type: FieldType, key: str, value: str) -> str:
    """What the review screen shows: identifying values masked."""
    if field_type == FieldType.ID_NUMBER:
        return mask_id_number(value)
    if field_type == FieldType.PHONE:
        return mask_phone(value)
    if key in ("name", "guardian_name", "operator", "applicant_name"):
        return mask_name(value)
    if field_type == FieldType.ADDRESS and len(value) > 6:
        return value[:6] + "…"
    return value


class ReviewScreen(Screen):
    ctl: ServiceController
    state = SessionState.REVIEW

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=32, spacing=14)
        self.heading = label(role="subtitle")
        lay.addWidget(self.heading)
        self.grid = QGridLayout()
        lay.addLayout(self.grid, 1)
        self.plan_label = label(role="ok")
        self.plan_label.setObjectName("planLabel")
        lay.addWidget(self.plan_label)
        self.confirm_btn = button(role="primary")
        self.confirm_btn.setObjectName("confirmSubmit")
        self.confirm_btn.clicked.connect(self.ctl.confirm_submit)
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.plan_label, self.confirm_btn]

    def primary_action(self) -> QWidget | None:
        return self.confirm_btn

    def needs_card(self) -> bool:
        return True

    def title(self) -> str:
        return self.tr("确认提交")

    def spoken_prompt(self) -> str:
        return self.tr("请核对以下信息，确认无误后提交。")

    def on_enter(self) -> None:
        clear_layout(self.grid)
        canonical = self.ctl.current_service()
        service = self.ctl.display_service()
        if service is None or canonical is None:
            return
        self.heading.setText(service.name)
        data = self.ctl.session.data
        row = 0
        identity = data.identity
        if identity is not None:
            self.grid.addWidget(label(self.tr("申请人"), "hint"), row, 0)
            self.grid.addWidget(
                mark_personal(
                    label(f"{mask_name(identity.name)}  {mask_id_number(identity.id_number)}")
                ),
                row,
                1,
            )
            row += 1
        for f, f0 in zip(service.form, canonical.form, strict=True):
            value = shown_choice(f0, f, data.form_values.get(f.key, ""))
            self.grid.addWidget(label(f.label, "hint"), row, 0)
            self.grid.addWidget(
                mark_personal(label(shown_value(f.type, f.key, value) or "—")), row, 1
            )
            row += 1
        scans = [a for a in data.attachments if a.kind in ("scan", "pdf")]
        if service.materials:
            self.grid.addWidget(label(self.tr("已扫描材料"), "hint"), row, 0)
            self.grid.addWidget(label(self.tr("%1 份").replace("%1", str(len(scans)))), row, 1)
            row += 1
        if service.signature_required:
            signed = any(a.kind == "signature" for a in data.attachments)
            self.grid.addWidget(label(self.tr("签名"), "hint"), row, 0)
            self.grid.addWidget(label(self.tr("已签名") if signed else self.tr("未签名")), row, 1)
            row += 1
        if service.cross_region:  # 跨省通办: said again before the resident confirms
            days = service.guide.promised_days
            where = service.handled_by
            if days is not None:
                where += self.tr("，承诺 %1 个工作日").replace("%1", str(days))
            self.grid.addWidget(label(self.tr("办理地"), "hint"), row, 0)
            cell = label(where)
            cell.setObjectName("crossRegionWhere")
            self.grid.addWidget(cell, row, 1)
            row += 1
        for key, text in self.ctl.payment.review_rows(canonical):  # the fee (issue 20)
            self.grid.addWidget(label(key, "hint"), row, 0)
            cell = label(text)
            cell.setObjectName("reviewFee")
            self.grid.addWidget(cell, row, 1)
            row += 1
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(row, 1)
        plan = self.ctl.current_plan()
        texts = {
            Outcome.APPROVED: self.tr("符合即时办结条件，提交后立即打印证明。"),
            Outcome.QUEUED: self.tr("提交后将打印受理回执，凭受理编号查询进度。"),
            Outcome.QUERY: self.tr("提交后显示查询结果。"),
            Outcome.REFUSED: "",
        }
        text = texts[plan.outcome]
        reasons = resident_text("；".join(plan.reasons), canonical) if plan.reasons else ""
        if plan.outcome == Outcome.REFUSED:
            text = reasons
        elif reasons:
            text += " " + reasons
        self.plan_label.setText(text)
        self.plan_label.setProperty("role", "error" if plan.outcome == Outcome.REFUSED else "ok")
        self.confirm_btn.setEnabled(plan.outcome != Outcome.REFUSED)

    def wipe(self) -> None:
        clear_layout(self.grid)
        self.heading.clear()

    def retranslate(self) -> None:
        self.confirm_btn.setText(self.tr("确认提交"))
        if self.isVisible():
            self.on_enter()
