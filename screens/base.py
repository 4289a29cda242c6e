"""What every screen has in common: a title, enter/wipe hooks, retranslation."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.session.machine import SessionState
from screens.theme import set_role

if TYPE_CHECKING:
    from kiosk.ui.controllers.base import FlowController


class Screen(QWidget):
    """Base class of the session screens.

    A screen shows state and sends intents to the controller; it never talks to a
    device or the database. ``wipe()`` must clear every widget that may hold
    personal data: it is called at the end of every session.
    """

    state: ClassVar[SessionState]
    show_back: ClassVar[bool] = True
    show_exit: ClassVar[bool] = True
    #: The layout itself depends on elderly mode (tiles per row, items per page), so
    #: a mode switch on this screen runs ``on_enter()`` again; other screens only
    #: take the mode's stylesheet (and keep what the resident typed or chose).
    mode_dependent_layout: ClassVar[bool] = False

    def __init__(self, ctl: FlowController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setObjectName(f"screen_{self.state.value}")

    def title(self) -> str:
        return ""

    def spoken_prompt(self) -> str:
        """What the voice says when the screen appears (empty = nothing)."""
        return ""

    def on_enter(self) -> None:
        """The screen is about to be shown: refresh from the session."""

    def docked(self) -> list[QWidget]:
        """Widgets kept below the scrolling content, always visible (keyboard, primary action).

        The main window moves them into the page's dock once, at start-up.
        """
        return []

    def primary_action(self) -> QWidget | None:
        """The button that moves the resident on (checked to lie wholly on screen)."""
        return None

    def needs_card(self) -> bool:
        """Whether this step reads the card left on the reader ("请勿取走证件")."""
        return False

    def has_unsaved_input(self) -> bool:
        """Whether 退出 would discard something the resident typed (asks to confirm)."""
        return False

    def status_alert(self) -> str:
        """A problem to show on the status bar while this screen is up ("" = none)."""
        return ""

    def wipe(self) -> None:
        """Clear everything personal from the widgets."""

    def retranslate(self) -> None:
        """Re-set every visible string (after a language switch)."""

    def shutdown(self) -> None:
        """The app is closing: stop worker threads the screen owns."""
        self.wipe()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def label(text: str = "", role: str | None = None, wrap: bool = True) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(wrap)
    if role:
        set_role(lab, role)
    return lab


def button(text: str = "", role: str | None = None) -> QPushButton:
    btn = QPushButton(text)
    btn.setCursor(Qt.CursorShape.PointingHandCursor)
    if role:
        set_role(btn, role)
    return btn


def overlay_card(overlay: QFrame, min_width: int, spacing: int = 20) -> QVBoxLayout:
    """Make ``overlay`` a dimmed cover with a centred card; returns the card's layout.

    Shared by the idle warning, the technician PIN pad and the package overlay.
    """
    overlay.setObjectName("overlay")
    overlay.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    outer = QVBoxLayout(overlay)
    outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
    card = QFrame()
    card.setObjectName("overlayCard")
    card.setMinimumWidth(min_width)
    lay = QVBoxLayout(card)
    lay.setContentsMargins(44, 36, 44, 36)
    lay.setSpacing(spacing)
    outer.addWidget(card)
    return lay


def tile_text(text: str, per_line: int = 7, max_lines: int = 3, source: str = "") -> str:
    """Break a long name over lines between words (QPushButton does not wrap).

    Words come from :func:`screens.words.segment` (never "无犯罪记/录证明"); a name
    longer than ``max_lines`` lines is elided with …, and the caller puts the full
    name in the tooltip. A translated name gives its zh_CN ``source``: a zh_TW name
    of the same length breaks where its source does (the word list is Simplified);
    an English one breaks between words, about two letters to a Chinese character.
    """
    if not any(ord(c) > 0x2E7F for c in text):
        import textwrap

        width = per_line * 2
        if len(text) <= width:
            return text
        lines = textwrap.wrap(text, width, break_long_words=False)
        if len(lines) > max_lines:
            lines = lines[:max_lines]
            lines[-1] = lines[-1][: width - 1] + "…"
        return "\n".join(lines)
    if len(text) <= per_line:
        return text
    from screens.words import wrap_words

    if source and len(source) == len(text) and source != text:
        lines, pos = [], 0
        for line in wrap_words(source, per_line):
            lines.append(text[pos : pos + len(line)])
            pos += len(line)
    else:
        lines = wrap_words(text, per_line)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1] + "…"
    return "\n".join(lines)


def scrolled(inner_layout: QLayout) -> QScrollArea:
    """Wrap a layout in a frameless touch-scrolled area (long lists on small screens)."""
    from screens.layout import TouchScrollArea

    area: QScrollArea = TouchScrollArea()
    holder = QWidget()
    holder.setLayout(inner_layout)
    area.setWidget(holder)
    return area


def vbox(widget: QWidget, margins: int = 32, spacing: int = 20) -> QVBoxLayout:
    lay = QVBoxLayout(widget)
    lay.setContentsMargins(margins, margins, margins, margins)
    lay.setSpacing(spacing)
    return lay


def blank(widget: QWidget) -> None:
    """Clear the text of a widget and of every label and input inside it."""
    for w in [widget, *widget.findChildren(QWidget)]:
        if isinstance(w, (QLabel, QLineEdit)):
            w.clear()


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every item of a layout (used when a screen is rebuilt)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        w = item.widget()
        if w is not None:
            blank(w)  # the text must not outlive the screen until deferred deletion
            w.setParent(None)
            w.deleteLater()
        else:
            inner = item.layout()
            if inner is not None:
                clear_layout(inner)


class LabelPool:
    """The labels of a list a screen rebuilds (a guide's sections), kept for the next build.

    A new QLabel is polished against the application's style sheet as it joins a
    shown screen. The guide made 25-40 of them each time it opened, and with the
    layout that followed that was a 75 ms turn of the UI thread
    (bench/responsiveness.py, issue 18); a kept label only gets a new text.
    """

    def __init__(self, layout: QLayout) -> None:
        self._layout = layout
        self._free: dict[str | None, list[QLabel]] = {}
        self._used: list[tuple[str | None, QLabel]] = []

    def begin(self) -> None:
        """Empty the layout for a new build; its labels are hidden and kept, blank."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is None:
                break
        for role, lab in self._used:
            lab.hide()
            lab.clear()
            self._free.setdefault(role, []).append(lab)
        self._used = []

    def add(self, text: str, role: str | None = None) -> QLabel:
        """A label of ``role`` showing ``text``, appended to the layout."""
        free = self._free.get(role)
        lab = free.pop() if free else label(role=role)
        lab.setText(text)
        self._layout.addWidget(lab)
        lab.show()
        self._used.append((role, lab))
        return lab
