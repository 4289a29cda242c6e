"""Fee payment: the fee summary, the order QR with its countdown, the payment-code prompt,
paying, and what happened (paid, timeout, failed, refunded, not yet known).

The screen only shows the controller's :class:`PaymentView` and sends intents;
there is a cancel on every page (it closes the order, or refunds it if charged).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.session.machine import SessionState
from kiosk.ui.controllers.payment import PaymentView, PayPage
from kiosk.ui.core_texts import shown
from kiosk.ui.i18n import current_language
from screens.base import Screen, button, label, vbox

if TYPE_CHECKING:
    from kiosk.ui.controllers.payment import PaymentController

QR_SIDE = 260


def qr_pixmap(text: str, side: int = QR_SIDE) -> QPixmap:
    """The order QR as a pixmap (``qrcode`` renders it; Qt only scales it)."""
    import qrcode  # at the first order QR, not before the first paint (issue 18)

    img = qrcode.make(text, border=2)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pix = QPixmap()
    pix.loadFromData(buf.getvalue(), "PNG")
    return pix.scaled(
        side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class PaymentScreen(Screen):
    ctl: PaymentController
    state = SessionState.PAYMENT
    show_back = False  # the page's own cancel closes the order first
    show_exit = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=32, spacing=14)
        self.heading = label(role="title")
        self.heading.setObjectName("payHeading")
        self.amount = label(role="subtitle")
        self.amount.setObjectName("payAmount")
        self.basis = label(role="hint")
        self.exempt = label(role="hint")
        self.exempt.setObjectName("payExempt")
        self.qr = QLabel()
        self.qr.setObjectName("payQr")
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.countdown = label(role="subtitle")
        self.countdown.setObjectName("payCountdown")
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.instruction = label()
        self.instruction.setObjectName("payInstruction")
        self.message = label(role="ok")
        self.message.setObjectName("payMessage")
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        for lab in (self.heading, self.amount, self.basis, self.exempt):
            lay.addWidget(lab)
        # The QR beside what to do with it: on 1366x768 in elderly mode a QR below the
        # text would be pushed out of view.
        middle = QHBoxLayout()
        middle.addWidget(self.qr)
        texts = QVBoxLayout()
        for w in (self.instruction, self.message, self.bar):
            texts.addWidget(w)
        texts.addStretch(1)
        middle.addLayout(texts, 1)
        lay.addLayout(middle)
        lay.addStretch(1)
        self.action_row = QWidget()
        row = QHBoxLayout(self.action_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.qr_btn = self._button("payByQr", "primary", self.ctl.pay_by_qr)
        self.code_btn = self._button("payByCode", "primary", self.ctl.pay_by_code)
        self.continue_btn = self._button("payContinue", "primary", self.ctl.continue_after_paid)
        self.retry_btn = self._button("payRetry", "primary", self.ctl.back_to_review)
        self.cancel_btn = self._button("payCancel", None, self.ctl.cancel)
        for b in (self.cancel_btn, self.retry_btn, self.qr_btn, self.code_btn, self.continue_btn):
            row.addWidget(b)
        self.ctl.update.connect(self.show_view)
        self.retranslate()

    def _button(self, name: str, role: str | None, slot: Any) -> QPushButton:
        b = button(role=role)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    def docked(self) -> list[QWidget]:
        # The countdown stays in view below the scrolling content, beside the cancel.
        return [self.countdown, self.action_row]

    def primary_action(self) -> QWidget | None:
        for b in (self.continue_btn, self.qr_btn, self.retry_btn):
            if not b.isHidden():
                return b
        return self.cancel_btn

    def title(self) -> str:
        return self.tr("缴费")

    def spoken_prompt(self) -> str:
        return self.tr("本事项需要缴费，请确认金额后选择支付方式。")

    def on_enter(self) -> None:
        self.show_view(self.ctl.view)

    def wipe(self) -> None:
        self.qr.clear()
        self.message.clear()

    def retranslate(self) -> None:
        self.qr_btn.setText(self.tr("屏幕扫码支付"))
        self.code_btn.setText(self.tr("出示付款码"))
        self.continue_btn.setText(self.tr("继续提交申请"))
        self.retry_btn.setText(self.tr("返回重新缴费"))
        self.show_view(self.ctl.view)

    # --- painting the view ---------------------------------------------------------

    def show_view(self, v: PaymentView) -> None:
        p = v.page
        headings = {
            PayPage.SUMMARY: self.tr("缴费确认"),
            PayPage.QR: self.tr("请扫码支付"),
            PayPage.SHOW_CODE: self.tr("请出示付款码"),
            PayPage.PAYING: self.tr("正在支付"),
            PayPage.PAID: self.tr("缴费成功"),
            PayPage.TIMEOUT: self.tr("支付超时"),
            PayPage.FAILED: self.tr("支付未成功"),
            PayPage.REFUNDED: self.tr("费用已退回"),
            PayPage.UNCERTAIN: self.tr("支付结果确认中"),
        }
        self.heading.setText(headings[p])
        lang = current_language()
        item, basis = v.item(lang), v.legal_basis(lang)
        self.amount.setText(self.tr("%1：%2 元").replace("%1", item).replace("%2", v.amount_text))
        self.basis.setText(self.tr("收费依据：%1").replace("%1", basis) if basis else "")
        self.basis.setVisible(p == PayPage.SUMMARY)
        exempt = ("; " if lang == "en" else "；").join(v.exemptions(lang))
        self.exempt.setText(self.tr("免缴对象：%1（符合条件的请到窗口核验）").replace("%1", exempt))
        self.exempt.setVisible(p == PayPage.SUMMARY and bool(exempt))
        instructions = {
            PayPage.SUMMARY: self.tr(
                "请选择支付方式：用手机扫屏幕上的二维码，或出示手机上的付款码。"
            )
            if v.available
            else self.tr("本终端暂不能缴费，请到窗口缴费办理。"),
            PayPage.QR: self.tr("请打开微信、支付宝或云闪付，扫描下方二维码完成支付。"),
            PayPage.SHOW_CODE: self.tr("请打开微信、支付宝或云闪付的“付款码”，对准扫码口。"),
            PayPage.PAYING: self.tr("如手机提示确认，请在手机上确认支付。请勿离开。"),
            PayPage.PAID: self.tr("订单号：%1").replace("%1", v.order_no),
        }
        self.instruction.setText(instructions.get(p, ""))
        if p == PayPage.QR and v.code_url:
            if self.qr.property("url") != v.code_url:
                self.qr.setPixmap(qr_pixmap(v.code_url))
                self.qr.setProperty("url", v.code_url)
            self.qr.show()
        else:
            self.qr.clear()
            self.qr.setProperty("url", "")
            self.qr.hide()
        counting = p in (PayPage.QR, PayPage.SHOW_CODE) and v.seconds_left > 0
        self.countdown.setText(self.tr("剩余 %1 秒").replace("%1", str(v.seconds_left)))
        self.countdown.setVisible(counting)
        text = shown(v.message)  # the core's zh_CN errors and the controller's own texts
        if p == PayPage.PAID and v.einvoice_no:
            text += "\n" + self.tr("财政电子票据：%1").replace("%1", v.einvoice_no)
        self.message.setText(text)
        bad = p in (PayPage.FAILED, PayPage.TIMEOUT, PayPage.UNCERTAIN)
        self.message.setProperty("role", "error" if bad else "ok")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.bar.setVisible(p == PayPage.PAYING or v.working)
        summary = p == PayPage.SUMMARY
        self.qr_btn.setVisible(summary and v.available)
        self.code_btn.setVisible(summary and v.available)
        self.continue_btn.setVisible(p == PayPage.PAID)
        ended = p in (PayPage.TIMEOUT, PayPage.FAILED, PayPage.REFUNDED, PayPage.UNCERTAIN)
        self.retry_btn.setVisible(ended)
        for b in (self.qr_btn, self.code_btn, self.continue_btn):
            b.setEnabled(not v.working)
        cancels = {
            PayPage.PAID: self.tr("取消并退款"),
            PayPage.PAYING: self.tr("取消支付"),
        }
        self.cancel_btn.setText(cancels.get(p, self.tr("返回") if ended else self.tr("取消")))
        self.cancel_btn.setVisible(not ended)
