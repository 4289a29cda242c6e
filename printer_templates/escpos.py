"""A receipt as a list of layout elements, rendered to ESC/POS bytes for a printer profile.

Chinese is sent in the printer's Chinese mode (``FS &``), as GB18030 or GBK bytes
(python-escpos never sends ``FS &``, so the bytes are built here). A line holding a
character the printer's encoding or font cannot print (a rare character in a
name, an address in CJK Extension B) is printed as a raster image of the whole
line (``GS v 0``), drawn with the TrueType CJK font, never as ``?``. QR codes use
the printer's own ``GS ( k`` generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from printer_templates.fonts import DEFAULT_FONT, FontSpec, drawable, pil_font, sanitize
from printer_templates.textwidth import text_width, wrap

ESC = b"\x1b"
GS = b"\x1d"
FS = b"\x1c"
LF = b"\n"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
BOLD_ON = ESC + b"E\x01"
BOLD_OFF = ESC + b"E\x00"
SIZE_NORMAL = GS + b"!\x00"
SIZE_DOUBLE = GS + b"!\x11"  # width ×2, height ×2 (both ASCII and Chinese)

#: Dot height of one text line in Font A (12×24 ASCII, 24×24 Chinese).
LINE_DOTS = 24


class Encoding(StrEnum):
    """What the printer's Chinese mode takes (``none``: an ASCII-only printer)."""

    GB18030 = "GB18030"
    GBK = "GBK"
    NONE = "none"


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


_ALIGN_CODE = {Align.LEFT: b"\x00", Align.CENTER: b"\x01", Align.RIGHT: b"\x02"}


@dataclass(frozen=True)
class PrinterProfile:
    """Paper width, the encoding the printer takes, and the font for raster lines."""

    paper_width_mm: int = 80
    encoding: Encoding = Encoding.GB18030
    font: FontSpec = DEFAULT_FONT

    def __post_init__(self) -> None:
        if self.paper_width_mm not in (58, 80):
            raise ValueError("paper_width_mm must be 58 or 80")

    @property
    def dots(self) -> int:
        """Printable width in dots at 203 dpi (72 mm / 48 mm)."""
        return 576 if self.paper_width_mm == 80 else 384

    @property
    def columns(self) -> int:
        """Font A columns (12 dots each)."""
        return self.dots // 12

    def can_print(self, ch: str) -> bool:
        """True if the printer prints ``ch`` from its own font in this encoding."""
        if ch.isascii():
            return ch.isprintable() or ch == " "
        if self.encoding is Encoding.NONE:
            return False
        if self.encoding is Encoding.GBK:
            try:
                ch.encode("gbk")
            except UnicodeEncodeError:
                return False
            return True
        try:
            encoded = ch.encode("gb18030")
        except UnicodeEncodeError:
            return False
        # GB18030 printer fonts carry the GB18030-2000 mandatory set: the two-byte
        # (GBK) area plus CJK Extension A. Four-byte codes beyond it (Extension B
        # and later, used by rare name characters) are usually not in the font.
        return len(encoded) == 2 or 0x3400 <= ord(ch) <= 0x4DBF

    def encode(self, text: str) -> bytes:
        codec = "gbk" if self.encoding is Encoding.GBK else "gb18030"
        if self.encoding is Encoding.NONE:
            codec = "ascii"
        return text.encode(codec)


# --- layout elements ------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """A paragraph, wrapped by display width."""

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    double: bool = False
    indent: int = 0  # continuation lines start with this many spaces


@dataclass(frozen=True)
class Pair:
    """A label and its value; continuation lines of the value hang under its start."""

    label: str
    value: str


@dataclass(frozen=True)
class Rule:
    char: str = "-"


@dataclass(frozen=True)
class QrCode:
    data: str
    align: Align = Align.CENTER
    #: Dots per module; None picks the largest that fits in 3/4 of the paper.
    module_size: int | None = None
    error_correction: str = "M"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    partial: bool = True
    feed_lines: int = 4


Element = Text | Pair | Rule | QrCode | Feed | Cut


@dataclass
class RenderedReceipt:
    """ESC/POS bytes and what the renderer had to work around."""

    data: bytes
    raster_lines: int = 0
    #: Characters no font could draw (printed as 〓).
    replaced: list[str] = field(default_factory=list)
    #: Plain-text preview of the receipt (for logs it must be masked first).
    preview: str = ""


# QR byte-mode capacity at error-correction M, versions 1..25 (ISO/IEC 18004 table 7).
_QR_CAPACITY_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450,
                  504, 560, 624, 666, 711, 779, 857, 911, 997]  # fmt: skip
_EC_CODE = {"L": b"\x30", "M": b"\x31", "Q": b"\x32", "H": b"\x33"}


def qr_version_for(data: bytes) -> int:
    for version, cap in enumerate(_QR_CAPACITY_M, start=1):
        if len(data) <= cap:
            return version
    raise ValueError(f"QR payload too long for a receipt ({len(data)} bytes)")


def _qr_bytes(el: QrCode, profile: PrinterProfile) -> bytes:
    payload = el.data.encode("utf-8")
    modules = 17 + 4 * qr_version_for(payload)
    size = el.module_size or max(2, min(8, (profile.dots * 3 // 4) // modules))
    store_len = len(payload) + 3
    return b"".join(
        [
            ESC + b"a" + _ALIGN_CODE[el.align],
            GS + b"(k\x04\x00\x31\x41\x32\x00",  # model 2
            GS + b"(k\x03\x00\x31\x43" + bytes([size]),  # module size
            GS + b"(k\x03\x00\x31\x45" + _EC_CODE[el.error_correction],
            GS + b"(k" + bytes([store_len & 0xFF, store_len >> 8]) + b"\x31\x50\x30" + payload,
            GS + b"(k\x03\x00\x31\x51\x30",  # print the stored symbol
            LF,
        ]
    )


def raster_line(text: str, profile: PrinterProfile, align: Align, double: bool) -> bytes:
    """One line of text drawn with the TrueType font, as a ``GS v 0`` raster image."""
    from PIL import Image, ImageDraw

    scale = 2 if double else 1
    height = LINE_DOTS * scale
    width = profile.dots
    font = pil_font(LINE_DOTS * scale - 2 * scale, profile.font)
    # Drawn straight into a 1-bit image (FreeType's monochrome rasteriser): ink is
    # 1, which is what GS v 0 wants (a set bit is a dot to burn), MSB first.
    img = Image.new("1", (width, height), 0)
    draw = ImageDraw.Draw(img)
    text_px = draw.textlength(text, font=font)  # type: ignore[arg-type]
    x = 0.0
    if align is Align.CENTER:
        x = max(0.0, (width - text_px) / 2)
    elif align is Align.RIGHT:
        x = max(0.0, width - text_px)
    draw.text((x, scale), text, fill=1, font=font)  # type: ignore[arg-type]
    bits = img.tobytes()
    xb = width // 8
    return GS + b"v0\x00" + bytes([xb & 0xFF, xb >> 8, height & 0xFF, height >> 8]) + bits


class _Renderer:
    def __init__(self, profile: PrinterProfile) -> None:
        self.profile = profile
        self.out: list[bytes] = [INIT]
        if profile.encoding is not Encoding.NONE:
            self.out.append(CHINESE_ON)
        self.raster_lines = 0
        self.replaced: list[str] = []
        self.preview: list[str] = []

    def line(self, text: str, align: Align = Align.LEFT, double: bool = False) -> None:
        if all(self.profile.can_print(c) for c in text):
            self.preview.append(text)
            self.out.append(ESC + b"a" + _ALIGN_CODE[align])
            self.out.append(self.profile.encode(text) + LF)
            return
        shown, missing = drawable(text, self.profile.font)
        self.preview.append(shown)
        self.replaced.extend(missing)
        self.raster_lines += 1
        self.out.append(ESC + b"a\x00")
        self.out.append(raster_line(shown, self.profile, align, double))

    def element(self, el: Element) -> None:
        p = self.profile
        if isinstance(el, Text):
            cols = p.columns // 2 if el.double else p.columns
            if el.bold:
                self.out.append(BOLD_ON)
            if el.double:
                self.out.append(SIZE_DOUBLE)
            for ln in wrap(sanitize(el.text), cols, el.indent):
                self.line(ln, el.align, el.double)
            if el.double:
                self.out.append(SIZE_NORMAL)
            if el.bold:
                self.out.append(BOLD_OFF)
        elif isinstance(el, Pair):
            label, value = sanitize(el.label), sanitize(el.value)
            # Value follows its label; continuation lines hang under the value.
            for ln in wrap(label + value, p.columns, min(text_width(label), p.columns // 2)):
                self.line(ln)
        elif isinstance(el, Rule):
            self.line(el.char * (p.columns // max(1, text_width(el.char))))
        elif isinstance(el, QrCode):
            self.preview.append(f"[QR {el.data}]")
            self.out.append(_qr_bytes(el, p))
        elif isinstance(el, Feed):
            self.preview.extend([""] * el.lines)
            self.out.append(ESC + b"d" + bytes([min(255, el.lines)]))
        elif isinstance(el, Cut):
            self.preview.append("[cut]")
            self.out.append(ESC + b"a\x00")
            self.out.append(GS + b"V" + (b"B" if el.partial else b"A") + bytes([el.feed_lines]))


def render(elements: list[Element], profile: PrinterProfile) -> RenderedReceipt:
    """Render layout elements to ESC/POS bytes for ``profile``."""
    r = _Renderer(profile)
    for el in elements:
        r.element(el)
    return RenderedReceipt(b"".join(r.out), r.raster_lines, r.replaced, "\n".join(r.preview))
