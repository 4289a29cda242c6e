"""Electronic-licence look-up for form prefill, bound to this session's identity event.

The platform answers a look-up only with the identity token it issued when this
resident identified at this kiosk in this session (see
``offline_queue/server/routers/identity.py``): an app-code login brings one; a card
read brings the reader SAM's attestation, exchanged here for one on first use (an
attestation is single use, so the token replaces it on the document). Without a
proof there is no look-up and the resident types the fields.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.identity.document import IdentityDocument, IdentityProof
from offline_queue.client import PlatformClient
from offline_queue.errors import IdentityNotProven

log = logging.getLogger(__name__)


class LicenceLookupService:
    """``kiosk.services.rules.LicenceLookup`` over the platform client (blocking: worker thread)."""

    def __init__(
        self, client: PlatformClient, kiosk_id: str, session_id: Callable[[], str]
    ) -> None:
        self.client = client
        self.kiosk_id = kiosk_id
        self.session_id = session_id

    def identity_token(self, identity: IdentityDocument) -> tuple[str, str]:
        """(identity token, session id) for this resident; raises :class:`IdentityNotProven`."""
        proof = identity.proof
        session = self.session_id()
        if proof is not None and proof.identity_token and proof.session_id == session:
            return proof.identity_token, session
        if proof is None or proof.attestation is None:
            raise IdentityNotProven(
                f"no identity event the platform can check ({identity.card_type})"
            )
        token = self.client.identity_event(self.kiosk_id, session, proof.attestation)
        identity.proof = IdentityProof(identity_token=token, session_id=session)
        return token, session

    def lookup(self, identity: IdentityDocument, licence_type: str) -> dict[str, str] | None:
        token, session = self.identity_token(identity)
        for lic in self.client.lookup_licences(identity.id_number, token, session):
            if lic.licence_type == licence_type:
                return dict(lic.fields)
        return None

    def stop(self) -> None:
        self.client.close()
