"""Goodbye: thank the resident, remind them to take their card, return to attract."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QWidget

from kiosk.session.machine import EndReason, SessionState
from screens.base import Screen, button, label, vbox

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController

GOODBYE_SECONDS = 6


class GoodbyeScreen(Screen):
    ctl: ServiceController
    state = SessionState.GOODBYE
    show_back = False
    show_exit = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=64, spacing=32)
        lay.addStretch(1)
        self.heading = label(role="title")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason = label(role="subtitle")
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.privacy = label(role="hint")
        self.privacy.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_btn = button(role="primary")
        self.done_btn.setObjectName("goodbyeDone")
        self.done_btn.clicked.connect(ctl.goodbye_done)
        for w in (self.heading, self.reason, self.privacy, self.done_btn):
            lay.addWidget(w)
        lay.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(ctl.goodbye_done)
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.done_btn]

    def primary_action(self) -> QWidget | None:
        return self.done_btn

    def spoken_prompt(self) -> str:
        return self.tr("感谢使用，请取回您的证件和凭条。")

    def on_enter(self) -> None:
        self.retranslate()
        self._timer.start(GOODBYE_SECONDS * 1000)

    def retranslate(self) -> None:
        reason = self.ctl.session.last_end_reason
        self.heading.setText(self.tr("感谢使用，再见"))
        texts = {
            EndReason.IDLE_TIMEOUT: self.tr("长时间未操作，已为您退出。"),
            EndReason.CARD_REMOVED: self.tr("证件已取走，已为您退出。"),
            EndReason.EXIT: self.tr("您已退出办理。"),
            EndReason.COMPLETED: self.tr("业务已办理完成。"),
        }
        self.reason.setText(texts.get(reason, "") if reason else "")
        self.privacy.setText(self.tr("请取回您的证件和凭条。您的个人信息已从本机清除。"))
        self.done_btn.setText(self.tr("返回首页"))
