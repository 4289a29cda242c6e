"""Events the ID card reader emits from its polling thread.

Listeners (the device manager, then the Qt bridge) receive them on the reader's
thread and must not block. ``CardRead`` holds personal data: its ``repr`` shows
sizes only, and :meth:`CardRead.wipe` zeroes the buffers once the identity model
has been built.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from drivers.base import DeviceEvent
from drivers.idcard.errors import IdCardError
from drivers.idcard.wlt import DecodedPhoto


@dataclass(frozen=True)
class CardPresent(DeviceEvent):
    """A card was found on the reader; reading starts now (show "reading…")."""


@dataclass(frozen=True, repr=False)
class CardRead(DeviceEvent):
    """A card was read.

    ``text`` is the raw 256-byte UCS-2 LE text block (decode it with
    ``kiosk.identity.idcard_text``), ``photo`` the 1024 WLT bytes, ``fingerprint`` the
    fingerprint bytes when the reader was asked for them (else ``None``).
    ``photo_image`` is the decoded photo when a decoder could decode it, otherwise
    ``photo_problem`` says why not. ``elapsed_s`` is the find→read time.
    """

    text: bytearray = field(default_factory=bytearray)
    photo: bytearray = field(default_factory=bytearray)
    fingerprint: bytearray | None = None
    photo_image: DecodedPhoto | None = None
    photo_problem: str = ""
    elapsed_s: float = 0.0
    #: The reader SAM's signature of this read (``drivers/idcard/attest.py``), if any.
    attestation: dict[str, Any] | None = None

    def wipe(self) -> None:
        """Zero the card buffers (the decoded image is immutable: drop references to it)."""
        for buf in (self.text, self.photo, self.fingerprint):
            if buf is not None:
                buf[:] = bytes(len(buf))
        object.__setattr__(self, "photo_image", None)
        object.__setattr__(self, "attestation", None)

    def __repr__(self) -> str:
        fp = "none" if self.fingerprint is None else f"{len(self.fingerprint)} B"
        return (
            f"CardRead(device={self.device!r}, text={len(self.text)} B, "
            f"photo={len(self.photo)} B, fingerprint={fp}, image={self.photo_image!r})"
        )


@dataclass(frozen=True)
class CardRemoved(DeviceEvent):
    """The card left the reader (or the reader vanished while a card was on it)."""

    reason: str = "removed"


@dataclass(frozen=True)
class CardReadFailed(DeviceEvent):
    """A card was found but could not be read; the resident must lift and replace it.

    ``error`` is the named error (its ``resident_message`` is what the screen shows).
    """

    error: IdCardError | None = None

    @property
    def resident_message(self) -> str:
        return self.error.resident_message if self.error else IdCardError.resident_message
