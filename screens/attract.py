"""The attract screen: what the terminal offers, and "touch to start"."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.session.machine import SessionState
from kiosk.ui.i18n import current_language
from screens.base import Screen, button, clear_layout, label, vbox
from screens.layout import FitTextButton
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.identify import IdentifyController


class AttractScreen(Screen):
    ctl: IdentifyController
    state = SessionState.ATTRACT
    show_back = False
    mode_dependent_layout = True  # tiles per row and per line
    show_exit = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=48, spacing=28)
        self.welcome = label(role="title")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.subtitle = label(role="subtitle")
        self.subtitle.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.welcome)
        lay.addWidget(self.subtitle)
        self.grid = QGridLayout()
        self.grid.setSpacing(20)
        lay.addLayout(self.grid, 1)
        self.start_btn = button(role="primary")
        self.start_btn.setObjectName("startButton")
        self.start_btn.setMinimumHeight(96)
        self.start_btn.clicked.connect(lambda: ctl.start())
        lay.addWidget(self.start_btn)
        self.hint = label(role="hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.hint)
        self.category_buttons: list[FitTextButton] = []
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.start_btn, self.hint]

    def primary_action(self) -> QWidget | None:
        return self.start_btn

    def spoken_prompt(self) -> str:
        return self.tr("欢迎使用政务服务自助终端，请触摸“开始办理”。")

    def _build_categories(self) -> None:
        clear_layout(self.grid)
        self.category_buttons = []
        catalog = self.ctl.terminal.catalog
        if catalog is None:
            self.grid.addWidget(label(self.tr("服务目录暂不可用，请联系工作人员。"), "error"), 0, 0)
            return
        cols = 3 if self.ctl.elderly else 4
        if self.width() and self.width() < 1200:  # portrait: the grid re-flows
            cols = 2 if self.ctl.elderly else 3
        for i, cat in enumerate(catalog.featured_categories()):
            b = FitTextButton(cat.name_in(current_language()), source=cat.name)
            set_role(b, "tile")
            b.setObjectName(f"category_{cat.code}")
            b.clicked.connect(lambda _=False, c=cat.code: self._start_with(c))
            self.grid.addWidget(b, i // cols, i % cols)
            self.category_buttons.append(b)

    def _start_with(self, category: str) -> None:
        self.ctl.start(category)

    def on_enter(self) -> None:
        self._build_categories()

    def retranslate(self) -> None:
        self.welcome.setText(self.tr("欢迎使用政务服务自助终端"))
        self.subtitle.setText(self.tr("请选择要办理的事项，或触摸“开始办理”"))
        self.start_btn.setText(self.tr("开始办理"))
        self.hint.setText(self.tr("支持身份证、社保卡、刷脸、政务App扫码登录"))
        self._build_categories()
