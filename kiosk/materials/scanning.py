"""Document scanning pipeline: find the page, straighten it, check it, encode it.

Plain Python (OpenCV + NumPy), no Qt, no device: frames come in as BGR arrays,
JPEG/PDF bytes go out. Nothing here touches the disk; the caller decides where
the bytes go (the session's attachments, which only reach disk encrypted).

Steps of :func:`scan_page`:

1. **Detect** the page on a downscaled copy: two candidate masks (bright paper
   by Otsu threshold, and dilated Canny edges), the largest convex
   quadrilateral of either wins.
2. **Refine** the four edges at full resolution: the strongest gradient along
   the normal of each edge at ~48 places, a robust line fit, corners as line
   intersections. Detection at low resolution stays fast; corners come back
   accurate to about a pixel.
3. **Warp** the quadrilateral to a rectangle (snapped to A4 proportions when
   close), **crop** a thin margin, **deskew** residual text tilt.
4. Optional **enhancement** for text (flattened background + contrast, or
   adaptive threshold), **quality** metrics (blur: variance of the Laplacian;
   glare: saturated area), and **JPEG** encoding at the configured quality.

When no page outline is found the whole frame is kept and ``page_found`` says so.

:class:`AutoCapture` decides when to take the picture (page present and still for
a configured time); :func:`assemble_pdf` makes one PDF of several pages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from kiosk.clock import SYSTEM_CLOCK, Clock
from kiosk.errors import KioskError
from kiosk.lazy_import import LazyModule

if TYPE_CHECKING:
    import cv2
    import img2pdf
    import numpy as np
    from numpy.typing import NDArray

    #: A BGR (or greyscale) uint8 frame. Typed loosely: OpenCV's stubs return untyped arrays.
    Image = NDArray[Any]
    #: Four corners, float32, shape (4, 2), ordered top-left, top-right, bottom-right, bottom-left.
    Quad = NDArray[Any]
else:
    # Imported on first use (a scan), not when the UI imports this module (issue 18).
    cv2 = LazyModule("cv2")
    img2pdf = LazyModule("img2pdf")
    np = LazyModule("numpy")
    Image = Any
    Quad = Any

A4_RATIO = 297.0 / 210.0


class ScanError(KioskError):
    """A page could not be scanned (unreadable image, encoder failure, empty document)."""

    resident_message = "材料拍摄未成功，请重新拍摄。"


class Enhancement(StrEnum):
    NONE = "none"
    #: Flattened background and stretched contrast, greyscale: readable and still photographic.
    TEXT = "text"
    #: Adaptive threshold: black text on white, smallest files, loses photos and seals.
    BINARY = "binary"


class QualityIssue(StrEnum):
    NO_PAGE = "no_page"
    BLURRY = "blurry"
    GLARE = "glare"


#: What the resident is told about each issue (the materials screen shows these).
QUALITY_MESSAGES: dict[QualityIssue, str] = {
    QualityIssue.NO_PAGE: "未识别到材料边缘，已保留整幅画面。请将材料平放在拍摄区域中央。",
    QualityIssue.BLURRY: "图像模糊，请保持材料平整、不要移动，然后重拍。",
    QualityIssue.GLARE: "图像有反光，请调整材料角度或避开强光后重拍。",
}


@dataclass(frozen=True)
class ScanSettings:
    """Knobs of the pipeline (filled from ``DocumentCameraConfig`` by the caller)."""

    jpeg_quality: int = 85
    enhancement: Enhancement = Enhancement.NONE
    #: Longest side of the corrected page; ~200 dpi for A4. Bigger pages are downscaled.
    max_page_side: int = 2400
    #: Longest side of the copy used for outline detection.
    detect_side: int = 800
    #: The page must cover at least this share of the frame to count as one.
    min_page_area: float = 0.12
    #: Minimum brightness step between the page and what surrounds it (grey levels).
    min_edge_contrast: float = 25.0
    #: Share of each side cut after the warp (background leaking in at the edges).
    crop_margin: float = 0.004
    deskew: bool = True
    max_skew_deg: float = 8.0
    #: Variance of the Laplacian (on a 1000-px copy) below which the page is blurry.
    blur_threshold: float = 120.0
    #: Share of saturated pixels above which the page has glare.
    glare_max_fraction: float = 0.004
    #: Snap the corrected page to exact A4 proportions when within this relative difference.
    a4_snap_tolerance: float = 0.06


@dataclass(frozen=True)
class PageDetection:
    """Where the page is in a frame (full-resolution coordinates)."""

    corners: Quad
    #: Share of the frame covered by the page.
    area_fraction: float


@dataclass(frozen=True)
class Quality:
    sharpness: float  # variance of the Laplacian on a 1000-px copy
    glare_fraction: float  # share of saturated pixels
    issues: tuple[QualityIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def messages(self) -> list[str]:
        return [QUALITY_MESSAGES[i] for i in self.issues]


@dataclass
class ScanResult:
    """One scanned page: JPEG bytes plus what the pipeline found out."""

    jpeg: bytes
    width: int
    height: int
    page_found: bool
    corners: Quad | None
    quality: Quality
    skew_deg: float = 0.0
    enhancement: Enhancement = Enhancement.NONE
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def size_bytes(self) -> int:
        return len(self.jpeg)


# --- geometry -------------------------------------------------------------------


def order_corners(pts: NDArray[np.floating]) -> Quad:
    """Order four points top-left, top-right, bottom-right, bottom-left."""
    p = np.asarray(pts, dtype=np.float32).reshape(4, 2)
    centre = p.mean(axis=0)
    angles = np.arctan2(p[:, 1] - centre[1], p[:, 0] - centre[0])
    p = p[np.argsort(angles)]  # clockwise in image coordinates, starting near -pi (left)
    # Rotate so that the point with the smallest x+y (top-left) comes first.
    start = int(np.argmin(p.sum(axis=1)))
    return np.roll(p, -start, axis=0).astype(np.float32)


def _approx_quad(contour: NDArray[Any]) -> NDArray[np.float32] | None:
    hull = cv2.convexHull(contour)
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.02, 0.03, 0.045, 0.06, 0.08):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return approx.reshape(4, 2).astype(np.float32)
        if len(approx) < 4:
            break
    return None


def _candidate_masks(gray: Image) -> list[Image]:
    blurred = cv2.GaussianBlur(gray, (5, 5), 0)
    _, bright = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    bright = cv2.morphologyEx(bright, cv2.MORPH_OPEN, kernel)
    median = float(np.median(blurred))
    edges = cv2.Canny(blurred, max(10.0, 0.5 * median), max(30.0, 1.2 * median))
    edges = cv2.dilate(edges, kernel, iterations=1)
    return [bright, edges]


def _edge_contrast(gray: Image, quad: NDArray[np.float32], band: int = 6) -> float:
    """Brightness difference between thin bands just inside and just outside a quadrilateral.

    A page on the camera's plate differs from its surroundings; a table or a box
    printed on a page that fills the view does not (paper on both sides).
    """
    mask: Image = np.zeros(gray.shape, np.uint8)
    cv2.fillConvexPoly(mask, np.round(quad).astype(np.int32), 255)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (2 * band + 1, 2 * band + 1))
    grown: Image = cv2.dilate(mask, kernel)
    shrunk: Image = cv2.erode(mask, kernel)
    outer = (grown > 0) & (mask == 0)
    inner = (mask > 0) & (shrunk == 0)
    if not outer.any() or not inner.any():
        return 0.0
    return abs(float(np.median(gray[inner])) - float(np.median(gray[outer])))


def detect_page(
    image: Image, settings: ScanSettings | None = None, refine: bool = True
) -> PageDetection | None:
    """Find the largest convex quadrilateral that looks like a page, or None.

    ``refine=False`` skips the full-resolution edge fit (a live preview outline
    does not need sub-pixel corners).
    """
    settings = settings or ScanSettings()
    h, w = image.shape[:2]
    scale = min(1.0, settings.detect_side / max(h, w))
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    gray = _to_gray(small)
    sh, sw = gray.shape
    border = 2.0
    best: tuple[float, NDArray[np.float32]] | None = None
    for mask in _candidate_masks(gray):
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:5]:
            quad = _approx_quad(contour)
            if quad is None:
                continue
            area = float(cv2.contourArea(quad))
            if area < settings.min_page_area * sw * sh:
                continue
            # A page cut by the frame edge is not a whole page: keep the whole frame instead.
            xs, ys = quad[:, 0], quad[:, 1]
            if (
                xs.min() < border
                or ys.min() < border
                or xs.max() > sw - 1 - border
                or ys.max() > sh - 1 - border
            ):
                continue
            if _edge_contrast(gray, quad) < settings.min_edge_contrast:
                continue  # a table or frame printed on a page that fills the view
            fill = float(cv2.contourArea(contour)) / area
            score = area * min(1.0, fill)
            if best is None or score > best[0]:
                best = (score, quad)
    if best is None:
        return None
    corners = order_corners(best[1] / scale)
    refined = (
        refine_corners(_to_gray(image), corners, search=max(4.0, 3.0 / scale))
        if refine
        else corners
    )
    area_fraction = float(cv2.contourArea(refined)) / float(w * h)
    return PageDetection(refined, area_fraction)


def _line_through(points: NDArray[np.float32]) -> NDArray[np.float64]:
    vx, vy, x0, y0 = cv2.fitLine(points, cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
    # Homogeneous line a*x + b*y + c = 0.
    a, b = float(vy), float(-vx)
    return np.array([a, b, -(a * float(x0) + b * float(y0))])


def refine_corners(gray: Image, corners: Quad, search: float, samples: int = 48) -> Quad:
    """Move each edge of ``corners`` onto the strongest gradient near it (full resolution).

    Returns the input unchanged when an edge cannot be found (too few strong
    samples, or the result wanders further than ``search`` from the start).
    """
    img = gray.astype(np.float32)
    offsets = np.arange(-math.ceil(search), math.ceil(search) + 1, dtype=np.float32)
    t = np.linspace(0.08, 0.92, samples, dtype=np.float32)
    lines = []
    for i in range(4):
        p, q = corners[i], corners[(i + 1) % 4]
        d = q - p
        length = float(np.hypot(*d))
        if length < 8:
            return corners
        d = d / length
        n = np.array([-d[1], d[0]], dtype=np.float32)
        base = p[None, :] + t[:, None] * (q - p)[None, :]  # (samples, 2)
        grid = base[:, None, :] + offsets[None, :, None] * n[None, None, :]
        map_x = np.ascontiguousarray(grid[..., 0])
        map_y = np.ascontiguousarray(grid[..., 1])
        prof = cv2.remap(img, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        # Average with the neighbouring samples along the edge to calm noise and text.
        prof = cv2.GaussianBlur(prof, (3, 3), 0)
        grad = np.abs(np.gradient(prof, axis=1))
        idx = np.argmax(grad, axis=1)
        strength = grad[np.arange(samples), idx]
        # Sub-pixel peak by a parabola through the maximum and its neighbours.
        inner = (idx > 0) & (idx < len(offsets) - 1)
        sub = idx.astype(np.float32)
        li = np.clip(idx - 1, 0, len(offsets) - 1)
        ri = np.clip(idx + 1, 0, len(offsets) - 1)
        g0 = grad[np.arange(samples), li]
        g2 = grad[np.arange(samples), ri]
        denom = g0 - 2 * strength + g2
        with np.errstate(divide="ignore", invalid="ignore"):
            delta = np.where(inner & (denom < 0), 0.5 * (g0 - g2) / denom, 0.0)
        sub = sub + np.clip(delta, -0.5, 0.5)
        keep = strength > max(4.0, 0.35 * float(np.median(strength)))
        if int(keep.sum()) < samples // 3:
            return corners
        shift = offsets[0] + sub[keep]
        pts = base[keep] + shift[:, None] * n[None, :]
        lines.append(_line_through(pts.astype(np.float32)))
    out = np.zeros((4, 2), dtype=np.float32)
    for i in range(4):
        # Corner i is where edge i-1 (ending at i) meets edge i (starting at i).
        x = np.cross(lines[i - 1], lines[i])
        if abs(x[2]) < 1e-9:
            return corners
        out[i] = (x[0] / x[2], x[1] / x[2])
    if float(np.max(np.hypot(*(out - corners).T))) > 2.5 * search:
        return corners
    return out


def _page_size(corners: Quad, settings: ScanSettings) -> tuple[int, int]:
    tl, tr, br, bl = corners
    width = max(np.hypot(*(tr - tl)), np.hypot(*(br - bl)))
    height = max(np.hypot(*(bl - tl)), np.hypot(*(br - tr)))
    ratio = height / width
    for target in (A4_RATIO, 1 / A4_RATIO):
        if abs(ratio - target) / target < settings.a4_snap_tolerance:
            # Foreshortening shrinks one side: keep the longer side and fix the other.
            if target > 1:
                width = max(width, height / target)
                height = width * target
            else:
                height = max(height, width * target)
                width = height / target
            break
    factor = min(1.0, settings.max_page_side / max(width, height))
    return max(1, round(width * factor)), max(1, round(height * factor))


def warp_page(image: Image, corners: Quad, settings: ScanSettings | None = None) -> Image:
    """Map the quadrilateral ``corners`` to an upright rectangle, with a thin margin cropped."""
    settings = settings or ScanSettings()
    w, h = _page_size(corners, settings)
    mx, my = settings.crop_margin * w, settings.crop_margin * h
    # Pixel-edge convention: the page spans [-0.5, w - 0.5]; the margin falls outside.
    dst = np.array(
        [[-0.5 - mx, -0.5 - my], [w - 0.5 + mx, -0.5 - my], [w - 0.5 + mx, h - 0.5 + my]],
        dtype=np.float32,
    )
    dst = np.vstack([dst, [[-0.5 - mx, h - 0.5 + my]]]).astype(np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), dst)
    return cv2.warpPerspective(
        image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


# --- deskew -----------------------------------------------------------------------


def estimate_skew(image: Image, max_deg: float = 8.0) -> float:
    """The rotation (degrees, for :func:`rotate`) that levels the text lines; 0 when unsure.

    Projection profile on the dark pixels: the angle at which the row histogram
    of rotated text pixels is the most peaked. Rotating coordinates of a few
    thousand points is far cheaper than rotating the image for every angle.
    """
    gray = _to_gray(image)
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    binary = cv2.adaptiveThreshold(
        small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15
    )
    ys, xs = np.nonzero(binary)
    if len(xs) < 200:
        return 0.0
    if len(xs) > 30000:
        pick = np.random.default_rng(0).choice(len(xs), 30000, replace=False)
        xs, ys = xs[pick], ys[pick]
    xs = xs.astype(np.float64) - small.shape[1] / 2
    ys = ys.astype(np.float64) - small.shape[0] / 2

    def score(deg: float) -> float:
        a = math.radians(deg)
        rows = -xs * math.sin(a) + ys * math.cos(a)
        hist = np.bincount((rows - rows.min()).astype(np.int64))
        return float(np.sum(hist.astype(np.float64) ** 2))

    coarse = np.arange(-max_deg, max_deg + 1e-6, 0.5)
    scores = [score(float(a)) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 0.5, best + 0.5 + 1e-6, 0.1)
    fine_scores = [score(float(a)) for a in fine]
    best = float(fine[int(np.argmax(fine_scores))])
    # Too little structure to trust (blank page, photo): a flat profile.
    if max(fine_scores) < 1.05 * score(0.0) and abs(best) > 0:
        return 0.0
    return best


def rotate(image: Image, deg: float) -> Image:
    """Rotate counter-clockwise by ``deg`` about the centre, same size, edges replicated."""
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D(((w - 1) / 2, (h - 1) / 2), deg, 1.0)
    return cv2.warpAffine(
        image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


# --- enhancement, quality, encoding ----------------------------------------------


def _to_gray(image: Image) -> Image:
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def enhance(image: Image, mode: Enhancement) -> Image:
    """Make text stand out: flatten uneven lighting, then stretch or threshold."""
    if mode == Enhancement.NONE:
        return image
    gray = _to_gray(image)
    h, w = gray.shape
    # Background estimate: close away the text on a small copy, then blur.
    scale = min(1.0, 600 / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    k = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (15, 15))
    bg = cv2.GaussianBlur(cv2.morphologyEx(small, cv2.MORPH_CLOSE, k), (0, 0), 5)
    bg = cv2.resize(bg, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(gray, np.maximum(bg, 1), scale=255)
    if mode == Enhancement.BINARY:
        block = max(15, (min(h, w) // 40) | 1)
        return cv2.adaptiveThreshold(
            flat, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, block, 12
        )
    lo, hi = np.percentile(flat[:: max(1, h // 400), :: max(1, w // 400)], (1, 99.5))
    if hi - lo < 10:
        return flat
    lut = np.clip((np.arange(256, dtype=np.float32) - lo) * 255.0 / (hi - lo), 0, 255)
    # A mild gamma darkens thin strokes, which the stretch alone leaves grey.
    lut = (255.0 * (lut / 255.0) ** 1.4).astype(np.uint8)
    return cv2.LUT(flat, lut)


def measure_quality(image: Image, settings: ScanSettings | None = None) -> Quality:
    """Sharpness (variance of the Laplacian) and glare (saturated share) of a page."""
    settings = settings or ScanSettings()
    gray = _to_gray(image)
    scale = min(1.0, 1000 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    sharpness = float(cv2.Laplacian(small, cv2.CV_64F).var())
    if image.ndim == 3:
        s = cv2.resize(image, (small.shape[1], small.shape[0]), interpolation=cv2.INTER_AREA)
        saturated = np.all(s >= 250, axis=2)
    else:
        saturated = small >= 250
    glare = float(saturated.mean())
    issues = []
    if sharpness < settings.blur_threshold:
        issues.append(QualityIssue.BLURRY)
    if glare > settings.glare_max_fraction:
        issues.append(QualityIssue.GLARE)
    return Quality(sharpness, glare, tuple(issues))


def encode_jpeg(image: Image, quality: int) -> bytes:
    ok, buf = cv2.imencode(
        ".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality), cv2.IMWRITE_JPEG_OPTIMIZE, 1]
    )
    if not ok:
        raise ScanError(f"JPEG encoder failed on a {image.shape} image")
    return buf.tobytes()


def decode_image(data: bytes | bytearray) -> Image:
    """Decode JPEG/PNG/... bytes into a BGR frame; :class:`ScanError` when unreadable."""
    arr = np.frombuffer(bytes(data), dtype=np.uint8)
    img = cv2.imdecode(arr, cv2.IMREAD_COLOR) if arr.size else None
    if img is None:
        raise ScanError(f"not a readable image ({len(data)} bytes)", "无法读取该图像，请重新拍摄。")
    return img


def _check_frame(image: object) -> Image:
    if (
        not isinstance(image, np.ndarray)
        or image.dtype != np.uint8
        or image.ndim not in (2, 3)
        or (image.ndim == 3 and image.shape[2] not in (3, 4))
        or min(image.shape[:2]) < 16
    ):
        shape = getattr(image, "shape", None)
        raise ScanError(f"not a usable frame: {type(image).__name__} {shape}")
    if image.ndim == 3 and image.shape[2] == 4:
        return cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    return image


def scan_page(frame: Image, settings: ScanSettings | None = None) -> ScanResult:
    """Run the whole pipeline on one camera frame and return the page as JPEG."""
    import time

    settings = settings or ScanSettings()
    frame = _check_frame(frame)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    detection = detect_page(frame, settings)
    t1 = time.perf_counter()
    timings["detect"] = (t1 - t0) * 1000
    if detection is not None:
        page = warp_page(frame, detection.corners, settings)
    else:
        page = frame
        factor = settings.max_page_side / max(frame.shape[:2])
        if factor < 1:
            page = cv2.resize(frame, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
    t2 = time.perf_counter()
    timings["warp"] = (t2 - t1) * 1000
    skew = 0.0
    if settings.deskew:
        skew = estimate_skew(page, settings.max_skew_deg)
        if abs(skew) >= 0.3:
            page = rotate(page, skew)
        else:
            skew = 0.0
    t3 = time.perf_counter()
    timings["deskew"] = (t3 - t2) * 1000
    quality = measure_quality(page, settings)
    if detection is None:
        quality = Quality(
            quality.sharpness, quality.glare_fraction, (QualityIssue.NO_PAGE, *quality.issues)
        )
    page = enhance(page, settings.enhancement)
    t4 = time.perf_counter()
    timings["quality+enhance"] = (t4 - t3) * 1000
    jpeg = encode_jpeg(page, settings.jpeg_quality)
    timings["encode"] = (time.perf_counter() - t4) * 1000
    return ScanResult(
        jpeg=jpeg,
        width=page.shape[1],
        height=page.shape[0],
        page_found=detection is not None,
        corners=None if detection is None else detection.corners,
        quality=quality,
        skew_deg=skew,
        enhancement=settings.enhancement,
        timings_ms=timings,
    )


# --- auto-capture -------------------------------------------------------------------


class CaptureState(StrEnum):
    NO_PAGE = "no_page"  # nothing on the plate
    MOVING = "moving"  # a page, but the picture changes
    STEADYING = "steadying"  # still, waiting for still_time_s
    CAPTURE = "capture"  # take the picture now (reported once)
    CAPTURED = "captured"  # taken; waiting for the page to change or leave


@dataclass(frozen=True)
class CaptureDecision:
    state: CaptureState
    motion: float  # share of changed pixels since the previous frame
    still_for_s: float

    @property
    def capture(self) -> bool:
        return self.state == CaptureState.CAPTURE


class AutoCapture:
    """Capture when a page is present and the picture has been still long enough.

    A pure object: feed it frames (with whether a page was detected in each) and
    it reads the time from the injected clock. After a capture it waits until
    the page moves or leaves before it can capture again, so one page is taken
    once however long it lies there.
    """

    def __init__(
        self,
        still_time_s: float = 1.0,
        motion_threshold: float = 0.003,
        clock: Clock = SYSTEM_CLOCK,
        analysis_width: int = 320,
    ) -> None:
        self.still_time_s = still_time_s
        self.motion_threshold = motion_threshold
        self.clock = clock
        self.analysis_width = analysis_width
        self._prev: Image | None = None
        self._still_since: float | None = None
        self._captured = False

    def reset(self) -> None:
        """Forget everything (a new page is expected; e.g. after retake)."""
        self._prev = None
        self._still_since = None
        self._captured = False

    def motion(self, frame: Image) -> float:
        """Share of pixels that changed noticeably since the previous frame."""
        gray = _to_gray(frame)
        scale = self.analysis_width / gray.shape[1]
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (3, 3), 0)
        prev, self._prev = self._prev, small
        if prev is None or prev.shape != small.shape:
            return 1.0
        return float(np.count_nonzero(cv2.absdiff(prev, small) > 12)) / small.size

    def feed(self, frame: Image, page_present: bool) -> CaptureDecision:
        now = self.clock.monotonic()
        motion = self.motion(frame)
        if not page_present:
            self._still_since = None
            self._captured = False
            return CaptureDecision(CaptureState.NO_PAGE, motion, 0.0)
        if motion > self.motion_threshold:
            self._still_since = None
            self._captured = False
            return CaptureDecision(CaptureState.MOVING, motion, 0.0)
        if self._still_since is None:
            self._still_since = now
        still_for = now - self._still_since
        if self._captured:
            return CaptureDecision(CaptureState.CAPTURED, motion, still_for)
        if still_for >= self.still_time_s:
            self._captured = True
            return CaptureDecision(CaptureState.CAPTURE, motion, still_for)
        return CaptureDecision(CaptureState.STEADYING, motion, still_for)


@dataclass(frozen=True)
class PreviewAnalysis:
    """One live-preview step: a small copy of the frame, the page outline on it, the decision."""

    small: Image  # BGR, ``width`` pixels wide
    corners: Quad | None  # in ``small``'s pixels
    decision: CaptureDecision


def analyse_preview(
    frame: Image, auto: AutoCapture, width: int = 960, settings: ScanSettings | None = None
) -> PreviewAnalysis:
    """Outline and auto-capture on one downscaled copy: the full frame is resized once.

    At 8 MP a full-resolution pass per preview frame would cost more than the
    preview interval; the outline drawn on a 960-px preview needs no more.
    """
    scale = min(1.0, width / frame.shape[1])
    small = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    detection = detect_page(small, settings, refine=False)
    decision = auto.feed(small, detection is not None)
    return PreviewAnalysis(small, None if detection is None else detection.corners, decision)


# --- PDF ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfDocument:
    data: bytes
    page_count: int

    @property
    def size_bytes(self) -> int:
        return len(self.data)


def human_size(n: int) -> str:
    """``1536`` → ``1.5 KB``; used where a page count and size are shown."""
    size = float(n)
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} MB"


def assemble_pdf(pages: Sequence[bytes | bytearray], title: str | None = None) -> PdfDocument:
    """One PDF of JPEG pages, each fitted into A4 (turned to landscape when wider than tall).

    img2pdf embeds the JPEG data as is: no re-encoding, no quality loss, fast.
    """
    if not pages:
        raise ScanError("no pages to assemble", "还没有拍摄任何材料页。")
    a4 = (img2pdf.mm_to_pt(210), img2pdf.mm_to_pt(297))
    layout = img2pdf.get_layout_fun(a4, fit=img2pdf.FitMode.into, auto_orient=True)
    try:
        data = img2pdf.convert(
            [bytes(p) for p in pages],
            layout_fun=layout,
            title=title,
            nodate=True,
            producer="kiosk-terminal",
        )
    except Exception as e:  # img2pdf raises its own ImageOpenError, ValueError, …
        raise ScanError(f"PDF assembly failed: {e}") from e
    if data is None:
        raise ScanError("PDF assembly returned nothing")
    return PdfDocument(bytes(data), len(pages))
