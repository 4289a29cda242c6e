"""Text-block decoding and document validation, against hand-placed bytes and the spec."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from drivers.idcard.deck import SimCard
from drivers.idcard.textblock import TextLayout, encode_text_block, split_fields
from kiosk.identity.document import (
    CardType,
    DocumentExpired,
    DocumentNotYetValid,
    Gender,
    InvalidIdNumber,
    validate_id_number,
)
from kiosk.identity.idcard_text import UnreadableCardText, decode_text_block, ethnicity_name
from tests.idcard.conftest import (
    BAD_NUMBER,
    EXPIRED,
    FEMALE,
    FOREIGN_2017,
    FOREIGN_2023,
    HMT,
    LONG_TERM,
    MALE,
)

TODAY = dt.date(2025, 6, 1)


def block(*fields: tuple[int, str]) -> bytes:
    """A 256-byte block with each string put at its byte offset by hand (spec tables)."""
    out = bytearray(" ".encode("utf-16-le") * 128)
    for offset, text in fields:
        raw = text.encode("utf-16-le")
        out[offset : offset + len(raw)] = raw
    return bytes(out)


RESIDENT = block(
    (0, "张三丰"), (30, "1"), (32, "01"), (36, "19900101"), (52, "北京市东城区某某胡同1号"),
    (122, "110101199001010015"), (158, "北京市公安局东城分局"), (188, "20150301"), (204, "20350301"),
)  # fmt: skip


def test_resident_card_fields_at_spec_offsets() -> None:
    doc = decode_text_block(RESIDENT)
    assert doc.card_type is CardType.RESIDENT_ID
    assert doc.name == "张三丰" and doc.gender is Gender.MALE and doc.ethnicity == "汉族"
    assert doc.birth_date == dt.date(1990, 1, 1)
    assert doc.address == "北京市东城区某某胡同1号"
    assert doc.id_number == "110101199001010015"
    assert doc.issuer == "北京市公安局东城分局"
    assert (doc.valid_from, doc.valid_to, doc.long_term) == (
        dt.date(2015, 3, 1),
        dt.date(2035, 3, 1),
        False,
    )
    doc.validate(TODAY)


def test_long_term_card() -> None:
    doc = decode_text_block(block((0, "李四"), (30, "2"), (32, "03"), (36, "19701001"),
                                  (122, "51010719701001234X"), (188, "20160101"), (204, "长期")))  # fmt: skip
    assert doc.long_term and doc.valid_to is None and doc.ethnicity == "回族"
    assert doc.to_dict()["valid_to"] == "long-term"
    doc.validate(dt.date(2090, 1, 1))  # never expires


def test_hmt_permit_J() -> None:
    doc = decode_text_block(block(
        (0, "陈大文"), (30, "1"), (36, "19950615"), (52, "广东省深圳市福田区某路"),
        (122, "810000199506150017"), (158, "深圳市公安局"), (188, "20230601"), (204, "20280601"),
        (220, "H00000001"), (238, "03"), (248, "J"),
    ))  # fmt: skip
    assert doc.card_type is CardType.HMT_RESIDENCE_PERMIT
    assert doc.extra == {"pass_number": "H00000001", "issue_count": "03", "region": "香港"}
    assert doc.ethnicity == ""
    doc.validate(TODAY)
    assert "H00000001" in doc.sensitive_values()


def test_foreign_2017_I() -> None:
    doc = decode_text_block(block(
        (0, "DOE, JANE EXAMPLE"), (120, "2"), (122, "CAN310087060102"), (152, "CAN"),
        (158, "简多伊"), (188, "20180101"), (204, "20280101"), (220, "19870601"), (236, "10"),
        (240, "3100"), (248, "I"),
    ))  # fmt: skip
    assert doc.card_type is CardType.FOREIGN_PERMANENT_2017
    assert doc.name == "简多伊" and doc.gender is Gender.FEMALE
    assert doc.id_number == "CAN310087060102" and doc.birth_date == dt.date(1987, 6, 1)
    assert doc.extra["english_name"] == "DOE, JANE EXAMPLE" and doc.extra["nationality"] == "CAN"
    doc.validate(TODAY)
    assert "DOE, JANE EXAMPLE" in doc.sensitive_values()


def test_foreign_2023_Y_keeps_uncertain_fields_raw() -> None:
    doc = decode_text_block(block(
        (0, "马里奥"), (30, "1"), (32, "00"), (36, "19880808"), (52, "SAMPLE, MARIO"),
        (122, "911840198808080012"), (188, "20240101"), (204, "20340101"), (220, "EXAMPLE"),
        (242, "840"), (248, "Y"),
    ))  # fmt: skip
    assert doc.card_type is CardType.FOREIGN_PERMANENT_2023
    assert doc.name == "马里奥" and doc.id_number == "911840198808080012"
    assert doc.birth_date == dt.date(1988, 8, 8) and doc.valid_to == dt.date(2034, 1, 1)
    assert doc.raw["english_name"] == "SAMPLE, MARIOEXAMPLE"
    assert doc.raw["nationality_code"] == "840" and doc.extra == {}
    doc.validate(TODAY)  # 18 digits, leading 9, MOD 11-2 check (spec §1.7)
    assert "SAMPLE, MARIOEXAMPLE" in doc.sensitive_values()


@pytest.mark.parametrize(
    ("field", "value"),
    [(36, "19901301"), (36, "1990010"), (188, "2015XX01"), (204, "        ")],
)
def test_malformed_dates_are_unreadable_text(field: int, value: str) -> None:
    b = bytearray(RESIDENT)
    b[field : field + 16] = value.ljust(8).encode("utf-16-le")
    with pytest.raises(UnreadableCardText):
        decode_text_block(bytes(b))


def test_empty_block_is_unreadable() -> None:
    with pytest.raises(UnreadableCardText):
        decode_text_block(block())
    with pytest.raises(UnreadableCardText):
        decode_text_block(bytes(256))  # all NUL


def test_garbage_block_never_crashes() -> None:
    import random

    rnd = random.Random(7)
    for _ in range(300):
        data = bytes(rnd.randrange(256) for _ in range(256))
        with contextlib.suppress(UnreadableCardText):
            decode_text_block(data)


def test_ethnicity_codes() -> None:
    assert ethnicity_name("01") == "汉族"
    assert ethnicity_name("56") == "基诺族"
    assert ethnicity_name("97") == "其他"
    assert ethnicity_name("98") == "外国血统中国籍人士"
    assert ethnicity_name("57") == "" and ethnicity_name("") == ""


def test_encoder_round_trip_and_limits() -> None:
    fields = {"name": "欧阳娜娜", "id_number": "110101199001010015", "valid_to": "长期"}
    layout, got = split_fields(encode_text_block(TextLayout.RESIDENT, fields))
    assert layout is TextLayout.RESIDENT and {k: got[k] for k in fields} == fields
    with pytest.raises(ValueError, match="name"):
        encode_text_block(TextLayout.RESIDENT, {"name": "长" * 16})
    with pytest.raises(ValueError, match="unknown"):
        encode_text_block(TextLayout.RESIDENT, {"pass_number": "x"})
    with pytest.raises(ValueError, match="UCS-2"):
        encode_text_block(TextLayout.RESIDENT, {"name": "𠀀"})  # outside the BMP


# --- ID numbers: spec §3 hand-computed examples -------------------------------------
@pytest.mark.parametrize(
    ("number", "born", "gender"),
    [
        ("110101199001010015", dt.date(1990, 1, 1), Gender.MALE),
        ("440305200002290029", dt.date(2000, 2, 29), Gender.FEMALE),
        ("51010719701001234X", dt.date(1970, 10, 1), Gender.FEMALE),
        ("51010719701001234x", dt.date(1970, 10, 1), Gender.FEMALE),  # x normalised
        ("11010519491231002X", dt.date(1949, 12, 31), Gender.FEMALE),
        ("440524188001010014", dt.date(1880, 1, 1), Gender.MALE),
    ],
)
def test_spec_id_examples_validate(number: str, born: dt.date, gender: Gender) -> None:
    assert validate_id_number(number, TODAY, born, gender) == born


@pytest.mark.parametrize(
    ("number", "kw"),
    [
        ("110101199001010016", {}),  # spec's negative example: wrong check character
        ("11010119900101001", {}),  # 17 characters
        ("1101011990010100X5", {}),  # X not last
        ("110101199002300013", {}),  # 30 February
        ("110101203001010017", {}),  # born in the future
        ("110101199001010015", {"gender": Gender.FEMALE}),  # 001 is odd: male
        ("110101199001010015", {"birth_date": dt.date(1990, 1, 2)}),  # differs from card
    ],
)
def test_bad_id_numbers_are_refused(number: str, kw: dict) -> None:
    with pytest.raises(InvalidIdNumber):
        validate_id_number(number, TODAY, **kw)


# --- the sample deck, as cards ------------------------------------------------------
def test_deck_covers_the_required_cards(deck: list[SimCard]) -> None:
    docs = [decode_text_block(c.text) for c in deck]
    assert docs[MALE].gender is Gender.MALE and docs[FEMALE].gender is Gender.FEMALE
    assert docs[LONG_TERM].long_term
    assert docs[HMT].card_type is CardType.HMT_RESIDENCE_PERMIT
    assert docs[FOREIGN_2017].card_type is CardType.FOREIGN_PERMANENT_2017
    assert docs[FOREIGN_2023].card_type is CardType.FOREIGN_PERMANENT_2023
    for i in (MALE, FEMALE, LONG_TERM, HMT, FOREIGN_2017, FOREIGN_2023):
        docs[i].validate(TODAY)
    with pytest.raises(DocumentExpired) as e:
        docs[EXPIRED].validate(TODAY)
    assert "过有效期" in e.value.resident_message and "2020-05-05" in e.value.detail
    with pytest.raises(InvalidIdNumber):
        docs[BAD_NUMBER].validate(TODAY)
    with pytest.raises(DocumentNotYetValid):
        docs[MALE].validate(dt.date(2015, 2, 28))


def test_masked_form_hides_personal_data(deck: list[SimCard]) -> None:
    doc = decode_text_block(deck[MALE].text)
    text = repr(doc) + str(doc.masked()) + str(doc.to_dict())
    assert "110101199001010015" not in text and "李建国" not in text
    assert "示例胡同" not in text
    assert doc.masked()["id_number"] == "110101********0015"
