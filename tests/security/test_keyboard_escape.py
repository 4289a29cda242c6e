"""Issue 23 item 9 (keyboard): a USB keyboard at the kiosk cannot navigate or press.

Real Qt key events (QTest) through the real KeyboardWedgeFilter installed on the
application: Tab would move focus to any widget, a Space presses the focused
button, Ctrl/Alt combinations fire shortcuts. None reaches a widget; a scanned
code containing a space still arrives whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.config import QrScannerConfig
from kiosk.ui.keyboard_wedge import KeyboardWedgeFilter


class Screen(QWidget):
    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        self.field = QLineEdit()
        self.exit_btn = QPushButton("管理")
        self.other_btn = QPushButton("下一步")
        for w in (self.field, self.exit_btn, self.other_btn):
            lay.addWidget(w)
        self.pressed: list[str] = []
        self.exit_btn.clicked.connect(lambda: self.pressed.append("exit"))
        self.other_btn.clicked.connect(lambda: self.pressed.append("other"))
        self.shortcuts = 0
        for seq in ("Ctrl+Q", "Alt+F4", "Ctrl+Shift+Esc"):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.ApplicationShortcut)
            sc.activated.connect(self._shortcut)

    def _shortcut(self) -> None:
        self.shortcuts += 1


@pytest.fixture
def screen(qtbot) -> Screen:
    w = Screen()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture(params=[True, False], ids=["scanning", "scan-recognition-off"])
def wedge(qapp, request) -> Iterator[tuple[KeyboardWedgeFilter, list[str]]]:
    got: list[str] = []
    f = KeyboardWedgeFilter.from_config(QrScannerConfig(), sink=got.append)
    f.install()
    f.setEnabled(request.param)
    yield f, got
    f.uninstall()


def test_tab_does_not_move_focus(screen: Screen, wedge) -> None:
    screen.exit_btn.setFocus()
    for _ in range(3):
        QTest.keyClick(screen.exit_btn, Qt.Key.Key_Tab)
        QTest.keyClick(screen.exit_btn, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert screen.exit_btn.hasFocus()


def test_a_bare_space_does_not_press_the_focused_button(screen: Screen, wedge) -> None:
    screen.exit_btn.setFocus()
    QTest.keyClick(screen.exit_btn, Qt.Key.Key_Space, delay=90)
    QTest.keyClick(screen.exit_btn, Qt.Key.Key_Space, delay=90)
    QTest.qWait(100)
    assert screen.pressed == []
    # In a text field a space is still typed.
    screen.field.setFocus()
    QTest.keyClicks(screen.field, "a b", delay=90)
    QTest.qWait(100)
    assert screen.field.text() == "a b"


def test_ctrl_and_alt_combinations_fire_nothing(screen: Screen, wedge) -> None:
    screen.field.setFocus()
    QTest.keyClick(screen.field, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(screen.field, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(
        screen.field,
        Qt.Key.Key_Escape,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    QTest.keyClick(screen.field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.qWait(50)
    assert screen.shortcuts == 0 and screen.field.text() == ""


def test_a_scanned_code_with_a_space_still_arrives(screen: Screen, qapp) -> None:
    got: list[str] = []
    f = KeyboardWedgeFilter.from_config(QrScannerConfig(), sink=got.append)
    f.install()
    screen.exit_btn.setFocus()
    for ch in "AB 12 CD":
        key = Qt.Key.Key_Space if ch == " " else getattr(Qt.Key, f"Key_{ch}")
        QTest.keyClick(screen.exit_btn, key, Qt.KeyboardModifier.NoModifier)
    QTest.keyClick(screen.exit_btn, Qt.Key.Key_Return)
    f.uninstall()
    assert got == ["ab 12 cd"] and screen.pressed == []
