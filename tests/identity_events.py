"""Test helpers for identity events: a simulated reader SAM enrolled at the platform,
and the identity token a card read on it earns (offline_queue/server/routers/identity.py)."""

from __future__ import annotations

import httpx

from drivers.idcard.attest import SimulatedSam
from drivers.idcard.textblock import TextLayout, encode_text_block
from offline_queue.client import PlatformClient


def enrol_sam(
    url: str, admin_token: str, kiosk_id: str, sam: SimulatedSam | None = None
) -> SimulatedSam:
    """A SAM (new unless given) whose public key the platform knows as ``kiosk_id``'s reader."""
    sam = sam or SimulatedSam()
    r = httpx.put(
        f"{url}/v1/admin/kiosks/{kiosk_id}/reader-keys",
        json={"public_keys": [sam.public_key]},
        headers={"Authorization": f"Bearer {admin_token}"},
    )
    r.raise_for_status()
    return sam


def card_attestation(sam: SimulatedSam, id_number: str) -> dict[str, object]:
    """What the SAM signs when a card with ``id_number`` lies on its reader."""
    block = encode_text_block(TextLayout.RESIDENT, {"name": "测试", "id_number": id_number})
    attestation = sam.attest(block)
    assert attestation is not None
    return attestation


def identity_token(
    client: PlatformClient, sam: SimulatedSam, kiosk_id: str, session_id: str, id_number: str
) -> str:
    return client.identity_event(kiosk_id, session_id, card_attestation(sam, id_number))
