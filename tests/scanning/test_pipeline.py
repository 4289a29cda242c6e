"""The scan pipeline on synthetic photos of a page warped by a known homography."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable

import cv2
import numpy as np
import pytest

from kiosk.materials.scan_synth import SyntheticPhoto, background, photograph, render_page
from kiosk.materials.scanning import (
    Enhancement,
    QualityIssue,
    ScanError,
    ScanSettings,
    assemble_pdf,
    decode_image,
    detect_page,
    estimate_skew,
    order_corners,
    rotate,
    scan_page,
)


def _decode(jpeg: bytes) -> np.ndarray:
    img = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_UNCHANGED)
    assert img is not None
    return img


@pytest.mark.parametrize(
    ("size", "seed"),
    [((1920, 1080), 0), ((1920, 1080), 1), ((1280, 960), 2), ((2592, 1944), 3)],
)
def test_corners_found_within_two_pixels(
    make_photo: Callable[..., SyntheticPhoto], size: tuple[int, int], seed: int
) -> None:
    photo = make_photo(size, seed)
    detection = detect_page(photo.image)
    assert detection is not None
    err = np.hypot(*(detection.corners - photo.corners).T)
    assert err.max() < 2.0, f"corner errors {err.round(2)} px"
    assert 0.2 < detection.area_fraction < 0.9


def test_corners_without_refinement_are_only_roughly_right(
    make_photo: Callable[..., SyntheticPhoto],
) -> None:
    # The refinement is what makes the corners accurate, not luck of the detector.
    photo = make_photo((2592, 1944), 3)
    rough = detect_page(photo.image, refine=False)
    fine = detect_page(photo.image)
    assert rough is not None and fine is not None
    rough_err = np.hypot(*(rough.corners - photo.corners).T).max()
    fine_err = np.hypot(*(fine.corners - photo.corners).T).max()
    assert fine_err < rough_err


def test_corrected_page_text_still_matches_the_original(
    make_photo: Callable[..., SyntheticPhoto], page_image: np.ndarray
) -> None:
    photo = make_photo((1920, 1080), 4)
    result = scan_page(photo.image, ScanSettings(deskew=True))
    assert result.page_found and result.quality.ok
    page = _decode(result.jpeg)
    # A4 proportions, portrait.
    assert page.shape[0] / page.shape[1] == pytest.approx(297 / 210, rel=0.01)
    corrected = cv2.cvtColor(
        cv2.resize(page, (page_image.shape[1], page_image.shape[0])), cv2.COLOR_BGR2GRAY
    )
    original = cv2.cvtColor(page_image, cv2.COLOR_BGR2GRAY)
    # The title and a body line, cut from the original, are found where they belong.
    for y0, y1, x0, x1 in ((110, 190, 300, 940), (560, 620, 110, 900)):
        template = original[y0:y1, x0:x1]
        scores = cv2.matchTemplate(corrected, template, cv2.TM_CCOEFF_NORMED)
        _, best, _, (bx, by) = cv2.minMaxLoc(scores)
        assert best > 0.6, f"text region {y0}:{y1} matched only {best:.2f}"
        assert abs(bx - x0) < 12 and abs(by - y0) < 12
    # And the whole page correlates with the original, compared at the scanned size and
    # exactly in place (a warp a few pixels off, or a wrong one, would not correlate).
    gray = cv2.GaussianBlur(cv2.cvtColor(page, cv2.COLOR_BGR2GRAY), (0, 0), 1.0)
    small = cv2.resize(original, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (0, 0), 1.0)
    m = 20
    scores = cv2.matchTemplate(gray, small[m:-m, m:-m], cv2.TM_CCOEFF_NORMED)
    assert scores[m, m] > 0.7
    assert scores.max() - scores[m, m] < 0.02  # the best alignment is the expected one


def test_no_page_keeps_the_whole_frame_and_says_so() -> None:
    frame = background(1280, 960, seed=5)
    result = scan_page(frame)
    assert not result.page_found
    assert result.corners is None
    assert QualityIssue.NO_PAGE in result.quality.issues
    assert (result.width, result.height) == (1280, 960)
    assert result.quality.messages[0].startswith("未识别到材料边缘")


def test_page_cut_by_the_frame_edge_is_not_a_page(page_image: np.ndarray) -> None:
    corners = np.array([[-200, 100], [700, 80], [720, 1000], [-180, 1020]], np.float32)
    photo = photograph(page_image, (1280, 1080), corners=corners, seed=2)
    assert detect_page(photo.image) is None
    assert not scan_page(photo.image).page_found


def test_large_frames_are_bounded_by_max_page_side(
    make_photo: Callable[..., SyntheticPhoto],
) -> None:
    photo = make_photo((3264, 2448), 6)
    result = scan_page(photo.image, ScanSettings(max_page_side=1200))
    assert result.page_found
    assert max(result.width, result.height) == 1200


def test_blur_and_glare_are_reported(make_photo: Callable[..., SyntheticPhoto]) -> None:
    sharp = scan_page(make_photo(seed=8).image)
    blurry = scan_page(make_photo(seed=8, blur_sigma=3.0).image)
    glare = scan_page(make_photo(seed=8, glare=True).image)
    assert sharp.quality.ok, sharp.quality
    assert QualityIssue.BLURRY in blurry.quality.issues
    assert blurry.quality.sharpness < sharp.quality.sharpness / 5
    assert QualityIssue.GLARE in glare.quality.issues
    assert QualityIssue.BLURRY not in glare.quality.issues
    assert any("反光" in m for m in glare.quality.messages)


@pytest.mark.parametrize("angle", [3.0, -2.0])
def test_deskew_levels_tilted_text(page_image: np.ndarray, angle: float) -> None:
    tilted = rotate(page_image, angle)
    estimate = estimate_skew(tilted)
    assert estimate == pytest.approx(-angle, abs=0.25)
    assert abs(estimate_skew(rotate(tilted, estimate))) <= 0.2
    assert estimate_skew(page_image) == 0.0


def test_deskew_is_applied_when_no_outline_is_found(page_image: np.ndarray) -> None:
    # The page fills the frame (no outline): the text tilt is still corrected.
    frame = rotate(cv2.resize(page_image, (700, 990)), 2.5)
    result = scan_page(frame)
    assert not result.page_found
    assert result.skew_deg == pytest.approx(-2.5, abs=0.3)


def test_enhancement_modes(make_photo: Callable[..., SyntheticPhoto]) -> None:
    photo = make_photo(seed=9)
    text = _decode(scan_page(photo.image, ScanSettings(enhancement=Enhancement.TEXT)).jpeg)
    binary_res = scan_page(photo.image, ScanSettings(enhancement=Enhancement.BINARY))
    binary = _decode(binary_res.jpeg)
    assert text.ndim == 2 and binary.ndim == 2
    # Flattened paper is white, text stays dark.
    assert np.percentile(text, 60) > 235
    assert np.percentile(text, 0.5) < 90
    # Black and white (JPEG ringing aside).
    mid = np.count_nonzero((binary > 60) & (binary < 195)) / binary.size
    assert mid < 0.03
    assert binary_res.enhancement == Enhancement.BINARY


def test_jpeg_quality_is_honoured(make_photo: Callable[..., SyntheticPhoto]) -> None:
    image = make_photo(seed=10).image
    low = scan_page(image, ScanSettings(jpeg_quality=40))
    high = scan_page(image, ScanSettings(jpeg_quality=95))
    assert low.size_bytes < high.size_bytes * 0.6


def test_bad_input_gets_a_clear_error() -> None:
    with pytest.raises(ScanError) as e:
        decode_image(b"not an image")
    assert "无法读取" in e.value.resident_message
    with pytest.raises(ScanError):
        decode_image(b"")
    with pytest.raises(ScanError):
        scan_page(np.zeros((8, 8, 3), np.uint8))
    with pytest.raises(ScanError):
        scan_page(np.zeros((100, 100, 3), np.float32))  # type: ignore[arg-type]
    # A four-channel frame is accepted (alpha dropped).
    bgra = cv2.cvtColor(background(640, 480), cv2.COLOR_BGR2BGRA)
    assert scan_page(bgra).width == 640


def test_order_corners_is_independent_of_input_order() -> None:
    pts = np.array([[10, 10], [100, 12], [98, 150], [8, 148]], np.float32)
    rng = np.random.default_rng(0)
    for _ in range(5):
        shuffled = pts[rng.permutation(4)]
        assert np.array_equal(order_corners(shuffled), pts)


def _pdfinfo(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def test_multi_page_pdf(make_photo: Callable[..., SyntheticPhoto], tmp_path) -> None:  # type: ignore[no-untyped-def]
    pages = [scan_page(make_photo(seed=s).image).jpeg for s in (11, 12)]
    pages.append(scan_page(background(1280, 720)).jpeg)  # a landscape whole frame
    doc = assemble_pdf(pages, title="材料")
    assert doc.page_count == 3
    assert doc.data.startswith(b"%PDF")
    # The JPEGs are embedded as they are (no re-encoding).
    assert doc.size_bytes < sum(len(p) for p in pages) + 20_000
    info = _pdfinfo(doc.data, tmp_path)
    assert re.search(r"Pages:\s+3", info)
    assert "A4" in info


def test_pdf_of_nothing_or_garbage_is_refused() -> None:
    with pytest.raises(ScanError) as e:
        assemble_pdf([])
    assert e.value.resident_message == "还没有拍摄任何材料页。"
    with pytest.raises(ScanError):
        assemble_pdf([b"\xff\xd8 truncated jpeg"])


def test_page_render_is_deterministic() -> None:
    assert np.array_equal(render_page(400, 2), render_page(400, 2))
