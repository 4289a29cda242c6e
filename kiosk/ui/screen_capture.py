"""The terminal's window as frames for a video call, with the places of personal data.

Screens mark the widgets that show a name, ID number, address, phone, photo,
signature or scanned page with :func:`mark_personal` (a dynamic property). At the
call's screen rate, :class:`ScreenCapture` grabs the window (on the UI thread: a
``QWidget.grab`` of the window is a few milliseconds at 1366×768), converts it to an
RGB array and hands it, with the rectangles of the visible personal widgets, to the
call engine, which masks them before anything leaves the terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRect, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from kiosk.assist.masking import Rect
from kiosk.lazy_import import LazyModule

if TYPE_CHECKING:
    import numpy as np
else:
    # numpy (~100 ms) at the first frame, not when the screens are built (issue 18).
    np = LazyModule("numpy")

PERSONAL = "personal"

#: Receives one RGB frame (H×W×3, uint8) and the personal rectangles in its pixels.
FrameSink = Callable[["np.ndarray", list[Rect]], object]


def mark_personal(widget: QWidget) -> QWidget:
    """Say that ``widget`` shows personal data: it is masked in a shared screen."""
    widget.setProperty(PERSONAL, True)
    return widget


def is_personal(widget: QWidget) -> bool:
    """True when the widget or one of its ancestors is marked personal."""
    w: QWidget | None = widget
    while w is not None:
        if w.property(PERSONAL):
            return True
        w = w.parentWidget()
    return False


def personal_rects(window: QWidget) -> list[Rect]:
    """Window-pixel rectangles of every visible personal widget (clipped to the window)."""
    bounds = window.rect()
    out: list[Rect] = []
    for w in window.findChildren(QWidget):
        if not w.property(PERSONAL) or not w.isVisibleTo(window) or not w.isVisible():
            continue
        r = QRect(w.mapTo(window, QPoint(0, 0)), w.size()).intersected(bounds)
        if not r.isEmpty():
            out.append(Rect(r.x(), r.y(), r.width(), r.height()))
    return out


def grab_rgb(window: QWidget) -> tuple[np.ndarray, list[Rect]]:
    """One frame of ``window`` as RGB pixels and its personal rectangles, in the same pixels."""
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    w, h = image.width(), image.height()
    stride = image.bytesPerLine()
    buf = np.frombuffer(image.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    rgb = buf[:, : w * 3].reshape(h, w, 3).copy()  # the QImage goes away; keep our own copy
    rects = personal_rects(window)
    sx, sy = w / max(1, window.width()), h / max(1, window.height())
    if (sx, sy) != (1.0, 1.0):  # a high-DPI grab is larger than the window
        rects = [r.scaled(sx, sy) for r in rects]
    return rgb, rects


class ScreenCapture(QObject):
    """Grabs ``window`` ``fps`` times a second while started and feeds ``sink``."""

    def __init__(
        self, window: QWidget, sink: FrameSink, fps: int = 5, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._sink = sink
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, 1000 // fps))
        self._timer.timeout.connect(self.capture_once)
        self.frames = 0

    def start(self) -> None:
        """Begin grabbing; the first frame one interval later.

        Not at once: ``start`` runs as the call's screen is shown, and a grab then
        rendered the whole new screen a second time in the same turn of the event
        loop (120 ms on the UI thread, bench/responsiveness.py, issue 18). A tick
        later the screen is painted and the grab is an ordinary 10-20 ms one.
        """
        self._timer.start()

    def stop(self) -> None:
        """Stop grabbing."""
        self._timer.stop()

    @property
    def running(self) -> bool:
        """True while started."""
        return self._timer.isActive()

    def capture_once(self) -> None:
        """Grab one frame now and hand it to the sink."""
        rgb, rects = grab_rgb(self._window)
        self.frames += 1
        self._sink(rgb, rects)
