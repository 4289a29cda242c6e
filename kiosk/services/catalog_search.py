"""Catalog search over precomputed keys: Chinese text, full pinyin, pinyin initials.

The keys (full pinyin and initials of each item's name) are computed when the item
list is generated or synced, and stored with the items (:func:`search_keys` runs on
the sync thread, never the UI's): the terminal does not import pypinyin when the
catalog screen opens (it cost a 455 ms stall on the UI thread).

The index joins each kind of key into one string, ``\\0`` between items, so a
substring test is one ``str.find`` scan in C over all items and a prefix test is a
find of ``\\0`` + query; an offset maps back to its item by bisection. At 2,000
items a query takes well under a millisecond (bench/connectors.py measures it).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

_SEP = "\0"
_NOT_KEY = re.compile(r"[^a-z0-9]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def search_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of ``name``, lower-case letters and digits only.

    Imports pypinyin: call it where items are built (generation, sync), not on the
    UI thread. "无犯罪记录证明" → ("wufanzuijiluzhengming", "wfzjlzm").
    """
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.NORMAL, errors="default")
    full = _NOT_KEY.sub("", "".join(syllables).lower())
    initials = _NOT_KEY.sub("", "".join(s[0] for s in syllables if s and s[0].isalnum()).lower())
    return full, initials


@dataclass(frozen=True)
class Entry:
    """What the index knows of one item (all lower-case)."""

    name: str
    pinyin: str
    initials: str
    other: str  # tags and department, ``\\1`` between them
    hot: bool = False
    #: The zh_TW name (what a zh_TW keyboard types) and the English name's words
    #: (lower case, one space before each word: " certificate of no criminal record").
    name_tw: str = ""
    words_en: str = ""


class Rank:
    """Lower is better; ties keep hot items, then shorter names, then catalog order."""

    NAME_PREFIX = 0
    NAME = 1
    #: English: every query word starts a word of the name (in any order).
    WORDS = 1
    INITIALS_PREFIX = 2
    PINYIN_PREFIX = 3
    INITIALS = 4
    PINYIN = 5
    OTHER = 6


class _Haystack:
    def __init__(self, keys: Sequence[str]) -> None:
        self.starts: list[int] = []
        pos = 1
        for k in keys:
            self.starts.append(pos)
            pos += len(k) + 1
        self.text = _SEP + _SEP.join(keys) + _SEP

    def hits(self, q: str, prefix: bool) -> set[int]:
        """Indices of items whose key contains ``q`` (or starts with it)."""
        needle = _SEP + q if prefix else q
        found: set[int] = set()
        text, starts, find = self.text, self.starts, self.text.find
        i = find(needle)
        while i >= 0:
            item = bisect.bisect_right(starts, i + (1 if prefix else 0)) - 1
            found.add(item)
            # Jump to the next item: one hit per item is enough.
            nxt = starts[item + 1] if item + 1 < len(starts) else len(text)
            i = find(needle, nxt - (1 if prefix else 0))
        return found


class SearchIndex:
    """Positions of the matching entries, best first (see :class:`Rank`)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.entries = list(entries)
        self._name = _Haystack([e.name for e in self.entries])
        self._pinyin = _Haystack([e.pinyin for e in self.entries])
        self._initials = _Haystack([e.initials for e in self.entries])
        self._other = _Haystack([e.other for e in self.entries])
        self._name_tw = _Haystack([e.name_tw for e in self.entries])
        self._words_en = _Haystack([e.words_en for e in self.entries])
        # The tie order as one int per entry (hot first, shorter names, catalog order):
        # sorting a thousand hits of a one-letter query is then a sort of ints.
        self._static = [
            ((0 if e.hot else 1) << 40) | (min(len(e.name), 0xFFFFF) << 20) | i
            for i, e in enumerate(self.entries)
        ]

    def __len__(self) -> int:
        return len(self.entries)

    def _english(self, q: str) -> tuple[set[int], set[int]]:
        """(name starts with the query, every query word starts a word of the name)."""
        words = _NOT_WORD.split(q)
        words = [w for w in words if w]
        if not words:
            return set(), set()
        prefix = self._words_en.hits(" " + " ".join(words), True)
        every: set[int] | None = None
        for w in words:
            found = self._words_en.hits(" " + w, False)
            every = found if every is None else every & found
        return prefix, every or set()

    def search(self, query: str, limit: int | None = None, lang: str = "zh_CN") -> list[int]:
        q = query.strip().lower()
        if not q:
            return []
        best: dict[int, int] = {}

        def mark(items: set[int], rank: int) -> None:
            for i in items:
                if best.get(i, 99) > rank:
                    best[i] = rank

        if lang == "en":
            # English names first; pinyin and initials still match, ranked after them.
            prefix, every = self._english(q)
            mark(prefix, Rank.NAME_PREFIX)
            mark(every, Rank.WORDS)
        mark(self._name.hits(q, True), Rank.NAME_PREFIX)
        mark(self._name.hits(q, False), Rank.NAME)
        if lang == "zh_TW":
            mark(self._name_tw.hits(query.strip(), True), Rank.NAME_PREFIX)
            mark(self._name_tw.hits(query.strip(), False), Rank.NAME)
        compact = q.replace(" ", "").replace("'", "")
        if compact.isascii() and compact.isalnum():
            mark(self._initials.hits(compact, True), Rank.INITIALS_PREFIX)
            mark(self._pinyin.hits(compact, True), Rank.PINYIN_PREFIX)
            if len(compact) > 1:  # one letter is inside nearly every key: prefixes only
                mark(self._initials.hits(compact, False), Rank.INITIALS)
                mark(self._pinyin.hits(compact, False), Rank.PINYIN)
        mark(self._other.hits(q, False), Rank.OTHER)
        static = self._static
        keys = sorted((rank << 48) | static[i] for i, rank in best.items())
        order = [k & 0xFFFFF for k in keys]
        return order if limit is None else order[:limit]
