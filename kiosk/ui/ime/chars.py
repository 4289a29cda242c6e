"""Single characters by toneless pinyin: the fallback when librime is missing.

The reverse of pypinyin's character table, limited to GB2312 characters, with the
3,755 common (level-1) characters first. One syllable at a time: no phrases.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import lru_cache

_UMLAUT = str.maketrans({"ü": "v", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v"})


def strip_tone(syllable: str) -> str:
    """``lǘ`` → ``lv`` (ü is typed as v on a pinyin keyboard), ``zhāng`` → ``zhang``."""
    decomposed = unicodedata.normalize("NFD", syllable.translate(_UMLAUT))
    plain = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return plain.lower()


@lru_cache(maxsize=1)
def _pinyin_index() -> dict[str, list[str]]:
    """toneless pinyin → GB2312 characters, most used first.

    "Most used" is estimated by how many of pypinyin's phrases contain the
    character, then by the GB2312 level-1/level-2 split.
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
            index.setdefault(strip_tone(r), {})[ch] = rank
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
