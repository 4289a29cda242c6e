"""Keyboard-wedge scans told from human typing, with real Qt key events (pytest-qt)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout, QWidget

from drivers.qr_scanner import CodeScanned, KeyboardWedgeScanner
from kiosk.config import QrScannerConfig
from kiosk.ui.keyboard_wedge import KeyboardWedgeFilter

SCAN = "AC-7f3Kq9Zx2LmN0pQ"
HUMAN_DELAY_MS = 90  # a quick typist; the threshold is 30 ms


class Form(QWidget):
    """A form field with a default-action button and an Enter shortcut."""

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        self.field = QLineEdit()
        self.button = QPushButton("提交")
        lay.addWidget(self.field)
        lay.addWidget(self.button)
        self.submitted = 0
        self.field.returnPressed.connect(self._submit)

    def _submit(self) -> None:
        self.submitted += 1


@pytest.fixture
def form(qtbot) -> Form:
    w = Form()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.field.setFocus()
    return w


@pytest.fixture
def wedge(qapp) -> Iterator[tuple[KeyboardWedgeFilter, list[str]]]:
    got: list[str] = []
    f = KeyboardWedgeFilter.from_config(QrScannerConfig(), sink=got.append)
    f.install()
    yield f, got
    f.uninstall()


def _scanner_types(widget: QWidget, text: str, enter: bool = True) -> None:
    # QTest with no delay: every key is delivered back to back, as a scanner does.
    for ch in text:
        modifier = (
            Qt.KeyboardModifier.ShiftModifier if ch.isupper() else Qt.KeyboardModifier.NoModifier
        )
        QTest.keyClick(widget, ch, modifier)
    if enter:
        QTest.keyClick(widget, Qt.Key.Key_Return)


def test_scan_burst_is_recognised_and_kept_out_of_the_field(qtbot, form: Form, wedge) -> None:
    f, got = wedge
    with qtbot.waitSignal(f.codeScanned, timeout=1000) as sig:
        _scanner_types(form.field, SCAN)
    assert sig.args == [SCAN]
    assert got == [SCAN]
    qtbot.wait(80)  # past the threshold: nothing is replayed later either
    assert form.field.text() == ""
    assert form.submitted == 0  # the scanner's Enter did not submit the form


def test_slow_human_typing_goes_to_the_field(qtbot, form: Form, wedge) -> None:
    f, got = wedge
    QTest.keyClicks(form.field, "zhang san 1", Qt.KeyboardModifier.NoModifier, HUMAN_DELAY_MS)
    qtbot.wait(80)
    QTest.keyClick(form.field, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, HUMAN_DELAY_MS)
    assert form.field.text() == "zhang san 1"
    assert form.submitted == 1  # the person's Enter reached the field
    assert got == [] and f.scans == 0


def test_person_then_scan_then_person(qtbot, form: Form, wedge) -> None:
    _f, got = wedge
    QTest.keyClicks(form.field, "ab", Qt.KeyboardModifier.NoModifier, HUMAN_DELAY_MS)
    qtbot.wait(60)
    _scanner_types(form.field, "SCANNED-123")
    QTest.keyClicks(form.field, "cd", Qt.KeyboardModifier.NoModifier, HUMAN_DELAY_MS)
    qtbot.wait(60)
    assert form.field.text() == "abcd"
    assert got == ["SCANNED-123"]


def test_fast_burst_without_enter_is_given_back(qtbot, form: Form, wedge) -> None:
    f, got = wedge
    _scanner_types(form.field, "paste-like", enter=False)
    assert f.holding and form.field.text() == ""
    qtbot.waitUntil(lambda: form.field.text() == "paste-like", timeout=1000)
    assert got == [] and not f.holding


def test_short_fast_burst_with_enter_is_not_a_scan(qtbot, form: Form, wedge) -> None:
    _f, got = wedge
    _scanner_types(form.field, "ok")  # under keyboard_min_length
    qtbot.wait(60)
    assert form.field.text() == "ok" and form.submitted == 1 and got == []


def test_other_key_inside_a_burst_flushes_it_in_order(qtbot, form: Form, wedge) -> None:
    _f, got = wedge
    _scanner_types(form.field, "abcd", enter=False)
    QTest.keyClick(form.field, Qt.Key.Key_Backspace)
    assert form.field.text() == "abc"
    assert got == []


def test_scan_does_not_fire_an_enter_shortcut(qtbot, wedge) -> None:
    _f, got = wedge
    w = QWidget()
    qtbot.addWidget(w)
    fired: list[int] = []
    sc = QShortcut(QKeySequence(Qt.Key.Key_Return), w)
    sc.activated.connect(lambda: fired.append(1))
    with qtbot.waitActive(w):  # window shortcuts only fire in the active window
        w.show()
        w.activateWindow()
    w.setFocus()
    _scanner_types(w, "SHORTCUT-SAFE-1")
    assert got == ["SHORTCUT-SAFE-1"] and fired == []
    QTest.keyClick(w, Qt.Key.Key_Return)  # a person's Enter still triggers it
    assert fired == [1]


def test_events_through_the_window_system_path(qtbot, form: Form, wedge) -> None:
    """Key events entering through the QWindow (as real keyboards do) are seen once."""
    _f, got = wedge
    win = form.windowHandle()
    for ch in "WINPATH-9":
        QTest.keyClick(win, ch)
    QTest.keyClick(win, Qt.Key.Key_Return)
    assert got == ["WINPATH-9"]
    for ch in "xy":
        QTest.keyClick(win, ch, Qt.KeyboardModifier.NoModifier, HUMAN_DELAY_MS)
    qtbot.wait(60)
    assert form.field.text() == "xy"


def test_disabled_filter_lets_everything_through(qtbot, form: Form, wedge) -> None:
    f, got = wedge
    f.setEnabled(False)
    _scanner_types(form.field, "RAWKEYS1")
    assert form.field.text() == "RAWKEYS1" and got == []


def test_wedge_feeds_the_keyboard_scanner_device(qtbot, form: Form) -> None:
    device = KeyboardWedgeScanner(name="qr_scanner")
    events: list[object] = []
    device.set_event_sink(events.append)
    device.open()
    f = KeyboardWedgeFilter.from_config(QrScannerConfig(), sink=device.deliver)
    f.install()
    try:
        _scanner_types(form.field, "DEVICE-CODE-7")
    finally:
        f.uninstall()
    assert len(events) == 1
    ev = events[0]
    assert isinstance(ev, CodeScanned) and ev.text == "DEVICE-CODE-7" and ev.source == "keyboard"
    assert "codes" in device.status().detail
