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
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.i18n import current_language
from kiosk.ui.ime import rime
from kiosk.ui.ime.chars import pinyin_candidates, strip_tone
from kiosk.ui.ime.composer import Composer, InputMethod, composer_for
from screens.base import button, label
from screens.theme import set_role

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

#: 注音 in the order residents learn it; the tones are on the control row (ˉ is 空格).
#: Three rows of 13: with the control row that is four rows of keys, as the other
#: layouts (four rows of ten plus the control row did not fit 1366×768 elderly).
_ZHUYIN_ROWS = [
    "ㄅㄆㄇㄈㄉㄊㄋㄌㄍㄎㄏㄐㄑ",
    "ㄒㄓㄔㄕㄖㄗㄘㄙㄧㄨㄩㄚㄛ",
    "ㄜㄝㄞㄟㄠㄡㄢㄣㄤㄥㄦ",
]
_ZHUYIN_COLUMNS = 13
_TONES = "ˊˇˋ˙"

#: The address words in Traditional characters, for zh_TW.
_ADDRESS_WORDS_TW = {"号": "號", "栋": "棟", "单元": "單元", "室": "室"}


def _chinese(mode: KeyboardMode) -> bool:
    return mode in (KeyboardMode.PINYIN, KeyboardMode.ZHUYIN)


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
        self.symbols = False
        self.composer: Composer | None = None
        self.page = 0
        self._lay = QVBoxLayout(self)
        self._lay.setContentsMargins(0, 0, 0, 0)
        self._lay.setSpacing(5)
        self.composing = label(role="hint")
        self.composing.setObjectName("pinyinComposing")
        self.candidates_row = QHBoxLayout()
        self.candidates_row.setAlignment(Qt.AlignmentFlag.AlignLeft)
        # The spelled pinyin sits left of its candidates: one row for both.
        self.candidates_row.addWidget(self.composing)
        self._lay.addLayout(self.candidates_row)
        # Each layout (mode × 123 page × language) is built once and kept: building
        # forty styled buttons costs ~200 ms, and deleting them piles up work for
        # the event loop. The candidate buttons are a fixed pool, relabelled.
        self._stack = QStackedLayout()
        self._lay.addLayout(self._stack)
        self._pages: dict[tuple[KeyboardMode, bool, str], QGridLayout] = {}
        self.keys = QGridLayout()
        self.prev_page_btn = button("‹")
        self.prev_page_btn.setObjectName("candidatesPrev")
        self.prev_page_btn.clicked.connect(lambda: self.turn_page(-1))
        self.candidates_row.addWidget(self.prev_page_btn)
        self._pool: list[QPushButton] = []
        for i in range(PAGE_SIZE):
            b = button()
            b.setObjectName("candidate")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.clicked.connect(lambda _=False, n=i: self.choose_index(self.page * PAGE_SIZE + n))
            b.hide()
            self.candidates_row.addWidget(b)
            self._pool.append(b)
        self.candidate_buttons: list[QPushButton] = []  # the pool's buttons now shown
        self.next_page_btn = button("›")
        self.next_page_btn.setObjectName("candidatesNext")
        self.next_page_btn.clicked.connect(lambda: self.turn_page(1))
        self.candidates_row.addWidget(self.next_page_btn)
        self.prev_page_btn.hide()
        self.next_page_btn.hide()
        self._zhuyin_keys: dict[str, str] = {}
        self.set_mode(KeyboardMode.NUMERIC)

    # --- target and mode -------------------------------------------------------------------
    def attach(self, target: QLineEdit | None, mode: KeyboardMode) -> None:
        if self.composer is not None:
            self.composer.clear()
        self.target = target
        self.set_mode(mode)
        self.typed.emit()

    def set_mode(self, mode: KeyboardMode, symbols: bool = False) -> None:
        """Build the layout; ``symbols`` shows the digits page (the 123 key)."""
        if mode == KeyboardMode.ZHUYIN and not self._zhuyin_available():
            mode = KeyboardMode.PINYIN
        if not _chinese(mode):
            self.composer = None
        elif self.composer is None or self.composer.method != self._method(mode):
            # (composer_for falls back to single characters, whose method is PINYIN)
            self.composer = composer_for(self._method(mode))
        self.mode = mode
        self.symbols = symbols and mode != KeyboardMode.NUMERIC
        self.page = 0
        if self.composer is not None:
            self.composer.clear()
        layout = (self.mode, self.symbols, current_language())
        built = self._pages.get(layout)
        if built is not None:
            self.keys = built
            page = built.parentWidget()
            if page is not None:
                self._stack.setCurrentWidget(page)
            self._render_candidates()
            return
        page = QWidget()
        self.keys = QGridLayout(page)
        self.keys.setContentsMargins(0, 0, 0, 0)
        self.keys.setSpacing(5)
        self._pages[layout] = self.keys
        self._stack.addWidget(page)
        self._stack.setCurrentWidget(page)
        # Four rows of keys at most: with the candidates above them they still
        # leave the field in view at 1366×768 in elderly mode.
        if mode == KeyboardMode.NUMERIC:
            self._add_keypad()
        elif self.symbols:
            self._add_rows(["1234567890", "-#/()"], row=0)
            if self.chinese():
                for c, word in enumerate(self._words(), start=5):
                    self._key(word, f"key_word_{word}", 1, c).clicked.connect(
                        lambda _=False, w=word: self.insert_text(w)
                    )
            self._add_control_row(row=2)
        elif mode == KeyboardMode.ZHUYIN:
            self._add_zhuyin()
            self._add_control_row(row=len(_ZHUYIN_ROWS))
        else:
            self._add_rows(_LETTER_ROWS, row=0)
            if mode == KeyboardMode.PINYIN:
                hao = self._words()[0]
                self._key(hao, f"key_word_{hao}", 1, 9).clicked.connect(
                    lambda: self.insert_text(hao)
                )
            for c, key in ((7, "-"), (8, "#")):
                self._key(key, f"key_{key}", 2, c).clicked.connect(
                    lambda _=False, k=key: self.press(k)
                )
            self._key("⌫", "key_backspace", 2, 9).clicked.connect(self.backspace)
            self._add_control_row(row=3)
        self._render_candidates()

    def _method(self, mode: KeyboardMode | None = None) -> InputMethod:
        if (mode or self.mode) == KeyboardMode.ZHUYIN:
            return InputMethod.ZHUYIN
        return InputMethod.PINYIN_TW if current_language() == "zh_TW" else InputMethod.PINYIN

    def chinese(self) -> bool:
        return _chinese(self.mode)

    def _zhuyin_available(self) -> bool:
        if not self._zhuyin_keys and rime.engine() is not None:
            try:
                self._zhuyin_keys = rime.zhuyin_keymap()
            except (OSError, rime.RimeUnavailable):
                return False
        return bool(self._zhuyin_keys)

    # --- building keys ---------------------------------------------------------------------
    def _key(self, text: str, name: str, row: int, col: int, span: int = 1) -> QPushButton:
        b = button(text)
        b.setObjectName(name)
        b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.keys.addWidget(b, row, col, 1, span)
        return b

    def _add_rows(self, rows: list[str], row: int) -> None:
        for r, keys in enumerate(rows):
            for c, key in enumerate(keys):
                shown = key.upper() if key.isalpha() else key
                self._key(shown, f"key_{key}", row + r, c).clicked.connect(
                    lambda _=False, k=key: self.press(k)
                )

    def _add_keypad(self) -> None:
        for r, keys in enumerate(["123", "456", "789"]):
            for c, key in enumerate(keys):
                self._key(key, f"key_{key}", r, c).clicked.connect(
                    lambda _=False, k=key: self.press(k)
                )
        self._key("⌫", "key_backspace", 0, 3).clicked.connect(self.backspace)
        for r, key in ((1, "-"), (2, "X")):
            self._key(key, f"key_{key}", r, 3).clicked.connect(lambda _=False, k=key: self.press(k))
        self._key("0", "key_0", 3, 0).clicked.connect(lambda: self.press("0"))
        self._add_done(row=3, col=1, span=3)

    def _add_zhuyin(self) -> None:
        for r, row in enumerate(_ZHUYIN_ROWS):
            for c, sym in enumerate(row):
                b = self._key(sym, f"zhuyin_{sym}", r, c)
                b.clicked.connect(lambda _=False, s=sym: self.press_zhuyin(s))
        last = len(_ZHUYIN_ROWS) - 1
        self._key("⌫", "key_backspace", last, _ZHUYIN_COLUMNS - 2, 2).clicked.connect(
            self.backspace
        )

    def _words(self) -> list[str]:
        """号 栋 单元 室 (Traditional in zh_TW)."""
        words = [w for w in ADDRESS_WORDS if not w.isascii()]
        if current_language() == "zh_TW":
            words = [_ADDRESS_WORDS_TW.get(w, w) for w in words]
        return words

    def _add_control_row(self, row: int) -> None:
        """123/拼音 toggle, ◀ ▶, 空格, the address words or tones, 完成: as wide as the keys."""
        zhuyin = self.mode == KeyboardMode.ZHUYIN and not self.symbols
        columns = _ZHUYIN_COLUMNS if zhuyin else 10
        toggle = self._key(
            self.tr("拼音")
            if self.symbols and self.chinese()
            else self.tr("字母")
            if self.symbols
            else "123",
            "key_symbols",
            row,
            0,
        )
        toggle.clicked.connect(lambda: self.set_mode(self.mode, not self.symbols))
        self._key("◀", "key_left", row, 1).clicked.connect(lambda: self.move_cursor(-1))
        self._key("▶", "key_right", row, 2).clicked.connect(lambda: self.move_cursor(1))
        col = 3
        if zhuyin:
            extras = [(t, lambda _=False, t=t: self.press_zhuyin(t)) for t in _TONES]
        elif self.chinese() and not self.symbols:
            extras = [(w, lambda _=False, w=w: self.insert_text(w)) for w in self._words()[1:]]
        else:
            extras = []
        # zh_TW: 注音 ⇄ 拼音 beside the space (residents there mostly type 注音).
        switch = (
            self.chinese()
            and not self.symbols
            and current_language() == "zh_TW"
            and self._zhuyin_available()
        )
        space_span = columns - 5 - len(extras) - (1 if switch else 0)
        self._key(self.tr("空格"), "key_space", row, col, space_span).clicked.connect(self.space)
        col += space_span
        if switch:
            other = KeyboardMode.PINYIN if zhuyin else KeyboardMode.ZHUYIN
            method = self._key(
                self.tr("拼音") if zhuyin else self.tr("注音"), "key_input_method", row, col
            )
            method.clicked.connect(lambda: self.set_mode(other))
            col += 1
        for text, slot in extras:
            self._key(text, f"key_word_{text}", row, col).clicked.connect(slot)
            col += 1
        self._add_done(row=row, col=col, span=columns - col)

    def _add_done(self, row: int, col: int, span: int) -> None:
        done = self._key(self.tr("完成"), "key_done", row, col, span)
        set_role(done, "primary")
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
        """Space: commits the best candidate while composing, else types a space.

        In 注音 it is the first tone (ˉ), as on every zhuyin keyboard.
        """
        composing = self.composer is not None and self.composer.composing()
        if self.mode == KeyboardMode.ZHUYIN and composing:
            self.press_zhuyin("ˉ")
            return
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
        self.candidate_buttons = []
        shown: list[str] = []
        if self.composer is None:
            self.composing.hide()
        else:
            self.composing.setText(self.composer.preedit())
            self.composing.setVisible(True)
            if self.composer.composing():
                shown = self.composer.candidates(self.page * PAGE_SIZE, PAGE_SIZE + 1)
        for b, text in zip(self._pool, [*shown[:PAGE_SIZE], *[""] * PAGE_SIZE], strict=False):
            b.setText(text)
            b.setVisible(bool(text))
            if text:
                self.candidate_buttons.append(b)
        self.prev_page_btn.setVisible(bool(shown) and self.page > 0)
        self.next_page_btn.setVisible(len(shown) > PAGE_SIZE)

    def changeEvent(self, event: QEvent) -> None:
        # Traditional candidates in zh_TW, Simplified otherwise, and the keys' own
        # words (空格, 完成): the page of the new language (letters and keypad too).
        if event.type() == QEvent.Type.LanguageChange:
            self.set_mode(self.mode, self.symbols)
        super().changeEvent(event)
