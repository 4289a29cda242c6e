"""Display-width wrapping: a CJK character is two columns, nothing overflows or is lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from printer_templates.textwidth import char_width, text_width, wrap


def test_widths() -> None:
    assert char_width("a") == 1
    assert char_width("政") == 2
    assert char_width("，") == 2  # full-width punctuation
    assert char_width("\u0301") == 0  # combining accent
    assert text_width("受理编号A1") == 10


def test_closing_punctuation_never_starts_a_line() -> None:
    lines = wrap("一二三四五六七八九，十", 18)
    assert all(not ln.startswith("，") for ln in lines)
    assert all(text_width(ln) <= 18 for ln in lines)
    assert "".join(lines) == "一二三四五六七八九，十"


def test_ascii_words_stay_whole() -> None:
    assert wrap("请拨打 12345 热线", 12) == ["请拨打 12345", "热线"]


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
TEXT = st.text(st.one_of(CJK, st.sampled_from(list("abc 123，。、"))), max_size=120)


@settings(max_examples=200, deadline=None)
@given(TEXT, st.integers(min_value=4, max_value=48))
def test_wrap_never_overflows_and_keeps_every_character(text: str, columns: int) -> None:
    lines = wrap(text, columns)
    assert all(text_width(ln) <= columns for ln in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
