"""Regenerate the face test images from face_recognition 1.3.0's own test photos.

Run once by a developer (never by the tests, never at run time of the app):

    mkdir /tmp/fr && cd /tmp/fr
    pip download --no-deps --no-binary :all: face_recognition==1.3.0 -d .
    tar xzf face_recognition-1.3.0.tar.gz
    .venv/bin/python tests/data/faces/make_faces.py /tmp/fr/face_recognition-1.3.0/tests/test_images

It writes, next to itself and into config/sim/face/:

* ``obama.jpg``, ``obama2.jpg``, ``obama3.jpg``, ``biden.jpg``: the originals,
  downscaled to at most 1000 px (real photographs of two real people);
* ``card_*.jpg``: 102×126 crops, the size of a resident ID card photo, as a
  reference photo decoded from a card would be;
* ``frame_*.jpg``: 640×480 "camera frames" framed around the face;
* ``frame_obama_closed.jpg``: the same photo with the eyes painted shut (the eye
  regions found by dlib's 68-point model inpainted with the surrounding skin and
  a lash line drawn along the lower lid). This is a doctored photograph, made
  because no package here ships a real photo of someone with closed eyes; the
  real detector + landmark pipeline measures its eye aspect ratio like any other.
* ``frame_two_faces.jpg``: two real faces side by side (a composite).
"""

from __future__ import annotations

import sys
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
SIM_DIR = HERE.parent.parent.parent / "config" / "sim" / "face"
FRAME_SIZE = (640, 480)
CARD_SIZE = (102, 126)


def face_box(fr: object, rgb: np.ndarray) -> tuple[int, int, int, int]:
    boxes = fr.face_locations(rgb, 1)  # type: ignore[attr-defined]
    if len(boxes) != 1:
        raise SystemExit(f"expected one face, found {len(boxes)}")
    return boxes[0]


def close_eyes(fr: object, rgb: np.ndarray) -> np.ndarray:
    box = face_box(fr, rgb)
    lm = fr.face_landmarks(rgb, [box])[0]  # type: ignore[attr-defined]
    mask = np.zeros(rgb.shape[:2], np.uint8)
    for key in ("left_eye", "right_eye"):
        cv2.fillPoly(mask, [cv2.convexHull(np.array(lm[key], np.int32))], 255)
    mask = cv2.dilate(mask, np.ones((7, 7), np.uint8), iterations=2)
    out = cv2.inpaint(rgb, mask, 7, cv2.INPAINT_TELEA)
    for key in ("left_eye", "right_eye"):
        # A lash line from corner to corner, sagging a little below the eye's middle.
        p = np.array(lm[key], np.float64)
        width = float(np.linalg.norm(p[0] - p[3]))
        sag = (p[1] + p[2] + p[4] + p[5]) / 4 + np.array([0, width * 0.08])
        dip = np.array([0, width * 0.04])
        lash = np.array([p[0], (p[0] + sag) / 2 + dip, sag, (p[3] + sag) / 2 + dip, p[3]], np.int32)
        cv2.polylines(out, [lash], False, (30, 20, 20), max(2, int(width / 8)), cv2.LINE_AA)
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


def main(src: Path) -> None:
    import face_recognition as fr

    SIM_DIR.mkdir(parents=True, exist_ok=True)
    photos: dict[str, np.ndarray] = {}
    for name in ("obama", "obama2", "obama3", "biden"):
        rgb = fr.load_image_file(src / f"{name}.jpg")
        f = min(1.0, 1000 / max(rgb.shape[:2]))
        if f < 1.0:
            rgb = cv2.resize(rgb, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
        photos[name] = rgb
        save(HERE / f"{name}.jpg", rgb)
    for name in ("obama2", "biden"):
        rgb = photos[name]
        save(
            HERE / f"card_{name}.jpg",
            crop_around(rgb, face_box(fr, rgb), CARD_SIZE, 0.62, 0.45),
            95,
        )
    for name in ("obama", "obama3", "biden"):
        rgb = photos[name]
        box = face_box(fr, rgb)
        save(HERE / f"frame_{name}.jpg", crop_around(rgb, box, FRAME_SIZE, 0.33, 0.45))
        if name == "obama":
            closed = close_eyes(fr, rgb)
            save(
                HERE / f"frame_{name}_closed.jpg", crop_around(closed, box, FRAME_SIZE, 0.33, 0.45)
            )
    a = crop_around(photos["obama3"], face_box(fr, photos["obama3"]), (320, 480), 0.6, 0.45)
    b = crop_around(photos["biden"], face_box(fr, photos["biden"]), (320, 480), 0.6, 0.45)
    save(HERE / "frame_two_faces.jpg", np.hstack([a, b]))
    # The demo's simulated camera: obama.jpg looking, blinking, looking; its card
    # photo is another photograph (obama2.jpg), as a real card photo would be.
    box = face_box(fr, photos["obama"])
    save(SIM_DIR / "open.jpg", crop_around(photos["obama"], box, FRAME_SIZE, 0.33, 0.45), 85)
    closed = close_eyes(fr, photos["obama"])
    save(SIM_DIR / "closed.jpg", crop_around(closed, box, FRAME_SIZE, 0.33, 0.45), 85)
    rgb = photos["obama2"]
    save(SIM_DIR / "card_photo.jpg", crop_around(rgb, face_box(fr, rgb), CARD_SIZE, 0.62, 0.45), 95)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]))
