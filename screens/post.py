"""Results by post (邮寄送达) and courier pick-up (上门取件): recipient and address.

The address is picked province → city → district → street (乡镇/街道) from the
GB/T 2260 lists (the street list is optional: where it lacks the resident's street,
the street is typed with the rest); the house number is typed on the pinyin keyboard. The recipient's name and
mobile number are checked before anything is sent; each field says what to fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from kiosk.handoff.courier import CourierKind
from kiosk.session.machine import SessionState
from kiosk.ui.controllers.handoff import Phase, PostView
from kiosk.ui.core_texts import shown
from kiosk.ui.screen_capture import mark_personal
from screens.base import Screen, button, label, vbox
from screens.keyboard import KeyboardMode, OnScreenKeyboard
from screens.layout import NARROW_SCREEN_WIDTH, enable_kinetic_scroll
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.handoff import HandoffController

_CODE = Qt.ItemDataRole.UserRole


class PostScreen(Screen):
    ctl: HandoffController
    state = SessionState.POST
    show_back = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=24, spacing=10)
        self.heading = label(role="subtitle")
        self.heading.setObjectName("postHeading")
        lay.addWidget(self.heading)
        self.area_label = label()
        lay.addWidget(self.area_label)
        self.lists = QGridLayout()
        self.province = self._list("postProvince")
        self.city = self._list("postCity")
        self.district = self._list("postDistrict")
        self.street = self._list("postStreet")
        for w in (self.province, self.city, self.district, self.street):
            w.installEventFilter(self)
        self.list_columns = 0
        self._arrange_lists(4)
        # The lists take the room the screen has to spare (portrait: a third of
        # the screen was blank while the lists showed four names each).
        lay.addLayout(self.lists, 1)
        self.province.currentItemChanged.connect(self._province_changed)
        self.city.currentItemChanged.connect(self._city_changed)
        self.district.currentItemChanged.connect(self._district_changed)
        grid = QGridLayout()
        self.inputs: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {"district": label(role="error")}
        self.errors["district"].setObjectName("error_district")
        lay.addWidget(self.errors["district"])
        self.captions: dict[str, QLabel] = {}
        for row, key in enumerate(("name", "mobile", "detail")):
            cap = label()
            edit = QLineEdit()
            edit.setObjectName(f"post_{key}")
            edit.setReadOnly(True)  # typed on the on-screen keyboard only
            edit.installEventFilter(self)
            edit.textChanged.connect(lambda _t, k=key: self._clear(k))
            mark_personal(edit)
            err = label(role="error")
            err.setObjectName(f"error_{key}")
            grid.addWidget(cap, row * 2, 0)
            grid.addWidget(edit, row * 2, 1)
            grid.addWidget(err, row * 2 + 1, 1)
            self.captions[key], self.inputs[key], self.errors[key] = cap, edit, err
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        self.message = label(role="subtitle")
        self.message.setObjectName("postMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.message)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.done.connect(self.keyboard.hide)
        self.keyboard.hide()
        self.action_row = QWidget()
        row_l = QHBoxLayout(self.action_row)
        row_l.setContentsMargins(0, 0, 0, 0)
        self.leave_btn = button(role="secondary")
        self.leave_btn.setObjectName("postLeave")
        self.leave_btn.clicked.connect(self.ctl.leave_post)
        self.submit_btn = button(role="primary")
        self.submit_btn.setObjectName("postSubmit")
        self.submit_btn.clicked.connect(self.submit)
        row_l.addWidget(self.leave_btn)
        row_l.addWidget(self.submit_btn)
        ctl.post_update.connect(self.show_view)
        self.retranslate()

    @staticmethod
    def _list(name: str) -> QListWidget:
        w = QListWidget()
        w.setObjectName(name)
        w.setMinimumHeight(180)
        # Scrolled by the finger, never sideways (a long name elides instead).
        w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        w.setTextElideMode(Qt.TextElideMode.ElideRight)
        enable_kinetic_scroll(w)
        return w

    def _arrange_lists(self, columns: int) -> None:
        if columns == self.list_columns:
            return
        self.list_columns = columns
        lists = (self.province, self.city, self.district, self.street)
        for w in lists:
            self.lists.removeWidget(w)
        for i, w in enumerate(lists):
            self.lists.addWidget(w, i // columns, i % columns)
        for c in range(4):
            self.lists.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Narrow (portrait): two by two, not a quarter of the screen each.
        self._arrange_lists(2 if self.width() < NARROW_SCREEN_WIDTH else 4)

    def docked(self) -> list[QWidget]:
        return [self.keyboard, self.action_row]

    def primary_action(self) -> QWidget | None:
        return self.submit_btn

    def title(self) -> str:
        return self.tr("邮寄送达")

    def has_unsaved_input(self) -> bool:
        return any(e.text() for e in self.inputs.values())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(obj, QListWidget):
            # Grown or shrunk with the screen (a keyboard opened): the picked name stays in view.
            item = obj.currentItem()
            if item is not None:
                obj.scrollToItem(item)
            return False
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(obj, QLineEdit):
            mode = KeyboardMode.NUMERIC if obj is self.inputs["mobile"] else KeyboardMode.PINYIN
            self.keyboard.attach(obj, mode)
            self.keyboard.show()
        return False

    # --- the picker -----------------------------------------------------------------------
    def _fill(self, w: QListWidget, items: list[Any]) -> None:
        w.blockSignals(True)
        w.clear()
        for d in items:
            it = QListWidgetItem(self.ctl.division_name(d.code) or d.name)
            it.setData(_CODE, d.code)
            w.addItem(it)
        w.blockSignals(False)

    def _relabel(self) -> None:
        """The lists' names in the language just switched to (the picks stay)."""
        for w in (self.province, self.city, self.district):
            for i in range(w.count()):
                it = w.item(i)
                it.setText(self.ctl.division_name(it.data(_CODE)) or it.text())
        d = self.district.currentItem()
        names = self.ctl.shown_streets(d.data(_CODE)) if d else []
        if len(names) == self.street.count():
            for i, name in enumerate(names):
                self.street.item(i).setText(name)

    def _province_changed(self, *_: object) -> None:
        p = self.province.currentItem()
        self._fill(self.city, self.ctl.cities(p.data(_CODE)) if p else [])
        self._fill(self.district, [])
        self._fill_streets([])
        if self.city.count() == 1:
            self.city.setCurrentRow(0)  # a municipality: its one city
        self._clear("district")

    def _city_changed(self, *_: object) -> None:
        p, c = self.province.currentItem(), self.city.currentItem()
        self._fill(
            self.district, self.ctl.districts(p.data(_CODE), c.data(_CODE)) if p and c else []
        )
        if self.district.count() == 1:
            self.district.setCurrentRow(0)

    def _district_changed(self, *_: object) -> None:
        d = self.district.currentItem()
        code = d.data(_CODE) if d else ""
        self._fill_streets(self.ctl.streets(code) if d else [], self.ctl.shown_streets(code))
        self._clear("district")

    def _fill_streets(self, names: list[str], shown: list[str] | None = None) -> None:
        self.street.blockSignals(True)
        self.street.clear()
        if not shown or len(shown) != len(names):
            shown = names
        for name, text in zip(names, shown, strict=True):
            it = QListWidgetItem(text)
            it.setData(_CODE, name)  # streets are known by their zh_CN name (no codes)
            self.street.addItem(it)
        self.street.blockSignals(False)

    def select(self, province: str, city: str, district: str, street: str = "") -> None:
        """Pick by code, the street by name (the walkthrough and tests tap the same lists)."""
        picks = ((self.province, province), (self.city, city), (self.district, district))
        for w, code in (*picks, (self.street, street)):
            for i in range(w.count()):
                if w.item(i).data(_CODE) == code:
                    w.setCurrentRow(i)
                    break

    def _clear(self, key: str) -> None:
        self.errors[key].clear()

    # --- intents -------------------------------------------------------------------------------
    def submit(self) -> None:
        d, st = self.district.currentItem(), self.street.currentItem()
        self.ctl.place_post(
            self.inputs["name"].text(),
            self.inputs["mobile"].text(),
            d.data(_CODE) if d else "",
            self.inputs["detail"].text(),
            st.data(_CODE) if st else "",
        )

    def on_enter(self) -> None:
        if self.province.count() == 0:
            self._fill(self.province, self.ctl.provinces())
        kind = self.ctl.post_kind
        self.heading.setText(
            self.tr("办理结果邮寄到家（免费）")
            if kind is CourierKind.DELIVERY
            else self.tr("预约快递上门取件（容缺后补材料）")
        )
        view = self.ctl.last_post
        if view is not None:
            self.show_view(view)

    def show_view(self, view: PostView) -> None:
        # The checks' and the courier's messages are the core's (zh_CN).
        for key, err in self.errors.items():
            err.setText(shown(view.errors.get(key, "")))
        self.message.setText(shown(view.message))
        set_role(self.message, "error" if view.phase is Phase.ERROR else "subtitle")
        done = view.phase in (Phase.DONE, Phase.ERROR)
        self.submit_btn.setEnabled(view.phase is Phase.FORM)
        self.submit_btn.setVisible(not done)
        self.leave_btn.setText(self.tr("完成") if done else self.tr("返回"))
        if done:
            self.keyboard.hide()

    def wipe(self) -> None:
        for e in self.inputs.values():
            e.clear()
        for err in self.errors.values():
            err.clear()
        self.message.clear()
        self.province.setCurrentRow(-1)
        self._fill(self.city, [])
        self._fill(self.district, [])
        self._fill_streets([])
        self.keyboard.attach(None, KeyboardMode.PINYIN)
        self.keyboard.hide()

    def retranslate(self) -> None:
        self.area_label.setText(
            self.tr(
                "请选择省、市、区县和街道（乡镇），门牌号在下方填写（街道不在列表中请一并填写）："
            )
        )
        self.captions["name"].setText(self.tr("收件人"))
        self.captions["mobile"].setText(self.tr("手机号码"))
        self.captions["detail"].setText(self.tr("详细地址"))
        self.inputs["name"].setPlaceholderText(self.tr("收件人姓名"))
        self.inputs["mobile"].setPlaceholderText(self.tr("11 位手机号码"))
        self.inputs["detail"].setPlaceholderText(self.tr("路名、小区、门牌号"))
        self.submit_btn.setText(self.tr("确认寄送"))
        self.leave_btn.setText(self.tr("返回"))
        self._relabel()
        if self.isVisible():
            self.on_enter()
