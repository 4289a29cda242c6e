"""The touch theme: one stylesheet, two sizes (normal and elderly mode).

Widgets ask for a look through the ``role`` property (``primary``, ``secondary``,
``danger`` buttons; ``title``, ``subtitle``, ``hint``, ``error``, ``ok`` labels),
never through inline styles, so elderly mode and contrast changes reach every
screen at once. Touch targets are at least 60 px (72 px in elderly mode).

Switching modes: the application's stylesheet is set once, at start, for the
terminal's configured mode (:func:`apply_theme`). Replacing it at a toggle
re-polished all ~560 widgets, the hidden screens too: 850 ms on the UI thread
(issue 18). A toggle now gives the other mode's stylesheet to the visible parts of
the window only (:func:`restyle`: a widget's own sheet wins over the
application's, whatever the selectors' specificity), and the window restyles each
hidden part when it is shown; back in the configured mode the widget sheets are
cleared again.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

#: Application property: the mode the application-wide stylesheet is for.
_APP_MODE = "kioskThemeElderly"
#: Widget property: the widget's own stylesheet from before it was restyled.
_OWN_SHEET = "kioskOwnStyleSheet"
#: Widget property: a part of the window that paints the screen's background
#: itself (in the application's mode it is transparent over the stack's).
THEME_PART = "themePart"

#: Preferred CJK families, best first. wqy-zenhei ships with install.sh; Noto CJK
#: must be named explicitly or Qt's fallback may pick its Japanese variant.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Source Han Sans SC",
)


@dataclass(frozen=True)
class Palette:
    bg: str
    surface: str
    text: str
    muted: str
    primary: str
    primary_text: str
    secondary: str
    danger: str
    ok: str
    border: str
    header: str


NORMAL = Palette(
    bg="#F3F6FA",
    surface="#FFFFFF",
    text="#1B2430",
    muted="#4A5565",
    primary="#C8102E",  # 政务红
    primary_text="#FFFFFF",
    secondary="#1F5FAD",
    danger="#B00020",
    ok="#1E7B34",
    border="#C9D2DE",
    header="#B00D27",
)

#: Elderly mode: bigger type and higher contrast (pure black text, darker accents).
ELDERLY = Palette(
    bg="#FFFFFF",
    surface="#FFFFFF",
    text="#000000",
    muted="#1B1B1B",
    primary="#A00000",
    primary_text="#FFFFFF",
    secondary="#0B3D91",
    danger="#8B0000",
    ok="#0B5D1E",
    border="#000000",
    header="#8B0000",
)


@dataclass(frozen=True)
class Sizes:
    base: int
    title: int
    subtitle: int
    hint: int
    button: int
    target: int
    radius: int


NORMAL_SIZES = Sizes(base=22, title=40, subtitle=28, hint=20, button=26, target=64, radius=12)
ELDERLY_SIZES = Sizes(base=30, title=52, subtitle=36, hint=28, button=34, target=84, radius=14)


@functools.cache
def cjk_family() -> str:
    """The CJK font family the theme uses (the font database is read once: 7-40 ms)."""
    families = set(QFontDatabase.families())
    for f in CJK_FAMILIES:
        if f in families:
            return f
    return QApplication.font().family()


@functools.cache
def stylesheet(elderly: bool) -> str:
    """The whole theme for one mode, as a Qt stylesheet."""
    p = ELDERLY if elderly else NORMAL
    s = ELDERLY_SIZES if elderly else NORMAL_SIZES
    family = cjk_family()
    return f"""
    QWidget {{ font-family: "{family}"; font-size: {s.base}px; color: {p.text}; }}
    QMainWindow, QStackedWidget, #screenArea {{ background: {p.bg}; }}
    #header {{ background: {p.header}; }}
    #header QLabel {{ color: #FFFFFF; font-size: {s.subtitle}px; font-weight: bold; }}
    #header QPushButton {{ background: transparent; color: #FFFFFF; border: 2px solid #FFFFFF;
        border-radius: {s.radius}px; min-height: {s.target - 8}px; padding: 0 16px;
        font-size: {s.hint}px; }}
    #header QPushButton:checked {{ background: #FFFFFF; color: {p.header}; }}
    #footer {{ background: {p.surface}; border-top: 1px solid {p.border}; }}
    #statusBar {{ background: #1B2430; }}
    #statusBar QLabel {{ color: #FFFFFF; font-size: {max(16, s.hint - 2)}px; }}
    #statusBar QLabel[role="error"] {{ color: #FFB4B4; font-weight: bold; }}
    QLabel[role="title"] {{ font-size: {s.title}px; font-weight: bold; }}
    QLabel[role="subtitle"] {{ font-size: {s.subtitle}px; font-weight: bold; color: {p.text}; }}
    QLabel[role="hint"] {{ font-size: {s.hint}px; color: {p.muted}; }}
    QLabel[role="error"] {{ color: {p.danger}; font-weight: bold; }}
    QLabel[role="ok"] {{ color: {p.ok}; font-weight: bold; }}
    QPushButton {{ min-height: {s.target}px; min-width: {s.target}px; font-size: {s.button}px;
        border-radius: {s.radius}px; padding: 4px 24px; background: {p.surface};
        border: 2px solid {p.border}; }}
    QPushButton:pressed {{ background: {p.border}; }}
    QPushButton:checked {{ background: {p.secondary}; color: #FFFFFF; border-color: {p.secondary}; }}
    QPushButton:disabled {{ color: #8A94A3; border-color: #DDE3EA; }}
    QPushButton[role="primary"] {{ background: {p.primary}; color: {p.primary_text};
        border: none; font-weight: bold; }}
    QPushButton[role="primary"]:disabled {{ background: #D9A3AC; }}
    QPushButton[role="secondary"] {{ background: {p.secondary}; color: #FFFFFF; border: none; }}
    QPushButton[role="danger"] {{ background: {p.surface}; color: {p.danger};
        border: 2px solid {p.danger}; }}
    QPushButton[role="tile"] {{ background: {p.surface}; border: 2px solid {p.border};
        min-height: {s.target * 2}px; font-size: {s.subtitle}px; font-weight: bold; }}
    QPushButton[role="tile"]:checked {{ background: {p.secondary}; color: #FFFFFF;
        border-color: {p.secondary}; }}
    QLineEdit, QComboBox, QDateEdit, QPlainTextEdit {{ min-height: {s.target}px;
        font-size: {s.button}px; border: 2px solid {p.border}; border-radius: {s.radius}px;
        padding: 0 12px; background: {p.surface}; }}
    QLineEdit:read-only {{ background: {p.bg}; color: {p.muted}; }}
    #postProvince::item, #postCity::item, #postDistrict::item, #postStreet::item {{
        min-height: 64px;
        padding: 0 8px; }}
    QLineEdit[invalid="true"] {{ border-color: {p.danger}; }}
    #touchScroll QScrollBar:vertical {{ width: 8px; background: transparent; border: none; }}
    #touchScroll QScrollBar::handle:vertical {{ background: {p.border}; border-radius: 4px;
        min-height: 40px; }}
    #touchScroll QScrollBar::add-line, #touchScroll QScrollBar::sub-line {{ height: 0; }}
    #touchScroll QScrollBar::add-page, #touchScroll QScrollBar::sub-page {{ background: none; }}
    QScrollBar:vertical {{ width: 12px; }}
    #dock {{ background: {p.bg}; }}
    #keyboard QPushButton {{ min-height: 56px; max-height: 56px; min-width: 40px; padding: 0 4px; }}
    #keyboard QPushButton[role="primary"] {{ border: 2px solid {p.primary}; }}
    #overlay {{ background: rgba(0, 0, 0, 160); }}
    #overlayCard {{ background: {p.surface}; border-radius: {s.radius * 2}px; }}
    #overlayCard QStackedWidget, #overlayCard #touchScroll,
    #overlayCard #touchScroll > QWidget, #overlayCard #touchScroll > QWidget > QWidget {{
        background: transparent; }}
    #card {{ background: {p.surface}; border: 1px solid {p.border}; border-radius: {s.radius}px; }}
    """


def _font(elderly: bool) -> QFont:
    font = QFont(cjk_family())
    font.setPixelSize((ELDERLY_SIZES if elderly else NORMAL_SIZES).base)
    return font


def apply_theme(app: QApplication, elderly: bool) -> None:
    """Apply the stylesheet (and the CJK font) to the whole application.

    For the start (before the widgets exist): every widget is polished again. A
    mode switch at run time goes through :func:`set_app_font` and :func:`restyle`.
    """
    app.setFont(_font(elderly))
    app.setStyleSheet(stylesheet(elderly))
    app.setProperty(_APP_MODE, elderly)


def set_app_font(elderly: bool) -> None:
    """The application's default font for ``elderly`` (1-6 ms: no widget is re-polished)."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setFont(_font(elderly))


@functools.cache
def _scoped_sheet(elderly: bool) -> str:
    p = ELDERLY if elderly else NORMAL
    return stylesheet(elderly) + f'    QWidget[{THEME_PART}="true"] {{ background: {p.bg}; }}\n'


_W = TypeVar("_W", bound=QWidget)


def mark_theme_part(widget: _W) -> _W:
    """Let ``widget`` paint the mode's background when it is restyled (a page, a strip)."""
    widget.setProperty(THEME_PART, True)
    widget.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return widget


def restyle(widget: QWidget, elderly: bool) -> bool:
    """Give ``widget`` and its children the look of ``elderly``; False if they had it.

    Re-polishes only this subtree, and only when its look changes. A widget's own
    stylesheet (set before the first restyle) is kept after the theme's rules.
    """
    app = QApplication.instance()
    app_mode = bool(app.property(_APP_MODE)) if app is not None else False
    own = widget.property(_OWN_SHEET)
    if own is None:
        own = widget.styleSheet()
        if own.strip() and "{" not in own and widget.objectName():
            # Bare declarations are a sheet only on their own: after the theme's rules
            # Qt drops them (the demo notice lost its dark background in elderly mode).
            own = f"#{widget.objectName()} {{ {own} }}"
        widget.setProperty(_OWN_SHEET, own)
    want = own if elderly == app_mode else _scoped_sheet(elderly) + own
    if widget.styleSheet() == want:
        return False
    widget.setStyleSheet(want)
    return True


def set_role(widget: QWidget, role: str) -> QWidget:
    """Set a widget's theme role and re-polish it so the change shows at once."""
    widget.setProperty("role", role)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    return widget
