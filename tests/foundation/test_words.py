"""The tiles' word list: pypinyin's phrases, read without keeping pypinyin's dictionaries."""

from __future__ import annotations

import subprocess
import sys

from screens.words import MAX_WORD, SERVICE_WORDS, _lexicon, wrap_words


def test_word_list_is_pypinyins_phrases_plus_service_words() -> None:
    from pypinyin.phrases_dict import phrases_dict

    want = frozenset(w for w in phrases_dict if 2 <= len(w) <= MAX_WORD) | SERVICE_WORDS
    assert _lexicon() == want


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
