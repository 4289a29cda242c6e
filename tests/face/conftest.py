"""Fixtures of the face login tests: real photographs, the real dlib backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.biometrics.face import DlibBackend, FaceModelsUnavailable, FaceVerifier, ProcessBackend
from kiosk.config import PROJECT_ROOT, FaceConfig
from kiosk.identity.document import Photo

FACES = PROJECT_ROOT / "tests" / "data" / "faces"
SIM_FACE = PROJECT_ROOT / "config" / "sim" / "face"


def face_image(name: str) -> np.ndarray:
    """A BGR test image from tests/data/faces."""
    image = cv2.imread(str(FACES / name), cv2.IMREAD_COLOR)
    assert image is not None, f"missing test image {name}"
    return image


def photo_of(path: Path, fmt: str = "jpeg") -> Photo:
    return Photo(fmt, bytearray(path.read_bytes()))


@pytest.fixture(scope="session")
def dlib_backend() -> DlibBackend:
    """The real dlib backend (HOG, 5-point model, ResNet encoder), in this process.

    Fails (never skips) when the models cannot be found: a face login test that
    does not run must not look green.
    """
    try:
        return DlibBackend("small")
    except FaceModelsUnavailable as e:
        pytest.fail(f"the face models cannot be loaded: {e.detail}")


@pytest.fixture(scope="session")
def process_backend() -> Iterator[ProcessBackend]:
    """The same backend in a child process (as the terminal runs it), shared by the session."""
    try:
        backend = ProcessBackend("dlib", "small")
    except FaceModelsUnavailable as e:
        pytest.fail(f"face engine process cannot load its models: {e.detail}")
    yield backend
    backend.close()


@pytest.fixture
def config() -> FaceConfig:
    return FaceConfig()


@pytest.fixture
def verifier(config: FaceConfig, dlib_backend: DlibBackend) -> FaceVerifier:
    return FaceVerifier(config, dlib_backend)
