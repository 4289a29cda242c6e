"""Social security card data → IdentityDocument: same validation and masking as the ID card."""

from __future__ import annotations

import datetime as dt
import logging

import pytest

from drivers.smartcard import SocialSecurityCardRead
from drivers.smartcard_protocol import read_social_security_card
from drivers.smartcard_sim.card import Deck, VirtualCard
from kiosk.identity.document import CardType, DocumentExpired, Gender, InvalidIdNumber
from kiosk.identity.smartcard import EmptyCardRead, document_from_card, document_from_event
from kiosk.logging_setup import MaskingFilter
from tests.smartcard.test_card_protocol import Channel


def read(deck: Deck, card_id: str):
    return read_social_security_card(Channel(VirtualCard(deck.get(card_id)))).card


def test_good_card_becomes_a_valid_document(deck: Deck) -> None:
    doc = document_from_card(read(deck, "ssc-fz-gen2"))
    doc.validate(today=dt.date(2024, 6, 1))
    assert doc.card_type == CardType.SOCIAL_SECURITY
    assert (doc.name, doc.id_number, doc.gender) == ("林晓敏", "350102198805120021", Gender.FEMALE)
    assert doc.ethnicity == "汉族" and doc.birth_date == dt.date(1988, 5, 12)
    assert (doc.valid_from, doc.valid_to) == (dt.date(2019, 3, 1), dt.date(2029, 3, 1))
    assert doc.extra["card_number"] == "FZ1234567" and doc.extra["region"] == "350100"


def test_json_form_has_the_shared_keys_plus_card_number_and_region(deck: Deck) -> None:
    doc = document_from_card(read(deck, "ssc-xm-gen3"))
    masked = doc.to_dict()
    for key in ("card_type", "name", "gender", "birth_date", "id_number", "valid_to"):
        assert key in masked
    assert masked["card_number"] != "XM7654321" and masked["region"] == "350200"
    assert masked["id_number"] == "350203********0130" and masked["name"] == "陈**"
    full = doc.to_dict(show_personal_data=True)
    assert full["card_number"] == "XM7654321" and full["id_number"] == "350203195611030130"


def test_expired_and_bad_check_character_are_refused(deck: Deck) -> None:
    with pytest.raises(DocumentExpired):
        document_from_card(read(deck, "ssc-expired")).validate(today=dt.date(2024, 1, 1))
    with pytest.raises(InvalidIdNumber, match="check character"):
        document_from_card(read(deck, "ssc-bad-check")).validate(today=dt.date(2024, 1, 1))


def test_partial_card_still_validates_from_the_number(deck: Deck) -> None:
    doc = document_from_card(read(deck, "ssc-gen3-partial"))
    doc.validate(today=dt.date(2024, 1, 1))
    assert doc.birth_date is None and doc.extra["unreadable"] == "nation,birth_date"


def test_sensitive_values_are_masked_in_logs(deck: Deck, caplog: pytest.LogCaptureFixture) -> None:
    doc = document_from_card(read(deck, "ssc-fz-gen2"))
    assert "FZ1234567" in doc.sensitive_values()
    assert "林晓敏" not in repr(doc) and "350102198805120021" not in repr(doc)
    record = logging.LogRecord("t", logging.INFO, __file__, 1, "id %s", (doc.id_number,), None)
    MaskingFilter().filter(record)
    assert "350102198805120021" not in record.getMessage()


def test_event_without_card_is_an_identity_error() -> None:
    with pytest.raises(EmptyCardRead):
        document_from_event(SocialSecurityCardRead(reader="r"))
