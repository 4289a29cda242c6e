"""Regenerate the face test images from face_recognition 1.3.0's own test photos.

Run once by a developer (never by the tests, never at run time of the app):

    mkdir /tmp/fr && cd /tmp/fr
    pip download --no-deps --no-binary :all: face_recognition==1.3.0 -d .
    tar xzf face_recognition-1.3.0.tar.gz
    .venv/bin/python tests/data/faces/make_faces.py /tmp/fr/face_recognition-1.3.0/tests/test_images

or, to remake only the closed-eye frames from the originals already here:

    .venv/bin/python tests/data/faces/make_faces.py --closed-only

It writes, next to itself (and, in the full run, into config/sim/face/):

* ``obama.jpg``, ``obama2.jpg``, ``obama3.jpg``, ``biden.jpg``: the originals,
  downscaled to at most 1000 px (real photographs of two real people);
* ``card_*.jpg``: 102×126 crops, the size of a resident ID card photo, as a
  reference photo decoded from a card would be;
* ``frame_*.jpg``: 640×480 "camera frames" framed around the face;
* ``frame_obama_closed.jpg``, ``frame_obama3_closed.jpg``, ``frame_biden_closed.jpg``:
  the same photos with the eyes **painted shut** (see :func:`close_eye`). These are
  doctored photographs, made because no package here ships a real photo of
  someone with closed eyes;
* ``frame_two_faces.jpg``: two real faces side by side (a composite).

Faces and eye corners come from the terminal's own backend (dlib's HOG detector
and 5-point model): no 68-point model is involved any more.
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from kiosk.biometrics.face import DlibBackend, FaceBox  # noqa: E402

HERE = Path(__file__).resolve().parent
SIM_DIR = HERE.parent.parent.parent / "config" / "sim" / "face"
FRAME_SIZE = (640, 480)
CARD_SIZE = (102, 126)


#: How far the painted-over eye opening reaches above and below the corner line at
#: the middle of the eye, in eye widths (generous: the upper lashes must be inside).
OPENING_UP = 0.34
OPENING_DOWN = 0.17
#: Where the lids meet when closed: a lash line sagging this far below the corner
#: line at the middle; the crease of the closed upper lid this far above it.
LASH_SAG = 0.08
CREASE_UP = 0.22


def face_box(backend: DlibBackend, rgb: np.ndarray) -> tuple[int, int, int, int]:
    boxes = backend.detect(rgb, 1)
    if len(boxes) != 1:
        raise SystemExit(f"expected one face, found {len(boxes)}")
    return boxes[0].css()


def _arc(left: np.ndarray, right: np.ndarray, height: float, s: np.ndarray) -> np.ndarray:
    """Points along the corner line at ``s`` (0…1 corner to corner), bulging by
    ``height`` eye widths (positive: downwards) in the middle."""
    d = right - left
    w = float(np.hypot(*d))
    n = np.array([-d[1], d[0]]) / w
    bulge = np.sin(np.pi * np.clip(s, 0, 1))
    return left + np.outer(s, d) + np.outer(height * w * bulge, n)


def close_eye(rgb: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The eye between ``left`` and ``right`` (its corners) painted shut.

    What a closed eye looks like: the opening (iris, sclera, upper lashes) covered
    by lid skin, the lashes of both lids meeting in one thin dark line a little
    below the corner line, and the crease of the upper lid above. Here: the
    opening is filled with skin whose colour goes from that of the upper lid
    (the lighter half of the band above the opening) to that of the lower lid
    (the band below), given the fine texture of the skin below the eye, and
    feathered into the photo; a lash line ~1/17 of the eye width thick (2 px on a
    34 px eye) in the lashes' own colour (the darkest of the eye) is drawn where
    the lids meet, and a faint crease above.
    """
    d = right - left
    w = float(np.hypot(*d))
    u = d / w
    n = np.array([-u[1], u[0]])
    s = np.linspace(-0.06, 1.06, 48)
    opening = np.vstack(
        [_arc(left, right, -OPENING_UP, s), _arc(left, right, OPENING_DOWN, s)[::-1]]
    )
    mask = np.zeros(rgb.shape[:2], np.uint8)
    cv2.fillPoly(mask, [np.round(opening).astype(np.int32)], 255)
    img = rgb.astype(np.float32)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    # (s, t) eye coordinates of every pixel: along the corner line and across it.
    ys, xs = np.indices(rgb.shape[:2], dtype=np.float32)
    rel = np.stack([xs - left[0], ys - left[1]], axis=-1)
    t = (rel @ n) / w
    s_ = (rel @ u) / w
    side = (s_ > 0.2) & (s_ < 0.8)

    def skin(t0: float, t1: float) -> np.ndarray:
        band = side & (t > t0) & (t < t1)
        lighter = band & (gray >= np.median(gray[band]))
        return np.median(img[lighter], axis=0)

    upper, lower = skin(-OPENING_UP - 0.14, -OPENING_UP), skin(OPENING_DOWN, OPENING_DOWN + 0.14)
    k = np.clip((t + OPENING_UP) / (OPENING_UP + OPENING_DOWN), 0, 1)[..., None]
    fill = upper * (1 - k) + lower * k
    # Skin texture: the fine detail of the skin just below the eye, moved up.
    up = (OPENING_UP + OPENING_DOWN) * w * n
    shift = np.array([[1, 0, up[0]], [0, 1, up[1]]], np.float64)
    below = cv2.warpAffine(img, shift, (rgb.shape[1], rgb.shape[0]), borderMode=cv2.BORDER_REFLECT)
    fill += below - cv2.GaussianBlur(below, (0, 0), 1.5)
    feather = max(3, round(w / 6)) | 1
    alpha = cv2.GaussianBlur(mask.astype(np.float32) / 255, (feather, feather), 0)[..., None]
    lash_colour = np.median(rgb[(mask > 0) & (gray <= np.percentile(gray[mask > 0], 3))], axis=0)
    out = img * (1 - alpha) + fill * alpha
    crease = np.zeros(rgb.shape[:2], np.float32)
    line = np.round(_arc(left, right, -CREASE_UP, np.linspace(0.1, 0.9, 24))).astype(np.int32)
    cv2.polylines(crease, [line], False, 1.0, 1, cv2.LINE_AA)
    out *= 1 - 0.15 * cv2.GaussianBlur(crease, (3, 3), 0)[..., None]
    out8 = np.clip(out, 0, 255).astype(np.uint8)
    lash = np.round(_arc(left, right, LASH_SAG, np.linspace(0, 1, 24))).astype(np.int32)
    colour = tuple(int(c) for c in lash_colour)
    cv2.polylines(out8, [lash], False, colour, max(1, round(w / 17)), cv2.LINE_AA)
    return out8


def close_eyes(backend: DlibBackend, rgb: np.ndarray) -> np.ndarray:
    lm = backend.landmarks(rgb, FaceBox(*face_box(backend, rgb)))
    out = rgb
    for eye in (lm.eye_a, lm.eye_b):
        out = close_eye(out, eye[0], eye[1])
    return out


def crop_around(
    rgb: np.ndarray,
    box: tuple[int, int, int, int],
    size: tuple[int, int],
    face_fraction: float,
    centre_y: float,
) -> np.ndarray:
    """Crop with the aspect of ``size`` so the face is ``face_fraction`` of the width."""
    top, right, bottom, left = box
    fw = right - left
    cw = fw / face_fraction
    ch = cw * size[1] / size[0]
    h, w = rgb.shape[:2]
    scale = min(1.0, w / cw, h / ch)
    cw, ch = cw * scale, ch * scale
    cx, cy = (left + right) / 2, (top + bottom) / 2
    x0 = int(min(max(cx - cw / 2, 0), w - cw))
    y0 = int(min(max(cy - ch * centre_y, 0), h - ch))
    crop = rgb[y0 : y0 + int(ch), x0 : x0 + int(cw)]
    return cv2.resize(crop, size, interpolation=cv2.INTER_AREA)


def save(path: Path, rgb: np.ndarray, quality: int = 90) -> None:
    cv2.imwrite(
        str(path), cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality]
    )
    print(f"{path.relative_to(HERE.parent.parent.parent)}: {path.stat().st_size // 1024} KiB")


def closed_frames(backend: DlibBackend, photos: dict[str, np.ndarray]) -> None:
    for name in ("obama", "obama3", "biden"):
        rgb = photos[name]
        box = face_box(backend, rgb)
        closed = close_eyes(backend, rgb)
        save(HERE / f"frame_{name}_closed.jpg", crop_around(closed, box, FRAME_SIZE, 0.33, 0.45))


def main(src: Path) -> None:
    backend = DlibBackend()
    SIM_DIR.mkdir(parents=True, exist_ok=True)
    photos: dict[str, np.ndarray] = {}
    for name in ("obama", "obama2", "obama3", "biden"):
        rgb = load_rgb(src / f"{name}.jpg")
        f = min(1.0, 1000 / max(rgb.shape[:2]))
        if f < 1.0:
            rgb = cv2.resize(rgb, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        photos[name] = rgb
        save(HERE / f"{name}.jpg", rgb)
    for name in ("obama2", "biden"):
        rgb = photos[name]
        save(
            HERE / f"card_{name}.jpg",
            crop_around(rgb, face_box(backend, rgb), CARD_SIZE, 0.62, 0.45),
            95,
        )
    for name in ("obama", "obama3", "biden"):
        rgb = photos[name]
        save(
            HERE / f"frame_{name}.jpg",
            crop_around(rgb, face_box(backend, rgb), FRAME_SIZE, 0.33, 0.45),
        )
    closed_frames(backend, photos)
    a = crop_around(photos["obama3"], face_box(backend, photos["obama3"]), (320, 480), 0.6, 0.45)
    b = crop_around(photos["biden"], face_box(backend, photos["biden"]), (320, 480), 0.6, 0.45)
    save(HERE / "frame_two_faces.jpg", np.hstack([a, b]))
    # The demo's simulated camera: obama.jpg looking, blinking, looking; its card
    # photo is another photograph (obama2.jpg), as a real card photo would be.
    box = face_box(backend, photos["obama"])
    save(SIM_DIR / "open.jpg", crop_around(photos["obama"], box, FRAME_SIZE, 0.33, 0.45), 85)
    closed = close_eyes(backend, photos["obama"])
    save(SIM_DIR / "closed.jpg", crop_around(closed, box, FRAME_SIZE, 0.33, 0.45), 85)
    rgb = photos["obama2"]
    save(
        SIM_DIR / "card_photo.jpg",
        crop_around(rgb, face_box(backend, rgb), CARD_SIZE, 0.62, 0.45),
        95,
    )


def load_rgb(path: Path) -> np.ndarray:
    bgr = cv2.imread(str(path), cv2.IMREAD_COLOR)
    if bgr is None:
        raise SystemExit(f"cannot read {path}")
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)


if __name__ == "__main__":
    if sys.argv[1:] == ["--closed-only"]:
        closed_frames(DlibBackend(), {n: load_rgb(HERE / f"{n}.jpg") for n in ("obama", "obama3", "biden")})
    elif len(sys.argv) == 2:
        main(Path(sys.argv[1]))
    else:
        raise SystemExit(__doc__)
