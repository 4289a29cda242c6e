"""Technician screens: the PIN pad and the diagnostics screen.

Reached by a long press on the top-left corner of the header followed by the PIN;
never while a resident's data is held (the session is wiped first). Everything
slow (self-tests, platform probe, bundle export) runs on the thread pool.
"""

from __future__ import annotations

import itertools
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from drivers.base import DeviceStatus
from kiosk.ops.admin import DEMO_PIN, EnrolResult, PinResult
from kiosk.ops.diagnostics import (
    QueueHistory,
    recent_log_lines,
)
from kiosk.ops.enrolment import PinStrength, pin_strength, well_formed_code
from kiosk.ops.self_tests import reading_from_event
from kiosk.session.machine import SessionState
from screens.base import Screen, button, label, overlay_card, vbox
from screens.connector_tiles import ConnectorTiles
from screens.payment_reconcile import ReconcilePanel
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.technician import TechnicianController

STATUS_COLOURS = {
    DeviceStatus.OK: "#1E7B34",
    DeviceStatus.DEGRADED: "#B07A00",
    DeviceStatus.FAULT: "#B00020",
    DeviceStatus.ABSENT: "#6B7280",
}


class PadStep(StrEnum):
    """What the pad is asking for: the PIN, or (first boot, no PIN yet) the enrolment steps."""

    PIN = "pin"
    CODE = "code"
    NEW_PIN = "new_pin"
    CONFIRM = "confirm"


class PinPad(QFrame):
    """A numeric PIN entry over the screen; emits ``accepted`` or ``cancelled``.

    At first boot (no PIN enrolled, a one-time code configured) it asks for the
    enrolment code, then a new PIN twice (``kiosk.ops.enrolment``).
    """

    accepted = Signal()
    cancelled = Signal()

    def __init__(self, ctl: Any, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.step = PadStep.PIN
        self._code = ""
        self._new_pin = ""
        lay = overlay_card(self, 480)
        self.heading = label(self.tr("技术维护：请输入维护密码"), "subtitle")
        self.entry = QLineEdit()
        self.entry.setObjectName("pinEntry")
        self.entry.setEchoMode(QLineEdit.EchoMode.Password)
        self.entry.setReadOnly(True)
        self.message = label(role="error")
        self.message.setObjectName("pinMessage")
        grid = QGridLayout()
        for i, key in enumerate("123456789C0⌫"):
            b = button(key)
            b.setObjectName(f"pin_{'clear' if key == 'C' else 'back' if key == '⌫' else key}")
            b.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(b, i // 3, i % 3)
        row = QHBoxLayout()
        cancel = button(self.tr("取消"))
        self.cancel_btn = cancel
        cancel.setObjectName("pinCancel")
        cancel.clicked.connect(self._cancel)
        ok = button(self.tr("确定"), "primary")
        self.ok_btn = ok
        ok.setObjectName("pinOk")
        ok.clicked.connect(self._submit)
        row.addWidget(cancel)
        row.addWidget(ok)
        for w in (self.heading, self.entry, self.message):
            lay.addWidget(w)
        lay.addLayout(grid)
        lay.addLayout(row)
        self.hide()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.cancel_btn.setText(self.tr("取消"))
            self.ok_btn.setText(self.tr("确定"))
            self._set_step(self.step)
        super().changeEvent(event)

    def open(self) -> None:
        self.entry.clear()
        self.message.clear()
        self._set_step(PadStep.CODE if self.ctl.pin_guard.can_enrol else PadStep.PIN)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def _press(self, key: str) -> None:
        if key == "C":
            self.entry.clear()
        elif key == "⌫":
            self.entry.backspace()
        else:
            self.entry.insert(key)

    def _cancel(self) -> None:
        self._code = self._new_pin = ""
        self.hide()
        self.cancelled.emit()

    def _set_step(self, step: PadStep) -> None:
        self.step = step
        self.heading.setText(
            {
                PadStep.PIN: self.tr("技术维护：请输入维护密码"),
                PadStep.CODE: self.tr("首次启用：请输入一次性启用码（见现场人员的启用单）"),
                PadStep.NEW_PIN: self.tr("请设置维护密码（6至12位数字）"),
                PadStep.CONFIRM: self.tr("请再次输入新的维护密码"),
            }[step]
        )

    def _submit(self) -> None:
        if self.step is not PadStep.PIN:
            self._enrol_step(self.entry.text())
            self.entry.clear()
            return
        answer = self.ctl.pin_guard.try_pin(self.entry.text())
        self.entry.clear()
        if answer.result == PinResult.OK:
            self.hide()
            self.accepted.emit()
        elif answer.result == PinResult.NOT_ENROLLED:
            self.message.setText(self.tr("本终端尚未设置维护密码，请用配置包设置后再试"))
        elif answer.result == PinResult.LOCKED:
            minutes = max(1, round(answer.locked_for_s / 60))
            self.message.setText(
                self.tr("错误次数过多，已锁定 %1 分钟").replace("%1", str(minutes))
            )
        else:
            self.message.setText(
                self.tr("密码错误，还可尝试 %1 次").replace("%1", str(answer.attempts_left))
            )

    def _enrol_step(self, text: str) -> None:
        """One step of the first-boot enrolment: code, new PIN, the new PIN again."""
        self.message.clear()
        if self.step is PadStep.CODE:
            if not well_formed_code(text):
                self.message.setText(self.tr("启用码应为12至24位数字"))
                return
            self._code = text
            self._set_step(PadStep.NEW_PIN)
        elif self.step is PadStep.NEW_PIN:
            weakness = pin_strength(text, DEMO_PIN)
            if weakness is not PinStrength.OK:
                self.message.setText(self._weakness_text(weakness))
                return
            self._new_pin = text
            self._set_step(PadStep.CONFIRM)
        elif text != self._new_pin:
            self._new_pin = ""
            self.message.setText(self.tr("两次输入不一致，请重新设置"))
            self._set_step(PadStep.NEW_PIN)
        else:
            self._finish_enrolment()

    def _weakness_text(self, weakness: PinStrength) -> str:
        if weakness is PinStrength.LENGTH:
            return self.tr("维护密码应为6至12位数字")
        return self.tr("维护密码过于简单（不可全部相同、连续或为演示密码）")

    def _finish_enrolment(self) -> None:
        answer = self.ctl.pin_guard.enrol(self._code, self._new_pin)
        self._code = self._new_pin = ""
        if answer.result is EnrolResult.OK:
            self._set_step(PadStep.PIN)
            self.hide()
            self.accepted.emit()
            return
        self._set_step(PadStep.CODE)
        if answer.result is EnrolResult.WRONG_CODE:
            self.message.setText(
                self.tr("启用码错误，还可尝试 %1 次").replace("%1", str(answer.attempts_left))
            )
        elif answer.result is EnrolResult.LOCKED:
            minutes = max(1, round(answer.locked_for_s / 60))
            self.message.setText(
                self.tr("错误次数过多，已锁定 %1 分钟").replace("%1", str(minutes))
            )
        elif answer.result is EnrolResult.USED:
            self.message.setText(self.tr("该启用码已使用过，请向运维中心申请新的启用码"))
        else:
            self._set_step(PadStep.PIN)
            self.message.setText(self.tr("本终端尚未设置维护密码，请用配置包设置后再试"))


class DeviceTile(QFrame):
    def __init__(self, name: str, on_test: Any) -> None:
        super().__init__()
        self.setObjectName("card")
        self.name = name
        lay = QVBoxLayout(self)
        self.title = label(name, "subtitle")
        self.status = label()
        self.status.setObjectName(f"status_{name}")
        self.detail = label(role="hint")
        self.test_result = label(role="hint")
        self.test_result.setObjectName(f"testResult_{name}")
        self.picture = QLabel()
        self.picture.setObjectName(f"picture_{name}")
        self.picture.hide()
        self.test_btn = button(self.tr("测试"))
        self.test_btn.setObjectName(f"test_{name}")
        self.test_btn.clicked.connect(lambda: on_test(name))
        for w in (
            self.title,
            self.status,
            self.detail,
            self.test_result,
            self.picture,
            self.test_btn,
        ):
            lay.addWidget(w)

    def show_picture(self, bgr: Any) -> None:
        h, w = bgr.shape[:2]
        rgb = bgr[:, :, ::-1].copy()
        image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
        self.picture.setPixmap(
            QPixmap.fromImage(image).scaledToWidth(240, Qt.TransformationMode.SmoothTransformation)
        )
        self.picture.show()

    def set_health(self, status: DeviceStatus, detail: str) -> None:
        self.status.setText(str(status))
        self.status.setStyleSheet(f"color: {STATUS_COLOURS[status]}; font-weight: bold;")
        self.detail.setText(detail)


class DepthChart(QWidget):
    """Outbox depth over the last hours, as a small line chart."""

    def __init__(self, history: QueueHistory) -> None:
        super().__init__()
        self.history = history
        self.setMinimumHeight(120)

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#FFFFFF"))
        samples = list(self.history.samples)
        if len(samples) >= 2:
            t0, t1 = samples[0][0], samples[-1][0]
            top = max(1, max(d for _, d in samples))
            w, h = self.width() - 8, self.height() - 8
            pts = [
                QPointF(4 + w * (t - t0) / max(1e-9, t1 - t0), 4 + h * (1 - d / top))
                for t, d in samples
            ]
            p.setPen(QPen(QColor("#1F5FAD"), 3))
            for a, b in itertools.pairwise(pts):
                p.drawLine(a, b)
            p.setPen(QColor("#4A5565"))
            p.drawText(8, 20, f"max {top}")
        p.end()


class DiagnosticsScreen(Screen):
    ctl: TechnicianController
    state = SessionState.ADMIN
    show_back = False
    show_exit = False

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctl, parent)
        lay = vbox(self, margins=16, spacing=10)
        top = QHBoxLayout()
        self.heading = label(self.tr("设备诊断"), "title")
        self.leave_btn = button(self.tr("退出维护"), "primary")
        self.leave_btn.setObjectName("leaveAdmin")
        self.leave_btn.clicked.connect(ctl.leave_admin)
        top.addWidget(self.heading, 1)
        top.addWidget(self.leave_btn)
        lay.addLayout(top)
        self.tiles_grid = QGridLayout()
        self.tiles: dict[str, DeviceTile] = {}
        lay.addLayout(self.tiles_grid)
        self.connector_tiles = ConnectorTiles(ctl)
        lay.addWidget(self.connector_tiles)
        self.reconcile = ReconcilePanel(ctl)  # 缴费对账 (issue 20)
        lay.addWidget(self.reconcile)
        info = QHBoxLayout()
        left = QVBoxLayout()
        self.platform = label()
        self.platform.setObjectName("platformStatus")
        self.queue = label()
        self.queue.setObjectName("queueDepth")
        self.system = label(role="hint")
        self.system.setObjectName("systemFacts")
        # What needs the technician: start-up problems, audit events not yet on
        # disk (full disk), a salvaged outbox and the rows it could not keep.
        self.alerts = label(role="hint")
        self.alerts.setObjectName("technicianAlerts")
        self.alerts.setWordWrap(True)
        self.chart = DepthChart(ctl.queue_history)
        row = QHBoxLayout()
        self.refresh_btn = button(self.tr("刷新"))
        self.refresh_btn.clicked.connect(self.refresh)
        self.bundle_btn = button(self.tr("导出诊断包"), "secondary")
        self.bundle_btn.setObjectName("exportBundle")
        self.bundle_btn.clicked.connect(self.export)
        self.audio_btn = button(self.tr("声音测试"))
        self.audio_btn.setObjectName("audioTest")
        self.audio_btn.clicked.connect(self.test_audio)
        row.addWidget(self.refresh_btn)
        row.addWidget(self.bundle_btn)
        row.addWidget(self.audio_btn)
        self.readiness_btn = button(self.tr("打印就绪报告"))
        self.readiness_btn.setObjectName("printReadiness")
        self.readiness_btn.clicked.connect(self.print_readiness)
        row.addWidget(self.readiness_btn)
        self.bundle_note = label(role="hint")
        self.bundle_note.setObjectName("bundleNote")
        for w in (self.platform, self.queue, self.chart, self.system, self.alerts):
            left.addWidget(w)
        left.addLayout(row)
        left.addWidget(self.bundle_note)
        info.addLayout(left, 1)
        self.logs = QPlainTextEdit()
        self.logs.setObjectName("logLines")
        self.logs.setReadOnly(True)
        self.logs.setStyleSheet("font-size: 13px; font-family: monospace;")
        info.addWidget(self.logs, 2)
        lay.addLayout(info, 1)
        ctl.device_status.connect(lambda ev: self._tile_health(ev.device))
        ctl.admin_event.connect(self._on_admin_event)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh_live)

    def title(self) -> str:
        return self.tr("技术维护")

    def retranslate(self) -> None:
        if not hasattr(self, "audio_btn"):
            return  # called by Screen.__init__, before the widgets exist
        self.heading.setText(self.tr("设备诊断"))
        self.leave_btn.setText(self.tr("退出维护"))
        self.refresh_btn.setText(self.tr("刷新"))
        self.bundle_btn.setText(self.tr("导出诊断包"))
        self.audio_btn.setText(self.tr("声音测试"))
        self.readiness_btn.setText(self.tr("打印就绪报告"))
        for tile in self.tiles.values():
            tile.test_btn.setText(tile.tr("测试"))

    def _ensure_tiles(self) -> None:
        for i, name in enumerate(self.ctl.device_health()):
            if name not in self.tiles:
                tile = DeviceTile(name, self.run_test)
                self.tiles[name] = tile
                self.tiles_grid.addWidget(tile, i // 4, i % 4)
            self._tile_health(name)

    def _tile_health(self, name: str) -> None:
        health = self.ctl.device_health().get(name)
        tile = self.tiles.get(name)
        if health is not None and tile is not None:
            tile.set_health(health.status, health.detail)

    def on_enter(self) -> None:
        self._ensure_tiles()
        self.refresh()
        self._timer.start(2000)

    def refresh_live(self) -> None:
        if self.ctl.session.state != SessionState.ADMIN:
            self._timer.stop()
            return
        for name in self.tiles:
            self._tile_health(name)
        self.connector_tiles.refresh()
        depth = self.ctl.last_queue_depth
        self.queue.setText(
            self.tr("待上传：%1 件").replace("%1", "-" if depth is None else str(depth))
        )
        self.alerts.setText("\n".join(f"⚠ {a}" for a in self.ctl.shell.alerts()))
        self.logs.setPlainText("\n".join(recent_log_lines(200)))
        self.chart.update()

    def print_readiness(self) -> None:
        """The logbook page on the receipt printer: devices, last tests, outbox, versions."""
        self.readiness_btn.setEnabled(False)
        self.bundle_note.setText(self.tr("正在打印就绪报告…"))

        def done(report: Any, error: BaseException | None) -> None:
            self.readiness_btn.setEnabled(True)
            if error is not None:
                self.bundle_note.setText(self.tr("就绪报告未打印：") + str(error))
                set_role(self.bundle_note, "error")
            else:
                self.bundle_note.setText(self.tr("就绪报告已打印"))
                set_role(self.bundle_note, "ok")

        self.ctl.print_readiness(done)

    def test_audio(self) -> None:
        """The audio self-test: a phrase synthesised, then played; the result shown."""
        self.audio_btn.setEnabled(False)
        self.bundle_note.setText(self.tr("正在测试声音…"))

        def done(check: Any, error: BaseException | None) -> None:
            self.audio_btn.setEnabled(True)
            if error is not None or not getattr(check, "ok", False):
                why = str(error) if error is not None else check.detail
                self.bundle_note.setText(self.tr("声音测试失败：") + why)
                set_role(self.bundle_note, "error")
            else:
                self.bundle_note.setText(self.tr("声音测试通过：") + check.detail)
                set_role(self.bundle_note, "ok")

        self.ctl.audio_test(done)

    def shutdown(self) -> None:
        # The terminal (and its outbox) is going away: no more live refreshes.
        self._timer.stop()
        super().shutdown()

    def refresh(self) -> None:
        self.refresh_live()

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None or result is None:
                self.platform.setText(self.tr("平台：检测失败"))
                return
            plat, system = result
            if plat.reachable:
                self.platform.setText(
                    self.tr("平台：可达，延迟 %1 ms").replace("%1", f"{plat.latency_ms:.0f}")
                )
            else:
                self.platform.setText(self.tr("平台：不可达") + f" ({plat.detail})")
            mem = (
                f"{system.mem_available_mb:.0f}/{system.mem_total_mb:.0f} MB"
                if system.mem_available_mb is not None
                else "-"
            )
            self.system.setText(
                f"{system.kiosk_id} · v{system.app_version} · {system.config_version} · "
                f"disk {system.disk_free_mb:.0f} MB free · mem {mem} · py {system.python}"
            )

        self.ctl.probe_platform(done)

    def _on_admin_event(self, event: Any) -> None:
        reading = reading_from_event(event)
        tile = self.tiles.get(event.device)
        if reading is not None and tile is not None:
            tile.test_result.setText(("✓ " if reading.ok else "✗ ") + reading.text)

    def run_test(self, name: str) -> None:
        tile = self.tiles[name]
        tile.test_result.setText(self.tr("测试中…"))
        tile.test_btn.setEnabled(False)
        if name in ("face_camera", "document_camera"):
            self._camera_test(tile, name)
            return
        if name in ("idcard", "smartcard", "qr_scanner"):
            hint = {
                "idcard": self.tr("请放置身份证，读卡结果将显示在此（已脱敏）"),
                "smartcard": self.tr("请插入社保卡，读卡结果将显示在此（已脱敏）"),
                "qr_scanner": self.tr("请扫描任意二维码，结果将显示在此（已脱敏）"),
            }[name]
            tile.picture.hide()

        def done(result: Any, error: BaseException | None) -> None:
            tile.test_btn.setEnabled(True)
            if error is not None:
                tile.test_result.setText(f"✗ {error}")
            else:
                mark = "✓" if result.passed else "✗"
                facts = " ".join(f"{k}={v}" for k, v in result.facts.items())
                tile.test_result.setText(f"{mark} {result.detail} {facts}".strip())

        self.ctl.device_self_test(name, done)
        if name in ("idcard", "smartcard", "qr_scanner"):
            tile.detail.setText(hint)

    def _camera_test(self, tile: DeviceTile, name: str) -> None:
        face = name == "face_camera"

        def done(result: Any, error: BaseException | None) -> None:
            tile.test_btn.setEnabled(True)
            if error is not None:
                tile.test_result.setText(f"✗ {error}")
                return
            image, faces = result
            tile.show_picture(image)
            if face:
                tile.test_result.setText(
                    ("✓ " if faces == 1 else "✗ ")
                    + self.tr("检测到人脸：%1").replace("%1", str(faces))
                )
            else:
                tile.test_result.setText("✓ " + self.tr("已拍摄测试画面"))

        self.ctl.camera_test(name, done)

    def export(self) -> None:
        self.bundle_note.setText(self.tr("正在导出…"))

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                self.bundle_note.setText(self.tr("导出失败：") + str(error))
            else:
                self.bundle_note.setText(self.tr("已导出：") + str(result))

        self.ctl.export_diagnostics(done)
