"""Card photo decoding: the WLT decoder interface and its backends (spec §2).

The card photo is 1024 bytes of WLT (a proprietary wavelet format) that decodes
to a 102 × 126, 24-bit image. No open decoder exists, so:

* :class:`CtypesWltDecoder` loads a vendor library (shipped with the reader) via
  ctypes when its path is configured;
* :class:`SimPhotoDecoder` recognises the ordinary JPEG/PNG images that our
  *simulated* cards carry in the photo slot (real cards never do);
* without either, :class:`NoWltDecoder` says the photo is unavailable and the
  caller falls back (face login takes a live photo instead).
"""

from __future__ import annotations

import ctypes
import io
import struct
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from drivers.idcard.errors import IdCardError

PHOTO_WIDTH = 102
PHOTO_HEIGHT = 126
RAW_BGR_LEN = PHOTO_WIDTH * PHOTO_HEIGHT * 3  # 38 556
BMP_LEN = 54 + (PHOTO_WIDTH * 3 + 2) * PHOTO_HEIGHT  # rows padded to 308 bytes → 38 862


class PhotoUnavailable(IdCardError):
    """The card photo cannot be turned into an image (no decoder, decoder failed)."""

    resident_message = "证件照片暂时无法读取，将使用现场拍照核验。"


@dataclass(frozen=True, repr=False)
class DecodedPhoto:
    """A decoded card photo: image bytes (``format`` = jpeg | png | bmp) and size."""

    format: str
    data: bytes
    width: int
    height: int

    def __repr__(self) -> str:
        return f"DecodedPhoto({self.format}, {self.width}x{self.height}, {len(self.data)} B)"


@runtime_checkable
class WltDecoder(Protocol):
    """Turns the 1024 photo bytes of a card into an image, or raises PhotoUnavailable."""

    name: str

    def decode(self, wlt: bytes) -> DecodedPhoto: ...


class NoWltDecoder:
    """The honest default: no decoder is configured, so there is no photo."""

    name = "none"

    def decode(self, wlt: bytes) -> DecodedPhoto:
        raise PhotoUnavailable("no WLT decoder configured (set devices.idcard.wlt_decoder_path)")


def _image_size(data: bytes, fmt: str) -> tuple[int, int]:
    from PIL import Image  # lazy: only simulated/vendor photos need Pillow

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.load()
            if (im.format or "").lower() != fmt:
                raise PhotoUnavailable(f"image claims {fmt} but Pillow sees {im.format}")
            return im.size
    except PhotoUnavailable:
        raise
    except Exception as e:  # Pillow raises many types for broken images
        raise PhotoUnavailable(f"{fmt} image does not decode: {type(e).__name__}") from None


class SimPhotoDecoder:
    """Decoder for simulated cards: the photo slot holds a small JPEG or PNG.

    The image is checked with Pillow (a real WLT blob that happens to start with the
    same magic bytes is refused, not shown as garbage).
    """

    name = "sim"

    def decode(self, wlt: bytes) -> DecodedPhoto:
        data = bytes(wlt)
        if data.startswith(b"\xff\xd8\xff"):
            end = data.rfind(b"\xff\xd9")  # the slot is zero-padded after the JPEG's EOI
            if end < 0:
                raise PhotoUnavailable("JPEG in the photo slot has no end marker")
            data = data[: end + 2]
            fmt = "jpeg"
        elif data.startswith(b"\x89PNG\r\n\x1a\n"):
            end = data.rfind(b"IEND")
            if end < 0:
                raise PhotoUnavailable("PNG in the photo slot has no IEND chunk")
            data = data[: end + 8]
            fmt = "png"
        else:
            raise PhotoUnavailable("photo slot holds no simulated image (real WLT data?)")
        w, h = _image_size(data, fmt)
        return DecodedPhoto(fmt, data, w, h)


def bmp_from_bgr(raw: bytes, width: int = PHOTO_WIDTH, height: int = PHOTO_HEIGHT) -> bytes:
    """Wrap top-down BGR rows into a 24-bit BMP file (negative height = top-down)."""
    row = width * 3
    pad = (-row) % 4
    pixels = b"".join(raw[y * row : (y + 1) * row] + b"\0" * pad for y in range(height))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, -height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


class CtypesWltDecoder:
    """A vendor WLT library loaded with ctypes.

    Expected C entry point (the convention of the widely shipped ``libWlt2Bmp`` /
    ``unpack``)::

        int unpack(const unsigned char *wlt, unsigned char *out, int bmp_save);

    returning 1 on success, ``out`` receiving either a complete BMP (starts ``BM``)
    or 38 556 bytes of raw BGR. Libraries with another signature (e.g. the
    file-based ``GetBmp``) need a tiny shim exporting this one; see docs/idcard.md.
    Vendor decoders are rarely thread-safe, so calls are serialised.
    """

    name = "ctypes"

    def __init__(self, path: Path | str, function: str = "unpack") -> None:
        self.path = Path(path)
        self.function = function
        self._lock = threading.Lock()
        try:
            lib = ctypes.CDLL(str(self.path))
        except OSError as e:
            raise PhotoUnavailable(f"cannot load WLT decoder {self.path}: {e}") from None
        try:
            fn = getattr(lib, function)
        except AttributeError:
            raise PhotoUnavailable(f"WLT decoder {self.path} has no function {function}") from None
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        fn.restype = ctypes.c_int
        self._fn = fn
        self._lib = lib

    def decode(self, wlt: bytes) -> DecodedPhoto:
        src = ctypes.create_string_buffer(bytes(wlt), len(wlt))
        # Generous output buffer: a decoder writing a BMP with an odd header must not
        # overrun our memory.
        out = ctypes.create_string_buffer(BMP_LEN + 4096)
        with self._lock:
            rc = self._fn(src, out, 1)
        if rc != 1:
            raise PhotoUnavailable(f"vendor WLT decoder returned {rc}")
        raw = out.raw
        if raw.startswith(b"BM"):
            size = int.from_bytes(raw[2:6], "little")
            if not 54 < size <= len(raw):
                raise PhotoUnavailable(f"vendor decoder wrote a BMP of impossible size {size}")
            data = raw[:size]
        else:
            data = bmp_from_bgr(raw[:RAW_BGR_LEN])
        w, h = _image_size(data, "bmp")
        return DecodedPhoto("bmp", data, w, h)


class ChainDecoder:
    """Tries decoders in order; the first that succeeds wins."""

    def __init__(self, decoders: Sequence[WltDecoder]) -> None:
        self.decoders = list(decoders)
        self.name = "+".join(d.name for d in self.decoders) or "none"

    def decode(self, wlt: bytes) -> DecodedPhoto:
        reasons = []
        for d in self.decoders:
            try:
                return d.decode(wlt)
            except PhotoUnavailable as e:
                reasons.append(f"{d.name}: {e.detail}")
        raise PhotoUnavailable("; ".join(reasons) or "no WLT decoder configured")
