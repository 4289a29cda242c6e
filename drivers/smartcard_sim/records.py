"""The virtual card's own record table and encoders, written from the spec, not from the driver.

A card that borrowed the driver's record table, TLV encoder or field encoders would
agree with any mistake in them. Everything here comes from
``shared/specs/social-security-card.md`` (the SSSE name, the EF05/EF06 tag table,
BCD dates, F-padded cn items). An import-linter contract in ``pyproject.toml``
forbids this package's card logic to import :mod:`drivers.smartcard_protocol` or
:mod:`drivers.smartcard`.

The field *names* match the deck file (``config/smartcard_deck.json``): they are
the deck's vocabulary, not a protocol constant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: DF name of the social security application: ASCII "sx1.sh." then GBK "社会保障".
SSSE_NAME = b"sx1.sh." + bytes.fromhex("C9E7BBE1B1A3D5CF")
EF05 = 0xEF05  # issuer / card data
EF06 = 0xEF06  # cardholder basic data
#: ISO 7816-4: the SFI of an EF is the low 5 bits of its FID (spec: P2 0x2C = SFI 5).
SFI_OF = [(EF05, 5), (EF06, 6)]


@dataclass(frozen=True)
class CardRecord:
    """One record of the card's files: where it lives, its tag, how it is stored."""

    name: str
    fid: int
    tag: int
    fmt: str  # "b" binary, "an" ASCII, "cn" BCD F-padded, "gbk", "date" BCD YYYYMMDD
    length: int


#: The tag table of the spec (EF05 01-07, EF06 08-0D and 4E).
CARD_RECORDS: list[CardRecord] = [
    CardRecord("card_id_code", EF05, 0x01, "b", 16),
    CardRecord("card_category", EF05, 0x02, "an", 1),
    CardRecord("card_version", EF05, 0x03, "an", 4),
    CardRecord("institution", EF05, 0x04, "b", 11),
    CardRecord("issue_date", EF05, 0x05, "date", 4),
    CardRecord("expiry_date", EF05, 0x06, "date", 4),
    CardRecord("card_number", EF05, 0x07, "an", 9),
    CardRecord("id_number", EF06, 0x08, "an", 18),
    CardRecord("name", EF06, 0x09, "gbk", 30),
    CardRecord("gender", EF06, 0x0A, "an", 1),
    CardRecord("nation", EF06, 0x0B, "cn", 1),
    CardRecord("birthplace", EF06, 0x0C, "cn", 3),
    CardRecord("birth_date", EF06, 0x0D, "date", 4),
    CardRecord("name_extension", EF06, 0x4E, "gbk", 20),
]
RECORD_NAMES = frozenset(r.name for r in CARD_RECORDS)


def record_at(fid: int, tag: int) -> CardRecord | None:
    """The record stored under ``tag`` in file ``fid`` (None if the spec has none)."""
    for r in CARD_RECORDS:
        if r.fid == fid and r.tag == tag:
            return r
    return None


def fid_of_sfi(sfi: int) -> int | None:
    for fid, s in SFI_OF:
        if s == sfi:
            return fid
    return None


def tlv(tag: int, value: bytes) -> bytes:
    """A simple-TLV record (ISO 7816-4): tag, 1-byte length (or FF + 2 bytes), value."""
    if not 0x01 <= tag <= 0xFE:
        raise ValueError(f"tag {tag:02X} outside 01..FE")
    if len(value) <= 0xFE:
        return bytes((tag, len(value))) + value
    return bytes((tag, 0xFF, len(value) >> 8, len(value) & 0xFF)) + value


def store(record: CardRecord, value: str) -> bytes:
    """The bytes a card holds for ``value`` in ``record`` (padding as the spec says)."""
    if record.fmt == "date":
        if not value:
            return bytes(4)
        d = dt.date.fromisoformat(value)
        return bytes.fromhex(f"{d.year:04d}{d.month:02d}{d.day:02d}")
    if record.fmt == "b":
        return bytes.fromhex(value).ljust(record.length, b"\x00")[: record.length]
    if record.fmt == "cn":
        digits = (value + "F" * (2 * record.length))[: 2 * record.length]
        return bytes.fromhex(digits)
    raw = value.encode("gbk" if record.fmt == "gbk" else "ascii")
    if len(raw) > record.length:
        raise ValueError(f"{record.name}: {len(raw)} bytes do not fit in {record.length}")
    return raw + bytes(record.length - len(raw))
