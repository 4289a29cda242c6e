"""Edges of the smartcard TLV/field layer that mutants survived (bench/mutation.py).

The driver's encoders are checked against the virtual card's own spec-derived
encoders (drivers/smartcard_sim/records.py) and against bytes written out by hand.
"""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.smartcard_protocol import (
    RECORDS,
    MalformedRecord,
    SocialSecurityCardData,
    TlvItem,
    encode_field,
    encode_tlv,
    parse_tlv,
    region_from_card_id,
)
from drivers.smartcard_sim.records import CARD_RECORDS, store, tlv

SAMPLES = {
    "card_id_code": "350100D15600000500A1B2C3D4E5F60718",
    "card_category": "3",
    "card_version": "3.00",
    "institution": "35010000000000000000AA",
    "issue_date": "2021-06-01",
    "expiry_date": "2031-06-01",
    "card_number": "A12345678",
    "id_number": "350102199203150041",
    "name": "欧阳春燕",
    "gender": "2",
    "nation": "01",
    "birthplace": "3501",
    "birth_date": "1992-03-15",
    "name_extension": "",
}


@pytest.mark.parametrize("rec", CARD_RECORDS, ids=[r.name for r in CARD_RECORDS])
def test_driver_field_encoding_matches_the_card_for_every_record(rec) -> None:
    spec = next(r for r in RECORDS if r.name == rec.name)
    value = SAMPLES[rec.name]
    arg = dt.date.fromisoformat(value) if rec.fmt == "date" else value
    assert encode_field(spec, arg) == store(rec, value)
    assert len(encode_field(spec, arg)) == rec.length


def test_field_encoding_edges() -> None:
    specs = {r.name: r for r in RECORDS}
    assert encode_field(specs["birth_date"], None) == bytes(4)
    assert encode_field(specs["birth_date"], "1988-05-12") == bytes.fromhex("19880512")
    assert encode_field(specs["card_id_code"], "AB") == b"\xab" + bytes(15)  # 00-filled
    assert encode_field(specs["card_id_code"], "11" * 17) == b"\x11" * 16  # cut to 16
    assert encode_field(specs["nation"], None) == b"\xff"
    assert encode_field(specs["birthplace"], "35010203") == bytes.fromhex("350102")
    assert encode_field(specs["gender"], None) == b"\x00"
    assert encode_field(specs["card_number"], "A1") == b"A1" + bytes(7)
    with pytest.raises(ValueError, match=r"^card_number: 10 bytes do not fit in 9$"):
        encode_field(specs["card_number"], "A123456789")
    with pytest.raises(ValueError, match=r"^name: 32 bytes do not fit in 30$"):
        encode_field(specs["name"], "张" * 16)  # GBK: 2 bytes a character


def test_tlv_length_forms_at_their_boundaries() -> None:
    for n in (0, 1, 0xFE):
        value = bytes(n)
        assert encode_tlv(0x08, value) == bytes((0x08, n)) + value == tlv(0x08, value)
    for n in (0xFF, 0x1234, 0xFFFF):
        value = bytes(n)
        head = bytes((0x08, 0xFF, n >> 8, n & 0xFF))
        assert encode_tlv(0x08, value) == head + value == tlv(0x08, value)
        assert parse_tlv(head + value) == [TlvItem(0x08, value)]
    with pytest.raises(ValueError, match=r"^value too long for simple-TLV$"):
        encode_tlv(0x08, bytes(0x10000))
    assert encode_tlv(0x01, b"") == b"\x01\x00" and encode_tlv(0xFE, b"") == b"\xfe\x00"
    for tag in (0x00, 0xFF):
        with pytest.raises(ValueError, match=f"^simple-TLV tag must be 01..FE, not {tag:02X}$"):
            encode_tlv(tag, b"")


def test_parse_tlv_items_padding_and_messages() -> None:
    assert parse_tlv(b"") == []
    assert parse_tlv(b"\x07\x02AB\x08\x00\x00\xff\x00") == [
        TlvItem(0x07, b"AB"),
        TlvItem(0x08, b""),
    ]
    assert parse_tlv(b"\xfe\x01Z") == [TlvItem(0xFE, b"Z")]
    cases = [
        (b"\x07\x01A\x00\x01", "TLV: invalid tag 00 at offset 3"),
        (b"\x07\x01A\xff\x01", "TLV: invalid tag FF at offset 3"),
        (b"\x07\x01A\x09", "TLV: tag 09 at offset 3 has no length"),
        (b"\x08\xff\x01", "TLV: tag 08: truncated 3-byte length"),
        (b"\x08\xff\x00\x03AB", "TLV: tag 08 announces 3 bytes, only 2 present"),
        (b"\x08\x05ABCD", "TLV: tag 08 announces 5 bytes, only 4 present"),
    ]
    for data, message in cases:
        with pytest.raises(MalformedRecord) as err:
            parse_tlv(data)
        assert err.value.detail == message, data


def test_card_data_repr_is_masked_exactly_and_wipe_clears() -> None:
    card = SocialSecurityCardData(
        card_number="A12345678",
        id_number="350102199203150041",
        name="欧阳春燕",
        card_version="3.00",
        card_id_code="350100D156000005",
        region="350100",
        atr="3B6800",
    )
    text = "SocialSecurityCardData(v3.00, region=350100, 欧***, 350102********0041)"
    assert repr(card) == text and str(card) == text
    assert card.generation == 3
    card.wipe()
    assert (card.card_number, card.id_number, card.name, card.card_id_code, card.atr) == (
        "", "", "", "", "",
    )  # fmt: skip
    assert repr(card) == "SocialSecurityCardData(v3.00, region=350100, , )"
    assert SocialSecurityCardData("", "", "", card_version="x").generation is None


def test_region_comes_from_six_leading_digits_only() -> None:
    assert region_from_card_id("350100D156") == "350100"
    assert region_from_card_id("35010") == ""
    assert region_from_card_id("3501A0D156") == ""
