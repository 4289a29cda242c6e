"""Layouts of the 256-byte UCS-2 LE text block for each card type (spec §1.6, §1.7).

This module only cuts the block into raw strings and puts raw strings back into a
block (the emulator needs that). Interpreting the fields (dates, codes, validation)
is the identity model's job (``kiosk/identity/idcard_text.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

TEXT_BLOCK_LEN = 256
TYPE_FLAG_OFFSET = 248
ENCODING = "utf-16-le"
PAD = " "


class TextLayout(StrEnum):
    """Which layout a block uses, told by the UCS-2 flag at bytes 248–249."""

    RESIDENT = "resident"  # blank flag: 居民身份证
    HMT = "J"  # 港澳台居民居住证
    FOREIGN_2017 = "I"  # 外国人永久居留身份证 (2017)
    FOREIGN_2023 = "Y"  # 外国人永久居留身份证 (2023) — layout marked uncertain in the spec


@dataclass(frozen=True)
class TextField:
    name: str
    offset: int
    length: int  # bytes (two per character)


def _fields(*spec: tuple[str, int, int]) -> tuple[TextField, ...]:
    out = tuple(TextField(*s) for s in spec)
    pos = 0
    for f in out:  # the table must tile the block exactly: catches typos in offsets
        assert f.offset == pos and f.length % 2 == 0, f
        pos += f.length
    assert pos == TEXT_BLOCK_LEN
    return out


LAYOUTS: dict[TextLayout, tuple[TextField, ...]] = {
    TextLayout.RESIDENT: _fields(
        ("name", 0, 30),
        ("gender", 30, 2),
        ("nation", 32, 4),
        ("birth", 36, 16),
        ("address", 52, 70),
        ("id_number", 122, 36),
        ("issuer", 158, 30),
        ("valid_from", 188, 16),
        ("valid_to", 204, 16),
        ("reserved", 220, 36),
    ),
    TextLayout.HMT: _fields(
        ("name", 0, 30),
        ("gender", 30, 2),
        ("reserved_32", 32, 4),
        ("birth", 36, 16),
        ("address", 52, 70),
        ("id_number", 122, 36),
        ("issuer", 158, 30),
        ("valid_from", 188, 16),
        ("valid_to", 204, 16),
        ("pass_number", 220, 18),
        ("issue_count", 238, 4),
        ("reserved_242", 242, 6),
        ("type_flag", 248, 2),
        ("reserved_250", 250, 6),
    ),
    TextLayout.FOREIGN_2017: _fields(
        ("english_name", 0, 120),
        ("gender", 120, 2),
        ("id_number", 122, 30),
        ("nationality", 152, 6),
        ("chinese_name", 158, 30),
        ("valid_from", 188, 16),
        ("valid_to", 204, 16),
        ("birth", 220, 16),
        ("card_version", 236, 4),
        ("authority_code", 240, 8),
        ("type_flag", 248, 2),
        ("reserved_250", 250, 6),
    ),
    TextLayout.FOREIGN_2023: _fields(
        ("name", 0, 30),
        ("gender", 30, 2),
        ("renewal_count", 32, 4),
        ("birth", 36, 16),
        ("english_name_1", 52, 70),
        ("id_number", 122, 36),
        ("reserved_158", 158, 30),
        ("valid_from", 188, 16),
        ("valid_to", 204, 16),
        ("english_name_2", 220, 22),
        ("nationality_code", 242, 6),
        ("type_flag", 248, 2),
        ("old_number_link", 250, 6),
    ),
}


_FLAGS = {t.value: t for t in TextLayout if t is not TextLayout.RESIDENT}


def _text(raw: bytes) -> str:
    # Odd trailing byte or an unpaired surrogate must not raise: replace, then strip
    # the padding (spaces, and NULs some readers use).
    return raw.decode(ENCODING, errors="replace").strip(" \x00")


def layout_of(block: bytes) -> TextLayout:
    """The layout selected by the type flag; anything but J/I/Y means a resident card."""
    flag = _text(block[TYPE_FLAG_OFFSET : TYPE_FLAG_OFFSET + 2])
    return _FLAGS.get(flag, TextLayout.RESIDENT)


def split_fields(block: bytes) -> tuple[TextLayout, dict[str, str]]:
    """Cut a text block into its layout's raw (padding-stripped) strings."""
    if len(block) < TEXT_BLOCK_LEN:
        block = bytes(block) + PAD.encode(ENCODING) * ((TEXT_BLOCK_LEN - len(block)) // 2 + 1)
    layout = layout_of(block)
    return layout, {f.name: _text(block[f.offset : f.offset + f.length]) for f in LAYOUTS[layout]}


def encode_text_block(layout: TextLayout, fields: dict[str, str]) -> bytes:
    """Build a block from raw strings (space-padded UCS-2 LE); sets the type flag.

    Raises :class:`ValueError` naming the field for an unknown name or a value that
    does not fit.
    """
    table = {f.name: f for f in LAYOUTS[layout]}
    unknown = set(fields) - set(table)
    if unknown:
        raise ValueError(f"unknown field(s) for layout {layout.name}: {', '.join(sorted(unknown))}")
    values = dict(fields)
    if layout is not TextLayout.RESIDENT:
        values["type_flag"] = layout.value
    out = bytearray(PAD.encode(ENCODING) * (TEXT_BLOCK_LEN // 2))
    for name, value in values.items():
        f = table[name]
        try:
            raw = value.encode(ENCODING)
        except UnicodeEncodeError:
            raise ValueError(f"field {name}: not encodable as UCS-2") from None
        if any(ord(c) > 0xFFFF for c in value):
            raise ValueError(f"field {name}: characters outside UCS-2 (BMP)")
        if len(raw) > f.length:
            raise ValueError(f"field {name}: {len(value)} characters, room for {f.length // 2}")
        out[f.offset : f.offset + len(raw)] = raw
    return bytes(out)
