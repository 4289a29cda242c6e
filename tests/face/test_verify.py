"""1:1 verification on real photographs, and the quality gates."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
import skimage.data

from kiosk.biometrics.face import (
    QUALITY_MESSAGES,
    FaceLoginUnavailable,
    FaceVerifier,
    QualityIssue,
    ReferenceUnusable,
    choose_reference_photo,
)
from kiosk.config import FaceConfig
from kiosk.identity.document import CardType, IdentityDocument, Photo
from tests.face.conftest import FACES, face_image, photo_of


@pytest.fixture(scope="module")
def refs(dlib_backend):  # type: ignore[no-untyped-def]
    v = FaceVerifier(FaceConfig(), dlib_backend)
    return {
        "obama": v.load_reference(photo_of(FACES / "card_obama2.jpg")),
        "biden": v.load_reference(photo_of(FACES / "card_biden.jpg")),
    }


@pytest.mark.parametrize(
    ("probe", "person"),
    [
        ("frame_obama.jpg", "obama"),
        ("frame_obama3.jpg", "obama"),
        ("obama3.jpg", "obama"),
        ("frame_biden.jpg", "biden"),
    ],
)
def test_same_person_is_accepted(verifier: FaceVerifier, refs, probe: str, person: str) -> None:  # type: ignore[no-untyped-def]
    v = verifier.verify(face_image(probe), refs[person])
    assert v.quality.ok, v.quality
    assert v.distance is not None and v.distance < 0.5
    assert v.accepted


@pytest.mark.parametrize(
    ("probe", "person"),
    [("frame_obama.jpg", "biden"), ("frame_obama3.jpg", "biden"), ("frame_biden.jpg", "obama")],
)
def test_different_person_is_refused(verifier: FaceVerifier, refs, probe: str, person: str) -> None:  # type: ignore[no-untyped-def]
    v = verifier.verify(face_image(probe), refs[person])
    assert v.quality.ok
    assert v.distance is not None and v.distance > 0.7
    assert not v.accepted


def test_threshold_comes_from_config(dlib_backend, refs) -> None:  # type: ignore[no-untyped-def]
    strict = FaceVerifier(FaceConfig(threshold=0.2), dlib_backend)
    v = strict.verify(face_image("frame_obama3.jpg"), refs["obama"])
    assert v.distance is not None and v.distance > 0.2
    assert not v.accepted


def _shrunk(image: np.ndarray, factor: float) -> np.ndarray:
    """The same scene seen from further away: smaller, on a grey canvas."""
    h, w = image.shape[:2]
    small = cv2.resize(image, (int(w * factor), int(h * factor)), interpolation=cv2.INTER_AREA)
    canvas = np.full_like(image, 120)
    y, x = (h - small.shape[0]) // 2, (w - small.shape[1]) // 2
    canvas[y : y + small.shape[0], x : x + small.shape[1]] = small
    return canvas


QUALITY_CASES = {
    "no face (empty wall)": (lambda: np.full((480, 640, 3), 128, np.uint8), QualityIssue.NO_FACE),
    "no face (a real photo of a cup)": (
        lambda: cv2.resize(cv2.cvtColor(skimage.data.coffee(), cv2.COLOR_RGB2BGR), (640, 480)),
        QualityIssue.NO_FACE,
    ),
    "two faces": (lambda: face_image("frame_two_faces.jpg"), QualityIssue.MULTIPLE_FACES),
    "blurred": (
        lambda: cv2.GaussianBlur(face_image("frame_obama.jpg"), (0, 0), 2.5),
        QualityIssue.BLURRED,
    ),
    "dark": (
        lambda: (face_image("frame_obama.jpg") * 0.3).astype(np.uint8),
        QualityIssue.TOO_DARK,
    ),
    "bright": (
        lambda: cv2.convertScaleAbs(face_image("frame_obama3.jpg"), alpha=1.8, beta=70),
        QualityIssue.TOO_BRIGHT,
    ),
    "too far": (lambda: _shrunk(face_image("frame_obama.jpg"), 0.5), QualityIssue.TOO_SMALL),
}


@pytest.mark.parametrize("case", list(QUALITY_CASES))
def test_quality_gates(verifier: FaceVerifier, refs, case: str) -> None:  # type: ignore[no-untyped-def]
    make, issue = QUALITY_CASES[case]
    v = verifier.verify(make(), refs["obama"])
    assert v.quality.issue == issue, v.quality
    assert v.quality.message == QUALITY_MESSAGES[issue]
    assert v.distance is None and not v.accepted  # never compared


def test_good_frame_passes_every_gate(verifier: FaceVerifier) -> None:
    a = verifier.analyze(face_image("frame_obama.jpg"))
    q = a.quality
    assert q.ok and q.faces == 1 and q.box is not None
    assert q.face_px >= verifier.config.min_face_px
    assert q.sharpness > verifier.config.min_sharpness
    assert verifier.config.min_brightness < q.brightness < verifier.config.max_brightness


# --- the reference photo -------------------------------------------------------------


def _doc(photo: Photo | None) -> IdentityDocument:
    return IdentityDocument(CardType.RESIDENT_ID, "张三", "11010119900307803X", photo=photo)


def test_undecoded_card_photo_makes_face_login_unavailable() -> None:
    wlt = Photo("wlt", bytearray(b"WLT" + bytes(1021)))
    with pytest.raises(FaceLoginUnavailable) as e:
        choose_reference_photo(_doc(wlt))
    assert "wlt" in e.value.detail
    assert "其他方式" in e.value.resident_message


def test_licence_photo_is_the_fallback() -> None:
    wlt = Photo("wlt", bytearray(1024))
    licence = photo_of(FACES / "card_obama2.jpg")
    assert choose_reference_photo(_doc(wlt), licence) is licence
    card = photo_of(FACES / "card_biden.jpg")
    assert choose_reference_photo(_doc(card), licence) is card
    with pytest.raises(FaceLoginUnavailable):
        choose_reference_photo(None, None)


def test_corrupt_reference_photo(verifier: FaceVerifier) -> None:
    data = bytearray((FACES / "card_obama2.jpg").read_bytes()[:200])
    with pytest.raises(FaceLoginUnavailable):
        verifier.load_reference(Photo("jpeg", data))


def test_reference_without_a_face(verifier: FaceVerifier) -> None:
    _ok, buf = cv2.imencode(".png", np.full((126, 102, 3), 200, np.uint8))
    with pytest.raises(ReferenceUnusable):
        verifier.load_reference(Photo("png", bytearray(buf.tobytes())))


def test_bmp_card_photo_works(verifier: FaceVerifier) -> None:
    # Decoded WLT photos come out as 102×126 BMP.
    _ok, buf = cv2.imencode(".bmp", cv2.imread(str(FACES / "card_biden.jpg")))
    ref = verifier.load_reference(Photo("bmp", bytearray(buf.tobytes())))
    assert verifier.verify(face_image("frame_biden.jpg"), ref).accepted


def test_reference_is_wiped_and_hidden(verifier: FaceVerifier) -> None:
    ref = verifier.load_reference(photo_of(FACES / "card_biden.jpg"))
    assert "encoding" not in repr(ref) and "[" not in repr(ref)
    assert not ref.wiped
    ref.wipe()
    assert ref.wiped and not np.any(ref.encoding)
