"""The signature screen via pytest-qt: mouse, touch and tablet input; clear, undo, refusal."""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator

import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from drivers.signature_pad import PadButton, SerialSignaturePad
from drivers.signature_pad_emulator import SignaturePadEmulator
from kiosk.materials.signature import EMPTY_MESSAGE, TOO_SMALL_MESSAGE, SignatureResult
from kiosk.ui.signature_pad import SignaturePadAdapter
from screens.signature import SignatureCanvas, SignatureScreen


def _path(x0: float, y0: float, n: int = 40, w: float = 400, h: float = 80) -> list[QPointF]:
    return [QPointF(x0 + w * i / n, y0 + h * math.sin(i / 4)) for i in range(n)]


def _mouse_stroke(canvas: SignatureCanvas, pts: list[QPointF]) -> None:
    def send(kind: QEvent.Type, p: QPointF, buttons: Qt.MouseButton) -> None:
        ev = QMouseEvent(
            kind,
            p,
            canvas.mapToGlobal(p),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(canvas, ev)

    send(QEvent.Type.MouseButtonPress, pts[0], Qt.MouseButton.LeftButton)
    for p in pts[1:]:
        send(QEvent.Type.MouseMove, p, Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, pts[-1], Qt.MouseButton.NoButton)


@pytest.fixture
def screen(qtbot) -> Iterator[SignatureScreen]:  # type: ignore[no-untyped-def]
    scr = SignatureScreen(min_points=12, min_extent_fraction=0.15, documents=[b"doc"])
    qtbot.addWidget(scr)
    scr.resize(1000, 700)
    scr.show()
    qtbot.waitExposed(scr)
    yield scr


def test_mouse_signature_is_confirmed(qtbot, screen: SignatureScreen) -> None:  # type: ignore[no-untyped-def]
    _mouse_stroke(screen.canvas, _path(100, 200))
    _mouse_stroke(screen.canvas, _path(150, 120, n=15, w=30, h=60))
    assert len(screen.canvas.signature.strokes) == 2
    with qtbot.waitSignal(screen.completed, timeout=2000) as blocker:
        qtbot.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    result: SignatureResult = blocker.args[0]
    img = Image.open(io.BytesIO(result.png))
    assert img.mode == "RGBA" and img.getpixel((0, 0))[3] == 0
    doc = json.loads(result.strokes_json)
    assert doc["source"] == "mouse" and len(doc["strokes"]) == 2
    assert doc["document_sha256"]


def test_empty_and_tiny_signatures_are_refused(qtbot, screen: SignatureScreen) -> None:  # type: ignore[no-untyped-def]
    got: list[object] = []
    screen.completed.connect(got.append)
    qtbot.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == EMPTY_MESSAGE
    assert screen.message.property("role") == "error"
    _mouse_stroke(screen.canvas, _path(300, 300, n=20, w=30, h=5))
    qtbot.mouseClick(screen.confirm_button, Qt.MouseButton.LeftButton)
    assert screen.message.text() == TOO_SMALL_MESSAGE
    assert got == []


def test_clear_and_undo(qtbot, screen: SignatureScreen) -> None:  # type: ignore[no-untyped-def]
    _mouse_stroke(screen.canvas, _path(100, 200))
    _mouse_stroke(screen.canvas, _path(100, 300))
    qtbot.mouseClick(screen.undo_button, Qt.MouseButton.LeftButton)
    assert len(screen.canvas.signature.strokes) == 1
    qtbot.mouseClick(screen.clear_button, Qt.MouseButton.LeftButton)
    assert screen.canvas.signature.is_empty
    with qtbot.waitSignal(screen.cancelled, timeout=1000):
        qtbot.mouseClick(screen.back_button, Qt.MouseButton.LeftButton)


def test_touch_signature(qtbot, screen: SignatureScreen) -> None:  # type: ignore[no-untyped-def]
    device = QTest.createTouchDevice()
    canvas = screen.canvas
    pts = [p.toPoint() for p in _path(80, 200, n=30)]
    QTest.touchEvent(canvas, device).press(0, pts[0], canvas).commit()
    for p in pts[1:]:
        QTest.touchEvent(canvas, device).move(0, p, canvas).commit()
    QTest.touchEvent(canvas, device).release(0, pts[-1], canvas).commit()
    sig = canvas.current_signature()
    assert sig.source == "touch"
    assert len(sig.strokes) == 1 and sig.point_count >= 25
    assert not sig.has_pressure
    assert screen.confirm() is not None


def test_tablet_pressure_is_recorded(qtbot, screen: SignatureScreen) -> None:  # type: ignore[no-untyped-def]
    canvas = screen.canvas
    stylus = QPointingDevice(
        "test stylus",
        1,
        QInputDevice.DeviceType.Stylus,
        QPointingDevice.PointerType.Pen,
        QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
        1,
        3,
    )
    pts = _path(80, 200, n=30)

    def send(kind: QEvent.Type, p: QPointF, pressure: float) -> None:
        buttons = (
            Qt.MouseButton.NoButton
            if kind == QEvent.Type.TabletRelease
            else Qt.MouseButton.LeftButton
        )
        ev = QTabletEvent(
            kind,
            stylus,
            p,
            canvas.mapToGlobal(p),
            pressure,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            Qt.KeyboardModifier.NoModifier,
            Qt.MouseButton.LeftButton,
            buttons,
        )
        QApplication.sendEvent(canvas, ev)

    send(QEvent.Type.TabletPress, pts[0], 0.2)
    for i, p in enumerate(pts[1:], 1):
        send(QEvent.Type.TabletMove, p, 0.2 + 0.7 * i / len(pts))
    send(QEvent.Type.TabletRelease, pts[-1], 0.0)
    sig = canvas.current_signature()
    assert sig.source == "tablet" and sig.has_pressure
    pressures = [pt.pressure for pt in sig.strokes[0].points]
    assert pressures[0] == pytest.approx(0.2, abs=0.01)
    assert max(pressures) > 0.8
    assert len(sig.strokes) == 1
    # No mouse events were synthesized from the accepted tablet events.
    assert screen.confirm() is not None


def test_serial_pad_draws_on_the_screen_and_ok_confirms(qtbot) -> None:  # type: ignore[no-untyped-def]
    emu = SignaturePadEmulator(width=2000, height=1000)
    pad = SerialSignaturePad(emu.port, timeout_s=1.0)
    adapter = SignaturePadAdapter(pad)
    pad.set_event_sink(adapter.on_device_event)
    pad.open()
    try:
        scr = SignatureScreen(pad=adapter)
        qtbot.addWidget(scr)
        scr.resize(1000, 700)
        scr.show()
        strokes = [
            [(200 + i * 30, 500 + 200 * math.sin(i / 4), 0.6) for i in range(40)],
            [(400, 300 + i * 20, 0.8) for i in range(20)],
        ]
        emu.draw(strokes)
        qtbot.waitUntil(lambda: scr.canvas.signature.point_count == 60, timeout=3000)
        sig = scr.canvas.current_signature()
        assert sig.source == "serial:KSP-1" and sig.has_pressure
        # The pad's proportions are kept on the canvas.
        x0, y0, x1, y1 = sig.bounds()  # type: ignore[misc]
        assert (x1 - x0) / (y1 - y0) == pytest.approx((39 * 30) / (380), rel=0.05)
        with qtbot.waitSignal(scr.completed, timeout=3000):
            emu.press(PadButton.OK)
        emu.press(PadButton.CLEAR)
        qtbot.waitUntil(lambda: scr.canvas.signature.is_empty, timeout=3000)
        scr.clear_button.setEnabled(True)
        qtbot.mouseClick(scr.clear_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: emu.commands[-1:] == ["CLEAR"], timeout=3000)
    finally:
        pad.close()
        emu.close()
