"""Masking of personal data: exact outputs at every boundary (kiosk/privacy.py).

Written to kill the mutants an audit found alive (issue 25): ``<= 10`` → ``< 10`` in
``mask_id_number``, ``mask_name("")`` returning None, ``mask_phone`` untested, and the
registry's length limit and longest-first order. Every assert compares a whole string.
"""

from __future__ import annotations

import pytest

from kiosk.privacy import (
    SENSITIVE,
    SensitiveValues,
    mask_id_number,
    mask_name,
    mask_phone,
    scrub_text,
)


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110101199001010015", "110101********0015"),
        ("51010719701001234X", "510107********234X"),
        ("  110101199001010015 ", "110101********0015"),  # surrounding blanks dropped
        ("ABC123456789012", "ABC123*****9012"),  # 2017 permanent-resident number
        ("12345678901", "123456*8901"),  # 11: the shortest value that keeps 6 + 4
        ("1234567890", "**********"),  # 10: keeping 6 + 4 would show all of it
        ("123456789", "*********"),
        ("1", "*"),
        ("", ""),
    ],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三丰", "张**"),
        ("张三", "张*"),
        ("张", "*"),  # one character: nothing of it is shown
        ("ZHANG SAN", "Z********"),
        (" 李四 ", "李*"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_name(value: str, masked: str) -> None:
    result = mask_name(value)
    assert isinstance(result, str) and result == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        (" 13812345678 ", "138****5678"),
        ("008613812345678", "008****5678"),  # longer numbers keep 3 + 4 as well
        ("1381234567", "**********"),  # 10 digits: not a mobile number, hide it all
        ("110", "***"),
        ("", ""),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


def test_registry_ignores_single_characters_and_keeps_two() -> None:
    reg = SensitiveValues()
    reg.add("张")
    reg.add(" 王 ")
    assert len(reg) == 0
    assert reg.scrub("张先生") == "张先生"
    reg.add("张三")  # two characters is a real (short) name
    assert len(reg) == 1
    assert reg.scrub("张三来办事") == "张*来办事"


def test_registry_masks_longest_first_with_the_given_mask() -> None:
    reg = SensitiveValues()
    reg.add_many(["张三", "张三丰"])
    reg.add("ZHANG SANFENG", masked="[name]")
    assert len(reg) == 3
    assert reg.scrub("张三丰与张三; ZHANG SANFENG") == "张**与张*; [name]"
    reg.clear()
    assert len(reg) == 0
    assert reg.scrub("张三丰") == "张三丰"


def test_scrub_text_masks_every_id_number_form_and_nothing_longer() -> None:
    reg = SensitiveValues()
    text = (
        "id=110101199001010015 lower=51010719701001234x old=110101900101001 "
        "pr=ABC123456789012 acceptance=20261201000012345678 long=1101011990010100151"
    )
    assert scrub_text(text, reg) == (
        "id=110101********0015 lower=510107********234x old=110101*****1001 "
        "pr=ABC123*****9012 acceptance=20261201000012345678 long=1101011990010100151"
    )


def test_scrub_text_uses_the_registry_it_is_given_and_the_global_one_otherwise() -> None:
    mine = SensitiveValues()
    mine.add("赵六")
    SENSITIVE.add("钱七")
    try:
        assert scrub_text("赵六 钱七", mine) == "赵* 钱七"
        assert scrub_text("赵六 钱七") == "赵六 钱*"
    finally:
        SENSITIVE.clear()
