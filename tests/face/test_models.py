"""The backend loads only the models it uses, and a broken installation fails loudly."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.biometrics.face import (
    MODEL_FILES,
    DlibBackend,
    FaceModelsUnavailable,
    FaceVerifier,
    models_dir,
)
from kiosk.config import PROJECT_ROOT, FaceConfig
from tests.face.conftest import FACES, face_image, photo_of

FIVE_POINT = "shape_predictor_5_face_landmarks.dat"
ENCODER = "dlib_face_recognition_resnet_model_v1.dat"


def _folder_with(tmp_path: Path, *names: str) -> Path:
    for name in names:
        (tmp_path / name).symlink_to(models_dir() / name)
    return tmp_path


def test_default_backend_works_with_only_the_5_point_model_and_the_encoder(
    tmp_path: Path,
) -> None:
    # No 68-point model, no CNN detector in the folder: detection, encoding and the
    # liveness landmarks all work, so neither can be loaded.
    backend = DlibBackend("small", _folder_with(tmp_path, FIVE_POINT, ENCODER))
    assert backend.load_ms == {}  # nothing loaded before it is needed
    v = FaceVerifier(FaceConfig(), backend)
    ref = v.load_reference(photo_of(FACES / "card_obama2.jpg"))
    analysis = v.analyze(face_image("frame_obama.jpg"))
    assert v.compare(analysis, ref).accepted
    assert v.landmarks(analysis) is not None
    assert set(backend.load_ms) == {"detector", FIVE_POINT, ENCODER}


def test_detection_alone_loads_no_model_file(tmp_path: Path) -> None:
    backend = DlibBackend("small", _folder_with(tmp_path, FIVE_POINT, ENCODER))
    assert len(backend.detect(face_image("frame_obama.jpg")[..., ::-1].copy(), 0)) == 1
    assert set(backend.load_ms) == {"detector"}


def test_missing_model_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FaceModelsUnavailable, match=FIVE_POINT):
        DlibBackend("small", tmp_path)
    # The 68-point alignment ("large") is opt-in and needs its own file.
    with pytest.raises(FaceModelsUnavailable, match="shape_predictor_68"):
        DlibBackend("large", _folder_with(tmp_path, FIVE_POINT, ENCODER))
    assert "shape_predictor_68_face_landmarks.dat" not in MODEL_FILES["small"]


def test_truncated_model_file_raises(tmp_path: Path) -> None:
    (tmp_path / FIVE_POINT).write_bytes(b"not a model")
    (tmp_path / ENCODER).symlink_to(models_dir() / ENCODER)
    with pytest.raises(FaceModelsUnavailable, match="missing or truncated"):
        DlibBackend("small", tmp_path)


def test_neither_face_recognition_nor_pkg_resources_is_needed() -> None:
    # face_recognition_models' __init__ imports pkg_resources (gone in setuptools 82),
    # and face_recognition quits the interpreter when that fails. The backend uses
    # neither module: with pkg_resources made unimportable it still works.
    code = textwrap.dedent(
        """
        import sys
        sys.modules["pkg_resources"] = None  # makes "import pkg_resources" fail
        import numpy as np
        from kiosk.biometrics.face import DlibBackend
        b = DlibBackend()
        faces = b.detect(np.zeros((100, 100, 3), np.uint8), 0)
        print("WORKS", len(faces), "face_recognition" in sys.modules)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WORKS 0 False" in proc.stdout
