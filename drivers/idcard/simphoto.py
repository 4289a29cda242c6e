"""Fictional card photos for simulated cards: a drawn face, 102 × 126, JPEG ≤ 1024 bytes.

A real card carries a 1024-byte WLT photo; a simulated card carries an ordinary
JPEG in the same slot (recognised by :class:`drivers.idcard.wlt.SimPhotoDecoder`).
These drawings are placeholders, not faces of anyone.
"""

from __future__ import annotations

import io
import random

from drivers.idcard.wlt import PHOTO_HEIGHT, PHOTO_WIDTH

PHOTO_SLOT = 1024


def draw_face(seed: int, female: bool = False) -> bytes:
    """A simple drawn face on the light background of an ID photo, as a JPEG ≤ 1024 bytes."""
    from PIL import Image, ImageDraw

    rnd = random.Random(seed)
    w, h = PHOTO_WIDTH, PHOTO_HEIGHT
    im = Image.new("RGB", (w, h), (236, 240, 246))
    d = ImageDraw.Draw(im)
    skin = (rnd.randint(205, 240), rnd.randint(165, 200), rnd.randint(135, 170))
    hair = (rnd.randint(10, 60),) * 3
    shirt = (rnd.randint(30, 90), rnd.randint(40, 100), rnd.randint(80, 160))
    d.ellipse((8, 100, w - 8, h + 60), fill=shirt)  # shoulders
    d.rectangle((w // 2 - 10, 80, w // 2 + 10, 104), fill=skin)  # neck
    if female:
        d.ellipse((20, 14, w - 20, 110), fill=hair)  # long hair behind the face
    d.ellipse((26, 22, w - 26, 98), fill=skin)  # face
    d.chord((24, 12, w - 24, 64), 180, 360, fill=hair)  # hair on top
    ey = 56 + rnd.randint(-3, 3)
    for ex in (40, w - 40):
        d.ellipse((ex - 5, ey - 3, ex + 5, ey + 3), fill=(250, 250, 250))
        d.ellipse((ex - 2, ey - 2, ex + 2, ey + 2), fill=(30, 25, 20))
        d.line((ex - 7, ey - 9, ex + 6, ey - 9), fill=hair, width=2)  # brows
    d.line((w // 2, ey + 2, w // 2 - 3, ey + 16), fill=(170, 120, 100), width=2)  # nose
    d.arc((w // 2 - 11, ey + 14, w // 2 + 11, ey + 28), 20, 160, fill=(150, 60, 60), width=2)
    for quality in range(60, 5, -5):
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=quality, optimize=True, subsampling=2)
        data = buf.getvalue()
        if len(data) <= PHOTO_SLOT:
            return data
    raise ValueError("cannot fit the drawing in 1024 bytes")
