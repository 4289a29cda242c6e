"""Taiwan phrasing of Simplified Chinese text, for build-time translation only.

OpenCC's ``s2twp`` gives Traditional characters with Taiwan's words, but it reads
text as if it were about computers: 窗口 (the service counter) becomes 視窗 (a
window on screen) and 对象 (the people a rule is for) becomes 物件 (a software
object). The reviewed corrections live here, in the lowest layer, so that every
build step - the UI's .ts files, the catalog, the fee table - applies the same
ones. OpenCC is imported on first use; nothing at run time calls this.
"""

from __future__ import annotations

from typing import Any

#: Reviewed corrections of OpenCC's Taiwan phrasing, applied to its output.
TW_FIXES: tuple[tuple[str, str], ...] = (
    ("視窗", "窗口"),  # 窗口: the service counter, not a computer window
    ("登出", "註銷"),  # 注销: deregistration, not logging out
    ("賬", "帳"),  # 帳戶, 對帳: Taiwan's spelling
    ("物件", "對象"),  # 对象: the people a rule is for (免缴对象), not a software object
)

_converter: Any = None


def fix_tw(text: str) -> str:
    """``text`` (already Traditional) with :data:`TW_FIXES` applied."""
    for wrong, right in TW_FIXES:
        text = text.replace(wrong, right)
    return text


def to_traditional(text: str) -> str:
    """``text`` in Traditional characters with Taiwan phrasing (OpenCC ``s2twp``, reviewed)."""
    global _converter
    if _converter is None:
        import opencc

        _converter = opencc.OpenCC("s2twp")
    return fix_tw(str(_converter.convert(text)))
