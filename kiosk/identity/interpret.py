"""From device events to "who is this": one interpretation for every card reader.

The identify screen accepts whichever card arrives first (ID card on the SAM
reader, social security card over PC/SC); this module turns the drivers' events
into :class:`IdentifyUpdate` values the controller acts on. Validation (check
character, validity) happens here, so an expired or invalid card is refused with
its own message whatever reader it came from.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

from drivers import smartcard as sc
from drivers.base import DeviceEvent
from drivers.idcard import events as idc
from kiosk.identity.document import IdentityDocument, IdentityError, IdentityProof
from kiosk.identity.idcard_text import document_from_card as idcard_document
from kiosk.identity.smartcard import document_from_event as smartcard_document

log = logging.getLogger(__name__)


class UpdateKind(StrEnum):
    READING = "reading"
    IDENTIFIED = "identified"
    REFUSED = "refused"
    REMOVED = "removed"


@dataclass(frozen=True)
class IdentifyUpdate:
    kind: UpdateKind
    device: str
    document: IdentityDocument | None = None
    message: str = ""  # resident-facing, for REFUSED


def interpret(event: DeviceEvent, today: dt.date | None = None) -> IdentifyUpdate | None:
    """The identify meaning of a device event, or None if it has none."""
    dev = event.device
    if isinstance(event, (idc.CardPresent, sc.CardInserted)):
        return IdentifyUpdate(UpdateKind.READING, dev)
    if isinstance(event, (idc.CardRemoved, sc.CardRemoved)):
        return IdentifyUpdate(UpdateKind.REMOVED, dev)
    if isinstance(event, idc.CardReadFailed):
        return IdentifyUpdate(UpdateKind.REFUSED, dev, message=event.resident_message)
    if isinstance(event, (sc.CardReadFailed, sc.UnsupportedCard)):
        return IdentifyUpdate(UpdateKind.REFUSED, dev, message=event.resident_message)
    if isinstance(event, (idc.CardRead, sc.SocialSecurityCardRead)):
        try:
            if isinstance(event, idc.CardRead):
                doc = idcard_document(event)
                if event.attestation is not None:
                    doc.proof = IdentityProof(attestation=event.attestation)
            else:
                doc = smartcard_document(event)
            doc.validate(today)
        except IdentityError as e:
            log.warning("card from %s refused: %s", dev, e.detail)
            return IdentifyUpdate(UpdateKind.REFUSED, dev, message=e.resident_message)
        finally:
            event.wipe()  # the raw card buffers are no longer needed
        log.info("identified on %s: %s", dev, doc)
        return IdentifyUpdate(UpdateKind.IDENTIFIED, dev, document=doc)
    return None
