"""On-screen keyboards: numeric keypad, letters, and a pinyin keyboard for Chinese.

The terminal has no physical keyboard. The pinyin keyboard turns typed pinyin into
candidate characters: the reverse of pypinyin's character table, limited to
GB2312 characters, with the 3,755 common (level-1) characters first.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from enum import StrEnum
from functools import lru_cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from screens.base import button, label


class KeyboardMode(StrEnum):
    NUMERIC = "numeric"
    LETTERS = "letters"
    PINYIN = "pinyin"


_UMLAUT = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})


def _strip_tone(syllable: str) -> str:
    """``lǘ`` → ``lv`` (ü is typed as v on a pinyin keyboard), ``zhāng`` → ``zhang``."""
    decomposed = unicodedata.normalize("NFD", syllable.translate(_UMLAUT))
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return plain.lower()


@lru_cache(maxsize=1)
def _pinyin_index() -> dict[str, list[str]]:
    """toneless pinyin → GB2312 characters, most used first.

    "Most used" is estimated by how many of pypinyin's phrases contain the
    character (a real frequency list would be better; this one ships with the
    package we already depend on), then by the GB2312 level-1/level-2 split.
    """
    from pypinyin.phrases_dict import phrases_dict
    from pypinyin.pinyin_dict import pinyin_dict

    uses: Counter[str] = Counter()
    for phrase in phrases_dict:
        uses.update(phrase)
    index: dict[str, dict[str, tuple[int, int, int]]] = {}
    for code, readings in pinyin_dict.items():
        ch = chr(code)
        try:
            gb = ch.encode("gb2312")
        except UnicodeEncodeError:
            continue
        if len(gb) != 2:
            continue
        level = 0 if gb[0] < 0xD8 else 1  # rows 16–55 are level 1 (common)
        rank = (-uses[ch], level, int.from_bytes(gb, "big"))
        for r in readings.split(","):
            index.setdefault(_strip_tone(r), {})[ch] = rank
    return {k: sorted(v, key=v.__getitem__) for k, v in index.items()}


def pinyin_candidates(pinyin: str, limit: int = 40) -> list[str]:
    """Characters whose reading is ``pinyin`` (exact), then those it prefixes."""
    p = pinyin.lower().strip()
    if not p:
        return []
    index = _pinyin_index()
    out = list(index.get(p, []))
    if len(out) < limit:
        for key in sorted(k for k in index if k.startswith(p) and k != p):
            out.extend(c for c in index[key] if c not in out)
            if len(out) >= limit:
                break
    return out[:limit]


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
        self._pinyin = ""
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
        self.set_mode(KeyboardMode.NUMERIC)

    def attach(self, target: QLineEdit | None, mode: KeyboardMode) -> None:
        self.target = target
        self._pinyin = ""
        self.set_mode(mode)
        self.typed.emit()

    def set_mode(self, mode: KeyboardMode) -> None:
        self.mode = mode
        while self.keys.count():
            item = self.keys.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                # Hidden and detached now: deleteLater alone leaves the old keys
                # painted under the new ones until the event loop gets to them.
                w.hide()
                w.setParent(None)
                w.deleteLater()
        if mode == KeyboardMode.NUMERIC:
            rows = ["123", "456", "789", "X0-"]
        else:
            rows = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
        for r, row in enumerate(rows):
            for c, key in enumerate(row):
                b = button(key.upper() if mode != KeyboardMode.NUMERIC else key)
                b.setObjectName(f"key_{key}")
                b.clicked.connect(lambda _=False, k=key: self.press(k))
                self.keys.addWidget(b, r, c)
        n = len(rows)
        back = button("⌫")
        back.setObjectName("key_backspace")
        back.clicked.connect(self.backspace)
        ok = button(self.tr("完成"), role="primary")
        ok.setObjectName("key_done")
        ok.clicked.connect(self.done.emit)
        self.keys.addWidget(back, n, 0, 1, 2)
        self.keys.addWidget(ok, n, 2, 1, 3)
        self._render_candidates()

    def press(self, key: str) -> None:
        if self.target is None:
            return
        if self.mode == KeyboardMode.PINYIN:
            self._pinyin += key
            self._render_candidates()
            self.typed.emit()
            return
        text = key.upper() if self.mode == KeyboardMode.LETTERS else key
        self.target.insert(text)
        self.typed.emit()

    def backspace(self) -> None:
        if self.mode == KeyboardMode.PINYIN and self._pinyin:
            self._pinyin = self._pinyin[:-1]
            self._render_candidates()
        elif self.target is not None:
            self.target.backspace()

    def choose(self, ch: str) -> None:
        if self.target is not None:
            self.target.insert(ch)
        self._pinyin = ""
        self._render_candidates()

    def _render_candidates(self) -> None:
        for b in self.candidate_buttons:
            b.hide()
            b.setParent(None)
            b.deleteLater()
        self.candidate_buttons = []
        self.composing.setText(self._pinyin)
        if self.mode != KeyboardMode.PINYIN:
            self.composing.hide()
            return
        self.composing.show()
        for ch in pinyin_candidates(self._pinyin, limit=10):
            b = button(ch)
            b.setObjectName("candidate")
            b.clicked.connect(lambda _=False, c=ch: self.choose(c))
            self.candidates_row.addWidget(b)
            self.candidate_buttons.append(b)
        self.candidates_row.setAlignment(Qt.AlignmentFlag.AlignLeft)
