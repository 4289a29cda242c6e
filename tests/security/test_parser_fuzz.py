"""Issue 23 item 10: parsers raise only their own error classes, whatever they are fed.

Superscript and other Unicode digits used to pass ``str.isdigit()`` and reach
``int()`` (a bare ValueError); a receipt number with a trailing newline used to
pass a ``$``-anchored pattern and reach httpx (InvalidURL).
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.errors import KioskError
from kiosk.identity.document import (
    CardType,
    Gender,
    IdentityDocument,
    InvalidIdNumber,
    id_check_char,
    validate_id_number,
)
from kiosk.services.receipt_codes import NotAReceiptCode, parse_receipt_code, receipt_track_url

BASE = "https://zwfw.example.gov.cn/track"
GOOD = "110101199001010015"
TODAY = dt.date(2026, 12, 1)

# Characters that are digits to str.isdigit() but not to int() or not ASCII.
TRICKY_DIGITS = "²³¹⁰⁴⁵⁶⁷⁸⁹₀₁₂①②③٠١٢३४५０１２３𝟎𝟏"
digitish = st.text(
    alphabet=st.sampled_from("0123456789Xx" + TRICKY_DIGITS), min_size=0, max_size=20
)


@pytest.mark.parametrize("bad", ["11010119900101001²", "²" * 18, "110101199001010０15", "１" * 18])
def test_unicode_digits_are_an_invalid_id_not_a_crash(bad: str) -> None:
    with pytest.raises(InvalidIdNumber):
        validate_id_number(bad, TODAY)


@settings(max_examples=200, deadline=None)
@given(st.one_of(digitish, st.text(max_size=24)))
def test_id_validation_raises_only_invalid_id(text: str) -> None:
    try:
        born = validate_id_number(text, TODAY)
    except InvalidIdNumber:
        return
    assert text.strip().upper()[:17].isascii() and born <= TODAY


@settings(max_examples=200, deadline=None)
@given(digitish, st.sampled_from(list(CardType)))
def test_document_validation_raises_only_kiosk_errors(text: str, kind: CardType) -> None:
    doc = IdentityDocument(kind, "测试", text, Gender.MALE)
    with contextlib.suppress(KioskError):
        doc.validate(TODAY)


def test_check_char_refuses_non_ascii_digits() -> None:
    assert id_check_char(GOOD[:17]) == GOOD[17]
    with pytest.raises(ValueError, match="17 digits"):
        id_check_char("²" * 17)


@pytest.mark.parametrize("suffix", ["%0A", "%0D%0A", "%0D", "%00", "%20x", "%E2%80%A8"])
def test_a_receipt_number_with_a_trailing_newline_is_not_a_receipt(suffix: str) -> None:
    url = receipt_track_url(BASE, acceptance_no="FZ2026120100001")
    assert parse_receipt_code(url, BASE).acceptance_no == "FZ2026120100001"
    with pytest.raises(NotAReceiptCode):
        parse_receipt_code(url + suffix, BASE)
    with pytest.raises(ValueError):
        receipt_track_url(BASE, acceptance_no="FZ2026120100001\n")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.sampled_from(["n", "s", "k"]))
def test_receipt_parsing_raises_only_not_a_receipt(value: str, key: str) -> None:
    from urllib.parse import quote

    url = f"{BASE}?{key}={quote(value)}"
    try:
        code = parse_receipt_code(url, BASE)
    except NotAReceiptCode:
        return
    for got in (code.acceptance_no, code.submission_id, code.kiosk_id):
        assert got is None or (got.isascii() and "\n" not in got and got == got.strip())
