"""Card-read attestations: the reader's SAM signs what it read (Ed25519).

What this models: a certified ID-card reader's SAM (security module) authenticates
the card and, in the systems that let a platform check a read remotely, signs the
read with a key that never leaves the SAM. The platform, holding the SAM's public
key (registered for the kiosk at enrolment), can then tell a card really lay on
*that* kiosk's reader just now (``offline_queue/server/routers/identity.py``).

:class:`SimulatedSam` stands in for that module: its key is made in memory when the
simulated reader is built and is never written anywhere, so nothing on the
terminal's disk can sign a read. A real reader's driver would ask its SAM instead.

The signed bytes (spec shared with the platform, written here again on purpose:
this package imports nothing of ours)::

    kiosk-card-read/v1|<reader public key hex>|<sha256 hex of the ID number>|<read_at_ms>|<nonce hex>
"""

from __future__ import annotations

import hashlib
import os
import time
from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from drivers.idcard.textblock import split_fields


def card_read_message(reader_key: str, id_number: str, read_at_ms: int, nonce: str) -> bytes:
    digest = hashlib.sha256(id_number.strip().upper().encode()).hexdigest()
    return f"kiosk-card-read/v1|{reader_key}|{digest}|{read_at_ms}|{nonce}".encode()


class CardAttestor(Protocol):
    """Signs a card read (the reader's SAM)."""

    @property
    def public_key(self) -> str: ...

    def attest(self, text_block: bytes) -> dict[str, Any] | None: ...


class SimulatedSam:
    """A SAM's signing key, in memory only (see the module docstring)."""

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.generate()
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self._public = raw.hex()

    @property
    def public_key(self) -> str:
        """Hex of the raw Ed25519 public key (what the platform registers)."""
        return self._public

    def attest(self, text_block: bytes) -> dict[str, Any] | None:
        """The attestation of one read (None when the block holds no ID number)."""
        id_number = split_fields(text_block)[1].get("id_number", "").strip().upper()
        if not id_number:
            return None
        read_at_ms = int(time.time() * 1000)
        nonce = os.urandom(16).hex()
        signature = self._key.sign(card_read_message(self._public, id_number, read_at_ms, nonce))
        return {
            "id_number": id_number,
            "reader_key": self._public,
            "read_at_ms": read_at_ms,
            "nonce": nonce,
            "signature": signature.hex(),
        }
