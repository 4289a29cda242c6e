"""Every visible string of the walkthrough is in the screen's language (issue 16, item 6).

At every screenshot the test collects the text of every visible widget (labels,
buttons, fields and their placeholders, lists, custom-painted hints) and checks:

- in zh_TW, no Simplified-only character: one that OpenCC's own character tables
  (STCharacters / TSCharacters, dumped with the wheel's ``opencc_dict``) convert to
  Traditional and that is not itself a Traditional character;
- in English, no CJK character at all, except in the resident's own data (their name
  and address, as read from the ID card, and what they typed into a field of their
  own data) and the proper names in :data:`EN_DATA_WHITELIST`, each with its reason.

Every step of the walkthrough is held to it, the fee, payment, post, locker and
video-help screens included.

One walkthrough per language at 1366×768 (the tightest landscape screen).
"""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import opencc
import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from kiosk.ui.i18n import current_language
from kiosk.ui.screen_capture import is_personal
from kiosk.ui.walkthrough.harness import Display, Walkthrough
from kiosk.ui.walkthrough.run import run_walkthrough

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_TAGS = re.compile(r"<[^>]+>")

#: CJK text allowed on English screens, and why.
EN_DATA_WHITELIST: dict[str, str] = {
    # The terminal's language switch names each language in itself (简体 / 繁體),
    # so a resident who reads only Chinese can find their way back.
    "简体": "language switch label",
    "繁體": "language switch label",
}

#: Widgets whose text is data or Chinese input by nature, in any language, and why.
DATA_WIDGETS: dict[str, str] = {
    # The pinyin keyboard writes Chinese (a Chinese address, whatever the UI's
    # language): its candidates and its address words (号 栋 单元 室) are Chinese.
    "candidate": "pinyin keyboard candidates",
    "key_word_": "pinyin keyboard address words",
    # The technician's log viewer shows log lines as written.
    "logLines": "log lines",
}


def _opencc_table(name: str, tmp: Path) -> dict[str, list[str]]:
    """One of OpenCC's character tables, read from the wheel's binary dictionary."""
    clib = Path(opencc.__file__).parent / "clib"
    out = tmp / f"{name}.txt"
    subprocess.run(
        [
            str(clib / "bin" / "opencc_dict"),
            "-i",
            str(clib / "share" / "opencc" / f"{name}.ocd2"),
            "-o",
            str(out),
            "-f",
            "ocd2",
            "-t",
            "text",
        ],
        check=True,
    )
    table: dict[str, list[str]] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        table[key] = values.split()
    return table


@functools.cache
def simplified_only() -> frozenset[str]:
    """Characters OpenCC converts to Traditional that are not Traditional themselves.

    后 (後/后) and 台 (臺/台) convert but are also Traditional; 户 (戶) is not.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        st = _opencc_table("STCharacters", Path(d))
        ts = _opencc_table("TSCharacters", Path(d))
    # Taiwan's standard form is kept: 峰 群 灶 (s2t gives the old forms 峯 羣 竈, the
    # Taiwan variants table, s2tw, keeps them as they are).
    tw = opencc.OpenCC("s2tw")
    return frozenset(
        s
        for s, forms in st.items()
        if len(s) == 1 and s not in forms and s not in ts and tw.convert(s) != s
    )


def widget_texts(window: QWidget) -> list[tuple[str, str]]:
    """(object name or class, text) of every visible text on the window."""
    out: list[tuple[str, str]] = []
    for w in window.findChildren(QWidget):
        if not w.isVisibleTo(window) or not w.isVisible():
            continue
        name = w.objectName() or type(w).__name__
        texts: list[str] = []
        if isinstance(w, QLabel):
            full = getattr(w, "full_text", None)
            texts.append(full() if callable(full) else w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            # What the resident typed into a field of their own data (a recipient's
            # name, an address: Chinese whatever the UI's language) is theirs; the
            # placeholder an empty field shows is the screen's.
            if w.text() and is_personal(w):
                continue
            texts.append(w.text() or w.placeholderText())
        elif isinstance(w, QTextEdit | QPlainTextEdit):
            texts.append(w.toPlainText())
        elif isinstance(w, QListWidget):
            texts.extend(w.item(i).text() for i in range(w.count()))
        elif isinstance(w, QComboBox):
            texts.append(w.currentText())
        # Custom-painted hints (materials band, signature canvas).
        for attr in ("status_text", "hint"):
            v = getattr(w, attr, None)
            if isinstance(v, str):
                texts.append(v)
        for t in texts:
            t = _TAGS.sub("", t or "")
            if t.strip():
                out.append((name, t))
    return out


def resident_data(wt: Walkthrough) -> set[str]:
    """The resident's own data in this session (read from the card, shown masked too)."""
    from kiosk.privacy import mask_name

    data: set[str] = set()
    ident = wt.terminal.session.data.identity
    if ident is not None:
        data.update({ident.name, mask_name(ident.name), ident.address})
    return {d for d in data if d}


def problems_in(texts: list[tuple[str, str]], lang: str, allowed: set[str]) -> list[str]:
    """The visible strings that break the rule of ``lang``."""
    bad: list[str] = []
    for name, text in texts:
        if any(name.startswith(w) for w in DATA_WIDGETS):
            continue
        rest = text
        for a in sorted(allowed, key=len, reverse=True):
            rest = rest.replace(a, "")
        if lang == "zh_TW":
            found = sorted({c for c in rest if c in simplified_only()})
        elif lang == "en":
            found = sorted(set(CJK.findall(rest)))
        else:
            found = []
        if found:
            bad.append(f"{name}: {text!r} ({''.join(found)})")
    return bad


def test_simplified_only_table_is_opencc_s() -> None:
    table = simplified_only()
    # Simplified-only, converted by the table: 户→戶, 证→證, 简→簡, 电→電.
    assert {"户", "证", "简", "电", "单"} <= table
    # Traditional too (OpenCC maps them to themselves among other forms), or unchanged.
    assert not {"后", "台", "于", "里", "的"} & table
    assert "号" in table  # 號 in Taiwan: the address keys must follow
    # Traditional forms are never in it, nor Taiwan's standard forms.
    assert not {"戶", "證", "簡", "電", "單", "峰", "群"} & table


def test_problems_are_found() -> None:
    texts = [("a", "户口簿"), ("b", "戶口簿"), ("c", "Household register"), ("d", "陈美玲")]
    assert problems_in(texts, "zh_TW", {"陈美玲"}) == ["a: '户口簿' (户)"]
    assert problems_in(texts, "en", {"陈美玲"}) == [
        "a: '户口簿' (口户簿)",
        "b: '戶口簿' (口戶簿)",
    ]


def _run(tmp_path: Path, lang: str) -> list[str]:
    seen: list[str] = []
    bad: list[str] = []

    def hook(wt: Walkthrough, step: str) -> None:
        shown = current_language()
        if shown != lang:
            return  # the language-switch step shows the others on purpose
        seen.append(step)
        allowed = set(EN_DATA_WHITELIST) | resident_data(wt)
        window = wt.ui.window  # type: ignore[attr-defined]
        for p in problems_in(widget_texts(window), lang, allowed):
            bad.append(f"{step}: {p}")

    run_walkthrough(tmp_path / lang, display=Display(1366, 768, False, lang), hooks=[hook])
    assert len(seen) >= 20, seen
    return bad


@pytest.mark.parametrize("lang", ["zh_TW", "en"])
def test_walkthrough_screens_in_language(tmp_path: Path, lang: str) -> None:
    bad = _run(tmp_path, lang)
    assert bad == [], "\n".join(bad)
