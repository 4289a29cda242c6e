"""Identify: place an ID card or social security card, or choose face / app code.

Shows an animated "place your card" prompt, then the masked identity, or the
reason the card was refused (expired, invalid, unsupported) in plain words.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.identity.document import CARD_TYPE_NAMES
from kiosk.identity.interpret import IdentifyUpdate, UpdateKind
from kiosk.session.machine import SessionState
from kiosk.ui.core_texts import resident_text
from kiosk.ui.screen_capture import mark_personal
from screens.base import Screen, button, label, vbox

if TYPE_CHECKING:
    from kiosk.ui.controllers.identify import IdentifyController


class CardAnimation(QWidget):
    """A card gliding down onto a reader, with pulsing waves (no image files needed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 260)
        self._phase = 0.0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        self._timer.start(40)

    def stop(self) -> None:
        self._timer.stop()

    def _step(self) -> None:
        self._phase = (self._phase + 0.04) % 1.0
        self.update()

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        reader = QRectF(w / 2 - 150, h - 70, 300, 50)
        p.setBrush(QColor("#1B2430"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRoundedRect(reader, 10, 10)
        for i in range(3):
            r = ((self._phase + i / 3) % 1.0) * 120
            alpha = int(255 * (1 - r / 120))
            p.setPen(QPen(QColor(200, 16, 46, alpha), 4))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(reader.center(), r * 1.6, r * 0.5)
        y = (h - 200) * (0.5 - 0.5 * math.cos(self._phase * math.pi * 2)) * 0.6 + 10
        card = QRectF(w / 2 - 110, y, 220, 140)
        p.setPen(QPen(QColor("#1F5FAD"), 3))
        p.setBrush(QColor("#E8F0FB"))
        p.drawRoundedRect(card, 14, 14)
        p.setBrush(QColor("#C9D2DE"))
        p.setPen(Qt.PenStyle.NoPen)
        p.drawRect(QRectF(card.x() + 20, card.y() + 30, 60, 75))
        for i in range(3):
            p.drawRect(QRectF(card.x() + 95, card.y() + 35 + i * 25, 100, 10))
        p.end()


class IdentifyScreen(Screen):
    ctl: IdentifyController
    state = SessionState.IDENTIFY

    face_requested = Signal()
    qr_requested = Signal()

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)
        self.card_page = QWidget()
        self.pages.addWidget(self.card_page)
        self.face_screen: Any = None  # built on first use (the face engine takes ~2 s)
        self.face_adapter: Any = None
        lay = vbox(self.card_page, margins=48, spacing=24)
        self.heading = label(role="title")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.heading)
        self.animation = CardAnimation()
        lay.addWidget(self.animation, 1)
        self.status = label(role="subtitle")
        self.status.setObjectName("identifyStatus")
        mark_personal(self.status)  # the (masked) name once a card is read
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.status)
        self.detail = label(role="hint")
        self.detail.setObjectName("identifyDetail")
        mark_personal(self.detail)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.detail)
        row = QHBoxLayout()
        self.face_btn = button(role="secondary")
        self.face_btn.setObjectName("faceLogin")
        self.face_btn.clicked.connect(self._face_clicked)
        self.qr_btn = button(role="secondary")
        self.qr_btn.setObjectName("qrLogin")
        self.qr_btn.clicked.connect(self.qr_requested.emit)
        row.addWidget(self.face_btn)
        row.addWidget(self.qr_btn)
        lay.addLayout(row)
        self._mode = "waiting"
        self._refusal = ""  # zh_CN from the core: shown again after a language switch
        ctl.identify_update.connect(self._on_update)
        ctl.face_check.connect(self.start_face_check)
        ctl.login_cancelled.connect(self._login_cancelled)
        self.retranslate()

    def _on_update(self, update: IdentifyUpdate) -> None:
        if update.kind == UpdateKind.READING:
            self.show_reading()
        elif update.kind == UpdateKind.REFUSED:
            self.show_refused(update.message)
        elif update.kind == UpdateKind.IDENTIFIED and update.document is not None:
            m = update.document.masked()
            self.show_identity(
                m["name"], m["id_number"], CARD_TYPE_NAMES.get(update.document.card_type, "")
            )
        elif update.kind == UpdateKind.REMOVED and self._mode == "refused":
            self.show_waiting()

    def title(self) -> str:
        return self.tr("身份识别")

    def spoken_prompt(self) -> str:
        return self.tr("请将身份证或社保卡放在感应区。")

    def on_enter(self) -> None:
        self.pages.setCurrentWidget(self.card_page)
        self.show_waiting()

    # --- face + ID ------------------------------------------------------------------
    def _face_clicked(self) -> None:
        self.ctl.face_requested = True
        self.status.setText(self.tr("刷脸登录：请先将身份证放在感应区"))
        self.detail.setText(self.tr("读取证件后请看向摄像头，按提示眨眼"))
        self.face_requested.emit()

    def _ensure_face(self) -> bool:
        if self.face_screen is not None:
            return True
        camera = self.ctl.camera("face_camera")
        if camera is None:
            return False
        from kiosk.ui.face_login import FaceLoginAdapter
        from screens.face_login import FaceLoginScreen

        self.face_adapter = FaceLoginAdapter(camera, self.ctl.config.face, parent=self)
        self.face_adapter.speak.connect(self.ctl.speak)
        self.face_screen = FaceLoginScreen(self.face_adapter)
        self.face_screen.setObjectName("faceLogin")
        self.face_screen.succeeded.connect(self._face_ok)
        self.face_screen.failed.connect(self._face_failed)
        self.face_screen.cancelled.connect(self._face_back)
        self.face_screen.other_way.connect(self._face_back)
        self.pages.addWidget(self.face_screen)
        return True

    def start_face_check(self, doc: Any) -> None:
        self._pending_doc = doc
        if not self._ensure_face():
            doc.wipe()
            self.show_refused(self.tr("人脸核验暂不可用，请使用其他方式登录"))
            return
        self.pages.setCurrentWidget(self.face_screen)
        self.face_screen.begin(doc)

    def _face_ok(self, outcome: Any) -> None:
        doc = self._pending_doc
        self._pending_doc = None
        self.pages.setCurrentWidget(self.card_page)
        if doc is not None:
            self.ctl.accept_identity(doc)

    def _face_failed(self, outcome: Any) -> None:
        self._drop_pending()
        self.pages.setCurrentWidget(self.card_page)
        self.show_refused(getattr(outcome, "message", "") or self.tr("人脸核验未通过"))

    def _login_cancelled(self, message: str) -> None:
        # The card was lifted during the face check: stop it (the controller says why).
        face: Any = self.face_screen
        on_face_page = face is not None and self.pages.currentWidget() == face
        if on_face_page:
            self._pending_doc = None
            self.pages.setCurrentWidget(self.card_page)
            face.wipe()

    def _face_back(self) -> None:
        self._drop_pending()
        self.ctl.face_requested = False
        if self._mode == "refused" and self.pages.currentWidget() is self.card_page:
            return  # cancelled because the card was lifted: that message stays
        self.pages.setCurrentWidget(self.card_page)
        self.show_waiting()

    def _drop_pending(self) -> None:
        doc = getattr(self, "_pending_doc", None)
        if doc is not None:
            doc.wipe()
        self._pending_doc = None

    def show_waiting(self) -> None:
        self._mode = "waiting"
        self.animation.start()
        self.status.setText(self.tr("请将身份证或社保卡放在感应区"))
        self.detail.setText(self.tr("也可以选择刷脸登录或政务App扫码登录"))
        self.detail.setProperty("role", "hint")

    def show_reading(self) -> None:
        self._mode = "reading"
        self.status.setText(self.tr("正在读取证件，请勿移动…"))

    def show_identity(self, masked_name: str, masked_id: str, card_label: str) -> None:
        self._mode = "identified"
        self.animation.stop()
        self.status.setText(self.tr("识别成功：%1").replace("%1", masked_name))
        self.detail.setText(f"{resident_text(card_label)}  {masked_id}")

    def show_refused(self, message: str) -> None:
        self._mode = "refused"
        self._refusal = message
        self.status.setText(resident_text(message))
        self.detail.setText(self.tr("请取回证件后重试，或联系工作人员"))

    def wipe(self) -> None:
        self.status.clear()
        self.detail.clear()
        self.animation.stop()
        self._drop_pending()
        if self.face_screen is not None:
            self.face_screen.wipe()
        self.pages.setCurrentWidget(self.card_page)

    def shutdown(self) -> None:
        self.wipe()
        if self.face_adapter is not None:
            self.face_adapter.shutdown()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("请出示证件"))
        self.face_btn.setText(self.tr("刷脸登录"))
        self.qr_btn.setText(self.tr("扫码登录"))
        if self._mode == "waiting":
            self.show_waiting()
        elif self._mode == "refused" and self._refusal:
            self.show_refused(self._refusal)
