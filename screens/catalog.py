"""Catalog: categories, hot services, and search by Chinese or pinyin initials."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.privacy import mask_name
from kiosk.services.catalog import Service
from kiosk.session.machine import SessionState
from screens.base import Screen, button, clear_layout, label, scrolled, tile_text, vbox
from screens.keyboard import KeyboardMode, OnScreenKeyboard
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


class CatalogScreen(Screen):
    ctl: ServiceController
    state = SessionState.CATALOG

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=24, spacing=16)
        self.greeting = label(role="subtitle")
        self.greeting.setObjectName("greeting")
        lay.addWidget(self.greeting)
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("catalogSearch")
        self.search.textChanged.connect(self._refresh_services)
        self.search.setReadOnly(True)  # typed on the on-screen keyboard only
        self.search_btn = button(role="secondary")
        self.search_btn.setObjectName("searchToggle")
        self.search_btn.clicked.connect(self._toggle_keyboard)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_btn)
        lay.addLayout(search_row)
        body = QHBoxLayout()
        self.categories = QVBoxLayout()
        body.addWidget(scrolled(self.categories), 1)
        self.services = QGridLayout()
        self.services.setSpacing(14)
        right = QVBoxLayout()
        self.section = label(role="subtitle")
        right.addWidget(self.section)
        right.addLayout(self.services)
        right.addStretch(1)
        body.addLayout(right, 3)
        lay.addLayout(body, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.search, KeyboardMode.LETTERS)
        self.keyboard.done.connect(self._toggle_keyboard)
        self.keyboard.hide()
        self.category: str | None = None
        self.service_buttons: list[QPushButton] = []
        self.category_buttons: dict[str, QPushButton] = {}
        self.retranslate()

    def docked(self) -> list[QWidget]:
        return [self.keyboard]

    def title(self) -> str:
        return self.tr("选择办理事项")

    def spoken_prompt(self) -> str:
        return self.tr("请选择要办理的事项。")

    def on_enter(self) -> None:
        identity = self.ctl.session.data.identity
        name = mask_name(identity.name) if identity is not None else ""
        self.greeting.setText(self.tr("您好，%1").replace("%1", name) if name else "")
        pref = self.ctl.preferred_category
        self.category = pref
        self.search.clear()
        self._build_categories()
        self._refresh_services()

    def _toggle_keyboard(self) -> None:
        self.keyboard.setVisible(not self.keyboard.isVisible())

    def _build_categories(self) -> None:
        clear_layout(self.categories)
        self.category_buttons = {}
        catalog = self.ctl.terminal.catalog
        if catalog is None:
            return
        hot = button(self.tr("热门事项"))
        hot.setObjectName("category_hot")
        hot.clicked.connect(lambda: self._pick(None))
        self.categories.addWidget(hot)
        self.category_buttons[""] = hot
        for cat in catalog.categories:
            b = button(cat.name)
            b.setObjectName(f"category_{cat.code}")
            b.clicked.connect(lambda _=False, c=cat.code: self._pick(c))
            self.categories.addWidget(b)
            self.category_buttons[cat.code] = b
        self.categories.addStretch(1)

    def _pick(self, category: str | None) -> None:
        self.category = category
        self.search.clear()
        self._refresh_services()

    def visible_services(self) -> list[Service]:
        catalog = self.ctl.terminal.catalog
        if catalog is None:
            return []
        q = self.search.text().strip()
        if q:
            return catalog.search(q)
        if self.category:
            return catalog.in_category(self.category)
        return catalog.hot()

    def _refresh_services(self) -> None:
        clear_layout(self.services)
        self.service_buttons = []
        catalog = self.ctl.terminal.catalog
        for code, b in self.category_buttons.items():
            set_role(b, "secondary" if (code or None) == self.category else "")
        q = self.search.text().strip()
        if q:
            self.section.setText(self.tr("搜索“%1”的结果").replace("%1", q))
        elif self.category and catalog is not None:
            self.section.setText(
                next(c.name for c in catalog.categories if c.code == self.category)
            )
        else:
            self.section.setText(self.tr("热门事项"))
        items = self.visible_services()
        per_page = 6 if self.ctl.elderly else 9
        cols = 2 if self.ctl.elderly else 3
        if self.width() and self.width() < 1200:  # portrait: the grid re-flows
            cols = 1 if self.ctl.elderly else 2
        if not items:
            self.services.addWidget(label(self.tr("没有找到相关事项，请换个关键词"), "hint"), 0, 0)
        for i, s in enumerate(items[:per_page]):
            b = button(tile_text(s.name, 6 if self.ctl.elderly else 8), role="tile")
            b.setToolTip(s.name)
            b.setObjectName(f"service_{s.code}")
            b.clicked.connect(lambda _=False, c=s.code: self.ctl.choose_service(c))
            self.services.addWidget(b, i // cols, i % cols)
            self.service_buttons.append(b)

    def wipe(self) -> None:
        self.greeting.clear()
        self.search.clear()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("输入事项名称拼音首字母，如 wfz"))
        self.search_btn.setText(self.tr("搜索"))
        if self.isVisible():
            self.on_enter()
