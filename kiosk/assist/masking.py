"""Blacking out personal fields in a shared screen frame (pure numpy).

The UI names the rectangles of widgets that show a name, ID number, address, photo,
signature or scanned page (in window pixels); they are filled with black in the copy
that leaves the terminal, unless the resident gave the second consent for this call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.lazy_import import LazyModule

if TYPE_CHECKING:
    import numpy as np
else:
    # numpy (~100 ms) at the first frame, not when the screens are built (issue 18).
    np = LazyModule("numpy")


@dataclass(frozen=True)
class Rect:
    """A rectangle in frame pixels: left, top, width, height."""

    x: int
    y: int
    w: int
    h: int

    def scaled(self, sx: float, sy: float) -> Rect:
        """The same rectangle in a frame scaled by ``sx``, ``sy`` (grown, never shrunk, by rounding)."""
        x0, y0 = int(np.floor(self.x * sx)), int(np.floor(self.y * sy))
        x1, y1 = int(np.ceil((self.x + self.w) * sx)), int(np.ceil((self.y + self.h) * sy))
        return Rect(x0, y0, x1 - x0, y1 - y0)


MASK_VALUE = 0


def mask_frame(frame: np.ndarray, rects: Iterable[Rect], margin: int = 2) -> np.ndarray:
    """Fill each rectangle (grown by ``margin``, clipped to the frame) with black, in place.

    Returns ``frame``. The margin covers anti-aliased edges and a one-pixel rounding
    difference between the widget geometry and the grabbed image.
    """
    h, w = frame.shape[:2]
    for r in rects:
        x0, y0 = max(0, r.x - margin), max(0, r.y - margin)
        x1, y1 = min(w, r.x + r.w + margin), min(h, r.y + r.h + margin)
        if x1 > x0 and y1 > y0:
            frame[y0:y1, x0:x1] = MASK_VALUE
    return frame
