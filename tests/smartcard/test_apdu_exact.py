"""APDU bytes, T=0 follow-ups and record decoding, exactly (issue 25, mutation score).

The APDUs are written out by hand from the command tables (ISO 7816-4 / the social
security card specification); the card is the virtual card, reached without PC/SC.
Every APDU the driver sends is compared, not only what it finally returns.
"""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.smartcard_protocol import (
    READ_RECORDS,
    RECORDS,
    SSSE_NAME,
    ApduSession,
    CardBlocked,
    CardStatusError,
    MalformedRecord,
    NotSocialSecurityCard,
    TlvItem,
    _decode,
    decode_an,
    decode_cn,
    decode_date,
    decode_gbk,
    encode_field,
    get_response,
    parse_tlv,
    read_record_by_id,
    read_social_security_card,
    select_by_name,
    select_file,
)
from drivers.smartcard_sim.card import Deck, VirtualCard, deck_from_dict
from drivers.smartcard_sim.records import CARD_RECORDS, store


class Channel:
    """The virtual card as an APDU channel, recording every APDU sent."""

    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        self.sent: list[str] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu.hex().upper())
        r = self.card.process(apdu)
        return r[:-2], int.from_bytes(r[-2:], "big")


def test_command_bytes_are_the_specs() -> None:
    assert select_file(0xEF05).hex().upper() == "00A4020002EF05"
    assert select_file(0xEF06).hex().upper() == "00A4020002EF06"
    assert get_response(0x1C).hex().upper() == "00C000001C"
    assert get_response(0x100).hex().upper() == "00C0000000"  # Le 00 = 256
    assert read_record_by_id(0x08, 20).hex().upper() == "00B2080014"
    assert read_record_by_id(0x08, 20, sfi=6).hex().upper() == "00B2083014"


def test_t0_follow_ups_ask_for_exactly_what_the_card_announced(deck: Deck) -> None:
    channel = Channel(VirtualCard(deck.get("ssc-fz-gen2")))  # a T=0 card
    session = ApduSession(channel)
    fci = session.command(select_by_name(SSSE_NAME) + b"\x00", "SELECT + FCI")
    # 61xx: GET RESPONSE with Le = xx, the length the card announced.
    assert channel.sent == [
        select_by_name(SSSE_NAME).hex().upper() + "00",
        f"00C00000{len(fci):02X}",
    ]
    session.command(select_file(0xEF06), "SELECT EF06", want_data=False)
    raw = session.command(read_record_by_id(0x09, 5), "READ name, Le too short")
    # 6C20: the same command again with Le = 20 (32 bytes).
    assert channel.sent[2:] == ["00A4020002EF06", "00B2090005", "00B2090020"]
    assert len(raw) == 0x20


def test_card_status_error_carries_command_word_and_message() -> None:
    e = CardStatusError(0x6A82, "SELECT EF05", "请换一张卡。")
    assert (e.sw, e.command, e.detail) == (0x6A82, "SELECT EF05", "SELECT EF05: status word 6A82")
    assert e.resident_message == "请换一张卡。"
    assert CardStatusError(0x6A82, "X").resident_message == CardStatusError.resident_message


def _card(**profile: object) -> VirtualCard:
    base = {
        "id": "test-card",
        "protocol": "T1",
        "fields": {
            "card_id_code": "350100D156000005A1B2C37C7A48FB49",
            "card_version": "3.00",
            "issue_date": "2021-06-01",
            "expiry_date": "2031-12-31",
            "card_number": "A12345678",
            "id_number": "35010219920315004x",
            "name": "林晓敏",
            "gender": "2",
            "nation": "01",
            "birth_date": "1992-10-15",
        },
    }
    base.update(profile)
    return VirtualCard(deck_from_dict({"version": 1, "cards": [base]}).get("test-card"))


def test_a_read_returns_every_field_as_the_card_holds_it() -> None:
    card = _card()
    result = read_social_security_card(Channel(card), atr=bytes.fromhex("3b8f80"), protocol="T1")
    c = result.card
    assert c.card_id_code == "350100D156000005A1B2C37C7A48FB49"
    assert c.id_number == "35010219920315004X"  # a lower-case check character is read as X
    assert c.name == "林晓敏"
    assert (c.issue_date, c.expiry_date) == (dt.date(2021, 6, 1), dt.date(2031, 12, 31))
    assert c.birth_date == dt.date(1992, 10, 15)
    assert (c.atr, c.protocol) == ("3B8F80", "T1")
    bare = read_social_security_card(Channel(_card())).card
    assert (bare.atr, bare.protocol) == ("", "")


def test_select_refusals_name_the_command(deck: Deck) -> None:
    with pytest.raises(NotSocialSecurityCard) as e:
        read_social_security_card(Channel(VirtualCard(deck.get("bank-card"))))
    assert e.value.detail == "SELECT SSSE refused (6A82)"
    blocked = _card(kind="other", select_sw="6A81", fields={})
    with pytest.raises(CardBlocked) as e2:
        read_social_security_card(Channel(blocked))
    assert e2.value.detail == "SELECT SSSE: status word 6A81"


def _values(**fields: str) -> dict[str, bytes]:
    """Record values as the card stores them (the virtual card's own encoder)."""
    recs = {r.name: r for r in CARD_RECORDS}
    return {name: store(recs[name], value) for name, value in fields.items()}


def test_decoding_without_a_card_id_and_with_bad_records() -> None:
    card = _decode(_values(id_number="350102199203150041", name="林晓敏"), [])
    assert (card.card_id_code, card.region) == ("", "")
    bad_name = {**_values(id_number="350102199203150041"), "name": b"\x81\x20"}
    with pytest.raises(MalformedRecord) as e:
        _decode(bad_name, [])
    assert e.value.detail == "name: not GBK text"
    for values in (
        _values(id_number="350102199203150041"),
        _values(name="林晓敏"),
        _values(id_number="350102199203150041", name=""),
    ):
        with pytest.raises(MalformedRecord) as e:
            _decode(values, [])
        assert e.value.detail == "card has an empty ID number or name record"


def test_field_decoders_name_the_field_in_every_refusal() -> None:
    cases = [
        (decode_an, b"AB\xc1", "f: not ASCII text"),
        (decode_an, b"AB\x07", "f: control characters in text"),
        (decode_an, b"AB\t", "f: control characters in text"),  # a tab is not padding
        (decode_gbk, b"\xc1\xd6\x07", "f: control characters in text"),
        (decode_cn, b"\x1a", "f: not BCD digits"),
        (decode_date, b"\x19\x88\x05", "f: date must be 4 bytes, got 3"),
        (decode_date, b"\x19\x88\x0a\x01", "f: date is not BCD"),
    ]
    for decode, raw, detail in cases:
        with pytest.raises(MalformedRecord) as e:
            decode(raw, "f")
        assert e.value.detail == detail


def test_padding_is_stripped_from_the_right_only() -> None:
    assert decode_an(b"35010219920315004X\x00\x00", "id") == "35010219920315004X"
    assert decode_an(b"35010219920315004X  \xff", "id") == "35010219920315004X"
    assert decode_gbk("林晓敏".encode("gbk") + b"  \x00", "name") == "林晓敏"
    assert decode_date(b"\xff" * 4, "d") is None  # all-F: not set
    assert decode_date(b"\x00" * 4, "d") is None
    assert decode_date(bytes.fromhex("20291231"), "d") == dt.date(2029, 12, 31)


def test_field_encoding_of_datetimes_and_non_ascii() -> None:
    specs = {r.name: r for r in RECORDS}
    when = dt.datetime(2020, 1, 2, 3, 4)  # a datetime is a date: its date part is stored
    assert encode_field(specs["birth_date"], when) == bytes.fromhex("20200102")
    with pytest.raises(UnicodeEncodeError):
        encode_field(specs["card_number"], "林")  # an AN field holds ASCII only
    assert encode_field(specs["name"], "林") == "林".encode("gbk") + bytes(28)


def test_tlv_three_byte_length_at_the_exact_end() -> None:
    assert parse_tlv(bytes([0x01, 0xFF, 0x00, 0x00])) == [TlvItem(0x01, b"")]
    assert parse_tlv(bytes([0x01, 0xFF, 0x01, 0x00]) + b"x" * 256) == [TlvItem(0x01, b"x" * 256)]
    with pytest.raises(MalformedRecord) as e:
        parse_tlv(bytes([0x01, 0xFF, 0x00]))
    assert e.value.detail == "TLV: tag 01: truncated 3-byte length"


def test_every_read_record_is_read_by_identifier_in_file_order(deck: Deck) -> None:
    channel = Channel(VirtualCard(deck.get("ssc-xm-gen3")))
    read_social_security_card(channel)
    expected = [select_by_name(SSSE_NAME).hex().upper()]
    current = 0
    for spec in READ_RECORDS:
        if spec.file != current:
            expected.append(f"00A40200 02{spec.file:04X}".replace(" ", ""))
            current = spec.file
        expected.append(f"00B2{spec.tag:02X}00{spec.length + 2:02X}")
    assert channel.sent == expected
