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


def test_the_converters_are_built_once_on_a_thread_of_their_own() -> None:
    """The terminal's start builds them (at the first card they stalled the UI 3.3 s)."""
    import threading

    names: list[str] = []
    real = privacy._build_converters

    def build() -> list:
        names.append(threading.current_thread().name)
        return real()

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(privacy, "_build_converters", build)
        privacy.prepare_converters().join(60)
        built = privacy._CONVERTERS
        assert script_variants("头发") == [{"头", "頭"}, {"发", "發", "髮"}]
    assert names == ["opencc-build"] and privacy._CONVERTERS is built


def test_the_taiwan_and_hong_kong_forms_are_opencc_s2tw_and_s2hk() -> None:
    """s2t followed by the variant dictionaries stands for s2tw / s2hk (16 MB less)."""
    import opencc

    _, to_tw, to_hk, _ = privacy._converters()
    s2tw, s2hk = opencc.OpenCC("s2tw"), opencc.OpenCC("s2hk")
    for word in ("头发", "里面", "着急", "为了", "台湾", "线上", "林晓雯", "张建国", "峰"):
        assert to_tw(word) == s2tw.convert(word)
        assert to_hk(word) == s2hk.convert(word)
