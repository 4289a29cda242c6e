"""The read-base-info payload: text block, WLT photo and optional fingerprints (spec §1.5).

``30 01`` data:  TEXT_LEN(2) PHOTO_LEN(2) TEXT PHOTO
``30 10`` data:  TEXT_LEN(2) PHOTO_LEN(2) FP_LEN(2) TEXT PHOTO FP
Lengths are big-endian (``01 00`` = 256, ``04 00`` = 1024).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.idcard.errors import PayloadError

TEXT_LEN = 256
PHOTO_LEN = 1024


@dataclass(repr=False)
class CardData:
    """What the reader returned for one card. Personal data: wipe it after use."""

    text: bytearray
    photo: bytearray
    fingerprint: bytearray | None = None

    def wipe(self) -> None:
        for buf in (self.text, self.photo, self.fingerprint):
            if buf is not None:
                buf[:] = bytes(len(buf))

    def __repr__(self) -> str:  # never print card bytes
        fp = "none" if self.fingerprint is None else f"{len(self.fingerprint)} B"
        return f"CardData(text={len(self.text)} B, photo={len(self.photo)} B, fingerprint={fp})"


def parse_base_info(data: bytes, with_fingerprint: bool) -> CardData:
    """Split a read-base-info answer; raise :class:`PayloadError` if it does not add up."""
    head = 6 if with_fingerprint else 4
    if len(data) < head:
        raise PayloadError(
            f"base-info data is {len(data)} bytes, shorter than its {head}-byte header"
        )
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    fp_len = int.from_bytes(data[4:6], "big") if with_fingerprint else 0
    if text_len == 0 or text_len % 2:
        raise PayloadError(f"text length {text_len} is not a positive even number")
    expected = head + text_len + photo_len + fp_len
    if len(data) != expected:
        raise PayloadError(
            f"base-info data is {len(data)} bytes; its lengths "
            f"(text {text_len}, photo {photo_len}, fingerprint {fp_len}) need {expected}"
        )
    t_end = head + text_len
    p_end = t_end + photo_len
    return CardData(
        text=bytearray(data[head:t_end]),
        photo=bytearray(data[t_end:p_end]),
        fingerprint=bytearray(data[p_end:]) if with_fingerprint else None,
    )


def build_base_info(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """The inverse of :func:`parse_base_info` (used by the emulator and tests)."""
    head = len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big")
    if fingerprint is None:
        return head + text + photo
    return head + len(fingerprint).to_bytes(2, "big") + text + photo + fingerprint
