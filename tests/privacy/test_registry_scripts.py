"""Registered names in either script and spaced, exactly (issue 25, mutation score).

OpenCC's converters are built once per process; the tests reset that cache so the
build itself is exercised (a process that logged before would reuse it)."""

from __future__ import annotations

import pytest

from kiosk import privacy
from kiosk.privacy import SensitiveValues, script_variants


@pytest.fixture(autouse=True)
def _fresh_converters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "_CONVERTERS", None)


def test_variants_come_from_the_whole_word_and_from_each_character() -> None:
    # 发 is 發 alone but 髮 in 头发 (hair): both forms are kept.
    assert script_variants("头发") == [{"头", "頭"}, {"发", "發", "髮"}]


def test_a_registered_name_is_masked_in_every_script_and_spacing() -> None:
    reg = SensitiveValues()
    reg.add("张建国")
    reg.add("ZHANG SAN")
    reg.add("李头发")
    text = "張建國 / 张 建 国 / 張 建 國 / 张建国 / zhang  san / ZHANG SAN / 李頭髮 / 李頭發"
    assert reg.scrub(text) == "张** / 张** / 张** / 张** / Z******** / Z******** / 李** / 李**"


def test_a_spaced_latin_name_is_masked_whole() -> None:
    reg = SensitiveValues()
    reg.add("ZHANG SAN")
    assert reg.scrub("to zhang   san today") == "to Z******** today"
