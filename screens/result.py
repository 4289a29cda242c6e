"""Result: certificate printed, or receipt with acceptance number, or what to do instead."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.session.machine import SessionState
from kiosk.ui.core_texts import resident_text
from screens.base import Screen, button, label, vbox
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


class ResultScreen(Screen):
    ctl: ServiceController
    state = SessionState.RESULT
    show_back = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=48, spacing=24)
        lay.addStretch(1)
        self.heading = label(role="title")
        self.heading.setObjectName("resultHeading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.number = label(role="subtitle")
        self.number.setObjectName("acceptanceNumber")
        self.number.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = label()
        self.detail.setObjectName("resultDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_note = label(role="hint")
        self.print_note.setObjectName("printNote")
        self.print_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for w in (self.heading, self.number, self.detail, self.print_note):
            lay.addWidget(w)
        lay.addStretch(1)
        self.action_row = QWidget()
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.more_btn = button(role="secondary")
        self.more_btn.setObjectName("doMore")
        self.more_btn.clicked.connect(self.ctl.do_another)
        self.rate_btn = button(role="primary")
        self.rate_btn.setObjectName("goRate")
        self.rate_btn.clicked.connect(self.ctl.next_step)
        row.addWidget(self.more_btn)
        row.addWidget(self.rate_btn)
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.action_row]

    def primary_action(self) -> QWidget | None:
        return self.rate_btn

    def title(self) -> str:
        return self.tr("办理结果")

    def spoken_prompt(self) -> str:
        r = self.ctl.session.data.result
        if r is not None and r.print_failed:
            # A failed print is said aloud too, with how to get the document instead.
            return f"{self.heading.text()}{self.print_note.text()}"
        return self.heading.text()

    def status_alert(self) -> str:
        r = self.ctl.session.data.result
        return self.tr("打印失败") if r is not None and r.print_failed else ""

    def on_enter(self) -> None:
        r = self.ctl.session.data.result
        if r is None:
            return
        service = self.ctl.current_service()
        self.heading.setText(resident_text(r.headline, service))
        if not r.acceptance_number:
            self.number.setText("")
        elif r.provisional:
            self.number.setText(self.tr("临时编号：%1").replace("%1", r.acceptance_number))
        else:
            self.number.setText(self.tr("受理编号：%1").replace("%1", r.acceptance_number))
        self.detail.setText(resident_text(r.detail, service))
        self.print_note.setText(resident_text(r.print_note, service))
        # set_role re-polishes: a bare setProperty would leave the note grey.
        set_role(self.print_note, "error" if r.print_failed else "hint")

    def wipe(self) -> None:
        for w in (self.heading, self.number, self.detail, self.print_note):
            w.clear()

    def retranslate(self) -> None:
        self.more_btn.setText(self.tr("办理其他事项"))
        self.rate_btn.setText(self.tr("评价本次服务"))
        if self.isVisible():
            self.on_enter()
