"""The CJK TrueType font used for PDFs and for raster lines on receipts.

reportlab embeds a subset of a TrueType font (so a PDF renders on any machine);
OpenType/CFF fonts such as Noto CJK are refused by reportlab, which is why the
default is WenQuanYi Zen Hei (``subfontIndex=0`` of the .ttc). Characters the
font has no glyph for are replaced by ``〓`` (the geta mark Chinese typesetting
uses for a missing character), never dropped and never a crash.

From a .ttc, only the chosen face's tables are handed to reportlab
(:func:`extract_ttc_face`): reportlab keeps the whole file it parses in memory for
as long as the process runs, and wqy-zenhei.ttc carries two more faces (the Sharp
face's bitmaps alone are 4.7 MB). The tables are copied byte for byte, so the page
renders and embeds exactly as from the collection (issue 18: 16.8 MB kept, now
11.7 MB).
"""

from __future__ import annotations

import io
import struct
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from printer_templates.errors import FontError

DEFAULT_FONT_PATH = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
DEFAULT_SUBFONT_INDEX = 0
#: Shown in place of a character no font and no printer can draw.
MISSING_GLYPH = "〓"


@dataclass(frozen=True)
class FontSpec:
    """A TrueType font file (``.ttf`` or ``.ttc``) and the face to use inside it."""

    path: Path = DEFAULT_FONT_PATH
    subfont_index: int = DEFAULT_SUBFONT_INDEX

    @property
    def reportlab_name(self) -> str:
        return f"KioskCJK-{self.path.stem}-{self.subfont_index}"


DEFAULT_FONT = FontSpec()
_register_lock = threading.Lock()


def _checksum(data: bytes) -> int:
    """The sfnt checksum: the sum of big-endian uint32s (zero-padded), modulo 2**32."""
    import numpy as np  # loaded by the terminal long before the first certificate

    data += b"\0" * (-len(data) % 4)
    # One numpy sum, not struct.unpack of a 10 MB face into 2.5 million ints: that
    # was a single C call holding the GIL for 100+ ms on the print thread, which
    # froze the UI thread at the first certificate (issue 18).
    return int(np.frombuffer(data, dtype=">u4").sum(dtype=np.uint64)) & 0xFFFFFFFF


def extract_ttc_face(collection: bytes, index: int) -> bytes:
    """Face ``index`` of a TrueType collection as a standalone .ttf (tables copied as is).

    Raises :class:`FontError` when ``collection`` is not a .ttc or has no such face.
    """
    if collection[:4] != b"ttcf":
        raise FontError("not a TrueType collection (no ttcf header)")
    (count,) = struct.unpack_from(">I", collection, 8)
    if not 0 <= index < count:
        raise FontError(f"the collection has {count} faces, no face {index}")
    (start,) = struct.unpack_from(">I", collection, 12 + 4 * index)
    version, num_tables = struct.unpack_from(">IH", collection, start)
    records = [
        struct.unpack_from(">4sIII", collection, start + 12 + 16 * i) for i in range(num_tables)
    ]
    records.sort()  # the table directory is sorted by tag
    entry_selector = max(num_tables.bit_length() - 1, 0)
    search_range = 16 * (1 << entry_selector)
    header = struct.pack(
        ">IHHHH", version, num_tables, search_range, entry_selector,
        num_tables * 16 - search_range,
    )  # fmt: skip
    directory, body = [], []
    offset = 12 + 16 * num_tables
    head_at = -1
    for tag, checksum, src, length in records:
        table = collection[src : src + length]
        if len(table) != length:
            raise FontError(f"table {tag!r} runs past the end of the collection")
        if tag == b"head":
            head_at = offset
        directory.append(struct.pack(">4sIII", tag, checksum, offset, length))
        body.append(table + b"\0" * (-length % 4))
        offset += length + (-length % 4)
    font = bytearray(header + b"".join(directory) + b"".join(body))
    if head_at >= 0:  # the whole-file checksum lives in head.checkSumAdjustment
        font[head_at + 8 : head_at + 12] = b"\0\0\0\0"
        adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
        font[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font)


@lru_cache(maxsize=4)
def _load_ttfont(spec: FontSpec) -> object:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        if spec.path.suffix.lower() == ".ttc":
            face = io.BytesIO(extract_ttc_face(spec.path.read_bytes(), spec.subfont_index))
            face.name = str(spec.path)  # reportlab's file name
            font = TTFont(spec.reportlab_name, face)
        else:
            font = TTFont(spec.reportlab_name, str(spec.path), subfontIndex=spec.subfont_index)
    except (OSError, TTFError) as e:
        raise FontError(f"cannot load CJK font {spec.path}: {e}") from None
    with _register_lock:
        pdfmetrics.registerFont(font)
    return font


def register_reportlab_font(spec: FontSpec = DEFAULT_FONT) -> str:
    """Register the font with reportlab once; return its reportlab name."""
    _load_ttfont(spec)
    return spec.reportlab_name


@lru_cache(maxsize=4)
def _coverage(spec: FontSpec) -> frozenset[int]:
    font = _load_ttfont(spec)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]


def has_glyph(ch: str, spec: FontSpec = DEFAULT_FONT) -> bool:
    """True if the font can draw ``ch`` (spaces and controls count as drawable)."""
    if ch.isspace():
        return True
    return ord(ch) in _coverage(spec)


def sanitize(text: str) -> str:
    """Remove control characters and replace what cannot be encoded at all.

    Lone surrogates (from bad JSON) and private-use characters become the
    missing-glyph mark; tabs become spaces; other controls are dropped.
    """
    out: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif cat == "Cc":
            continue
        elif cat in ("Cs", "Co", "Cn"):
            out.append(MISSING_GLYPH)
        else:
            out.append(ch)
    return "".join(out)


def drawable(text: str, spec: FontSpec = DEFAULT_FONT) -> tuple[str, list[str]]:
    """``text`` with every character the font lacks replaced; also the replaced ones."""
    text = sanitize(text)
    missing = [c for c in text if not has_glyph(c, spec)]
    if not missing:
        return text, []
    return "".join(MISSING_GLYPH if not has_glyph(c, spec) else c for c in text), missing


@lru_cache(maxsize=16)
def pil_font(size: int, spec: FontSpec = DEFAULT_FONT) -> object:
    """A Pillow font of ``size`` pixels (cached)."""
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(spec.path), size=size, index=spec.subfont_index)
    except OSError as e:
        raise FontError(f"cannot load CJK font {spec.path}: {e}") from None
