"""Signatures: the stroke model, validation, and rendering to a trimmed transparent PNG + JSON.

Whatever captured it (the on-screen widget, a HID tablet, the serial pad), a
signature is a list of strokes of points ``(x, y, pressure, t_ms)`` in the
capture surface's own units, plus that surface's size. It is stored as vector
strokes (JSON) and as a rendered PNG, both bound to the hash of the documents
signed when that is known. Nothing here writes to disk: the bytes become
session attachments.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from drivers.signature_pad import PenSample, PenState
from kiosk.errors import KioskError
from kiosk.lazy_import import LazyModule
from kiosk.session.machine import Attachment

if TYPE_CHECKING:
    from PIL import Image, ImageDraw
else:
    # Pillow at the first signature drawn, not when the screens are built (issue 18).
    Image = LazyModule("PIL.Image")
    ImageDraw = LazyModule("PIL.ImageDraw")

FORMAT_VERSION = 1


class SignatureRejected(KioskError):
    """The signature is empty or too small to be a signature."""

    resident_message = "签名无效，请重新签名。"


EMPTY_MESSAGE = "未检测到签名，请在签名区域内签写您的姓名。"
TOO_SMALL_MESSAGE = "签名太小或过于简单，请在签名区域内签写完整、清楚的姓名。"


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    pressure: float  # 0..1; 0.5 when the device has none (mouse, touch)
    t_ms: int


@dataclass
class Stroke:
    points: list[Point] = field(default_factory=list)


@dataclass
class Signature:
    """Strokes on a surface of ``width`` × ``height`` units (pixels or pad units)."""

    width: float
    height: float
    source: str  # "screen" | "tablet" | "touch" | "serial:<model>"
    strokes: list[Stroke] = field(default_factory=list)
    has_pressure: bool = False

    @property
    def point_count(self) -> int:
        return sum(len(s.points) for s in self.strokes)

    @property
    def is_empty(self) -> bool:
        return self.point_count == 0

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min_x, min_y, max_x, max_y) of all points, or None when empty."""
        pts = [p for s in self.strokes for p in s.points]
        if not pts:
            return None
        xs = [p.x for p in pts]
        ys = [p.y for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    def ink_length(self) -> float:
        total = 0.0
        for s in self.strokes:
            for a, b in itertools.pairwise(s.points):
                total += math.hypot(b.x - a.x, b.y - a.y)
        return total

    def clear(self) -> None:
        self.strokes.clear()

    def undo(self) -> None:
        """Remove the last stroke (the widget's redo-last-stroke)."""
        if self.strokes:
            self.strokes.pop()

    def wipe(self) -> None:
        """Session wipe: a signature is personal data."""
        self.strokes = []

    # --- serialisation ----------------------------------------------------------------
    def to_json(self, document_sha256: str | None = None) -> bytes:
        """Vector strokes as JSON: ``{"version", "width", "height", "source", "strokes": [[[x, y, p, t], …], …]}``."""
        doc = {
            "version": FORMAT_VERSION,
            "width": self.width,
            "height": self.height,
            "source": self.source,
            "has_pressure": self.has_pressure,
            "document_sha256": document_sha256,
            "strokes": [
                [[round(p.x, 2), round(p.y, 2), round(p.pressure, 3), p.t_ms] for p in s.points]
                for s in self.strokes
            ],
        }
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> Signature:
        try:
            doc = json.loads(data)
            if doc.get("version") != FORMAT_VERSION:
                raise ValueError(f"unsupported version {doc.get('version')!r}")
            sig = cls(
                float(doc["width"]),
                float(doc["height"]),
                str(doc["source"]),
                has_pressure=bool(doc.get("has_pressure", False)),
            )
            for raw in doc["strokes"]:
                sig.strokes.append(
                    Stroke([Point(float(x), float(y), float(p), int(t)) for x, y, p, t in raw])
                )
        except (ValueError, KeyError, TypeError) as e:
            raise KioskError(f"malformed signature JSON: {e}") from None
        return sig


def validate(signature: Signature, min_points: int = 12, min_extent_fraction: float = 0.15) -> None:
    """Refuse an empty or too small signature with a clear Chinese message.

    Too small: fewer than ``min_points`` points, or a bounding box narrower than
    ``min_extent_fraction`` of the surface width (and no taller than that share of
    its height) — a dot or a tick is not a signature.
    """
    box = signature.bounds()
    if box is None or signature.ink_length() < 1:
        raise SignatureRejected("signature is empty", EMPTY_MESSAGE)
    x0, y0, x1, y1 = box
    extent_w = (x1 - x0) / signature.width
    extent_h = (y1 - y0) / signature.height
    if signature.point_count < min_points:
        raise SignatureRejected(
            f"signature has {signature.point_count} points (< {min_points})", TOO_SMALL_MESSAGE
        )
    if max(extent_w, extent_h) < min_extent_fraction:
        raise SignatureRejected(
            f"signature spans {extent_w:.2f}×{extent_h:.2f} of the pad (< {min_extent_fraction})",
            TOO_SMALL_MESSAGE,
        )


def render_png(
    signature: Signature,
    height_px: int = 240,
    pen_width: float = 5.0,
    color: tuple[int, int, int] = (16, 24, 64),
    margin_px: int = 8,
) -> bytes:
    """Render to a PNG with a transparent background, trimmed to the ink (plus a margin).

    Width varies with pressure (0.5–1.5 × ``pen_width``) when the device has it.
    The result is ``height_px`` tall at most (scaled down, never up beyond 1:1 × 4).
    """
    box = signature.bounds()
    if box is None:
        raise SignatureRejected("cannot render an empty signature", EMPTY_MESSAGE)
    x0, y0, x1, y1 = box
    ink_h = max(y1 - y0, 1.0)
    ink_w = max(x1 - x0, 1.0)
    scale = min((height_px - 2 * margin_px) / ink_h, 4.0)
    # Render at 3x, then downsample: antialiased lines that PIL does not draw itself.
    ss = 3
    w = math.ceil(ink_w * scale + 2 * margin_px)
    h = math.ceil(ink_h * scale + 2 * margin_px)
    # The ink's coverage only (one byte a pixel); the colour is put under it at the end.
    img = Image.new("L", (w * ss, h * ss), 0)
    draw = ImageDraw.Draw(img)

    def xy(p: Point) -> tuple[float, float]:
        return ((p.x - x0) * scale + margin_px) * ss, ((p.y - y0) * scale + margin_px) * ss

    for stroke in signature.strokes:
        pts = stroke.points
        if not pts:
            continue
        for a, b in itertools.pairwise(pts):
            pressure = (a.pressure + b.pressure) / 2 if signature.has_pressure else 0.5
            width = pen_width * (0.5 + pressure) * ss
            draw.line([xy(a), xy(b)], fill=255, width=max(1, round(width)))
            r = width / 2
            bx, by = xy(b)
            draw.ellipse((bx - r, by - r, bx + r, by + r), fill=255)
        ax, ay = xy(pts[0])
        r = pen_width * (0.5 + (pts[0].pressure if signature.has_pressure else 0.5)) * ss / 2
        draw.ellipse((ax - r, ay - r, ax + r, ay + r), fill=255)
    # A box average of the 3×3 samples (supersampling's own filter), on the coverage
    # alone: an RGBA resize converted to premultiplied alpha and back, and a LANCZOS
    # one took 50 of this function's 60 ms, on the UI thread as the resident taps
    # 确认签名 (issue 18).
    coverage = img.reduce(ss)
    # Trim exactly to the ink (the scale estimate may leave extra room), keep the margin.
    ink = coverage.getbbox()
    if ink is not None:
        left, top, right, bottom = ink
        coverage = coverage.crop(
            (
                max(0, left - margin_px),
                max(0, top - margin_px),
                min(w, right + margin_px),
                min(h, bottom + margin_px),
            )
        )
    img = Image.new("RGBA", coverage.size, (*color, 255))
    img.putalpha(coverage)
    out = io.BytesIO()
    # compress_level 1: a few kilobytes more than optimize=True, and ~10× less time
    # (this runs as the resident taps 确认签名).
    img.save(out, format="PNG", compress_level=1)
    return out.getvalue()


@dataclass
class SignatureResult:
    """A validated signature, rendered: what the signature screen hands back."""

    png: bytes
    strokes_json: bytes
    point_count: int

    def attachments(self) -> list[Attachment]:
        return [
            Attachment("signature", "签名", "image/png", bytearray(self.png)),
            Attachment("signature", "签名笔迹", "application/json", bytearray(self.strokes_json)),
        ]


def finish(
    signature: Signature,
    min_points: int = 12,
    min_extent_fraction: float = 0.15,
    documents: Iterable[bytes | bytearray] = (),
) -> SignatureResult:
    """Validate, render and serialise; the JSON is bound to the hash of ``documents``."""
    validate(signature, min_points, min_extent_fraction)
    digest = None
    docs = list(documents)
    if docs:
        h = hashlib.sha256()
        for d in docs:
            h.update(hashlib.sha256(d).digest())
        digest = h.hexdigest()
    return SignatureResult(render_png(signature), signature.to_json(digest), signature.point_count)


class PadStrokeBuilder:
    """Builds a :class:`Signature` from the serial pad's :class:`PenSample` events."""

    def __init__(self, width: int, height: int, max_pressure: int, model: str = "pad") -> None:
        self.max_pressure = max(1, max_pressure)
        self.signature = Signature(width, height, f"serial:{model}", has_pressure=True)
        self._open = False

    def feed(self, sample: PenSample) -> None:
        p = Point(
            float(sample.x), float(sample.y), sample.pressure / self.max_pressure, sample.t_ms
        )
        if sample.state == PenState.DOWN or not self._open:
            if sample.state == PenState.UP:
                return  # an up without a down: nothing to close
            self.signature.strokes.append(Stroke([p]))
            self._open = True
            return
        self.signature.strokes[-1].points.append(p)
        if sample.state == PenState.UP:
            self._open = False

    def clear(self) -> None:
        self.signature.clear()
        self._open = False
