"""Screen layout that fits the display: touch-scrolled content with docked widgets.

Every session screen is shown inside a :class:`ScreenPage`: a content area that
scrolls by kinetic drag (:class:`TouchScrollArea`, no arrow buttons) and, below
it, the screen's *docked* widgets — the on-screen keyboard and the primary
action — that must stay visible whatever the content's height. Because the
page's minimum height no longer depends on the content, no screen can push the
window past the display (issue 16, item 1).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from screens.base import Screen


#: A screen narrower than this (portrait, 1080 px) stacks what sits side by side on
#: a landscape one: four division lists at ~250 px each, or the materials list at
#: ~390 px, elided English names ("Household register (your p…").
NARROW_SCREEN_WIDTH = 1200


def enable_kinetic_scroll(area: QAbstractScrollArea) -> None:
    """Drag the area's content with a finger (or the mouse), with momentum.

    The press is delivered to the button under the finger at once (no press
    delay): a tap stays a tap, a drag scrolls.
    """
    viewport = area.viewport()
    QScroller.grabGesture(viewport, QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(viewport)
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.DragStartDistance, 0.004)
    off = QScrollerProperties.OvershootPolicy.OvershootAlwaysOff
    props.setScrollMetric(QScrollerProperties.ScrollMetric.HorizontalOvershootPolicy, off)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.VerticalOvershootPolicy, off)
    scroller.setScrollerProperties(props)


class TouchScrollArea(QScrollArea):
    """A frameless, vertically scrolling area driven by touch drag.

    The scroll bar is a thin indicator only (the finger scrolls), never a tiny
    control to aim at; content never scrolls sideways (it re-flows instead).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("touchScroll")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.verticalScrollBar().setObjectName("scrollIndicator")
        enable_kinetic_scroll(self)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        inner = self.widget()
        if inner is not None:
            # Never wider than the viewport: the content re-flows, it does not scroll sideways.
            inner.setMaximumWidth(self.viewport().width())


class ScreenPage(QWidget):
    """One screen in the stack: its content in a :class:`TouchScrollArea`, docked widgets below.

    When a docked keyboard appears or types, the field it types into is scrolled
    into view above it.
    """

    def __init__(self, screen: Screen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shown_screen = screen
        #: The docked row holding the primary action, while a keyboard has it stepped aside.
        self._primary_hidden: QWidget | None = None
        self.setObjectName(f"page_{screen.objectName()}")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.content = TouchScrollArea()
        self.content.setWidget(screen)
        lay.addWidget(self.content, 1)
        self.dock = QFrame()
        self.dock.setObjectName("dock")
        dl = QVBoxLayout(self.dock)
        dl.setContentsMargins(24, 2, 24, 4)
        dl.setSpacing(8)
        for w in screen.docked():
            dl.addWidget(w)
            w.installEventFilter(self)
            typed = getattr(w, "typed", None)
            if typed is not None:
                # After the layout settles: a key press can grow the keyboard (the
                # candidates row appears), and so shrink the viewport, first.
                typed.connect(lambda: QTimer.singleShot(0, self._keep_target_visible))
        lay.addWidget(self.dock)
        # The viewport shrinks when the keyboard grows (its candidates row appears after
        # the key press that announced it), and the content grows when an error appears
        # under the field: both move the field, so both bring it back into view.
        self.content.viewport().installEventFilter(self)
        screen.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self._keep_target_visible)
        if event.type() == QEvent.Type.Resize and (
            obj is self.shown_screen or obj is self.content.viewport()
        ):
            QTimer.singleShot(0, self._keep_target_visible)
            return False
        if event.type() in (QEvent.Type.Show, QEvent.Type.Hide) and hasattr(obj, "typed"):
            self._make_room_for_keyboard()
        return False

    def _make_room_for_keyboard(self) -> None:
        """While a docked keyboard is open, the docked primary action steps aside.

        At 1366×768 in elderly mode the keyboard and 下一步 together leave no room
        for the field being typed; the keyboard's 完成 closes it and 下一步 returns.
        """
        docked = self.shown_screen.docked()
        primary = self.shown_screen.primary_action()
        # The primary action itself, or the docked row that holds it (返回 beside 确认:
        # the footer's 退出 stays the way out while typing).
        holder = next(
            (
                w
                for w in docked
                if primary is not None and (w is primary or w.isAncestorOf(primary))
            ),
            None,
        )
        if holder is None:
            return
        typing = any(hasattr(w, "typed") and not w.isHidden() for w in docked)
        if typing and not holder.isHidden():
            holder.hide()
            self._primary_hidden = holder
        elif not typing and self._primary_hidden is not None:
            self._primary_hidden.show()
            self._primary_hidden = None

    def _keep_target_visible(self) -> None:
        for w in self.shown_screen.docked():
            target = getattr(w, "target", None)
            if (
                isinstance(target, QLineEdit)
                and w.isVisible()
                and self.shown_screen.isAncestorOf(target)
            ):
                room = self.content.viewport().height() - target.height()
                # The whole field, not ensureWidgetVisible: for a QLineEdit that only
                # brings its text cursor into view, and leaves the field half cut.
                inner = self.content.widget()
                if inner is None:
                    continue
                top_left = target.mapTo(inner, QPoint(0, 0))
                self.content.ensureVisible(
                    top_left.x(),
                    top_left.y() + target.height() // 2,
                    0,
                    target.height() // 2 + max(0, min(24, room // 2)),
                )


class ElidedLabel(QLabel):
    """A one-line label that elides with … when too narrow; the full text is its tooltip.

    :meth:`set_texts` gives shorter forms of the same message, shown in turn when
    the full one does not fit (the card chip at 1366×768); the label then never
    gets narrower than its shortest form. The full text stays the label's text, its
    tooltip and its accessible name whatever is painted.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._full = text
        self._forms: tuple[str, ...] = (text,)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def setText(self, text: str) -> None:
        self.set_texts(text)

    def set_texts(self, full: str, *shorter: str) -> None:
        """``full``, and shorter forms (longest first) to paint when it does not fit."""
        self._full = full
        self._forms = (full, *shorter)
        self.setToolTip(full)
        self.setAccessibleName(full)
        super().setText(full)
        self._update_minimum()
        self.update()

    def _update_minimum(self) -> None:
        # Ignored width policy: only an explicit minimum keeps the shortest form whole.
        if len(self._forms) > 1:
            m = self.contentsMargins()
            need = QFontMetrics(self.font()).horizontalAdvance(self._forms[-1])
            self.setMinimumWidth(need + m.left() + m.right() + 2)
        else:
            self.setMinimumWidth(40)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._update_minimum()

    def full_text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        """What is painted at the label's width: the longest form that fits, else elided."""
        fm = QFontMetrics(self.font())
        width = self.contentsRect().width()
        for form in self._forms:
            if fm.horizontalAdvance(form) <= width:
                return form
        return fm.elidedText(self._forms[-1], Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: object) -> None:
        p = QPainter(self)
        p.setPen(self.palette().color(self.foregroundRole()))
        p.drawText(
            self.contentsRect(),
            int(self.alignment() | Qt.AlignmentFlag.AlignVCenter),
            self.shown_text(),
        )
        # End explicitly: a painter left to the garbage collector outlives the pixmap of a
        # QWidget.grab() (the shared screen of a video call grabs the window 5 times a
        # second) and crashed the process ("Cannot destroy paint device that is being painted").
        p.end()


def _has_cjk(text: str) -> bool:
    return any(ord(c) > 0x2E7F for c in text)


def _break_word(word: str, fm: QFontMetrics, width: int) -> list[str]:
    """A word wider than ``width``: after its / or -, else between letters."""
    parts = re.findall(r"[^/-]+[/-]?|[/-]", word)
    pieces: list[str] = []
    for part in parts:
        if pieces and fm.horizontalAdvance(pieces[-1] + part) <= width:
            pieces[-1] += part
        elif fm.horizontalAdvance(part) <= width:
            pieces.append(part)
        else:
            line = ""
            for ch in part:
                if line and fm.horizontalAdvance(line + ch) > width:
                    pieces.append(line)
                    line = ""
                line += ch
            pieces.append(line)
    return pieces


#: One QFontMetrics per font, by the font's key: not one per tile per resize.
_METRICS: dict[str, QFontMetrics] = {}
#: Wrapped names by (text, font key, width, max lines, source); bounded below.
_WRAPPED: dict[tuple[str, str, int, int, str], str] = {}
_WRAPPED_MAX = 8192


def wrap_for_font(text: str, font: QFont, width: int, max_lines: int = 3, source: str = "") -> str:
    """:func:`wrap_to_width` in ``font``, remembered per (text, font, width, lines, source).

    The catalog's tiles are laid out again at every page, screen size and mode
    switch with the same few widths: each name is measured once per width.
    """
    font_key = font.key()
    key = (text, font_key, width, max_lines, source)
    out = _WRAPPED.get(key)
    if out is None:
        fm = _METRICS.get(font_key)
        if fm is None:
            fm = _METRICS[font_key] = QFontMetrics(font)
        out = wrap_to_width(text, fm, width, max_lines, source)
        if len(_WRAPPED) >= _WRAPPED_MAX:
            _WRAPPED.clear()  # rare (many catalog syncs): start again rather than grow
        _WRAPPED[key] = out
    return out


def wrap_to_width(
    text: str, fm: QFontMetrics, width: int, max_lines: int = 3, source: str = ""
) -> str:
    """Break ``text`` into lines of at most ``width`` pixels in ``fm``'s font.

    Chinese breaks between words (:func:`screens.base.tile_text`, as many characters
    a line as the width holds); other text between words, a word too long for a
    line after its / or - (else between letters). Past ``max_lines`` the last line
    ends with ….
    """
    from screens.base import tile_text

    width = max(1, width)
    if _has_cjk(text):
        per_line = max(1, width // max(1, fm.horizontalAdvance("国")))
        return tile_text(text, per_line, max_lines, source)
    lines: list[str] = []
    for word in text.split():
        pieces = _break_word(word, fm, width) if fm.horizontalAdvance(word) > width else [word]
        for i, piece in enumerate(pieces):
            glue = " " if i == 0 else ""
            if lines and fm.horizontalAdvance(lines[-1] + glue + piece) <= width:
                lines[-1] += glue + piece
            else:
                lines.append(piece)
    if len(lines) > max_lines:
        rest = " ".join(lines[max_lines - 1 :])
        lines = [*lines[: max_lines - 1], fm.elidedText(rest, Qt.TextElideMode.ElideRight, width)]
    return "\n".join(lines)


class FitTextButton(QPushButton):
    """A button whose name wraps to the button's own width (a catalog tile, a category).

    The layout decides the width (the text does not: a long English name cannot
    widen its column or be clipped at both ends); the name is broken between words
    for that width, at most ``max_lines`` lines, and re-broken when the width or
    the font (elderly mode) changes. The full name is the tooltip and accessible name.
    """

    def __init__(
        self, name: str = "", source: str = "", max_lines: int = 3, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        policy.setControlType(QSizePolicy.ControlType.PushButton)
        self.setSizePolicy(policy)
        self._max_lines = max_lines
        self._name = self._source = ""
        self._wrapped_for: tuple[int, str] | None = None
        #: The style's border and padding, in pixels (None: ask the style again).
        self._chrome: int | None = None
        self.set_name(name, source)

    def set_name(self, name: str, source: str = "") -> None:
        self._name, self._source = name, source
        self.setToolTip(name)
        self.setAccessibleName(name)
        self._wrapped_for = None
        self._rewrap()

    def name(self) -> str:
        return self._name

    def text_width(self) -> int:
        """The width the label may take: the button's less its border and padding."""
        if self._chrome is None:
            from PySide6.QtWidgets import QStyle, QStyleOptionButton

            # The style sheet's border and padding do not depend on the width: asked
            # of the style once per font and style (it was asked at every resize of
            # every tile), then taken off the width.
            opt = QStyleOptionButton()
            self.initStyleOption(opt)
            contents = self.style().subElementRect(
                QStyle.SubElement.SE_PushButtonContents, opt, self
            )
            if contents.width() <= 0:  # not laid out yet: nothing to learn from
                return contents.width() - 4
            self._chrome = self.width() - contents.width() + 4
        return self.width() - self._chrome

    def _rewrap(self) -> None:
        width = self.text_width() if self.width() > 1 else 0
        font = self.font()
        key = (width, font.key())
        if key == self._wrapped_for:
            return
        self._wrapped_for = key
        if width <= 0:
            super().setText(self._name)
            return
        text = wrap_for_font(self._name, font, width, self._max_lines, self._source)
        if text != self.text():
            super().setText(text)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # Only the width breaks the lines: a change of height alone keeps them.
        if event.size().width() != event.oldSize().width():
            self._rewrap()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._wrapped_for = None
            self._chrome = None
            self._rewrap()
