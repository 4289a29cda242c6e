"""Signature model: validation messages, trimmed transparent PNG, strokes JSON."""

from __future__ import annotations

import hashlib
import io
import json
import math

import numpy as np
import pytest
from PIL import Image

from kiosk.errors import KioskError
from kiosk.materials.signature import (
    EMPTY_MESSAGE,
    TOO_SMALL_MESSAGE,
    Point,
    Signature,
    SignatureRejected,
    Stroke,
    finish,
    render_png,
    validate,
)


def _signature(scale: float = 1.0, n: int = 60) -> Signature:
    sig = Signature(800, 300, "screen")
    sig.strokes.append(
        Stroke(
            [
                Point(100 + i * 8 * scale, 150 + 60 * scale * math.sin(i / 5), 0.5, i * 10)
                for i in range(n)
            ]
        )
    )
    sig.strokes.append(Stroke([Point(150, 100 + i * 3 * scale, 0.5, 1000 + i) for i in range(10)]))
    return sig


def test_empty_signature_is_refused_with_a_clear_message() -> None:
    with pytest.raises(SignatureRejected) as e:
        validate(Signature(800, 300, "screen"))
    assert e.value.resident_message == EMPTY_MESSAGE
    # A single tap is no ink either.
    tap = Signature(800, 300, "screen", [Stroke([Point(10, 10, 0.5, 0)])])
    with pytest.raises(SignatureRejected) as e:
        validate(tap)
    assert e.value.resident_message == EMPTY_MESSAGE


def test_too_small_signature_is_refused() -> None:
    tiny = Signature(800, 300, "screen")
    tiny.strokes.append(Stroke([Point(400 + i * 2, 150 + (i % 5), 0.5, i) for i in range(30)]))
    with pytest.raises(SignatureRejected) as e:
        validate(tiny)
    assert e.value.resident_message == TOO_SMALL_MESSAGE
    with pytest.raises(SignatureRejected) as e:
        validate(_signature(n=4), min_points=20)
    assert e.value.resident_message == TOO_SMALL_MESSAGE
    validate(_signature())  # a real one passes


def test_png_is_transparent_and_trimmed_to_the_ink() -> None:
    png = render_png(_signature(), height_px=200, margin_px=8)
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.mode == "RGBA"
    alpha = np.asarray(img.getchannel("A"))
    assert alpha[0, 0] == 0 and alpha[-1, -1] == 0
    ys, xs = np.nonzero(alpha > 0)
    # Ink reaches to within the margin of every edge: trimmed, no empty canvas left.
    assert xs.min() <= 10 and ys.min() <= 10
    assert img.width - 1 - xs.max() <= 10 and img.height - 1 - ys.max() <= 10
    assert img.height <= 200
    ink = np.asarray(img)[alpha > 200]
    assert ink[:, :3].mean() < 80  # dark ink


def test_strokes_json_round_trip_and_document_binding() -> None:
    sig = _signature()
    docs = [b"%PDF-1.4 page one", b"%PDF-1.4 page two"]
    result = finish(sig, documents=docs)
    doc = json.loads(result.strokes_json)
    assert doc["version"] == 1 and doc["width"] == 800 and len(doc["strokes"]) == 2
    expected = hashlib.sha256(b"".join(hashlib.sha256(d).digest() for d in docs)).hexdigest()
    assert doc["document_sha256"] == expected
    back = Signature.from_json(result.strokes_json)
    assert back.point_count == sig.point_count
    assert back.strokes[0].points[3].t_ms == 30
    atts = result.attachments()
    assert [a.content_type for a in atts] == ["image/png", "application/json"]
    assert bytes(atts[0].data) == result.png
    atts[0].wipe()
    assert atts[0].data == bytearray()
    with pytest.raises(KioskError):
        Signature.from_json(b'{"version": 1, "width": 1}')
    with pytest.raises(KioskError):
        Signature.from_json(b"not json")


def test_undo_clear_and_wipe() -> None:
    sig = _signature()
    sig.undo()
    assert len(sig.strokes) == 1
    sig.wipe()
    assert sig.is_empty
