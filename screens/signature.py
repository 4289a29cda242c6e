"""Signature screen: sign with a finger, a pen (tablet pressure), a mouse, or the serial pad.

:class:`SignatureCanvas` captures strokes from QTabletEvent (with pressure), touch
events and the mouse, into a :class:`kiosk.materials.signature.Signature`.
:class:`SignatureScreen` adds the instructions, clear / undo / confirm / back
buttons and, optionally, a serial pad (through
:class:`kiosk.ui.signature_pad.SignaturePadAdapter`). On confirm the signature is
validated (empty or too small is refused with a clear message), rendered to a
trimmed transparent PNG plus strokes JSON, and ``completed`` is emitted with the
:class:`kiosk.materials.signature.SignatureResult`; nothing is written to disk.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from PySide6.QtCore import QEvent, QPointF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPointingDevice,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from drivers.signature_pad import PenSample, PenState
from kiosk.materials.signature import (
    Point,
    Signature,
    SignatureRejected,
    SignatureResult,
    Stroke,
    finish,
)
from kiosk.ui.screen_capture import mark_personal
from kiosk.ui.signature_pad import SignaturePadAdapter
from screens.base import button, label, vbox
from screens.theme import set_role

INK = QColor(16, 24, 64)
PEN_WIDTH = 4.0


class SignatureCanvas(QWidget):
    """The signing surface. ``changed`` fires after every stroke and on clear/undo."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMinimumSize(600, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.signature = Signature(1.0, 1.0, "screen")
        self._drawing = False
        self.hint = ""

    # --- model ------------------------------------------------------------------------
    def current_signature(self) -> Signature:
        """The strokes so far, on a surface the size of the widget."""
        self.signature.width = float(max(1, self.width()))
        self.signature.height = float(max(1, self.height()))
        return self.signature

    def clear(self) -> None:
        self.signature = Signature(1.0, 1.0, "screen")
        self._drawing = False
        self.update()
        self.changed.emit()

    def undo(self) -> None:
        self.signature.undo()
        self._drawing = False
        self.update()
        self.changed.emit()

    def wipe(self) -> None:
        self.signature.wipe()
        self.clear()

    def begin_stroke(self, pos: QPointF, pressure: float, t_ms: int, source: str) -> None:
        if self.signature.source != source and self.signature.is_empty:
            self.signature.source = source
        if source in ("tablet",) or source.startswith("serial"):
            self.signature.has_pressure = True
        self.signature.strokes.append(Stroke([Point(pos.x(), pos.y(), pressure, t_ms)]))
        self._drawing = True
        self.update()

    def extend_stroke(self, pos: QPointF, pressure: float, t_ms: int) -> None:
        if not self._drawing or not self.signature.strokes:
            return
        pts = self.signature.strokes[-1].points
        last = pts[-1]
        # Ignore jitter below half a pixel: it only inflates the point count.
        if abs(last.x - pos.x()) < 0.5 and abs(last.y - pos.y()) < 0.5:
            return
        pts.append(Point(pos.x(), pos.y(), pressure, t_ms))
        self.update()

    def end_stroke(self, pos: QPointF | None = None, t_ms: int = 0) -> None:
        if not self._drawing:
            return
        if pos is not None:
            self.extend_stroke(pos, self.signature.strokes[-1].points[-1].pressure, t_ms)
        self._drawing = False
        self.changed.emit()

    # --- input ------------------------------------------------------------------------
    def tabletEvent(self, event: QTabletEvent) -> None:
        pos, p, t = event.position(), float(event.pressure()), int(event.timestamp())
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self.begin_stroke(pos, p, t, "tablet")
        elif kind == QEvent.Type.TabletMove:
            self.extend_stroke(pos, p, t)
        elif kind == QEvent.Type.TabletRelease:
            self.end_stroke(pos, t)
        event.accept()  # no synthesized mouse events after a tablet event

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            self._touch(event)  # type: ignore[arg-type]
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        points = event.points()
        if not points:
            if event.type() in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
                self.end_stroke()
            return
        pt = points[0]  # one finger signs; a resting palm's other points are ignored
        dev = event.pointingDevice()
        has_pressure = dev is not None and bool(
            dev.capabilities() & QPointingDevice.Capability.Pressure
        )
        pressure = float(pt.pressure()) if has_pressure else 0.5
        t = int(event.timestamp())
        kind = event.type()
        if kind == QEvent.Type.TouchBegin:
            self.begin_stroke(pt.position(), pressure, t, "touch")
        elif kind == QEvent.Type.TouchUpdate:
            self.extend_stroke(pt.position(), pressure, t)
        else:
            self.end_stroke(pt.position(), t)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.begin_stroke(event.position(), 0.5, int(event.timestamp()), "mouse")

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.extend_stroke(event.position(), 0.5, int(event.timestamp()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.end_stroke(event.position(), int(event.timestamp()))

    # --- painting -----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#FFFFFF"))
        p.setPen(QPen(QColor("#C9D2DE"), 2, Qt.PenStyle.DashLine))
        base_y = self.height() * 0.75
        p.drawLine(QPointF(24, base_y), QPointF(self.width() - 24, base_y))
        if self.signature.is_empty and self.hint:
            p.setPen(QColor("#8A94A6"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.hint)
        pressure_on = self.signature.has_pressure
        for stroke in self.signature.strokes:
            pts = stroke.points
            if len(pts) == 1:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(INK)
                p.drawEllipse(QPointF(pts[0].x, pts[0].y), PEN_WIDTH / 2, PEN_WIDTH / 2)
                continue
            for a, b in itertools.pairwise(pts):
                w = PEN_WIDTH * (0.5 + (a.pressure + b.pressure) / 2) if pressure_on else PEN_WIDTH
                pen = QPen(INK, w, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
                p.setPen(pen)
                p.drawLine(QPointF(a.x, a.y), QPointF(b.x, b.y))
        p.end()


class SignatureScreen(QWidget):
    """The signature step. Emits ``completed(SignatureResult)`` or ``cancelled()``.

    ``documents``: the bytes being signed (the scanned PDFs, the form), whose
    hash is bound into the strokes JSON.
    """

    completed = Signal(object)  # SignatureResult
    cancelled = Signal()

    def __init__(
        self,
        pad: SignaturePadAdapter | None = None,
        min_points: int = 12,
        min_extent_fraction: float = 0.15,
        documents: Iterable[bytes | bytearray] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.min_points = min_points
        self.min_extent_fraction = min_extent_fraction
        self.documents = list(documents)
        self.pad = pad
        lay = vbox(self, margins=40, spacing=18)
        self.heading = label(self.tr("请在下方区域签名"), role="title")
        self.instructions = label(
            self.tr("请用手指或签字笔在白色区域内签写您的姓名，写完后点击“确认签名”。"),
            role="subtitle",
        )
        lay.addWidget(self.heading)
        lay.addWidget(self.instructions)
        self.canvas = SignatureCanvas()
        mark_personal(self.canvas)
        self.canvas.hint = self.tr("在此处签名")
        lay.addWidget(self.canvas, 1)
        self.message = label(role="hint")
        lay.addWidget(self.message)
        row = QHBoxLayout()
        row.setSpacing(20)
        self.back_button = button(self.tr("返回"), role="secondary")
        self.clear_button = button(self.tr("清除重签"), role="secondary")
        self.undo_button = button(self.tr("撤销一笔"), role="secondary")
        self.confirm_button = button(self.tr("确认签名"), role="primary")
        for b in (self.back_button, self.clear_button, self.undo_button, self.confirm_button):
            b.setMinimumHeight(64)
            row.addWidget(b)
        lay.addLayout(row)
        self.back_button.clicked.connect(self.cancel)
        self.clear_button.clicked.connect(self.clear)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.confirm_button.clicked.connect(self.confirm)
        self.canvas.changed.connect(self._on_changed)
        if pad is not None:
            pad.sample.connect(self._on_pad_sample)
            pad.button.connect(self._on_pad_button)
        self._on_changed()

    # --- actions ---------------------------------------------------------------------------
    def clear(self) -> None:
        self.canvas.clear()
        self._show_message("", "hint")
        if self.pad is not None:
            self.pad.clear_pad()

    def cancel(self) -> None:
        self.wipe()
        self.cancelled.emit()

    def confirm(self) -> SignatureResult | None:
        """Validate and render; show the reason and return None when refused."""
        try:
            result = finish(
                self.canvas.current_signature(),
                self.min_points,
                self.min_extent_fraction,
                self.documents,
            )
        except SignatureRejected as e:
            self._show_message(e.resident_message, "error")
            return None
        self._show_message(self.tr("签名已确认。"), "ok")
        self.completed.emit(result)
        return result

    def wipe(self) -> None:
        """Session end: the strokes are personal data."""
        self.canvas.wipe()
        self.documents = []
        self._show_message("", "hint")

    # --- serial pad ------------------------------------------------------------------------
    def _on_pad_sample(self, sample: PenSample) -> None:
        info = self.pad.info if self.pad is not None else None
        if info is None:
            return
        # The pad's surface is mapped onto the canvas, keeping its proportions.
        scale = min(self.canvas.width() / info.width, self.canvas.height() / info.height)
        pos = QPointF(sample.x * scale, sample.y * scale)
        pressure = sample.pressure / max(1, info.max_pressure)
        if sample.state == PenState.DOWN:
            self.canvas.begin_stroke(pos, pressure, sample.t_ms, f"serial:{info.model}")
        elif sample.state == PenState.MOVE:
            self.canvas.extend_stroke(pos, pressure, sample.t_ms)
        else:
            self.canvas.end_stroke(pos, sample.t_ms)

    def _on_pad_button(self, name: str) -> None:
        if name == "OK":
            self.confirm()
        elif name == "CLEAR":
            self.canvas.clear()
            self._show_message("", "hint")
        elif name == "CANCEL":
            self.cancel()

    # --- helpers ---------------------------------------------------------------------------
    def _on_changed(self) -> None:
        empty = self.canvas.signature.is_empty
        # Confirm stays enabled: pressing it on an empty pad explains what to do.
        self.undo_button.setEnabled(not empty)
        self.clear_button.setEnabled(not empty)
        if not empty and self.message.property("role") == "error":
            self._show_message("", "hint")

    def _show_message(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)
