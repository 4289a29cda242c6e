"""A red round seal drawn as vector graphics (circle, star, text on an arc).

It is a picture of a seal for the printed page, **not** an electronic seal in the
sense of GB/T 38540 (which is a signed data structure with SM2 keys); every
certificate says so in its footer.
"""

from __future__ import annotations

import math

from reportlab.pdfgen.canvas import Canvas

SEAL_RED = (0.85, 0.08, 0.08)


def _star(c: Canvas, cx: float, cy: float, r: float) -> None:
    path = c.beginPath()
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.382
        angle = math.radians(90 + i * 36)
        x, y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        if i == 0:
            path.moveTo(x, y)
        else:
            path.lineTo(x, y)
    path.close()
    c.drawPath(path, stroke=0, fill=1)


def draw_seal(
    c: Canvas,
    cx: float,
    cy: float,
    radius: float,
    organisation: str,
    label: str,
    font_name: str,
) -> None:
    """Draw a round seal centred at (cx, cy): organisation name on the upper arc, star, label."""
    c.saveState()
    c.setStrokeColorRGB(*SEAL_RED)
    c.setFillColorRGB(*SEAL_RED)
    # Slightly transparent, as stamp ink: the issuer's name under it stays legible.
    c.setFillAlpha(0.85)
    c.setStrokeAlpha(0.85)
    c.setLineWidth(radius * 0.055)
    c.circle(cx, cy, radius * 0.96, stroke=1, fill=0)
    _star(c, cx, cy, radius * 0.27)

    n = len(organisation)
    size = min(radius * 0.24, 2 * math.pi * radius * 0.7 * (240 / 360) / max(n, 1) * 0.95)
    text_radius = radius * 0.80 - size * 0.5
    span = 240.0 if n > 1 else 0.0
    for i, ch in enumerate(organisation):
        angle = 90 + span / 2 - (span / (n - 1) * i if n > 1 else 0)
        rad = math.radians(angle)
        c.saveState()
        c.translate(cx + text_radius * math.cos(rad), cy + text_radius * math.sin(rad))
        c.rotate(angle - 90)
        c.setFont(font_name, size)
        c.drawCentredString(0, -size * 0.35, ch)
        c.restoreState()
    if label:
        c.setFont(font_name, radius * 0.17)
        c.drawCentredString(cx, cy - radius * 0.58, label)
    c.restoreState()
