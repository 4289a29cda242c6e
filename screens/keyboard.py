"""On-screen keyboards: numeric keypad, letters, and Chinese by pinyin or zhuyin.

The terminal has no physical keyboard. Chinese goes through an input method
(:mod:`kiosk.ui.ime`): librime converts whole phrases ("gulou" → 鼓楼,
"fuzhoushigulouqu" → 福州市鼓楼区), candidates are paged so every character is
reachable, and the pinyin layout carries digits, a space, the address words
号 栋 单元 室 and - #, and cursor keys. In Traditional Chinese the candidates come
out in Traditional characters, and a 注音 layout is offered.
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from kiosk.ui.i18n import current_language
from kiosk.ui.ime import rime
from kiosk.ui.ime.chars import pinyin_candidates, strip_tone
from kiosk.ui.ime.composer import Composer, InputMethod, composer_for
from screens.base import button, label

__all__ = ["KeyboardMode", "OnScreenKeyboard", "pinyin_candidates", "strip_tone"]


class KeyboardMode(StrEnum):
    NUMERIC = "numeric"
    LETTERS = "letters"
    PINYIN = "pinyin"
    ZHUYIN = "zhuyin"


#: Candidates shown at once; the rest are a page away (‹ ›).
PAGE_SIZE = 8

#: Typed as they are, between phrases: what addresses need besides digits.
ADDRESS_WORDS = ("号", "栋", "单元", "室", "-", "#")

_LETTER_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]

#: 注音 in the order residents learn it, five to a row, then the tones.
_ZHUYIN_ROWS = [
    "ㄅㄆㄇㄈㄉㄊㄋㄌ",
    "ㄍㄎㄏㄐㄑㄒㄓㄔ",
    "ㄕㄖㄗㄘㄙㄧㄨㄩ",
    "ㄚㄛㄜㄝㄞㄟㄠㄡ",
    "ㄢㄣㄤㄥㄦˉˊˇˋ˙",
]


class OnScreenKeyboard(QWidget):
    """Types into the target QLineEdit; emits ``done`` on 完成."""

    done = Signal()
    #: A key was pressed or a target attached: the page keeps the target in view.
    typed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.target: QLineEdit | None = None
        self.mode = KeyboardMode.NUMERIC
        self.composer: Composer | None = None
        self.page = 0
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 8, 0, 0)
        self.composing = label(role="hint")
        self.composing.setObjectName("pinyinComposing")
        self.candidates_row = QHBoxLayout()
        self.keys = QGridLayout()
        self.keys.setSpacing(8)
        self._lay.addWidget(self.composing)
        self._lay.addLayout(self.candidates_row)
        self._lay.addLayout(self.keys)
        self.candidate_buttons: list[QPushButton] = []
        self.prev_page_btn = button("‹")
        self.prev_page_btn.setObjectName("candidatesPrev")
        self.prev_page_btn.clicked.connect(lambda: self.turn_page(-1))
        self.next_page_btn = button("›")
        self.next_page_btn.setObjectName("candidatesNext")
        self.next_page_btn.clicked.connect(lambda: self.turn_page(1))
        self._zhuyin_keys: dict[str, str] = {}
        self.set_mode(KeyboardMode.NUMERIC)

    # --- target and mode -------------------------------------------------------------------
    def attach(self, target: QLineEdit | None, mode: KeyboardMode) -> None:
        if self.composer is not None:
            self.composer.clear()
        self.target = target
        self.set_mode(mode)
        self.typed.emit()

    def _method(self) -> InputMethod:
        if self.mode == KeyboardMode.ZHUYIN:
            return InputMethod.ZHUYIN
        return InputMethod.PINYIN_TW if current_language() == "zh_TW" else InputMethod.PINYIN

    def chinese(self) -> bool:
        return self.mode in (KeyboardMode.PINYIN, KeyboardMode.ZHUYIN)

    def set_mode(self, mode: KeyboardMode) -> None:
        if mode == KeyboardMode.ZHUYIN and not self._zhuyin_available():
            mode = KeyboardMode.PINYIN
        self.mode = mode
        self.page = 0
        self.composer = composer_for(self._method()) if self.chinese() else None
        if self.composer is not None:
            self.composer.clear()
        self._clear_keys()
        if mode == KeyboardMode.NUMERIC:
            self._add_rows(["123", "456", "789", "X0-"], start=0)
            self._add_bottom(len("123"), row=4)
        elif mode == KeyboardMode.LETTERS:
            self._add_rows(["1234567890", *_LETTER_ROWS], start=0)
            self._add_bottom(10, row=4)
        elif mode == KeyboardMode.PINYIN:
            self._add_rows(["1234567890", *_LETTER_ROWS], start=0)
            self._add_chinese_row(row=4)
        else:
            self._add_zhuyin()
            self._add_chinese_row(row=len(_ZHUYIN_ROWS) + 1)
        self._render_candidates()

    def _zhuyin_available(self) -> bool:
        if not self._zhuyin_keys and rime.engine() is not None:
            try:
                self._zhuyin_keys = rime.zhuyin_keymap()
            except (OSError, rime.RimeUnavailable):
                return False
        return bool(self._zhuyin_keys)

    # --- building keys ---------------------------------------------------------------------
    def _clear_keys(self) -> None:
        while self.keys.count():
            item = self.keys.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                # Hidden and detached now: deleteLater alone leaves the old keys
                # painted under the new ones until the event loop gets to them.
                w.hide()
                w.setParent(None)
                w.deleteLater()

    def _key(self, text: str, name: str, row: int, col: int, span: int = 1) -> QPushButton:
        b = button(text)
        b.setObjectName(name)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keys.addWidget(b, row, col, 1, span)
        return b

    def _add_rows(self, rows: list[str], start: int) -> None:
        upper = self.mode == KeyboardMode.LETTERS
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                b = self._key(
                    key.upper() if upper or self.chinese() else key, f"key_{key}", start + r, c
                )
                b.clicked.connect(lambda _=False, k=key: self.press(k))
        if self.mode in (KeyboardMode.PINYIN, KeyboardMode.LETTERS):
            # The last letter row has three free places: - # and backspace.
            last = start + len(rows) - 1
            for c, key in ((7, "-"), (8, "#")):
                b = self._key(key, f"key_{key}", last, c)
                b.clicked.connect(lambda _=False, k=key: self.press(k))
            self._key("⌫", "key_backspace", last, 9).clicked.connect(self.backspace)

    def _add_zhuyin(self) -> None:
        for r, row in enumerate(_ZHUYIN_ROWS):
            for c, sym in enumerate(row):
                b = self._key(sym, f"zhuyin_{sym}", r, c)
                b.clicked.connect(lambda _=False, s=sym: self.press_zhuyin(s))
        digits = "1234567890"
        for c, d in enumerate(digits):
            self._key(d, f"key_{d}", len(_ZHUYIN_ROWS), c).clicked.connect(
                lambda _=False, k=d: self.press(k)
            )

    def _add_bottom(self, width: int, row: int) -> None:
        if self.mode == KeyboardMode.NUMERIC:
            self._key("⌫", "key_backspace", row, 0).clicked.connect(self.backspace)
            done = self._key(self.tr("完成"), "key_done", row, 1, width - 1)
        else:
            self._key("◀", "key_left", row, 0).clicked.connect(lambda: self.move_cursor(-1))
            self._key("▶", "key_right", row, 1).clicked.connect(lambda: self.move_cursor(1))
            self._key(self.tr("空格"), "key_space", row, 2, 5).clicked.connect(self.space)
            done = self._key(self.tr("完成"), "key_done", row, 7, 3)
        done.setProperty("role", "primary")
        done.clicked.connect(self.done.emit)

    def _add_chinese_row(self, row: int) -> None:
        self._key("◀", "key_left", row, 0).clicked.connect(lambda: self.move_cursor(-1))
        self._key("▶", "key_right", row, 1).clicked.connect(lambda: self.move_cursor(1))
        self._key(self.tr("空格"), "key_space", row, 2).clicked.connect(self.space)
        col = 3
        for word in ADDRESS_WORDS[:4]:
            span = 2 if len(word) > 1 else 1
            b = self._key(word, f"key_word_{word}", row, col, span)
            b.clicked.connect(lambda _=False, w=word: self.insert_text(w))
            col += span
        if self.mode == KeyboardMode.ZHUYIN:
            self._key("⌫", "key_backspace", row, col).clicked.connect(self.backspace)
            col += 1
        done = self._key(self.tr("完成"), "key_done", row, col, max(1, 10 - col))
        done.setProperty("role", "primary")
        done.clicked.connect(self.done.emit)

    # --- typing ----------------------------------------------------------------------------
    def press(self, key: str) -> None:
        """A key of the current layout: a letter composes Chinese, the rest types."""
        if self.target is None:
            return
        if self.composer is not None and key.isalpha() and key.isascii():
            self._insert(self.composer.press(key))
            self.page = 0
            self._render_candidates()
            self.typed.emit()
            return
        text = key.upper() if self.mode == KeyboardMode.LETTERS else key
        self.insert_text(text)

    def press_zhuyin(self, symbol: str) -> None:
        if self.target is None or self.composer is None:
            return
        key = self._zhuyin_keys.get(symbol)
        if key is None:
            return
        self._insert(self.composer.press(key))
        self.page = 0
        self._render_candidates()
        self.typed.emit()

    def insert_text(self, text: str) -> None:
        """Type ``text`` at the cursor; a phrase being composed is committed first,
        as the punctuation keys of every pinyin IME do."""
        if self.target is None:
            return
        if self.composer is not None and self.composer.composing():
            self._insert(self.composer.commit_first())
        self._insert(text)
        self._render_candidates()
        self.typed.emit()

    def space(self) -> None:
        """Space: commits the best candidate while composing, else types a space."""
        if self.composer is not None and self.composer.composing():
            self._insert(self.composer.commit_first())
            self._render_candidates()
            self.typed.emit()
        else:
            self.insert_text(" ")

    def backspace(self) -> None:
        if self.composer is not None and self.composer.backspace():
            self.page = 0
            self._render_candidates()
        elif self.target is not None:
            self.target.backspace()
        self.typed.emit()

    def move_cursor(self, step: int) -> None:
        """◀ ▶ move the cursor in the field (backspace then deletes there)."""
        if self.target is None:
            return
        if self.composer is not None and self.composer.composing():
            self.turn_page(step)
            return
        if step < 0:
            self.target.cursorBackward(False, -step)
        else:
            self.target.cursorForward(False, step)
        self.typed.emit()

    def choose(self, ch: str) -> None:
        """Choose a shown candidate by its text."""
        shown = [b.text() for b in self.candidate_buttons]
        if self.composer is None or ch not in shown:
            self._insert(ch)
            return
        self.choose_index(self.page * PAGE_SIZE + shown.index(ch))

    def choose_index(self, index: int) -> None:
        if self.composer is None:
            return
        self._insert(self.composer.choose(index))
        self.page = 0
        self._render_candidates()
        self.typed.emit()

    def turn_page(self, step: int) -> None:
        if self.composer is None or not self.composer.composing():
            return
        new = max(0, self.page + step)
        if step > 0 and not self.composer.candidates(new * PAGE_SIZE, 1):
            return
        self.page = new
        self._render_candidates()

    def _insert(self, text: str) -> None:
        if text and self.target is not None:
            self.target.insert(text)

    # --- candidates ------------------------------------------------------------------------
    def _render_candidates(self) -> None:
        for b in self.candidate_buttons:
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.candidate_buttons = []
        for b in (self.prev_page_btn, self.next_page_btn):
            self.candidates_row.removeWidget(b)
            b.hide()
        if self.composer is None:
            self.composing.hide()
            return
        self.composing.setText(self.composer.preedit())
        self.composing.setVisible(True)
        if not self.composer.composing():
            return
        start = self.page * PAGE_SIZE
        shown = self.composer.candidates(start, PAGE_SIZE + 1)
        more = len(shown) > PAGE_SIZE
        if self.page > 0:
            self.candidates_row.addWidget(self.prev_page_btn)
            self.prev_page_btn.show()
        for i, text in enumerate(shown[:PAGE_SIZE]):
            b = button(text)
            b.setObjectName("candidate")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, n=start + i: self.choose_index(n))
            self.candidates_row.addWidget(b)
            self.candidate_buttons.append(b)
        if more:
            self.candidates_row.addWidget(self.next_page_btn)
            self.next_page_btn.show()
        self.candidates_row.setAlignment(Qt.AlignmentFlag.AlignLeft)

    def changeEvent(self, event: QEvent) -> None:
        # Traditional candidates in zh_TW, Simplified otherwise: follow the language.
        if event.type() == QEvent.Type.LanguageChange and self.chinese():
            self.set_mode(self.mode)
        super().changeEvent(event)
