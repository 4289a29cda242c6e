"""What the keyboard asks of an input method: keys in, candidates out, text committed.

:class:`RimeComposer` converts phrases through librime; :class:`CharComposer` is
the one-syllable fallback. Both page their candidates, so a rarer character (吴
from "wu") is always reachable.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from kiosk.ui.ime import chars, rime


class InputMethod(StrEnum):
    PINYIN = "pinyin_simp"  # pinyin, Simplified output (zh_CN, en)
    PINYIN_TW = "pinyin_tw"  # pinyin, Traditional output (zh_TW)
    ZHUYIN = "zhuyin"  # 注音 (zh_TW)


class Composer(Protocol):
    """An input method's state for one field."""

    method: InputMethod

    def press(self, key: str) -> str: ...
    def backspace(self) -> bool: ...
    def preedit(self) -> str: ...
    def composing(self) -> bool: ...
    def candidates(self, start: int, count: int) -> list[str]: ...
    def choose(self, index: int) -> str: ...
    def commit_first(self) -> str: ...
    def clear(self) -> None: ...


class RimeComposer:
    """librime behind the :class:`Composer` interface."""

    def __init__(self, engine: rime.RimeEngine, method: InputMethod) -> None:
        self._engine = engine
        self.method = method

    def press(self, key: str) -> str:
        return self._engine.type_key(self.method.value, key)

    def backspace(self) -> bool:
        """Delete the last typed key of the composition; False if nothing is composed."""
        if not self.composing():
            return False
        self._engine.backspace(self.method.value)
        return True

    def preedit(self) -> str:
        return self._engine.composition(self.method.value).preedit

    def composing(self) -> bool:
        return self._engine.composition(self.method.value).composing

    def candidates(self, start: int, count: int) -> list[str]:
        return self._engine.candidates(self.method.value, start, count)

    def choose(self, index: int) -> str:
        return self._engine.select(self.method.value, index)

    def commit_first(self) -> str:
        return self._engine.commit_first(self.method.value)

    def clear(self) -> None:
        self._engine.clear(self.method.value)


class CharComposer:
    """One syllable → single characters (no librime on this machine)."""

    def __init__(self, method: InputMethod = InputMethod.PINYIN) -> None:
        self.method = method
        self._typed = ""

    def press(self, key: str) -> str:
        if key.isalpha():
            self._typed += key.lower()
        return ""

    def backspace(self) -> bool:
        if not self._typed:
            return False
        self._typed = self._typed[:-1]
        return True

    def preedit(self) -> str:
        return self._typed

    def composing(self) -> bool:
        return bool(self._typed)

    def candidates(self, start: int, count: int) -> list[str]:
        return chars.pinyin_candidates(self._typed, limit=start + count)[start : start + count]

    def choose(self, index: int) -> str:
        found = self.candidates(index, 1)
        self._typed = ""
        return found[0] if found else ""

    def commit_first(self) -> str:
        return self.choose(0)

    def clear(self) -> None:
        self._typed = ""


def composer_for(method: InputMethod) -> Composer:
    """librime's composer when the engine runs, else the single-character fallback."""
    eng = rime.engine()
    if eng is not None:
        return RimeComposer(eng, method)
    return CharComposer(InputMethod.PINYIN)


def reset_all() -> None:
    """Forget whatever any composer holds (the session wipe calls this)."""
    eng = rime._engine  # never start the engine just to reset it
    if eng is not None:
        eng.reset()
