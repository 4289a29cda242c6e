"""Typing real-looking addresses and names on the on-screen keyboard, key by key.

A "typist" presses only what a resident can press: letter keys spelling the pinyin
(from pypinyin, which knows 厦门 is xiamen), the candidate buttons shown, the page
buttons, the digit keys and the address keys (号 栋 单元 室 - #). It counts every
press. The same addresses are typed through librime (phrases) and through the
single-character fallback, in the same run, so the saving is measured, not assumed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypinyin import lazy_pinyin
from PySide6.QtWidgets import QLineEdit, QPushButton

from kiosk.ui.ime import composer as composer_mod
from kiosk.ui.ime import rime
from kiosk.ui.ime.composer import CharComposer
from screens.keyboard import ADDRESS_WORDS, PAGE_SIZE, KeyboardMode, OnScreenKeyboard

ADDRESSES = [
    "福州市鼓楼区五四路128号",
    "福州市鼓楼区东街口大厦3栋2单元501室",
    "福州市台江区工业路233号",
    "福州市仓山区金山大道618号",
    "福州市晋安区福新东路6号",
    "福州市鼓楼区温泉街道湖东路199号",
    "福州市马尾区儒江西路60号",
    "福州市长乐区郑和中路12号",
    "福州市鼓楼区华林路201号7栋1203室",
    "厦门市思明区鹭江道8号",
    "厦门市湖里区仙岳路4688号",
    "厦门市集美区杏林湾路1号",
    "厦门市海沧区滨湖北路50号",
    "厦门市翔安区翔安南路9号",
    "厦门市同安区环城南路28号",
    "厦门市思明区莲前西路2号1单元602室",
    "深圳市福田区深南大道6008号",
    "深圳市福田区福华三路88号",
    "深圳市南山区科技园南区8栋",
    "深圳市罗湖区人民南路3005号",
    "深圳市宝安区宝民一路21号",
    "深圳市龙岗区龙城大道99号",
    "深圳市福田区景田北路15号",
    "福建省泉州市丰泽区田安北路",
]
#: Where pypinyin's reading is not what a resident says (马尾 as "ma yi").
SPOKEN = {"马尾": "mawei"}

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "林晓燕", "黄志强", "吴秀英", "郑建国", "谢婷婷"]

requires_rime = pytest.mark.skipif(
    not rime.available(),
    reason="librime not installed (./install.sh installs librime1 and rime-data-luna-pinyin)",
)


class Typist:
    """Presses the keyboard's buttons to type ``text``; counts the presses."""

    def __init__(self, kb: OnScreenKeyboard, phrases: bool = True) -> None:
        self.kb = kb
        self.presses = 0
        # With phrases, a whole run of Chinese is spelled before choosing; without
        # (the single-character fallback), one character's syllable at a time.
        self.phrases = phrases

    def _click(self, b) -> None:
        self.presses += 1
        b.click()

    def _find(self, name: str):
        keys = self.kb.keys
        found = (keys.itemAt(i).widget() for i in range(keys.count()))
        return next((b for b in found if b is not None and b.objectName() == name), None)

    def _key(self, name: str) -> None:
        """Press ``name``; if it is on the other page (123 / 拼音), turn to it first."""
        b = self._find(name)
        if b is None:
            self._click(self._find("key_symbols"))
            b = self._find(name)
        assert b is not None, f"no key {name} on either page"
        self._click(b)

    def type(self, text: str) -> None:
        edit = self.kb.target
        assert edit is not None
        while len(edit.text()) < len(text):
            rest = text[len(edit.text()) :]
            word = next((w for w in ADDRESS_WORDS if rest.startswith(w)), None)
            if word is not None:
                self._key(
                    f"key_word_{word}" if len(word) > 1 or not word.isascii() else f"key_{word}"
                )
            elif rest[0].isascii():
                self._key(f"key_{rest[0]}")
            elif self.phrases:
                self._type_chinese(rest)
            else:
                self._type_chinese(rest[0])
            assert text.startswith(edit.text()), f"typed {edit.text()!r} for {text!r}"

    def _type_chinese(self, rest: str) -> None:
        run = ""
        for ch in rest:
            if ch.isascii() or any(rest[len(run) :].startswith(w) for w in ADDRESS_WORDS):
                break
            run += ch
        spelled = "".join(lazy_pinyin(run))
        for word, said in SPOKEN.items():
            if word in run:
                spelled = spelled.replace("".join(lazy_pinyin(word)), said)
        for letter in spelled.replace("ü", "v"):
            self._key(f"key_{letter}")
        edit = self.kb.target
        assert edit is not None
        start = len(edit.text())
        while self.kb.composer is not None and self.kb.composer.composing():
            # What is still to be chosen: the part of run after what was committed
            # and after what the composer has already fixed (its preedit's prefix).
            pre = self.kb.composer.preedit()
            fixed = "".join(c for c in pre if not c.isascii() and not c.isspace())
            todo = run[len(edit.text()) - start + len(fixed) :]
            for _page in range(40):
                shown = [b.text() for b in self.kb.candidate_buttons]
                best = max((c for c in shown if todo.startswith(c)), key=len, default=None)
                if best is not None:
                    self._click(self.kb.candidate_buttons[shown.index(best)])
                    break
                assert not self.kb.next_page_btn.isHidden(), f"{todo[0]!r} not offered"
                self._click(self.kb.next_page_btn)
            else:
                pytest.fail(f"{todo!r} not reachable in 40 pages")


def _type_all(qtbot, texts: list[str], phrases: bool = True) -> tuple[int, int]:
    kb = OnScreenKeyboard()
    edit = QLineEdit()
    qtbot.addWidget(kb)
    qtbot.addWidget(edit)
    kb.show()
    typist = Typist(kb, phrases)
    chars = 0
    for text in texts:
        edit.clear()
        kb.attach(edit, KeyboardMode.PINYIN)
        typist.type(text)
        assert edit.text() == text
        chars += len(text)
    return typist.presses, chars


@requires_rime
def test_thirty_addresses_and_names_typed_by_pinyin(qtbot, monkeypatch) -> None:
    texts = ADDRESSES + NAMES
    assert len(texts) >= 30
    phrase_presses, chars = _type_all(qtbot, texts)
    # The same texts with the one-syllable fallback, measured in the same run.
    monkeypatch.setattr(composer_mod, "composer_for", lambda method: CharComposer())
    import screens.keyboard as kb_mod

    monkeypatch.setattr(kb_mod, "composer_for", lambda method: CharComposer())
    char_presses, _ = _type_all(qtbot, texts, phrases=False)
    print(
        f"\n{len(texts)} texts, {chars} characters: librime {phrase_presses} presses "
        f"({phrase_presses / chars:.2f}/char), single characters {char_presses} "
        f"({char_presses / chars:.2f}/char)"
    )
    # Phrases are chosen whole (福州市鼓楼区 in one tap), so librime needs fewer taps.
    assert phrase_presses < char_presses


@requires_rime
def test_a_rarer_character_is_a_page_away(qtbot) -> None:
    kb = OnScreenKeyboard()
    edit = QLineEdit()
    qtbot.addWidget(kb)
    kb.attach(edit, KeyboardMode.PINYIN)
    for k in "wu":
        kb.press(k)
    first_page = [b.text() for b in kb.candidate_buttons]
    assert len(first_page) == PAGE_SIZE and not kb.next_page_btn.isHidden()
    seen = set(first_page)
    for _ in range(30):
        if "邬" in [b.text() for b in kb.candidate_buttons]:
            break
        kb.next_page_btn.click()
        seen.update(b.text() for b in kb.candidate_buttons)
    kb.choose("邬")
    assert edit.text() == "邬"
    assert "吴" in seen


@requires_rime
def test_cursor_keys_and_backspace_edit_in_the_middle(qtbot) -> None:
    kb = OnScreenKeyboard()
    edit = QLineEdit()
    qtbot.addWidget(kb)
    kb.attach(edit, KeyboardMode.PINYIN)
    for k in "12":
        kb.press(k)
    kb.insert_text("号")
    kb.move_cursor(-1)  # before 号
    kb.backspace()  # deletes the 2, not the 号
    assert edit.text() == "1号"
    kb.press("3")
    assert edit.text() == "13号"


@requires_rime
def test_traditional_candidates_in_zh_tw_and_zhuyin(qtbot, monkeypatch) -> None:
    import screens.keyboard as kb_mod

    monkeypatch.setattr(kb_mod, "current_language", lambda: "zh_TW")
    kb = OnScreenKeyboard()
    edit = QLineEdit()
    qtbot.addWidget(kb)
    kb.attach(edit, KeyboardMode.PINYIN)
    for k in "gulouqu":
        kb.press(k)
    assert "鼓樓區" in [b.text() for b in kb.candidate_buttons]
    # The resident reaches 注音 by its key on the pinyin keyboard, and comes back.
    kb.findChild(QPushButton, "key_input_method").click()
    assert kb.mode == KeyboardMode.ZHUYIN
    for sym in "ㄓㄤˉ":
        kb.press_zhuyin(sym)
    assert "張" in [b.text() for b in kb.candidate_buttons]
    back = [b for b in kb.findChildren(QPushButton, "key_input_method") if b.isVisibleTo(kb)]
    assert [b.text() for b in back] == ["拼音"]
    back[0].click()
    assert kb.mode == KeyboardMode.PINYIN
    monkeypatch.setattr(kb_mod, "current_language", lambda: "zh_CN")
    kb.set_mode(KeyboardMode.LETTERS)
    kb.set_mode(KeyboardMode.PINYIN)  # the zh_CN page: no 注音 key
    shown = [b for b in kb.findChildren(QPushButton, "key_input_method") if b.isVisibleTo(kb)]
    assert shown == []


@requires_rime
def test_the_engine_keeps_nothing_typed(qtbot) -> None:
    kb = OnScreenKeyboard()
    edit = QLineEdit()
    qtbot.addWidget(kb)
    kb.attach(edit, KeyboardMode.PINYIN)
    Typist(kb).type("福州市鼓楼区五四路128号")
    composer_mod.reset_all()
    eng = rime.engine()
    assert eng is not None
    folder = Path(eng._user_dir)
    # What was typed, and is not in the road list the terminal ships (五四路 is:
    # the shipped list and its compiled table hold it whether anyone typed it or not).
    typed = ["福州市", "鼓楼", "鼓樓"]
    shipped = rime.CUSTOM_PHRASES.read_text(encoding="utf-8")
    assert not [t for t in typed if t in shipped]
    for f in folder.rglob("*"):
        if f.is_file():
            data = f.read_bytes()
            assert not [t for t in typed if t.encode() in data], f
    assert not list(folder.rglob("*.userdb*")), "user dictionary learning is off"


@requires_rime
@pytest.mark.parametrize(
    ("method", "spelled", "road"),
    [
        ("pinyin_simp", "gupinglu", "鼓屏路"),  # luna_pinyin alone put 股评路 first
        ("pinyin_simp", "yangqiaolu", "杨桥路"),  # shipped Traditional, shown Simplified
        ("pinyin_tw", "yangqiaolu", "楊橋路"),
        ("pinyin_tw", "hulidadao", "湖里大道"),  # a place name OpenCC would get wrong (湖裏)
    ],
)
def test_shipped_road_names_come_first(method: str, spelled: str, road: str) -> None:
    eng = rime.engine()
    assert eng is not None
    try:
        for key in spelled:
            eng.type_key(method, key)
        assert eng.candidates(method, 0, 3)[0] == road
    finally:
        eng.reset()
