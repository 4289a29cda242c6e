"""Catalog: categories, hot services, and search by Chinese, full pinyin or initials.

At 2,000 items a category holds hundreds: the screen shows one page of tiles
(6 in elderly mode, 9 otherwise) with 上一页/下一页, never a widget per item. The
search runs over the catalog's precomputed index (no pypinyin on the UI thread).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.privacy import mask_name
from kiosk.services.catalog import Service
from kiosk.session.machine import SessionState
from kiosk.ui.i18n import current_language
from screens.base import Screen, button, clear_layout, label, scrolled, vbox
from screens.keyboard import KeyboardMode, OnScreenKeyboard
from screens.layout import FitTextButton
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.service import ServiceController


class CatalogScreen(Screen):
    ctl: ServiceController
    state = SessionState.CATALOG
    mode_dependent_layout = True  # items per page, tiles per row and per line

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=24, spacing=16)
        self.greeting = label(role="subtitle")
        self.greeting.setObjectName("greeting")
        lay.addWidget(self.greeting)
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("catalogSearch")
        self.search.textChanged.connect(self._on_search)
        self.search.setReadOnly(True)  # typed on the on-screen keyboard only
        self.search_btn = button(role="secondary")
        self.search_btn.setObjectName("searchToggle")
        self.search_btn.clicked.connect(self._toggle_keyboard)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_btn)
        lay.addLayout(search_row)
        self.body = body = QHBoxLayout()
        self.categories = QVBoxLayout()
        body.addWidget(scrolled(self.categories), 1)
        self.services = QGridLayout()
        self.services.setSpacing(14)
        right = QVBoxLayout()
        self.section = label(role="subtitle")
        right.addWidget(self.section)
        right.addLayout(self.services)
        right.addStretch(1)
        pager = QHBoxLayout()
        self.prev_btn = button(role="secondary")
        self.prev_btn.setObjectName("catalogPrev")
        self.prev_btn.clicked.connect(lambda: self._turn(-1))
        self.page_label = label(role="hint")
        self.page_label.setObjectName("catalogPage")
        self.next_btn = button(role="secondary")
        self.next_btn.setObjectName("catalogNext")
        self.next_btn.clicked.connect(lambda: self._turn(1))
        pager.addWidget(self.prev_btn)
        pager.addWidget(self.page_label, 1)
        pager.addWidget(self.next_btn)
        right.addLayout(pager)
        # In a widget that expands like the category list: as a bare layout, a search
        # with one hit (an almost empty grid) let the list take all but 127 px and
        # the tile was cut to "罪记录" (seen in every language with the keyboard open).
        results = QWidget()
        results.setLayout(right)
        results.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        body.addWidget(results, 3)
        lay.addLayout(body, 1)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.attach(self.search, KeyboardMode.LETTERS)
        self.keyboard.done.connect(self._toggle_keyboard)
        self.keyboard.hide()
        self.category: str | None = None
        self.page = 0
        self.service_buttons: list[FitTextButton] = []
        self.category_buttons: dict[str, FitTextButton] = {}
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
        self.page = 0
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
        hot = FitTextButton(self.tr("热门事项"))
        hot.setObjectName("category_hot")
        hot.clicked.connect(lambda: self._pick(None))
        self.categories.addWidget(hot)
        self.category_buttons[""] = hot
        lang = current_language()
        for cat in catalog.categories:
            # Wrapped between words at the list's width: an English name is three
            # times as long as the Chinese one and the list is narrow in portrait.
            b = FitTextButton(cat.name_in(lang), source=cat.name)
            b.setObjectName(f"category_{cat.code}")
            b.clicked.connect(lambda _=False, c=cat.code: self._pick(c))
            self.categories.addWidget(b)
            self.category_buttons[cat.code] = b
        self.categories.addStretch(1)

    def _pick(self, category: str | None) -> None:
        self.category = category
        self.search.clear()
        self.page = 0
        self._refresh_services()

    def _on_search(self) -> None:
        self.page = 0
        self._refresh_services()

    def _turn(self, step: int) -> None:
        self.page += step
        self._refresh_services()

    def per_page(self) -> int:
        return 6 if self.ctl.elderly else 9

    def visible_services(self) -> list[Service]:
        catalog = self.ctl.terminal.catalog
        if catalog is None:
            return []
        q = self.search.text().strip()
        if q:
            return catalog.search(q, lang=current_language())
        if self.category:
            return catalog.in_category(self.category)
        return catalog.hot()

    def _refresh_services(self) -> None:
        clear_layout(self.services)
        self.service_buttons = []
        catalog = self.ctl.terminal.catalog
        for code, cb in self.category_buttons.items():
            set_role(cb, "secondary" if (code or None) == self.category else "")
        q = self.search.text().strip()
        if q:
            self.section.setText(self.tr("搜索“%1”的结果").replace("%1", q))
        elif self.category and catalog is not None:
            self.section.setText(
                next(
                    c.name_in(current_language())
                    for c in catalog.categories
                    if c.code == self.category
                )
            )
        else:
            self.section.setText(self.tr("热门事项"))
        items = self.visible_services()
        per_page = self.per_page()
        pages = max(1, -(-len(items) // per_page))
        self.page = min(max(0, self.page), pages - 1)
        self.prev_btn.setEnabled(self.page > 0)
        self.next_btn.setEnabled(self.page < pages - 1)
        self.page_label.setText(
            self.tr("第 %1/%2 页，共 %3 项")
            .replace("%1", str(self.page + 1))
            .replace("%2", str(pages))
            .replace("%3", str(len(items)))
        )
        for w in (self.prev_btn, self.page_label, self.next_btn):
            w.setVisible(pages > 1)
        cols = 2 if self.ctl.elderly else 3
        narrow = bool(self.width()) and self.width() < 1200
        if narrow:  # portrait: the grid re-flows
            cols = 1 if self.ctl.elderly else 2
        # Portrait: the category list takes a third (its English names need it), the
        # results the rest; their names wrap at the tiles' own width.
        self.body.setStretch(1, 2 if narrow else 3)
        for c in range(max(3, self.services.columnCount())):
            # Equal columns even when a search leaves a single tile in the first one.
            self.services.setColumnStretch(c, 1 if c < cols else 0)
        if not items:
            self.services.addWidget(
                label(self.tr("没有找到相关事项，请换个关键词"), "hint"), 0, 0, 1, cols
            )
        first = self.page * per_page
        lang = current_language()
        for i, s in enumerate(items[first : first + per_page]):
            b = FitTextButton(s.name_in(lang), source=s.name)
            set_role(b, "tile")
            b.setObjectName(f"service_{s.code}")
            b.clicked.connect(lambda _=False, c=s.code: self.ctl.choose_service(c))
            self.services.addWidget(b, i // cols, i % cols)
            self.service_buttons.append(b)

    def wipe(self) -> None:
        self.greeting.clear()
        self.search.clear()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.tr("输入事项名称、拼音或首字母，如 wfz"))
        self.search_btn.setText(self.tr("搜索"))
        self.prev_btn.setText(self.tr("上一页"))
        self.next_btn.setText(self.tr("下一页"))
        if self.isVisible():
            self.on_enter()
