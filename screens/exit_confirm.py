"""退出 with a filled form asks first: what would be discarded, and two big choices."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QWidget

from screens.base import button, label, overlay_card


class ExitConfirm(QFrame):
    """ "确定退出吗？" over the screen: 继续办理 keeps everything, 退出 wipes it."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("exitConfirm")
        lay = overlay_card(self, 640, spacing=24)
        self.title = label(role="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(role="subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stay_btn = button(role="primary")
        self.stay_btn.setObjectName("exitStay")
        self.stay_btn.clicked.connect(self._stay)
        self.leave_btn = button(role="danger")
        self.leave_btn.setObjectName("exitConfirmed")
        self.leave_btn.clicked.connect(self._leave)
        for w in (self.title, self.message, self.stay_btn, self.leave_btn):
            lay.addWidget(w)
        self.retranslate()
        self.hide()

    def ask(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def _stay(self) -> None:
        self.hide()
        self.cancelled.emit()

    def _leave(self) -> None:
        self.hide()
        self.confirmed.emit()

    def spoken(self) -> str:
        return f"{self.title.text()}{self.message.text()}"

    def retranslate(self) -> None:
        self.title.setText(self.tr("确定要退出吗？"))
        self.message.setText(self.tr("您填写的内容将被清除，不会保存。"))
        self.stay_btn.setText(self.tr("继续办理"))
        self.leave_btn.setText(self.tr("退出并清除"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
