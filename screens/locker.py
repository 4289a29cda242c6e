"""Document locker: resident pick-up (code, then ID card) and deposit of paper originals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QWidget

from kiosk.session.machine import SessionState
from kiosk.ui.controllers.handoff import LockerMode, LockerView, Phase
from kiosk.ui.core_texts import shown
from kiosk.ui.screen_capture import mark_personal
from screens.base import Screen, button, label, vbox
from screens.keyboard import KeyboardMode, OnScreenKeyboard
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.handoff import HandoffController


class LockerScreen(Screen):
    """Shows the locker flow's real state; the way out is always the bottom button."""

    ctl: HandoffController
    state = SessionState.LOCKER
    show_back = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=16, spacing=8)  # the keypad docked below needs the room
        self.heading = label(role="title")
        self.heading.setObjectName("lockerHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(role="subtitle")
        self.message.setObjectName("lockerMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code = QLineEdit()
        self.code.setObjectName("pickupCode")
        self.code.setReadOnly(True)  # typed on the on-screen keypad, or scanned
        self.code.setMaxLength(12)
        self.code.installEventFilter(self)
        mark_personal(self.code)
        lay.addWidget(self.heading)
        lay.addWidget(self.message)
        lay.addWidget(self.code)
        lay.addStretch(1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.done.connect(self._submit)
        self.action_row = QWidget()
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.leave_btn = button(role="secondary")
        self.leave_btn.setObjectName("lockerLeave")
        self.leave_btn.clicked.connect(self.ctl.leave_locker)
        self.ok_btn = button(role="primary")
        self.ok_btn.setObjectName("pickupSubmit")
        self.ok_btn.clicked.connect(self._submit)
        row.addWidget(self.leave_btn)
        row.addWidget(self.ok_btn)
        ctl.locker_update.connect(self.show_view)
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.keyboard, self.action_row]

    def primary_action(self) -> QWidget | None:
        return self.ok_btn if self.ok_btn.isVisible() else self.leave_btn

    def title(self) -> str:
        return self.tr("智能文件柜")

    def spoken_prompt(self) -> str:
        return self.message.text()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.code and event.type() == QEvent.Type.MouseButtonPress:
            self.keyboard.attach(self.code, KeyboardMode.NUMERIC)
            self.keyboard.show()
        return False

    def _submit(self) -> None:
        code = self.code.text().strip()
        if not code:
            self.message.setText(self.tr("请输入取件码。"))
            return
        self.ctl.submit_code(code)

    def on_enter(self) -> None:
        view = self.ctl.last_locker
        if view is not None:
            self.show_view(view)

    def show_view(self, view: LockerView) -> None:
        self._paint_texts(view)
        pickup = view.mode is LockerMode.PICKUP
        set_role(self.message, "error" if view.phase is Phase.ERROR else "subtitle")
        entering = pickup and view.phase is Phase.ENTER_CODE
        self.code.setVisible(entering)
        self.ok_btn.setVisible(entering)
        if entering:
            self.code.clear()
            self.keyboard.attach(self.code, KeyboardMode.NUMERIC)
            self.keyboard.show()
        else:
            self.keyboard.hide()
        busy = view.phase is Phase.WORKING
        self.leave_btn.setEnabled(not busy)  # a door is opening: finish before leaving

    def _paint_texts(self, view: LockerView) -> None:
        """The view's texts in the language now (a switch repaints only these: the code
        being typed stays)."""
        pickup = view.mode is LockerMode.PICKUP
        self.heading.setText(self.tr("取件") if pickup else self.tr("存放材料原件"))
        self.message.setText(shown(view.message))  # the locker's zh_CN errors, or ours
        done = view.phase in (Phase.DONE, Phase.ERROR)
        self.leave_btn.setText(self.tr("完成") if done else self.tr("返回"))

    def wipe(self) -> None:
        self.code.clear()
        self.message.clear()
        self.keyboard.attach(None, KeyboardMode.NUMERIC)

    def retranslate(self) -> None:
        self.ok_btn.setText(self.tr("确认"))
        self.leave_btn.setText(self.tr("返回"))
        self.code.setPlaceholderText(self.tr("10 位取件码"))
        view = self.ctl.last_locker
        if view is not None:
            self._paint_texts(view)
