"""视频帮办 (video help): the header button, the consent and waiting overlay, the in-call panel.

The help never replaces the resident's screen: the overlay covers it while the
resident consents, waits or leaves a callback number, and during the call shrinks to
a panel in the corner (the staff member's picture, their messages, the second
consent for showing personal fields, hang up) so the resident keeps using the
screen the staff member is looking at. When the call ends the resident is told what
happened and is back where they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.assist.call import CallState, EndReason
from kiosk.session.machine import SessionState
from kiosk.ui.screen_capture import mark_personal
from screens.base import button, label, overlay_card, scrolled
from screens.keyboard import KeyboardMode, OnScreenKeyboard

if TYPE_CHECKING:
    import numpy as np  # annotations only: numpy is not needed to build the screens

#: Staff picture in the corner panel (4:3) at most; smaller when the screen is short.
STAFF_VIEW = (276, 207)
#: The narrowest the picture gets (the buttons and status stay whole instead).
STAFF_VIEW_MIN_H = 90


def _qimage(rgb: np.ndarray) -> QImage:
    h, w = rgb.shape[:2]
    return QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


class VideoHelpOverlay(QFrame):
    """Consent, queue place and wait, callback number, and the end message (modal)."""

    def __init__(self, ctl: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctl = ctl
        lay = overlay_card(self, 720, spacing=10)
        # Short screens (1366x768 elderly): the card's own margins are what fits the keypad.
        lay.setContentsMargins(44, 20, 44, 20)
        self.title = label(role="title")
        lay.addWidget(self.title)
        self.pages = QStackedWidget()
        inner = QVBoxLayout()
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.pages)
        inner.addStretch(1)
        lay.addWidget(scrolled(inner), 1)

        self.consent_text = label(role="subtitle")
        self.consent_text.setObjectName("videoConsentText")
        self.waiting_text = label(role="subtitle")
        self.waiting_text.setObjectName("videoWaiting")
        self.end_text = label(role="subtitle")
        self.end_text.setObjectName("videoEnded")
        self.unmask_text = label(role="subtitle")
        self.unmask_text.setObjectName("videoUnmaskQuestion")
        self.asking_unmask = False
        self.callback_text = label(role="subtitle")
        self.callback_text.setObjectName("callbackText")
        # The number, its error and the keypad stay docked under the text, outside the
        # scroll area: the field the resident types into never scrolls out of view.
        self.callback_dock = QWidget()
        cl = QVBoxLayout(self.callback_dock)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(8)
        self.phone = QLineEdit()
        self.phone.setObjectName("callbackPhone")
        self.phone.setReadOnly(True)  # typed on the keypad only
        self.phone.setMaxLength(13)
        mark_personal(self.phone)
        self.callback_error = label(role="error")
        self.callback_error.setObjectName("callbackError")
        self.callback_error.hide()  # no empty line's height while there is nothing wrong
        self.keypad = OnScreenKeyboard()
        self.keypad.attach(self.phone, KeyboardMode.NUMERIC)
        self.keypad.done.connect(self._submit_callback)
        for part in (self.phone, self.callback_error, self.keypad):
            cl.addWidget(part)
        lay.addWidget(self.callback_dock)
        self.callback_dock.hide()
        self.buttons = QHBoxLayout()
        lay.addLayout(self.buttons)
        pages: list[QLabel] = [
            self.consent_text, self.waiting_text, self.callback_text, self.end_text,
            self.unmask_text,
        ]  # fmt: skip
        for text in pages:
            text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            self.pages.addWidget(text)
        self.callback_page = self.callback_text

        self.agree_btn = button(role="primary")
        self.agree_btn.setObjectName("videoConsentAgree")
        self.agree_btn.clicked.connect(ctl.consent)
        self.cancel_btn = button(role="secondary")
        self.cancel_btn.setObjectName("videoCancel")
        self.cancel_btn.clicked.connect(ctl.hang_up)
        self.submit_btn = button(role="primary")
        self.submit_btn.setObjectName("callbackSubmit")
        self.submit_btn.clicked.connect(self._submit_callback)
        self.skip_btn = button(role="secondary")
        self.skip_btn.setObjectName("callbackSkip")
        self.skip_btn.clicked.connect(ctl.skip_callback)
        self.back_btn = button(role="primary")
        self.back_btn.setObjectName("videoBackToService")
        self.back_btn.clicked.connect(ctl.dismiss)
        self.unmask_no = button(role="secondary")
        self.unmask_no.setObjectName("videoUnmaskNo")
        self.unmask_no.clicked.connect(lambda: self._answer_unmask(False))
        self.unmask_yes = button(role="primary")
        self.unmask_yes.setObjectName("videoUnmaskYes")
        self.unmask_yes.clicked.connect(lambda: self._answer_unmask(True))
        for b in (self.cancel_btn, self.skip_btn, self.unmask_no, self.agree_btn, self.submit_btn,
                  self.unmask_yes, self.back_btn):  # fmt: skip
            self.buttons.addWidget(b)
        ctl.callback_done.connect(self._callback_done)
        self.hide()
        self.retranslate()

    def ask_unmask(self) -> None:
        """The second consent: ask before personal fields are shown to the staff member."""
        self.asking_unmask = True
        self.refresh()

    def _answer_unmask(self, allowed: bool) -> None:
        self.asking_unmask = False
        self.ctl.allow_unmask(allowed)
        self.refresh()

    def _set_callback_error(self, text: str) -> None:
        self.callback_error.setText(text)
        self.callback_error.setVisible(bool(text))

    def _submit_callback(self) -> None:
        self._set_callback_error("")
        self.ctl.submit_callback(self.phone.text())

    def _callback_done(self, ok: bool, why: str) -> None:
        if ok:
            self.phone.clear()
        elif why == "invalid":
            self._set_callback_error(self.tr("请输入 11 位手机号码或带区号的固定电话。"))
        else:
            self._set_callback_error(self.tr("回电号码未能保存，请稍后再试或联系现场工作人员。"))

    def _show_page(self, page: QWidget) -> None:
        """Show ``page``, the stack as tall as it (not as its tallest page)."""
        for i in range(self.pages.count()):
            w = self.pages.widget(i)
            policy = QSizePolicy.Policy.Preferred if w is page else QSizePolicy.Policy.Ignored
            if w is not None:
                w.setSizePolicy(policy, policy)
        self.pages.setCurrentWidget(page)
        self.pages.updateGeometry()

    def refresh(self) -> None:
        """Show the page for the call's state (or hide when there is nothing to say)."""
        m = self.ctl.machine
        st = m.state
        modal = st in (
            CallState.CONSENT,
            CallState.CONNECTING,
            CallState.QUEUED,
            CallState.CALLBACK,
        )
        ended = st is CallState.ENDED and m.reason not in (
            EndReason.DECLINED,
            EndReason.SESSION_ENDED,
        )
        asking = self.asking_unmask and st in (CallState.ANSWERED, CallState.CONNECTED)
        self.asking_unmask = asking
        if not (modal or ended or asking):
            self.phone.clear()
            self._set_callback_error("")
            self.hide()
            return
        page = {
            CallState.CONSENT: self.consent_text,
            CallState.CONNECTING: self.waiting_text,
            CallState.QUEUED: self.waiting_text,
            CallState.CALLBACK: self.callback_page,
        }.get(st, self.end_text)
        self._show_page(self.unmask_text if asking else page)
        self.callback_dock.setVisible(st is CallState.CALLBACK and not asking)
        self.unmask_yes.setVisible(asking)
        self.unmask_no.setVisible(asking)
        self.agree_btn.setVisible(st is CallState.CONSENT)
        self.cancel_btn.setVisible(
            st in (CallState.CONSENT, CallState.CONNECTING, CallState.QUEUED)
        )
        self.cancel_btn.setText(self.tr("取消") if st is CallState.CONSENT else self.tr("挂断"))
        self.submit_btn.setVisible(st is CallState.CALLBACK)
        self.skip_btn.setVisible(st is CallState.CALLBACK)
        self.back_btn.setVisible(ended)
        if st is CallState.CONNECTING:
            self.waiting_text.setText(self.tr("正在连接视频帮办服务，请稍候…"))
        elif st is CallState.QUEUED:
            minutes = max(1, round(m.expected_wait_s / 60))
            self.waiting_text.setText(
                self.tr("您排在第 %1 位，预计等待约 %2 分钟。工作人员接听后即可通话。")
                .replace("%1", str(m.position))
                .replace("%2", str(minutes))
            )
        elif ended:
            self.end_text.setText(self.end_message(m.reason) + "\n" + self.tr("您可以继续办理。"))
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def end_message(self, reason: EndReason | None) -> str:
        """What the resident is told about how the call ended."""
        messages = {
            EndReason.RESIDENT_HUNG_UP: self.tr("通话已结束。"),
            EndReason.STAFF_HUNG_UP: self.tr("工作人员已结束通话。"),
            EndReason.STAFF_LEFT: self.tr("工作人员已离开，通话已结束。"),
            EndReason.NO_ANSWER: self.tr("暂时没有工作人员接听，请稍后再试。"),
            EndReason.CALLBACK_LEFT: self.tr("已记下您的电话号码，工作人员将尽快回电。"),
            EndReason.SIGNALLING_DOWN: self.tr(
                "视频帮办服务暂时无法连接，请稍后再试或联系现场工作人员。"
            ),
            EndReason.SIGNALLING_LOST: self.tr("与视频帮办服务的连接中断，通话已结束。"),
            EndReason.ICE_FAILED: self.tr("网络无法建立视频通话，请稍后再试或联系现场工作人员。"),
            EndReason.CAMERA_LOST: self.tr("摄像头已断开，通话已结束。请联系现场工作人员。"),
            EndReason.REFUSED: self.tr("本终端暂时无法发起视频帮办，请联系现场工作人员。"),
            EndReason.PROTOCOL_ERROR: self.tr("视频帮办服务出现异常，通话已结束。"),
            EndReason.UNAVAILABLE: self.tr("视频帮办暂未开通，请联系现场工作人员。"),
        }
        return messages.get(reason, self.tr("通话已结束。")) if reason else self.tr("通话已结束。")

    def retranslate(self) -> None:
        self.title.setText(self.tr("视频帮办"))
        self.consent_text.setText(
            self.tr(
                "接通后，工作人员将看到您的面部画面和本终端的屏幕，并听到您的声音。屏幕上的姓名、证件号码、地址、照片、签名和扫描材料会被遮挡。通话不录音、不录像，结束后立即清除。工作人员只能看和说，不能操作本终端。"
            )
        )
        self.callback_text.setText(
            self.tr(
                "暂时没有工作人员接听。您可以留下电话号码，工作人员稍后回电；号码加密保存，仅用于回电。"
            )
        )
        self.phone.setPlaceholderText(self.tr("11 位手机号码"))
        self.agree_btn.setText(self.tr("同意并呼叫"))
        self.unmask_text.setText(
            self.tr(
                "允许本次通话中工作人员看到屏幕上的个人信息（姓名、证件号码、地址等）？通话结束后自动恢复遮挡。"
            )
        )
        self.unmask_yes.setText(self.tr("允许"))
        self.unmask_no.setText(self.tr("不允许"))
        self.submit_btn.setText(self.tr("提交号码"))
        self.skip_btn.setText(self.tr("不用了"))
        self.back_btn.setText(self.tr("返回办理"))
        if self.isVisible():
            self.refresh()


class CallPanel(QFrame):
    """The corner of the screen during a call: staff picture, messages, unmask consent, hang up."""

    def __init__(self, ctl: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setObjectName("videoCallPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(
            "#videoCallPanel { background: #1B2430; border-radius: 16px; } QLabel { color: white; }"
            # Touch-sized (60 px and more), not the elderly 92 px: the panel must fit
            # beside the screen it shares on 1366×768 with the picture and a message.
            " #videoCallPanel QPushButton { min-height: 64px; max-height: 64px;"
            # and a width of their own: "Show my details" lost both ends at 300 px.
            " font-size: 26px; padding: 4px 8px; }"
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 12, 12, 12)
        lay.setSpacing(8)
        self.status = label()
        self.status.setObjectName("videoCallStatus")
        self.staff_view = QLabel()
        self.staff_view.setObjectName("staffVideo")
        self.staff_view.setFixedSize(*STAFF_VIEW)
        self.staff_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.staff_view.setStyleSheet("background: black;")
        self.messages = label()
        self.messages.setObjectName("staffMessages")
        self.unmask_btn = button(role="secondary")
        self.unmask_btn.setObjectName("videoUnmask")
        self.unmask_btn.clicked.connect(self._unmask_clicked)
        self.hangup_btn = button(role="danger")
        self.hangup_btn.setObjectName("videoHangUp")
        self.hangup_btn.clicked.connect(ctl.hang_up)
        # Hang up near the top: it stays on screen whatever the panel's height.
        for w in (self.status, self.staff_view, self.hangup_btn, self.messages, self.unmask_btn):
            lay.addWidget(w)
        lay.setAlignment(self.staff_view, Qt.AlignmentFlag.AlignHCenter)
        self._lay = lay
        self._call_text = self._mask_text = ""  # the status' two lines (set by refresh)
        #: Where the panel may sit (the screen area between header and footer): set by
        #: :func:`install_video_help`, so the footer's 返回 / 退出 are never covered.
        self.bounds: Any = None
        #: Called when the resident wants to show personal fields (the question is asked
        #: in the overlay, which has the room for it).
        self.ask_unmask: Any = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._show_staff)
        ctl.message.connect(self._on_message)
        self.setFixedWidth(STAFF_VIEW[0] + 24)
        self.hide()
        self.retranslate()

    def _unmask_clicked(self) -> None:
        if self.ctl.machine.unmasked:
            self.ctl.allow_unmask(False)
        elif self.ask_unmask is not None:
            self.ask_unmask()

    def _on_message(self, _text: str) -> None:
        self._show_messages()
        self._place()

    def _show_messages(self) -> None:
        # Only the latest two: the panel must not grow (the list is in the machine).
        latest = self.ctl.machine.messages[-2:]
        self.messages.setText("\n".join(latest))
        self.messages.setVisible(bool(latest))

    def _show_staff(self) -> None:
        rgb = self.ctl.staff_image()
        if rgb is not None:
            pix = QPixmap.fromImage(_qimage(rgb)).scaled(
                self.staff_view.size(), Qt.AspectRatioMode.KeepAspectRatio
            )
            self.staff_view.setPixmap(pix)

    def refresh(self) -> None:
        m = self.ctl.machine
        if m.state not in (CallState.ANSWERED, CallState.CONNECTED):
            self._timer.stop()
            self.staff_view.clear()
            self.messages.clear()
            self.hide()
            return
        connected = m.state is CallState.CONNECTED
        self._call_text = self.tr("通话中") if connected else self.tr("工作人员已接听，正在接通…")
        self._mask_text = (
            self.tr("个人信息已向工作人员显示") if m.unmasked else self.tr("个人信息已遮挡")
        )
        self.status.setText(self._call_text + "\n" + self._mask_text)
        self._show_messages()
        self.unmask_btn.setText(self.tr("恢复遮挡") if m.unmasked else self.tr("显示个人信息"))
        if not self._timer.isActive():
            self._timer.start()
        self._place()
        self.raise_()
        self.show()

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        area = self.bounds() if self.bounds is not None else parent.rect()
        # The picture gives way so that status, hang up, messages and the unmask button
        # always fit in the screen's content area, above its docked primary action
        # (elderly mode, 1366×768); when even that is short, the status keeps one line
        # (the unmask button says whether fields are shown) and only the latest message.
        lay = self._lay
        m = lay.contentsMargins()

        def others() -> int:
            shown = [
                w
                for w in (self.status, self.hangup_btn, self.messages, self.unmask_btn)
                if w.isVisibleTo(self)
            ]
            return (
                sum(
                    w.heightForWidth(w.width()) if w.hasHeightForWidth() else w.sizeHint().height()
                    for w in shown
                )
                + lay.spacing() * (len(shown) + 1)
                + m.top()
                + m.bottom()
            )

        call_text = self._call_text
        if call_text:
            self.status.setText(call_text + "\n" + self._mask_text)
            if area.height() - 16 - others() < STAFF_VIEW_MIN_H:
                self.status.setText(call_text)
            if area.height() - 16 - others() < STAFF_VIEW_MIN_H:
                # Only the latest message, on one line (staff say it aloud too).
                latest = self.ctl.machine.messages[-1:]
                fm = self.messages.fontMetrics()
                width = self.width() - m.left() - m.right()
                self.messages.setText(
                    fm.elidedText(latest[0], Qt.TextElideMode.ElideRight, width) if latest else ""
                )
        view_h = max(STAFF_VIEW_MIN_H, min(STAFF_VIEW[1], area.height() - 16 - others()))
        self.staff_view.setFixedSize(view_h * 4 // 3, view_h)
        self.adjustSize()
        # The wrapped labels' height at the panel's real width (a wrapped QLabel's
        # sizeHint is for another width: the picture then overlapped 挂断, portrait).
        need = (
            lay.totalHeightForWidth(self.width())
            if lay.hasHeightForWidth()
            else self.sizeHint().height()
        )
        h = min(max(need, self.sizeHint().height()), area.height() - 16)
        self.setGeometry(area.right() - self.width() - 12, area.top() + 8, self.width(), h)

    def retranslate(self) -> None:
        self.hangup_btn.setText(self.tr("挂断"))
        if self.isVisible():
            self.refresh()


class VideoHelp(QWidget):
    """The button (for the header) and both overlays, following the assist controller."""

    def __init__(self, ctl: Any, shell: Any, root: QWidget) -> None:
        super().__init__(root)
        self.hide()  # a holder only; its parts are placed on ``root``
        self.ctl = ctl
        self._root = root
        self.button = QPushButton()
        self.button.setObjectName("videoHelpButton")
        self.button.clicked.connect(ctl.request)
        # The overlay and the call panel (60 widgets, a keyboard among them) are built
        # at the first 视频帮办 tap, not before the attract screen's first paint
        # (issue 18: a fifth of the window's construction).
        self._overlay: VideoHelpOverlay | None = None
        self._panel: CallPanel | None = None
        #: Where the call panel may sit (window pixels); set by install_video_help.
        self.bounds: Any = None
        ctl.changed.connect(self.refresh)
        shell.state_changed.connect(lambda _o, _n: self._button_visibility())
        self.retranslate()
        self._button_visibility()

    @property
    def overlay(self) -> VideoHelpOverlay:
        """Consent, queue, callback and end message (built on first use)."""
        if self._overlay is None:
            self._build()
        assert self._overlay is not None
        return self._overlay

    @property
    def panel(self) -> CallPanel:
        """The call's corner panel (built on first use)."""
        if self._panel is None:
            self._build()
        assert self._panel is not None
        return self._panel

    def _build(self) -> None:
        self._overlay = VideoHelpOverlay(self.ctl, self._root)
        self._panel = CallPanel(self.ctl, self._root)
        self._panel.ask_unmask = self._overlay.ask_unmask
        if self.bounds is not None:
            self._panel.bounds = self.bounds
        self._overlay.retranslate()
        self._panel.retranslate()

    def _button_visibility(self) -> None:
        self.button.setVisible(self.ctl.available and self.ctl.state is not SessionState.ADMIN)

    def refresh(self) -> None:
        if self._overlay is not None or self.ctl.machine.state is not CallState.IDLE:
            self.overlay.refresh()
            self.panel.refresh()
        self.button.setEnabled(not self.ctl.machine.active)

    def retranslate(self) -> None:
        # One LanguageChange handler for the button, the overlay and the panel.
        self.button.setText(self.tr("视频帮办"))
        if self._overlay is not None and self._panel is not None:
            self._overlay.retranslate()
            self._panel.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def install_video_help(window: Any, ctl: Any) -> VideoHelp:
    """Put the 视频帮办 button in the window's header and the overlays over its screens."""
    ctl.attach_window(window)
    help_ = VideoHelp(ctl, window.ctl, window.root)
    stack = window.stack

    def bounds() -> QRect:
        # The current screen's scrolling content: never over its docked primary action.
        page = stack.currentWidget()
        area = getattr(page, "content", None) or stack
        return QRect(area.mapTo(window.root, QPoint(0, 0)), area.size())

    help_.bounds = bounds
    header_layout = window.header_row
    # Before the elderly-mode switch: the title keeps the stretch on the left.
    header_layout.insertWidget(max(0, header_layout.indexOf(window.elderly_btn)), help_.button)
    return help_
