"""Form: large inputs, prefilled fields locked, keypad for numbers, pinyin for Chinese."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from kiosk.privacy import mask_id_number
from kiosk.services.catalog import FieldType, FormField
from kiosk.session.machine import SessionState
from kiosk.ui.screen_capture import mark_personal
from screens.base import Screen, button, clear_layout, label, vbox
from screens.keyboard import KeyboardMode, OnScreenKeyboard
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController

KEYBOARD_FOR = {
    FieldType.NUMBER: KeyboardMode.NUMERIC,
    FieldType.PHONE: KeyboardMode.NUMERIC,
    FieldType.DATE: KeyboardMode.NUMERIC,
    FieldType.ID_NUMBER: KeyboardMode.NUMERIC,
}


class FormScreen(Screen):
    ctl: ServiceController
    state = SessionState.FORM

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=24, spacing=12)
        self.heading = label(role="subtitle")
        lay.addWidget(self.heading)
        # The page around the screen scrolls; the keyboard and 下一步 are docked below it.
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(16)
        self.grid.setVerticalSpacing(6)
        lay.addLayout(self.grid, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.done.connect(self.keyboard.hide)
        self.keyboard.hide()
        self.next_btn = button(role="primary")
        self.next_btn.setObjectName("formNext")
        self.next_btn.clicked.connect(self.submit)
        self.inputs: dict[str, QLineEdit] = {}
        self.choices: dict[str, QButtonGroup] = {}
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, FormField] = {}
        self._locked: dict[str, str] = {}  # authoritative values shown masked
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.keyboard, self.next_btn]

    def primary_action(self) -> QWidget | None:
        return self.next_btn

    def needs_card(self) -> bool:
        return True

    def has_unsaved_input(self) -> bool:
        typed = any(k not in self._locked and e.text().strip() for k, e in self.inputs.items())
        return typed or any(g.checkedButton() is not None for g in self.choices.values())

    def title(self) -> str:
        return self.tr("填写信息")

    def spoken_prompt(self) -> str:
        return self.tr("请核对并填写信息，带锁的内容已自动填好。")

    def on_enter(self) -> None:
        service = self.ctl.current_service()
        clear_layout(self.grid)
        for group in self.choices.values():
            group.deleteLater()  # parented to the screen: one leaked per form built
        self.inputs, self.choices, self.errors, self.fields = {}, {}, {}, {}
        self._locked = {}
        self.keyboard.hide()
        if service is None:
            return
        self.heading.setText(service.name)
        prefilled = self.ctl.prefilled_values()
        current = dict(self.ctl.session.data.form_values)
        row = 0
        for f in service.form:
            self.fields[f.key] = f
            pre = prefilled.get(f.key)
            value = current.get(f.key) or (pre.value if pre else "")
            locked = pre is not None and pre.locked
            title = f.label + ("" if f.required else self.tr("（选填）"))
            self.grid.addWidget(label(title, "subtitle"), row, 0)
            if f.type == FieldType.CHOICE and not locked:
                box = QHBoxLayout()
                group = QButtonGroup(self)
                for choice in f.choices:
                    b = button(choice)
                    b.setCheckable(True)
                    b.setObjectName(f"choice_{f.key}_{f.choices.index(choice)}")
                    b.setChecked(choice == value)
                    group.addButton(b)
                    box.addWidget(b)
                self.choices[f.key] = group
                group.buttonClicked.connect(lambda _b, k=f.key: self._clear_error(k))
                holder = QWidget()
                holder.setLayout(box)
                self.grid.addWidget(holder, row, 1)
            else:
                edit = QLineEdit()
                edit.setObjectName(f"field_{f.key}")
                mark_personal(edit)  # masked in a shared 视频帮办 screen
                shown = (
                    mask_id_number(value) if (locked and f.type == FieldType.ID_NUMBER) else value
                )
                edit.setText(shown)
                if locked:
                    self._locked[f.key] = value
                edit.setReadOnly(True)  # typed on the on-screen keyboard only
                if locked:
                    edit.setToolTip(self.tr("已自动填写，不可修改"))
                    self.grid.addWidget(label(self.tr("已核验"), "ok"), row, 2)
                else:
                    edit.installEventFilter(self)
                    edit.textChanged.connect(lambda _t, k=f.key: self._clear_error(k))
                    edit.setPlaceholderText(f.hint or self._placeholder(f))
                self.inputs[f.key] = edit
                self.grid.addWidget(edit, row, 1)
            err = label(role="error")
            err.setObjectName(f"error_{f.key}")
            self.errors[f.key] = err
            self.grid.addWidget(err, row + 1, 1)
            row += 2
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(row, 1)

    def _placeholder(self, f: FormField) -> str:
        if f.type == FieldType.PHONE:
            return self.tr("11 位手机号码")
        if f.type == FieldType.DATE:
            return self.tr("如 2026-01-31")
        return self.tr("点击输入")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(obj, QLineEdit):
            key = obj.objectName().removeprefix("field_")
            f = self.fields.get(key)
            if f is not None:
                self.keyboard.attach(obj, KEYBOARD_FOR.get(f.type, KeyboardMode.PINYIN))
                self.keyboard.show()
        return False

    def _clear_error(self, key: str) -> None:
        """The resident is correcting this field: drop its error until the next check."""
        lab = self.errors.get(key)
        if lab is not None:
            lab.clear()
        edit = self.inputs.get(key)
        if edit is not None and edit.property("invalid") == "true":
            edit.setProperty("invalid", "false")
            set_role(edit, edit.property("role") or "")

    def values(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for key, edit in self.inputs.items():
            out[key] = self._locked.get(key, edit.text())
        for key, group in self.choices.items():
            checked = group.checkedButton()
            out[key] = checked.text() if checked is not None else ""
        return out

    def submit(self) -> None:
        errors = self.ctl.submit_form(self.values())
        for key, lab in self.errors.items():
            lab.setText(errors.get(key, ""))
            edit = self.inputs.get(key)
            if edit is not None:
                edit.setProperty("invalid", "true" if key in errors else "false")
                set_role(edit, edit.property("role") or "")
        if errors:
            # Said aloud as well as shown: the first problem, in the form's order.
            first = next((k for k in self.errors if k in errors), next(iter(errors)))
            self.ctl.speak(errors[first])

    def wipe(self) -> None:
        clear_layout(self.grid)
        for group in self.choices.values():
            group.deleteLater()  # parented to the screen: one leaked per form built
        self.inputs, self.choices, self.errors, self.fields = {}, {}, {}, {}
        self._locked = {}
        self.keyboard.attach(None, KeyboardMode.NUMERIC)

    def retranslate(self) -> None:
        self.next_btn.setText(self.tr("下一步"))


def choice_buttons(group: QButtonGroup) -> list[QPushButton]:
    return [b for b in group.buttons() if isinstance(b, QPushButton)]
