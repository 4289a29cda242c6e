"""Submit: progress while the application is stored, sent and printed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar, QWidget

from kiosk.session.machine import SessionState
from screens.base import Screen, label, vbox

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


class SubmitScreen(Screen):
    ctl: ServiceController
    state = SessionState.SUBMIT
    show_back = False
    show_exit = False  # never interrupt a submission half-way

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=64, spacing=32)
        lay.addStretch(1)
        self.heading = label(role="title")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step = label(role="subtitle")
        self.step.setObjectName("submitStep")
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy indicator
        self.bar.setMinimumHeight(32)
        for w in (self.heading, self.step, self.bar):
            lay.addWidget(w)
        lay.addStretch(1)
        self.retranslate()

    def title(self) -> str:
        return self.tr("正在提交")

    def spoken_prompt(self) -> str:
        return self.tr("正在提交，请稍候。")

    def set_step(self, text: str) -> None:
        self.step.setText(text)

    def on_enter(self) -> None:
        self.step.setText(self.tr("正在保存您的申请…"))

    def retranslate(self) -> None:
        self.heading.setText(self.tr("正在提交，请稍候"))
