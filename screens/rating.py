"""Rating: the five-level 好差评 with reasons for the two lowest levels."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from kiosk.services.rating import LEVELS, REASONS, RatingLevel
from kiosk.session.machine import SessionState
from screens.base import Screen, button, label, vbox
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


class RatingScreen(Screen):
    ctl: ServiceController
    state = SessionState.RATING
    show_back = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=40, spacing=20)
        self.heading = label(role="title")
        lay.addWidget(self.heading)
        row = QHBoxLayout()
        self.level_buttons: dict[RatingLevel, QPushButton] = {}
        for level in LEVELS:
            b = button(f"{'★' * level.value}\n{level.label}", role="tile")
            b.setObjectName(f"rate_{level.value}")
            b.setCheckable(True)
            b.clicked.connect(lambda _=False, lv=level: self._pick(lv))
            row.addWidget(b)
            self.level_buttons[level] = b
        lay.addLayout(row)
        self.reason_title = label(role="subtitle")
        lay.addWidget(self.reason_title)
        self.reasons_grid = QGridLayout()
        self.reason_buttons: dict[str, QPushButton] = {}
        for i, reason in enumerate(REASONS):
            b = button(reason)
            b.setCheckable(True)
            b.setObjectName(f"reason_{i}")
            self.reasons_grid.addWidget(b, i // 3, i % 3)
            self.reason_buttons[reason] = b
        lay.addLayout(self.reasons_grid)
        lay.addStretch(1)
        self.submit_btn = button(role="primary")
        self.submit_btn.setObjectName("submitRating")
        self.submit_btn.clicked.connect(self._submit)
        self.level: RatingLevel | None = None
        self.retranslate()
        self._show_reasons(False)

    def docked(self) -> list[QWidget]:
        return [self.submit_btn]

    def primary_action(self) -> QWidget | None:
        return self.submit_btn

    def title(self) -> str:
        return self.tr("服务评价")

    def spoken_prompt(self) -> str:
        return self.tr("请为本次服务评价。")

    def _show_reasons(self, on: bool) -> None:
        self.reason_title.setVisible(on)
        for b in self.reason_buttons.values():
            b.setVisible(on)

    def _pick(self, level: RatingLevel) -> None:
        self.level = level
        for lv, b in self.level_buttons.items():
            b.setChecked(lv == level)  # the theme colours the checked tile
        self._show_reasons(level.is_bad)
        self.submit_btn.setEnabled(True)

    def _submit(self) -> None:
        if self.level is None:
            return
        reasons = [r for r, b in self.reason_buttons.items() if b.isChecked()]
        self.ctl.rate(self.level, reasons if self.level.is_bad else [])

    def on_enter(self) -> None:
        self.level = None
        for b in list(self.level_buttons.values()) + list(self.reason_buttons.values()):
            b.setChecked(False)
        for b in self.level_buttons.values():
            set_role(b, "tile")
        self._show_reasons(False)
        self.submit_btn.setEnabled(False)

    def retranslate(self) -> None:
        # Spelled out so that lupdate sees every string.
        names = {
            5: self.tr("非常满意"),
            4: self.tr("满意"),
            3: self.tr("基本满意"),
            2: self.tr("不满意"),
            1: self.tr("非常不满意"),
        }
        for level, b in self.level_buttons.items():
            b.setText(f"{'★' * level.value}\n{names[level.value]}")
        reasons = [
            self.tr("办理效率低"),
            self.tr("操作不便"),
            self.tr("指南不清楚"),
            self.tr("设备故障"),
            self.tr("等待时间长"),
            self.tr("其他"),
        ]
        for (_, b), text in zip(self.reason_buttons.items(), reasons, strict=True):
            b.setText(text)
        self.heading.setText(self.tr("请您对本次服务进行评价"))
        self.reason_title.setText(self.tr("请选择不满意的原因（可多选）"))
        self.submit_btn.setText(self.tr("提交评价"))
