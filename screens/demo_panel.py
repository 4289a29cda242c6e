"""The demo's control panel: play the resident's hands on the simulated devices.

Shown only with ``kiosk --demo``, in its own small window beside the terminal:
place or take away a card from the simulated readers, scan a code on the simulated
scanner. It drives the simulators' control objects, which then speak their real
wire protocol to the real drivers — the terminal itself cannot tell the difference.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from screens.base import button, label


class DemoPanel(QWidget):
    def __init__(self, extras: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Demo control panel / 演示控制台")
        self.setWindowFlag(Qt.WindowType.WindowStaysOnTopHint, True)
        self.extras = extras
        lay = QVBoxLayout(self)
        lay.addWidget(label("演示控制台：模拟居民的操作", "subtitle"))
        self.status = label(role="hint")
        idcard = extras.get("idcard_emulator")
        if idcard is not None:
            box = QGroupBox("身份证阅读器 (GA 467 emulator)")
            row = QHBoxLayout(box)
            self.id_cards = QComboBox()
            for card in idcard.cards:
                self.id_cards.addItem(card.label)
            place = button("放置身份证", "primary")
            place.clicked.connect(lambda: self._do(idcard.place_card, self.id_cards.currentIndex()))
            take = button("取走")
            take.clicked.connect(lambda: self._do(idcard.remove_card))
            row.addWidget(self.id_cards, 1)
            row.addWidget(place)
            row.addWidget(take)
            lay.addWidget(box)
        smart = extras.get("smartcard_sim")
        if smart is not None:
            box = QGroupBox(f"社保卡读卡器 (PC/SC, {getattr(smart, 'mode', 'sim')})")
            row = QHBoxLayout(box)
            self.sc_cards = QComboBox()
            for card_id in smart.deck.ids:
                self.sc_cards.addItem(card_id)
            insert = button("插入社保卡", "primary")
            insert.clicked.connect(lambda: self._do(smart.insert, self.sc_cards.currentText()))
            remove = button("拔出")
            remove.clicked.connect(lambda: self._do(smart.remove))
            row.addWidget(self.sc_cards, 1)
            row.addWidget(insert)
            row.addWidget(remove)
            lay.addWidget(box)
        qr = extras.get("qr_emulator")
        if qr is not None:
            box = QGroupBox("扫码器 (serial emulator)")
            row = QHBoxLayout(box)
            self.qr_text = QComboBox()
            self.qr_text.setEditable(True)
            for sample in extras.get("qr_samples", []):
                self.qr_text.addItem(sample)
            scan = button("扫码", "primary")
            scan.clicked.connect(lambda: self._do(qr.scan, self.qr_text.currentText()))
            row.addWidget(self.qr_text, 1)
            row.addWidget(scan)
            lay.addWidget(box)
        phone = extras.get("demo_phone")  # 缴费 (issue 20): the resident's phone
        if phone is not None and qr is not None:
            box = QGroupBox("居民手机（缴费）")
            row = QHBoxLayout(box)
            show = button("出示付款码", "primary")
            show.clicked.connect(lambda: self._do(lambda: qr.scan(phone.payment_code())))
            pay = button("扫屏幕二维码并支付")
            pay.clicked.connect(lambda: self._do(phone.pay_latest_qr))
            row.addWidget(show)
            row.addWidget(pay)
            lay.addWidget(box)
        lay.addWidget(self.status)
        lay.addStretch(1)

    def _do(self, fn: Any, *args: Any) -> None:
        try:
            fn(*args)
            self.status.setText("OK")
        except Exception as e:  # a demo control must never take the terminal down
            self.status.setText(f"{type(e).__name__}: {e}")
            with contextlib.suppress(Exception):
                self.status.setProperty("role", "error")
