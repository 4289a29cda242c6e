"""Keyboard-wedge scanner recognition: a Qt event filter (QtCore/QtGui only).

A scanner in USB HID keyboard mode "types" its code and presses Enter, faster than
any person: a few milliseconds between keys against 80 ms or more for the fastest
typist. The filter, installed on the application, holds printable key presses back
for ``max_interval_ms``:

* if the next key comes sooner, the burst grows; if the burst ends in Enter and
  has at least ``min_length`` characters, it is a scan: the held keys and the
  Enter are dropped (the focused field never sees them, no default button fires)
  and :attr:`KeyboardWedgeFilter.codeScanned` is emitted;
* if the pause is longer (a person typing), or the burst ends without Enter, or
  any other key arrives, the held keys are replayed, in order, to the object that
  was to receive them. A person sees each character appear ``max_interval_ms``
  (30 ms by default) late, which nobody notices.

Only what a US-layout keyboard can type gets through this path: Chinese, or any
byte the layout has no key for, cannot be carried by a keyboard-wedge scanner
(see docs/qr-scanner.md). Use serial / USB-COM mode for such codes.

It is also the kiosk's guard against a USB keyboard plugged in by a resident: Tab
and Backtab (focus navigation to any widget), every Ctrl / Alt / Meta combination
(shortcuts) and a bare Space outside a text field (it presses the focused button)
never reach a widget. A Space inside a scanner burst still counts in the code.

The filter runs on the UI thread and never blocks; the scanned code goes to a
callback (``sink``, e.g. :meth:`drivers.qr_scanner.KeyboardWedgeScanner.deliver`)
and to the Qt signal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum, auto
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent

_MODIFIER_KEYS = frozenset(
    {
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_Meta,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    }
)
_ENTER_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter})
# A scanner presses Shift for capitals (and keypad keys carry KeypadModifier); Ctrl,
# Alt or Meta mean a person's shortcut.
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


_FOCUS_KEYS = frozenset({Qt.Key.Key_Tab, Qt.Key.Key_Backtab})
_TEXT_INPUTS = ("QLineEdit", "QTextEdit", "QPlainTextEdit", "QAbstractSpinBox")


class _KeyKind(Enum):
    CHAR = auto()
    ENTER = auto()
    MODIFIER = auto()
    #: Never delivered: Tab/Backtab and Ctrl/Alt/Meta combinations.
    FORBIDDEN = auto()
    OTHER = auto()


def _classify(event: QKeyEvent) -> _KeyKind:
    key = event.key()
    if key in _ENTER_KEYS:
        return _KeyKind.ENTER
    if key in _MODIFIER_KEYS:
        return _KeyKind.MODIFIER
    if key in _FOCUS_KEYS or event.modifiers() & _COMMAND_MODIFIERS:
        return _KeyKind.FORBIDDEN
    text = event.text()
    if (
        len(text) == 1
        and text.isprintable()
        and not (event.modifiers() & _COMMAND_MODIFIERS)
        and not event.isAutoRepeat()
    ):
        return _KeyKind.CHAR
    return _KeyKind.OTHER


class KeyboardWedgeFilter(QObject):
    """Application event filter that tells scanner bursts from human typing.

    Install with :meth:`install` (on the ``QApplication``). ``clock`` returns
    monotonic seconds and is used when the key events carry no timestamp
    (synthetic events, as from ``QTest``); real window-system events do.
    """

    codeScanned = Signal(str)

    def __init__(
        self,
        max_interval_ms: float = 30,
        min_length: int = 4,
        max_length: int = 4096,
        sink: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_interval_ms = max_interval_ms
        self.min_length = min_length
        self.max_length = max_length
        self.sink = sink
        self._clock = clock
        self._held: list[tuple[QObject, QKeyEvent]] = []
        self._chars: list[str] = []
        self._last_ms: float | None = None
        self._replaying = False
        self._swallow_enter_release = False
        # Keys whose press was swallowed: their release is swallowed too.
        self._swallowed: set[int] = set()
        self.blocked = 0
        self._enabled = True
        self._installed_on: QObject | None = None
        self.scans = 0
        self.replayed_bursts = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(1, round(max_interval_ms)))
        self._timer.timeout.connect(self._on_pause)

    @classmethod
    def from_config(
        cls,
        config: Any,
        sink: Callable[[str], None] | None = None,
        parent: QObject | None = None,
    ) -> KeyboardWedgeFilter:
        """Build from a ``QrScannerConfig`` (``keyboard_burst_max_interval_ms`` etc.)."""
        return cls(
            max_interval_ms=config.keyboard_burst_max_interval_ms,
            min_length=config.keyboard_min_length,
            max_length=config.max_code_length,
            sink=sink,
            parent=parent,
        )

    # --- installation ---------------------------------------------------------------
    def install(self, target: QObject | None = None) -> None:
        """Install on ``target`` (default: the running application)."""
        target = target or QCoreApplication.instance()
        if target is None:
            raise RuntimeError("no QApplication to install the keyboard-wedge filter on")
        target.installEventFilter(self)
        self._installed_on = target

    def uninstall(self) -> None:
        self.flush()
        if self._installed_on is not None and shiboken6.isValid(self._installed_on):
            self._installed_on.removeEventFilter(self)
        self._installed_on = None

    def setEnabled(self, enabled: bool) -> None:
        """Disable while a screen wants raw keys (e.g. a technician's text field)."""
        if not enabled:
            self.flush()
        self._enabled = enabled

    @property
    def holding(self) -> bool:
        """True while key presses are held back waiting to see whether they are a scan."""
        return bool(self._held)

    # --- the filter -------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype not in (
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
        ):
            return False
        if self._replaying:
            return False
        assert isinstance(event, QKeyEvent)
        # The way-out guard holds even while scan recognition is disabled.
        if _classify(event) is _KeyKind.FORBIDDEN or self._bare_space_on_control(obj, event):
            return self._block(obj, event)
        if etype == QEvent.Type.KeyRelease and event.key() in self._swallowed:
            self._swallowed.discard(event.key())
            return True
        if not self._enabled:
            return False
        if etype == QEvent.Type.ShortcutOverride:
            # While a burst is held, claim its keys (above all the final Enter) so
            # that no shortcut or default button fires on them.
            if self._held and _classify(event) in (_KeyKind.CHAR, _KeyKind.ENTER):
                event.accept()
                return True
            return False
        if etype == QEvent.Type.KeyRelease:
            return self._on_release(obj, event)
        return self._on_press(obj, event)

    @staticmethod
    def _bare_space_on_control(obj: QObject, event: QKeyEvent) -> bool:
        if event.key() != Qt.Key.Key_Space or event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        ):
            return False
        return not any(obj.inherits(name) for name in _TEXT_INPUTS)

    def _block(self, obj: QObject, event: QKeyEvent) -> bool:
        """Swallow a Tab, a shortcut or a button-pressing Space (a Space in a burst counts)."""
        etype = event.type()
        if etype == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut fires; the press that follows is swallowed here
            return True
        if etype == QEvent.Type.KeyRelease:
            self._swallowed.discard(event.key())
            return True
        if (
            self._enabled
            and event.key() == Qt.Key.Key_Space
            and self._held
            and not event.isAutoRepeat()
        ):
            # Part of a scanned code: counted, but its event is never replayed.
            self._chars.append(" ")
            self._last_ms = self._now_ms(event)
            self._timer.start()
            return True
        if _classify(event) is _KeyKind.FORBIDDEN:
            self.flush()
        self._swallowed.add(event.key())
        self.blocked += 1
        event.accept()
        return True

    def _on_press(self, obj: QObject, event: QKeyEvent) -> bool:
        now = self._now_ms(event)
        if self._held and self._last_ms is not None and now - self._last_ms > self.max_interval_ms:
            self.flush()  # the pause was a person's
        kind = _classify(event)
        if kind == _KeyKind.ENTER:
            if self._held and len(self._chars) >= self.min_length:
                self._recognised(event)
                return True
            self.flush()
            return False
        if kind == _KeyKind.CHAR:
            if len(self._chars) >= self.max_length:
                self.flush()
                return False
            self._hold(obj, event)
            self._chars.append(event.text())
            self._last_ms = now
            self._timer.start()
            return True
        if kind == _KeyKind.MODIFIER and self._held:
            self._hold(obj, event)  # Shift inside a burst: keep the order of events
            self._last_ms = now
            self._timer.start()
            return True
        self.flush()
        return False

    def _on_release(self, obj: QObject, event: QKeyEvent) -> bool:
        if self._swallow_enter_release and event.key() in _ENTER_KEYS:
            self._swallow_enter_release = False
            event.accept()
            return True
        if self._held:
            self._hold(obj, event)
            return True
        return False

    def _recognised(self, enter: QKeyEvent) -> None:
        code = "".join(self._chars)
        self._timer.stop()
        self._held.clear()
        self._chars.clear()
        self._last_ms = None
        self._swallow_enter_release = True
        enter.accept()
        self.scans += 1
        if self.sink is not None:
            self.sink(code)
        self.codeScanned.emit(code)

    def _on_pause(self) -> None:
        # No key for max_interval_ms and no Enter: a person, or a burst without the
        # Enter suffix. Either way the keys belong to the field.
        self.flush()

    def flush(self) -> None:
        """Give every held key event back to its receiver, in order."""
        self._timer.stop()
        held = self._held
        self._held = []
        self._chars.clear()
        self._last_ms = None
        if not held:
            return
        self.replayed_bursts += 1
        app = QCoreApplication.instance()
        self._replaying = True
        try:
            for receiver, ev in held:
                if app is not None and shiboken6.isValid(receiver):
                    # notify() (not sendEvent) keeps the event's spontaneous flag, so
                    # the widget sees exactly what it would have seen.
                    app.notify(receiver, ev)
        finally:
            self._replaying = False

    # --- helpers ------------------------------------------------------------------------
    def _hold(self, obj: QObject, event: QKeyEvent) -> None:
        clone = event.clone()
        assert isinstance(clone, QKeyEvent)
        self._held.append((obj, clone))
        event.accept()

    def _now_ms(self, event: QKeyEvent) -> float:
        ts = event.timestamp()
        return float(ts) if ts else self._clock() * 1000.0
