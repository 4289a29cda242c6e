"""The tiles' word list: pypinyin's phrases, read without keeping pypinyin's dictionaries."""

from __future__ import annotations

import subprocess
import sys

from screens.words import MAX_WORD, SERVICE_WORDS, _lexicon, _phrases, wrap_words


def test_word_list_is_pypinyins_phrases_plus_service_words() -> None:
    from pypinyin.phrases_dict import phrases_dict

    want = frozenset(w for w in phrases_dict if 2 <= len(w) <= MAX_WORD) | SERVICE_WORDS
    assert _phrases() | SERVICE_WORDS == want
    lex = _lexicon()  # the compact form holds exactly these words
    assert len(lex) == len(want)
    assert all(w in lex for w in want)
    # Neither a word's prefix, nor a word run on into the next, nor a stray newline.
    assert "无犯" not in lex and "无犯罪记" not in lex and "证明\n记录" not in lex
    assert "" not in lex and "\n" not in lex
    neighbours = sorted(w for w in want if w[0] == "证")[:2]
    assert "\n".join(neighbours) not in lex  # two words of one bucket, joined


def test_loading_the_word_list_does_not_import_pypinyin() -> None:
    code = (
        "import sys\n"
        "from screens.words import warm_up\n"
        "warm_up()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pypinyin'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_names_wrap_between_words() -> None:
    assert wrap_words("无犯罪记录证明开具", 5) == ["无犯罪记录", "证明开具"]
    assert wrap_words("居住证申领", 3) == ["居住证", "申领"]


def test_the_extracted_word_list_loads_the_same_words_and_a_stale_one_is_ignored(
    tmp_path, monkeypatch
) -> None:
    from screens import words

    monkeypatch.setattr(words, "WORD_LIST", tmp_path / "missing.txt")
    from_json = words._phrases()
    listed = tmp_path / "words.txt"
    assert words.write_word_list(listed) == len(from_json)
    monkeypatch.setattr(words, "WORD_LIST", listed)
    assert words._phrases() == from_json
    # A list from another pypinyin (its header names another JSON file) is not used.
    listed.write_text("# from phrases_dict.json 1 1\n只有这个词\n", encoding="utf-8")
    assert words._phrases() == from_json
    assert "只有这个词" not in words._phrases()
