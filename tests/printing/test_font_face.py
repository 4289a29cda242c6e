"""The certificate font's face taken out of its .ttc: the same tables, a valid sfnt, less kept.

The PDF side (the embedded WenQuanYi subset, the text and the rare name character)
is checked by test_certificates with pdffonts and pdftotext on the font loaded
this way.
"""

from __future__ import annotations

import struct

import pytest
from reportlab.pdfbase.ttfonts import TTFontFile

from printer_templates.errors import FontError
from printer_templates.fonts import DEFAULT_FONT, _checksum, _load_ttfont, extract_ttc_face


def _tables(ttf: bytes, start: int = 0) -> dict[bytes, bytes]:
    (count,) = struct.unpack_from(">H", ttf, start + 4)
    out = {}
    for i in range(count):
        tag, _sum, offset, length = struct.unpack_from(">4sIII", ttf, start + 12 + 16 * i)
        out[tag] = ttf[offset : offset + length]
    return out


def test_face_keeps_every_table_of_the_collection_face() -> None:
    collection = DEFAULT_FONT.path.read_bytes()
    face = extract_ttc_face(collection, 0)
    (first,) = struct.unpack_from(">I", collection, 12)
    want, got = _tables(collection, first), _tables(face)
    assert sorted(got) == sorted(want)
    for tag in want:
        if tag == b"head":  # only checkSumAdjustment (bytes 8-11) is the file's own
            assert got[tag][:8] + got[tag][12:] == want[tag][:8] + want[tag][12:]
        else:
            assert got[tag] == want[tag], tag
    # The whole-file checksum the sfnt format asks for.
    assert _checksum(face) == 0xB1B0AFBA
    # The other faces' tables (the Sharp face's bitmaps) are not carried along.
    assert b"EBDT" not in got
    assert len(face) < len(collection) * 3 // 4


def test_reportlab_reads_the_face_as_the_same_font() -> None:
    font = _load_ttfont(DEFAULT_FONT)
    orig = TTFontFile(str(DEFAULT_FONT.path), subfontIndex=DEFAULT_FONT.subfont_index, validate=0)
    face = font.face  # type: ignore[attr-defined]
    assert face.name == orig.name == b"WenQuanYiZenHei"
    assert face.charToGlyph == orig.charToGlyph
    assert face.charWidths == orig.charWidths
    # What reportlab keeps for the process's lifetime: the face, not the collection.
    assert len(face._ttf_data) < DEFAULT_FONT.path.stat().st_size - 4_000_000


def test_not_a_collection_or_no_such_face_is_a_font_error() -> None:
    collection = DEFAULT_FONT.path.read_bytes()
    with pytest.raises(FontError, match="no ttcf header"):
        extract_ttc_face(b"\0\1\0\0" + collection[4:64], 0)
    with pytest.raises(FontError, match="has 3 faces, no face 3"):
        extract_ttc_face(collection, 3)
    with pytest.raises(FontError, match="runs past the end"):
        extract_ttc_face(collection[:200_000], 0)
