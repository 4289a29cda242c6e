"""The login screen with the simulated camera and the real face engine process (pytest-qt)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from drivers.camera import FaceCamera, FileSource
from kiosk.biometrics.face import FaceBox, ProcessBackend
from kiosk.biometrics.liveness import FaceLandmarks
from kiosk.config import FaceConfig, load_config
from kiosk.identity.document import CardType, IdentityDocument, Photo
from kiosk.ui.face_login import FaceLoginAdapter, FaceLoginOutcome, OutcomeStatus
from screens.face_login import FaceLoginScreen
from tests.face.conftest import FACES, SIM_FACE, photo_of


class SharedBackend:
    """The session's engine process, not closed by each adapter."""

    def __init__(self, inner: ProcessBackend) -> None:
        self.inner = inner
        self.name = inner.name

    def detect(self, rgb: np.ndarray, upsample: int) -> list[FaceBox]:
        return self.inner.detect(rgb, upsample)

    def encode(self, rgb: np.ndarray, box: FaceBox) -> np.ndarray:
        return self.inner.encode(rgb, box)

    def landmarks(self, rgb: np.ndarray, box: FaceBox) -> FaceLandmarks:
        return self.inner.landmarks(rgb, box)

    def close(self) -> None:
        pass


def _doc(photo: Photo | None) -> IdentityDocument:
    return IdentityDocument(CardType.RESIDENT_ID, "张三", "11010119900307803X", photo=photo)


@pytest.fixture
def face_config() -> FaceConfig:
    return load_config().face


@pytest.fixture
def sim_camera() -> Iterator[FaceCamera]:
    settings = load_config().devices.face_camera
    cam = FaceCamera(FileSource(SIM_FACE, fps=settings.fps, size=(640, 480)))
    cam.open()
    yield cam
    cam.close()


def _screen(qtbot: Any, camera: Any, config: FaceConfig, backend: ProcessBackend):  # type: ignore[no-untyped-def]
    adapter = FaceLoginAdapter(camera, config, backend_factory=lambda _c: SharedBackend(backend))
    screen = FaceLoginScreen(adapter)
    qtbot.addWidget(screen)
    screen.show()
    return adapter, screen


def test_resident_matching_the_card_photo_logs_in(
    qtbot: Any, sim_camera: FaceCamera, face_config: FaceConfig, process_backend: ProcessBackend
) -> None:
    adapter, screen = _screen(qtbot, sim_camera, face_config, process_backend)
    spoken: list[str] = []
    adapter.speak.connect(spoken.append)
    instructions: list[str] = []
    adapter.add_update_listener(lambda u: instructions.append(u.instruction))
    doc = _doc(photo_of(SIM_FACE / "card_photo.jpg"))
    try:
        with qtbot.waitSignal(screen.succeeded, timeout=25_000) as blocker:
            screen.begin(doc)
        outcome: FaceLoginOutcome = blocker.args[0]
        assert outcome.status == OutcomeStatus.SUCCEEDED
        assert outcome.document is doc
        assert outcome.distance is not None and outcome.distance < face_config.threshold
        assert "请眨眨眼" in spoken and "请正对摄像头" in spoken
        assert "请眨眨眼" in instructions
        # The preview ran faster than the detection: frames were dropped, not queued.
        assert adapter.frames_previewed > adapter.frames_processed > 3
        assert adapter.frames_dropped > 0
        assert screen.progress.value() == 100
        assert screen.preview.pixmap().isNull()  # no picture of the resident left
        assert not adapter.running
    finally:
        adapter.shutdown()


def test_someone_else_is_refused_after_three_attempts(
    qtbot: Any, sim_camera: FaceCamera, face_config: FaceConfig, process_backend: ProcessBackend
) -> None:
    adapter, screen = _screen(qtbot, sim_camera, face_config, process_backend)
    try:
        with qtbot.waitSignal(screen.failed, timeout=30_000) as blocker:
            screen.begin(_doc(photo_of(FACES / "card_biden.jpg")))
        outcome: FaceLoginOutcome = blocker.args[0]
        assert outcome.status == OutcomeStatus.FAILED
        assert outcome.document is None
        assert outcome.attempts_used == face_config.max_attempts
        assert "人脸与证件照片不一致" in outcome.message
        assert "最多尝试次数" in screen.instruction.text()
        assert screen.result.isVisible()
    finally:
        adapter.shutdown()


def test_undecodable_card_photo_says_face_login_is_unavailable(
    qtbot: Any, sim_camera: FaceCamera, face_config: FaceConfig, process_backend: ProcessBackend
) -> None:
    adapter, screen = _screen(qtbot, sim_camera, face_config, process_backend)
    try:
        with qtbot.waitSignal(screen.failed, timeout=2_000) as blocker:
            screen.begin(_doc(Photo("wlt", bytearray(1024))))
        outcome: FaceLoginOutcome = blocker.args[0]
        assert outcome.status == OutcomeStatus.UNAVAILABLE
        assert "其他方式" in screen.instruction.text()
        assert screen.other_btn.isVisible()
    finally:
        adapter.shutdown()


def test_cancel_button(
    qtbot: Any, sim_camera: FaceCamera, face_config: FaceConfig, process_backend: ProcessBackend
) -> None:
    from PySide6.QtCore import Qt

    adapter, screen = _screen(qtbot, sim_camera, face_config, process_backend)
    try:
        screen.begin(_doc(photo_of(SIM_FACE / "card_photo.jpg")))
        qtbot.waitUntil(lambda: adapter.frames_previewed > 3, timeout=5_000)
        assert not screen.preview.pixmap().isNull()  # the live preview is shown
        with qtbot.waitSignal(screen.cancelled, timeout=2_000):
            qtbot.mouseClick(screen.cancel_btn, Qt.MouseButton.LeftButton)
        assert not adapter.running
    finally:
        adapter.shutdown()


def test_camera_gone_ends_the_login(
    qtbot: Any, tmp_path: Path, face_config: FaceConfig, process_backend: ProcessBackend
) -> None:
    cam = FaceCamera(FileSource(tmp_path / "no-camera"), reconnect_initial_s=0.1)
    cam.open()
    adapter, screen = _screen(qtbot, cam, face_config, process_backend)
    try:
        with qtbot.waitSignal(screen.failed, timeout=8_000) as blocker:
            screen.begin(_doc(photo_of(SIM_FACE / "card_photo.jpg")))
        assert "摄像头" in blocker.args[0].message
    finally:
        adapter.shutdown()
        cam.close()
