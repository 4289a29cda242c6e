"""The TLV parser and field decoders: exact on good input, only MalformedRecord on any bytes."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.smartcard_protocol import (
    RECORDS,
    MalformedRecord,
    TlvItem,
    decode_an,
    decode_cn,
    decode_date,
    decode_gbk,
    encode_field,
    encode_tlv,
    parse_record,
    parse_tlv,
)


@given(st.binary(max_size=600))
@settings(max_examples=400, deadline=None)
def test_parse_tlv_never_crashes(data: bytes) -> None:
    try:
        items = parse_tlv(data)
    except MalformedRecord:
        return
    # What parses re-encodes to a prefix of the input (the rest is padding).
    encoded = b"".join(encode_tlv(i.tag, i.value) for i in items)
    assert data.startswith(encoded)
    assert all(b in (0x00, 0xFF) for b in data[len(encoded) :])


@given(
    st.lists(st.tuples(st.integers(0x01, 0xFE), st.binary(max_size=300)), min_size=1, max_size=5),
    st.binary(max_size=8).map(lambda b: bytes(0xFF if x & 1 else 0x00 for x in b)),
)
@settings(max_examples=200, deadline=None)
def test_tlv_round_trip(items: list[tuple[int, bytes]], padding: bytes) -> None:
    data = b"".join(encode_tlv(t, v) for t, v in items) + padding
    assert parse_tlv(data) == [TlvItem(t, v) for t, v in items]


@given(st.binary(max_size=40))
@settings(max_examples=300, deadline=None)
def test_decoders_only_raise_malformed(value: bytes) -> None:
    for decode in (decode_an, decode_gbk, decode_cn, decode_date):
        with contextlib.suppress(MalformedRecord):
            decode(value, "field")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x08", "no length"),
        (b"\x08\x12" + b"1" * 5, "announces 18 bytes"),
        (b"\x08\xff\x00", "truncated"),
        (b"\x08\x01A\x00\x41", "invalid tag 00"),
    ],
)
def test_malformed_records_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(MalformedRecord, match=reason):
        parse_tlv(data)


def test_parse_record_checks_the_tag() -> None:
    assert parse_record(b"\x07\x03ABC", 0x07) == b"ABC"
    with pytest.raises(MalformedRecord, match="returned tag 08"):
        parse_record(b"\x08\x03ABC", 0x07)
    with pytest.raises(MalformedRecord, match="empty"):
        parse_record(b"\x00\x00", 0x07)


def test_field_formats_follow_the_padding_rules() -> None:
    specs = {r.name: r for r in RECORDS}
    name = encode_field(specs["name"], "欧阳春燕")
    assert len(name) == 30 and name.endswith(b"\x00" * 22)  # an: right-filled with 00
    assert decode_gbk(name, "name") == "欧阳春燕"
    nation = encode_field(specs["birthplace"], "3501")
    assert nation == bytes.fromhex("3501FF")  # cn: right-filled with F
    assert decode_cn(nation, "birthplace") == "3501"
    date = encode_field(specs["birth_date"], dt.date(1988, 5, 12))
    assert date == bytes.fromhex("19880512")
    assert decode_date(date, "d") == dt.date(1988, 5, 12)
    assert decode_date(b"\x00" * 4, "d") is None
    with pytest.raises(MalformedRecord, match="no such date"):
        decode_date(bytes.fromhex("20230230"), "d")
    with pytest.raises(MalformedRecord, match="not GBK"):
        decode_gbk(b"\x81\x20", "name")
    # Full-width spaces (GBK A1A1) padding or spacing a name are not part of it.
    assert decode_gbk("张　伟　　".encode("gbk") + b"\x00" * 4, "name") == "张伟"
    with pytest.raises(MalformedRecord, match="control characters"):
        decode_gbk("张\t伟".encode("gbk"), "name")
