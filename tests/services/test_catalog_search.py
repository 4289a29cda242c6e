"""The search index over precomputed keys, and the GB/T 39554 / GB 32100 code checks."""

from __future__ import annotations

import pytest

from kiosk.services.catalog_search import Entry, SearchIndex, search_keys
from kiosk.services.item_codes import (
    CodeError,
    ItemType,
    check_credit_code,
    check_item_codes,
    credit_check,
    org_check,
)


def _entry(name: str, hot: bool = False, other: str = "") -> Entry:
    full, initials = search_keys(name)
    return Entry(name, full, initials, other, hot)


INDEX = SearchIndex(
    [
        _entry("住房公积金提取"),  # 0
        _entry("公积金缴存证明"),  # 1
        _entry("无犯罪记录证明", hot=True),  # 2
        _entry("户籍证明"),  # 3
        _entry("证明材料补正", other="补正\1鼓楼区公安分局"),  # 4
    ]
)


def test_keys_are_full_pinyin_and_initials_letters_only() -> None:
    assert search_keys("住房公积金提取（租房）") == ("zhufanggongjijintiquzufang", "zfgjjtqzf")


def test_prefix_ranks_before_substring_and_ties_keep_hot_then_short() -> None:
    assert INDEX.search("公积金") == [1, 0]  # name prefix, then name substring
    assert INDEX.search("证明") == [4, 2, 3, 1]  # prefix; then hot; then shorter names
    assert INDEX.search("gjj") == [1, 0]  # initials prefix, then initials substring
    assert INDEX.search("wufanzui") == [2]
    assert INDEX.search("zm")[:2] == [4, 2]  # prefix "zm" (证明…), then hot 无犯罪记录证明
    assert INDEX.search("公安分局") == [4]  # department
    assert INDEX.search("") == [] and INDEX.search("qqqq") == []


def test_one_letter_matches_prefixes_only_and_no_match_spans_two_items() -> None:
    assert INDEX.search("w") == [2]  # not every key containing a "w"
    # "qu" + "gong" would only match across the boundary of items 0 and 1.
    assert INDEX.search("qugong") == []


def test_limit() -> None:
    assert INDEX.search("z", limit=1) == INDEX.search("z")[:1]


def test_credit_code_check_characters() -> None:
    body = "10000194"
    org = body + org_check(body)
    code = "11350100" + org
    code += credit_check(code)
    assert check_credit_code(code) == "350100"
    for i in range(len(code)):  # any single changed character is caught
        c = code[i]
        other = "1" if c != "1" else "2"
        with pytest.raises(CodeError):
            check_credit_code(code[:i] + other + code[i + 1 :])


def test_item_codes_agree_with_type_and_region() -> None:
    body = "10000194"
    first17 = "11350100" + body + org_check(body)
    credit = first17 + credit_check(first17)
    basic = "200020503000"
    check_item_codes(basic, credit + basic + "1", ItemType.PUBLIC_SERVICE, "350100")
    with pytest.raises(CodeError, match="type digits"):
        check_item_codes(basic, credit + basic + "1", ItemType.LICENSING, "350100")
    with pytest.raises(CodeError, match="implementing body is in 350100"):
        check_item_codes(basic, credit + basic + "1", ItemType.PUBLIC_SERVICE, "440304")
    with pytest.raises(CodeError, match="does not contain"):
        check_item_codes(basic, credit + "200020503001" + "1", ItemType.PUBLIC_SERVICE, "")
