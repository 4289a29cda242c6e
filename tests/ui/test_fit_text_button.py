"""FitTextButton measures a name once per (text, font, width), not at every resize.

The walkthrough's stall monitor put the tiles' re-wrapping among the UI thread's
longest stalls (issue 18): every resize of every tile asked the style sheet for its
padding and measured every word again with a fresh QFontMetrics.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetrics

import screens.layout as layout
from screens.layout import FitTextButton, wrap_to_width

NAME = "Certificate of no criminal record for residents"


@pytest.fixture
def counted(monkeypatch):
    calls: list[tuple[str, int]] = []
    real = layout.wrap_to_width

    def spy(text, fm, width, max_lines=3, source=""):
        calls.append((text, width))
        return real(text, fm, width, max_lines, source)

    monkeypatch.setattr(layout, "wrap_to_width", spy)
    monkeypatch.setattr(layout, "_WRAPPED", {})
    return calls


def test_the_wrapped_name_is_the_one_wrap_to_width_gives(qtbot, counted):
    b = FitTextButton(NAME)
    qtbot.addWidget(b)
    # A look of its own: the application's style sheet (the elderly theme, left by an
    # earlier test in the suite) sets a font that needs more than three lines at this
    # width, and the last is elided.
    b.setStyleSheet("QPushButton { font-size: 16px; padding: 6px; }")
    b.show()  # a hidden widget gets its resize events only when shown
    b.resize(220, 120)
    width = b.text_width()
    assert 0 < width < 220  # the style's border and padding are taken off
    assert b.text() == wrap_to_width(NAME, QFontMetrics(b.font()), width, 3)
    assert "\n" in b.text()  # it did wrap: the test could fail
    assert all(w in NAME.split() for w in b.text().replace("\n", " ").split())  # whole words


def test_a_change_of_height_alone_does_not_wrap_again(qtbot, counted):
    b = FitTextButton(NAME)
    qtbot.addWidget(b)
    b.show()  # a hidden widget gets its resize events only when shown
    b.resize(220, 120)
    before = len(counted)
    b.resize(220, 160)
    b.resize(220, 90)
    assert len(counted) == before
    b.resize(300, 90)
    assert len(counted) == before + 1


def test_tiles_of_the_same_name_and_width_measure_it_once(qtbot, counted):
    tiles = [FitTextButton(NAME) for _ in range(5)]
    for t in tiles:
        qtbot.addWidget(t)
        t.show()
        t.resize(220, 120)
    assert len({t.text() for t in tiles}) == 1
    assert counted.count((NAME, tiles[0].text_width())) == 1


def test_a_new_font_wraps_again_for_it(qtbot, counted):
    b = FitTextButton(NAME)
    qtbot.addWidget(b)
    b.show()  # a hidden widget gets its resize events only when shown
    b.resize(220, 120)
    small = b.text()
    font = QFont(b.font())
    font.setPixelSize(font.pixelSize() * 2 if font.pixelSize() > 0 else 28)
    b.setFont(font)
    assert b.text() == wrap_to_width(NAME, QFontMetrics(font), b.text_width(), 3)
    assert b.text() != small
