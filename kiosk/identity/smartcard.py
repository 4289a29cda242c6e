"""From a social security card read to an :class:`~kiosk.identity.document.IdentityDocument`.

The card's 社会保障号码 is the holder's citizen ID number, so the document is
validated exactly like an ID card's (GB 11643 check character, birth date and
gender consistent with the number, validity period: issue and expiry dates of
the card). The card number and the issuing region go into ``extra``
(``card_number``, ``region``, ``card_version``), which the CLI's JSON shows next
to the keys every card shares.

Conversion does not judge the card: call ``IdentityDocument.validate()``.
"""

from __future__ import annotations

from drivers.smartcard import SocialSecurityCardRead
from drivers.smartcard_protocol import SocialSecurityCardData
from kiosk.identity.document import CardType, Gender, IdentityDocument, IdentityError
from kiosk.identity.idcard_text import ethnicity_name


class EmptyCardRead(IdentityError):
    """The read event carried no card data (should not happen; guards the UI)."""


def _gender(code: str) -> Gender:
    try:
        return Gender(code.strip())
    except ValueError:
        return Gender.UNKNOWN


def document_from_card(card: SocialSecurityCardData) -> IdentityDocument:
    """Build the identity document of a social security card (not yet validated)."""
    extra = {"card_number": card.card_number, "region": card.region}
    if card.card_version:
        extra["card_version"] = card.card_version
    if card.unreadable:
        extra["unreadable"] = ",".join(card.unreadable)
    return IdentityDocument(
        card_type=CardType.SOCIAL_SECURITY,
        name=card.name,
        id_number=card.id_number.strip().upper(),
        gender=_gender(card.gender_code),
        birth_date=card.birth_date,
        ethnicity=ethnicity_name(card.nation_code) if card.nation_code else "",
        issuer=card.region,
        valid_from=card.issue_date,
        valid_to=card.expiry_date,
        long_term=False,
        extra=extra,
    )


def document_from_event(event: SocialSecurityCardRead) -> IdentityDocument:
    """The document of a :class:`~drivers.smartcard.SocialSecurityCardRead` event."""
    if event.card is None:
        raise EmptyCardRead(f"read event from {event.reader} carries no card")
    return document_from_card(event.card)
