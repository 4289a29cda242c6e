"""The idle warning: "are you still there?" with a countdown, over every screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QWidget

from screens.base import button, label, overlay_card


class IdleOverlay(QFrame):
    continue_clicked = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        lay = overlay_card(self, 640, spacing=24)
        self.title = label(role="title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(role="subtitle")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.continue_btn = button(role="primary")
        self.continue_btn.setObjectName("idleContinue")
        self.continue_btn.clicked.connect(self._continue)
        lay.addWidget(self.title)
        lay.addWidget(self.message)
        lay.addWidget(self.continue_btn)
        self._seconds = 0
        self.retranslate()

    def show_warning(self, seconds_left: float) -> None:
        self.set_seconds(int(seconds_left))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def set_seconds(self, seconds: int) -> None:
        self._seconds = max(0, seconds)
        self.message.setText(
            self.tr("%1 秒后将退出并清除您的信息").replace("%1", str(self._seconds))
        )

    def spoken(self) -> str:
        """What the voice says when the warning appears."""
        return f"{self.title.text()}{self.message.text()}"

    def _continue(self) -> None:
        self.hide()
        self.continue_clicked.emit()

    def retranslate(self) -> None:
        self.title.setText(self.tr("您还在办理吗？"))
        self.continue_btn.setText(self.tr("继续办理"))
        self.set_seconds(self._seconds)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
