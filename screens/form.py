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
from kiosk.services.catalog_i18n import shown_choice
from kiosk.session.machine import SessionState
from kiosk.ui.core_texts import resident_text
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
        # Kept to relabel the form in place when the language changes mid-form.
        self._titles: dict[str, QLabel] = {}
        self._checked: dict[str, QLabel] = {}
        self._raw_errors: dict[str, str] = {}  # zh_CN, from the core
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
        canonical = self.ctl.current_service()
        clear_layout(self.grid)
        for group in self.choices.values():
            group.deleteLater()  # parented to the screen: one leaked per form built
        self.inputs, self.choices, self.errors, self.fields = {}, {}, {}, {}
        self._locked = {}
        self._titles, self._checked, self._raw_errors = {}, {}, {}
        self.keyboard.hide()
        if canonical is None:
            return
        prefilled = self.ctl.prefilled_values()
        current = dict(self.ctl.session.data.form_values)
        row = 0
        for f in canonical.form:
            self.fields[f.key] = f
            pre = prefilled.get(f.key)
            value = current.get(f.key) or (pre.value if pre else "")
            locked = pre is not None and pre.locked
            title = label("", "subtitle")
            self._titles[f.key] = title
            self.grid.addWidget(title, row, 0)
            if f.type == FieldType.CHOICE and not locked:
                box = QHBoxLayout()
                group = QButtonGroup(self)
                for i, choice in enumerate(f.choices):
                    b = button(choice)
                    b.setCheckable(True)
                    b.setObjectName(f"choice_{f.key}_{i}")
                    # The canonical (zh_CN) value is what is submitted, whatever the
                    # button says in the resident's language.
                    b.setProperty("value", choice)
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
                    checked = label("", "ok")
                    self._checked[f.key] = checked
                    self.grid.addWidget(checked, row, 2)
                else:
                    edit.installEventFilter(self)
                    edit.textChanged.connect(lambda _t, k=f.key: self._clear_error(k))
                self.inputs[f.key] = edit
                self.grid.addWidget(edit, row, 1)
            err = label(role="error")
            err.setObjectName(f"error_{f.key}")
            self.errors[f.key] = err
            self.grid.addWidget(err, row + 1, 1)
            row += 2
        self.grid.setColumnStretch(1, 1)
        self.grid.setRowStretch(row, 1)
        self._relabel()

    def _relabel(self) -> None:
        """Every text of the built form in the UI's language, typed values kept."""
        service = self.ctl.display_service()
        if service is None:
            return
        self.heading.setText(service.name)
        for f in service.form:
            title = self._titles.get(f.key)
            if title is not None:
                title.setText(f.label + ("" if f.required else self.tr("（选填）")))
            group = self.choices.get(f.key)
            if group is not None:
                for i, b in enumerate(choice_buttons(group)):
                    if i < len(f.choices):
                        b.setText(f.choices[i])
            edit = self.inputs.get(f.key)
            if edit is not None:
                if f.key in self._locked:
                    edit.setToolTip(self.tr("已自动填写，不可修改"))
                    if f.type == FieldType.CHOICE:  # a prefilled choice, in these words
                        edit.setText(shown_choice(self.fields[f.key], f, self._locked[f.key]))
                else:
                    edit.setPlaceholderText(f.hint or self._placeholder(f))
            checked = self._checked.get(f.key)
            if checked is not None:
                checked.setText(self.tr("已核验"))
            err = self.errors.get(f.key)
            if err is not None and f.key in self._raw_errors:
                err.setText(resident_text(self._raw_errors[f.key], self.ctl.current_service()))

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
        self._raw_errors.pop(key, None)
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
            out[key] = str(checked.property("value") or "") if checked is not None else ""
        return out

    def submit(self) -> None:
        errors = self.ctl.submit_form(self.values())
        self._raw_errors = dict(errors)
        service = self.ctl.current_service()
        errors = {k: resident_text(v, service) for k, v in errors.items()}
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
        if self.fields:  # mid-form: relabel in place, what was typed stays
            self._relabel()


def choice_buttons(group: QButtonGroup) -> list[QPushButton]:
    return [b for b in group.buttons() if isinstance(b, QPushButton)]
