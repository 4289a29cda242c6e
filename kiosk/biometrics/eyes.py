"""How open an eye is, measured from the pixels between its two corners.

dlib's 5-point model gives only the corners of each eye (and the base of the
nose), not the eyelids, so the eye aspect ratio of the 68-point model cannot be
computed. This module measures openness from the image instead, without any
trained model:

1. the eye is resampled into a patch aligned with its corner line, at a fixed
   :data:`PATCH_PX` pixels per eye width (so the figure does not depend on the
   distance to the camera) and slightly smoothed;
2. "dark" pixels are those below the midpoint between the skin (the patch's
   median: skin covers most of it) and the darkest 2 % of the patch: the iris,
   the pupil and the lash lines of an open eye, the lash line and lid crease of a
   closed one. Enclosed holes (catch-lights in the pupil) are filled;
3. openness is the height of the tallest vertical runs of dark pixels in the
   middle of the eye (the columns where the iris is), divided by the eye width:
   the visible iris of an open eye is about a third of the eye width tall (0.25 to
   0.45 measured here), the lash line of a closed eye a few hundredths.

The liveness checker compares the value with the resident's own open-eye
baseline, so the measure needs to fall clearly when the eyes close, not to be an
absolute scale. Its limits (light irises in poor light, deep-set shadowed eyes,
tinted glasses) are written down in docs/face-login.md.
"""

from __future__ import annotations

import cv2
import numpy as np

#: Patch pixels per eye width (corner to corner).
PATCH_PX = 50
#: Patch extent along the corner line (``s``, eye widths from the image-left
#: corner) and across it (``t``, eye widths, positive downwards). The upper
#: bound stops short of the eyebrow, the lower one above the cheek.
S_RANGE = (-0.1, 1.1)
T_RANGE = (-0.4, 0.35)
#: Columns searched for the iris: the middle of the eye.
CORE_S = (0.2, 0.8)
#: Runs averaged (the tallest ones), so one noisy column does not decide.
TOP_RUNS = 5
#: Below this skin-to-darkest contrast (grey levels) no eye structure is visible
#: (over-exposed, or covered): openness 0, which never counts as open.
MIN_CONTRAST = 12.0


def eye_patch(gray: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The eye between its image-left and image-right corners, aligned and resampled."""
    a = np.asarray(left, dtype=np.float64)
    d = np.asarray(right, dtype=np.float64) - a
    width = float(np.hypot(d[0], d[1]))
    if width < 1e-6:
        return np.zeros((0, 0), np.float32)
    u = d / width
    n = np.array([-u[1], u[0]])  # across the corner line, downwards in the image
    k = width / PATCH_PX
    origin = a + S_RANGE[0] * width * u + T_RANGE[0] * width * n
    patch_to_image = np.array([[u[0] * k, n[0] * k, origin[0]], [u[1] * k, n[1] * k, origin[1]]])
    size = (
        round((S_RANGE[1] - S_RANGE[0]) * PATCH_PX),
        round((T_RANGE[1] - T_RANGE[0]) * PATCH_PX),
    )
    patch = cv2.warpAffine(
        gray,
        patch_to_image,
        size,
        flags=cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP,
        borderMode=cv2.BORDER_REPLICATE,
    )
    return cv2.GaussianBlur(patch.astype(np.float32), (3, 3), 0)


def _fill_holes(mask: np.ndarray) -> np.ndarray:
    """``mask`` with the background regions that do not touch the border filled in."""
    background = (~mask).astype(np.uint8)
    count, labels = cv2.connectedComponents(background, connectivity=4)
    border = np.unique(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]))
    holes = np.isin(labels, np.setdiff1d(np.arange(1, count), border))
    return mask | holes


def dark_mask(patch: np.ndarray) -> np.ndarray | None:
    """Dark pixels of an eye patch, or None when the patch shows too little contrast."""
    skin = float(np.median(patch))
    darkest = float(np.percentile(patch, 2))
    if skin - darkest < MIN_CONTRAST:
        return None
    return _fill_holes(patch < darkest + 0.5 * (skin - darkest))


def eye_openness(gray: np.ndarray, left: np.ndarray, right: np.ndarray) -> float:
    """Openness of one eye (≈ visible iris height / eye width) from a grey image."""
    patch = eye_patch(gray, left, right)
    mask = dark_mask(patch) if patch.size else None
    if mask is None:
        return 0.0
    c0 = round((CORE_S[0] - S_RANGE[0]) * PATCH_PX)
    c1 = round((CORE_S[1] - S_RANGE[0]) * PATCH_PX)
    core = mask[:, c0:c1]
    run = np.zeros(core.shape[1], np.int32)
    longest = np.zeros(core.shape[1], np.int32)
    for row in core:  # longest vertical run of dark pixels, per column
        run = (run + 1) * row
        np.maximum(longest, run, out=longest)
    tallest = np.sort(longest)[-TOP_RUNS:]
    return float(tallest.mean()) / PATCH_PX
