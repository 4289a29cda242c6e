"""The CJK TrueType font used for PDFs and for raster lines on receipts.

reportlab embeds a subset of a TrueType font (so a PDF renders on any machine);
OpenType/CFF fonts such as Noto CJK are refused by reportlab, which is why the
default is WenQuanYi Zen Hei (``subfontIndex=0`` of the .ttc). Characters the
font has no glyph for are replaced by ``〓`` (the geta mark Chinese typesetting
uses for a missing character), never dropped and never a crash.
"""

from __future__ import annotations

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


@lru_cache(maxsize=4)
def _load_ttfont(spec: FontSpec) -> object:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
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
