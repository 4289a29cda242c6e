"""The social security card's record table, from the spec, against the driver AND the virtual card.

The table below is transcribed from ``shared/specs/social-security-card.md`` (EF05
tags 01-07, EF06 tags 08-0D and 4E, with their lengths); neither side produced it.
A list, not a dict keyed by anything that could alias.
"""

from __future__ import annotations

import pytest

from drivers.smartcard_protocol import RECORDS, SSSE_NAME, encode_tlv
from drivers.smartcard_sim.records import CARD_RECORDS, SFI_OF, record_at, tlv
from drivers.smartcard_sim.records import SSSE_NAME as SIM_SSSE_NAME

# (file, tag, name, length) — spec table; lengths the spec leaves open are the card's.
SPEC_TABLE = [
    (0xEF05, 0x01, "card_id_code", 16),
    (0xEF05, 0x02, "card_category", 1),
    (0xEF05, 0x03, "card_version", 4),
    (0xEF05, 0x04, "institution", 11),
    (0xEF05, 0x05, "issue_date", 4),
    (0xEF05, 0x06, "expiry_date", 4),
    (0xEF05, 0x07, "card_number", 9),
    (0xEF06, 0x08, "id_number", 18),
    (0xEF06, 0x09, "name", 30),
    (0xEF06, 0x0A, "gender", 1),
    (0xEF06, 0x0B, "nation", 1),
    (0xEF06, 0x0C, "birthplace", 3),
    (0xEF06, 0x0D, "birth_date", 4),
    (0xEF06, 0x4E, "name_extension", 20),
]
#: "sx1.sh." then GBK 社会保障, written out byte by byte.
SPEC_SSSE = bytes.fromhex("73 78 31 2E 73 68 2E C9 E7 BB E1 B1 A3 D5 CF")


def test_driver_table_is_the_spec_table() -> None:
    assert [(r.file, r.tag, r.name, r.length) for r in RECORDS] == SPEC_TABLE
    assert SSSE_NAME == SPEC_SSSE


def test_virtual_card_table_is_the_spec_table() -> None:
    assert [(r.fid, r.tag, r.name, r.length) for r in CARD_RECORDS] == SPEC_TABLE
    assert SIM_SSSE_NAME == SPEC_SSSE
    # Spec: READ RECORD 00 B2 07 2C — P2 0x2C is SFI 5 (EF05) in record-number mode.
    assert (0x2C >> 3, 0x2C & 7) == (5, 0b100) and (0xEF05, 5) in SFI_OF
    assert SFI_OF == [(0xEF05, 5), (0xEF06, 6)]


@pytest.mark.parametrize("row", SPEC_TABLE, ids=[r[2] for r in SPEC_TABLE])
def test_record_lookup_and_tlv_agree_with_the_spec(row: tuple[int, int, str, int]) -> None:
    fid, tag, name, length = row
    rec = record_at(fid, tag)
    assert rec is not None and rec.name == name
    value = bytes(length)
    # Spec: the response is "tag, len, value" (e.g. Le = 2 + 18 for the ID number).
    assert tlv(tag, value) == bytes((tag, length)) + value == encode_tlv(tag, value)
    assert len(tlv(tag, value)) == 2 + length
