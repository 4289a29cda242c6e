"""The on-screen keyboards: pinyin to Chinese characters, keypad, letters."""

from PySide6.QtWidgets import QLineEdit

from screens.keyboard import KeyboardMode, OnScreenKeyboard, pinyin_candidates


def test_pinyin_candidates_common_characters_first() -> None:
    zhang = pinyin_candidates("zhang")
    assert "张" in zhang[:5]
    assert "长" in zhang  # a heteronym is found by its other reading too
    assert "绿" in pinyin_candidates("lv")[:5]  # ü is typed as v
    assert pinyin_candidates("") == []
    assert pinyin_candidates("xq")[:1] == []  # no such syllable, nothing it prefixes


def test_typing_chinese_and_digits(qtbot) -> None:
    edit = QLineEdit()
    kb = OnScreenKeyboard()
    qtbot.addWidget(kb)
    qtbot.addWidget(edit)
    kb.attach(edit, KeyboardMode.PINYIN)
    for key in "wang":
        kb.press(key)
    assert kb.composing.text() == "wang"
    assert edit.text() == ""  # nothing typed until a character is chosen
    choice = next(b for b in kb.candidate_buttons if b.text() == "王")
    choice.click()
    assert edit.text() == "王"
    kb.backspace()
    assert edit.text() == ""
    kb.attach(edit, KeyboardMode.NUMERIC)
    for key in "138":
        kb.press(key)
    assert edit.text() == "138"
    kb.attach(edit, KeyboardMode.LETTERS)
    kb.press("a")
    assert edit.text() == "138A"
