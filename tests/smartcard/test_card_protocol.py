"""The read procedure against the virtual card, without PC/SC (fast, exhaustive)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from drivers.smartcard import CardReadFailed, SocialSecurityCardRead, UnsupportedCard, process_card
from drivers.smartcard_protocol import (
    SSSE_NAME,
    ApduSession,
    NotSocialSecurityCard,
    ReadStrategy,
    RecordNotFound,
    SecurityStatusNotSatisfied,
    read_record_by_id,
    read_social_security_card,
    select_by_name,
)
from drivers.smartcard_sim.card import Deck, DeckError, VirtualCard, build_atr, load_deck


class Channel:
    def __init__(self, card: VirtualCard) -> None:
        self.card = card
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        self.sent.append(apdu)
        r = self.card.process(apdu)
        return r[:-2], int.from_bytes(r[-2:], "big")


def test_ssse_name_is_the_spec_bytes() -> None:
    assert select_by_name(SSSE_NAME).hex(" ").upper() == (
        "00 A4 04 00 0F 73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF"
    )


@pytest.mark.parametrize(("strategy", "apdus"), [("select", 13), ("sfi", 11)])
def test_good_card_reads_all_fields(deck: Deck, strategy: str, apdus: int) -> None:
    card = VirtualCard(deck.get("ssc-fz-gen2"))
    channel = Channel(card)
    result = read_social_security_card(channel, ReadStrategy(strategy), card.atr, "T=0")
    c = result.card
    assert (c.name, c.id_number, c.card_number) == ("林晓敏", "350102198805120021", "FZ1234567")
    assert (c.gender_code, c.nation_code, c.card_version) == ("2", "01", "2.00")
    assert c.birth_date == dt.date(1988, 5, 12)
    assert (c.issue_date, c.expiry_date) == (dt.date(2019, 3, 1), dt.date(2029, 3, 1))
    assert c.region == "350100" and c.generation == 2
    assert result.apdus == apdus == len(channel.sent)
    # The first command is the spec's SELECT SSSE; records are read by identifier.
    assert channel.sent[0] == select_by_name(SSSE_NAME)
    assert read_record_by_id(0x08, 20, 6 if strategy == "sfi" else 0) in channel.sent


def test_masked_repr_hides_personal_data(deck: Deck) -> None:
    card = VirtualCard(deck.get("ssc-fz-gen2"))
    c = read_social_security_card(Channel(card)).card
    text = repr(c) + str(c)
    assert "林晓敏" not in text and "350102198805120021" not in text
    assert "FZ1234567" not in text
    c.wipe()
    assert c.name == c.id_number == c.card_number == ""


def test_t0_wrong_le_and_get_response_are_followed(deck: Deck) -> None:
    card = VirtualCard(deck.get("ssc-fz-gen2"))
    session = ApduSession(Channel(card))
    session.command(select_by_name(SSSE_NAME) + b"\x00", "SELECT", want_data=False)
    fci = session.command(select_by_name(SSSE_NAME) + b"\x00", "SELECT + FCI")
    assert fci.startswith(b"\x6f") and SSSE_NAME in fci  # 61xx → GET RESPONSE
    session.command(bytes.fromhex("00A4020002EF06"), "SELECT EF06", want_data=False)
    before = session.count
    raw = session.command(read_record_by_id(0x09, 5), "READ name, Le too short")
    assert raw[:2] == b"\x09\x1e" and len(raw) == 32  # 6C20 → resent with Le = 32
    assert session.count - before == 2


def test_status_words_become_named_errors(deck: Deck) -> None:
    psam = VirtualCard(deck.get("ssc-gen3-psam"))
    with pytest.raises(SecurityStatusNotSatisfied) as e:
        read_social_security_card(Channel(psam))
    assert e.value.sw == 0x6982 and "EF06/08" in e.value.detail
    damaged = VirtualCard(deck.get("ssc-damaged"))
    with pytest.raises(RecordNotFound) as e2:
        read_social_security_card(Channel(damaged))
    assert e2.value.sw == 0x6A83
    for other in ("bank-card", "resident-id-contactless"):
        with pytest.raises(NotSocialSecurityCard):
            read_social_security_card(Channel(VirtualCard(deck.get(other))))


def test_partial_third_generation_card_lists_what_it_refused(deck: Deck) -> None:
    card = VirtualCard(deck.get("ssc-gen3-partial"))
    c = read_social_security_card(Channel(card)).card
    assert c.unreadable == ["nation", "birth_date"]
    assert c.birth_date is None and c.nation_code == "" and c.name == "欧阳春燕"


def test_process_card_turns_outcomes_into_events(deck: Deck) -> None:
    def run(card_id: str) -> object:
        card = VirtualCard(deck.get(card_id))
        return process_card(Channel(card), "r0", card.atr, card.profile.protocol)

    assert isinstance(run("ssc-xm-gen3"), SocialSecurityCardRead)
    bank = run("bank-card")
    assert isinstance(bank, UnsupportedCard) and bank.guess == ""
    assert "不是社会保障卡" in bank.resident_message
    idc = run("resident-id-contactless")
    assert isinstance(idc, UnsupportedCard) and idc.guess == "resident_id"
    assert "身份证阅读区" in idc.resident_message
    failed = run("ssc-gen3-psam")
    assert isinstance(failed, CardReadFailed)
    assert failed.error == "SecurityStatusNotSatisfied" and failed.sw == 0x6982
    assert failed.resident_message and "6982" in failed.detail


def test_card_answers_bad_apdus_with_status_words(deck: Deck) -> None:
    card = VirtualCard(deck.get("ssc-fz-gen2"))
    assert card.process(b"\x00\xa4") == b"\x67\x00"  # too short
    assert card.process(bytes.fromhex("80B2010000"))[-2:] == b"\x6e\x00"  # CLA
    assert card.process(bytes.fromhex("0084000008"))[-2:] == b"\x6d\x00"  # INS
    assert card.process(bytes.fromhex("00B2070000"))[-2:] == b"\x69\x86"  # no current EF
    assert card.process(bytes.fromhex("00A4020002EF05"))[-2:] == b"\x6a\x82"  # SSSE first
    assert card.process(bytes.fromhex("00A4040002AABB"))[-2:] == b"\x6a\x82"
    assert card.process(bytes.fromhex("00A40400FF00"))[-2:] == b"\x67\x00"  # Lc mismatch


def test_atr_builder_marks_protocols() -> None:
    t0 = build_atr("T0", b"\x01\x02")
    assert t0 == bytes.fromhex("3B62000001 02".replace(" ", ""))
    t1 = build_atr("T1", b"\x01\x02")
    tck = 0
    for b in t1[1:]:
        tck ^= b
    assert t1[2:4] == b"\x80\x01" and tck == 0  # TD2 says T=1; TCK makes the XOR zero


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["cards"].append(dict(d["cards"][0])), "duplicate card id"),
        (lambda d: d["cards"][0]["fields"].update(nickname="x"), "unknown field 'nickname'"),
        (lambda d: d["cards"][0]["fields"].update(birth_date="1990-02-30"), "card #1"),
        (lambda d: d["cards"][0].update(historical_bytes="zz"), "card #1"),
        (lambda d: d["cards"][0]["fields"].update(name="长" * 20), "do not fit"),
        (lambda d: d["cards"][0].pop("id"), "missing 'id'"),
    ],
)
def test_bad_decks_are_refused_clearly(tmp_path: Path, change: object, message: str) -> None:
    from tests.smartcard.conftest import DECK_PATH

    data = json.loads(DECK_PATH.read_text(encoding="utf-8"))
    change(data)  # type: ignore[operator]
    path = tmp_path / "deck.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DeckError, match=message):
        load_deck(path)


def test_missing_and_broken_deck_files(tmp_path: Path) -> None:
    with pytest.raises(DeckError, match="not found"):
        load_deck(tmp_path / "nope.json")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(DeckError, match="unreadable"):
        load_deck(tmp_path / "bad.json")
