"""The document camera device over the generic capture thread: sim source, stills, health."""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.base import DeviceStatus
from drivers.camera import CameraLost, OpenCvSource
from drivers.document_camera import DocumentCamera, simulated_document_camera
from kiosk.config import load_config
from kiosk.devices.manager import DeviceManager
from kiosk.materials.scanning import scan_page


def _wait_ok(cam: DocumentCamera, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while cam.status().status != DeviceStatus.OK and time.monotonic() < deadline:
        time.sleep(0.02)


def test_sim_camera_delivers_fresh_stills_that_scan(sim_documents: Path) -> None:
    cam = simulated_document_camera(sim_documents, fps=30)
    cam.open()
    try:
        _wait_ok(cam)
        assert cam.status().status == DeviceStatus.OK
        requested = time.monotonic()
        frame = cam.capture_still(timeout=3.0)
        assert frame.timestamp >= requested  # never a frame from before the request
        assert (frame.width, frame.height) == (960, 720)
        later = cam.capture_still()
        assert later.seq > frame.seq
        while later.seq <= 3:  # the sequence opens with three frames of the empty plate
            later = cam.capture_still()
        result = scan_page(later.image)
        assert result.page_found
        test = cam.self_test()
        assert test.passed and test.facts["resolution"] == "960x720"
        assert cam.negotiated_mode() is None  # a file source negotiates nothing
    finally:
        cam.close()


def test_missing_sim_directory_is_absent_not_a_crash(tmp_path: Path) -> None:
    cam = simulated_document_camera(tmp_path / "nowhere", fps=30)
    cam.open()
    try:
        deadline = time.monotonic() + 3
        while cam.status().status not in (DeviceStatus.ABSENT,) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert cam.status().status == DeviceStatus.ABSENT
        with pytest.raises(CameraLost):
            cam.capture_still(timeout=0.3)
    finally:
        cam.close()


def test_smaller_negotiated_mode_is_reported_degraded(tmp_path: Path) -> None:
    """A real VideoCapture that delivers 640x480 when 3264x2448 was configured."""
    video = tmp_path / "plate.avi"
    writer = cv2.VideoWriter(str(video), cv2.VideoWriter.fourcc(*"MJPG"), 15, (640, 480))
    assert writer.isOpened()
    for i in range(30):
        writer.write(np.full((480, 640, 3), 100 + i, np.uint8))
    writer.release()
    source = OpenCvSource(str(video), 3264, 2448, fps=15, fourcc="MJPG")
    cam = DocumentCamera(source, expected_size=(3264, 2448))
    cam.open()
    try:
        deadline = time.monotonic() + 3
        while cam.status().status == DeviceStatus.DEGRADED and cam.latest() is None:
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        cam.capture_still()
        health = cam.status()
        assert health.status == DeviceStatus.DEGRADED
        assert "640x480" in health.detail and "MJPG" in health.detail
        assert cam.negotiated_mode() == ((640, 480), source.actual_fourcc)
    finally:
        cam.close()


def test_factories_build_both_devices_from_config() -> None:
    cfg = load_config()
    pad = cfg.devices.signature_pad.model_copy(update={"driver": "sim"})
    cfg = cfg.model_copy(update={"devices": cfg.devices.model_copy(update={"signature_pad": pad})})
    manager = DeviceManager(cfg)
    manager.build(only=["document_camera", "signature_pad"])
    try:
        assert type(manager.get("document_camera")).__name__ == "DocumentCamera"
        assert type(manager.get("signature_pad")).__name__ == "SerialSignaturePad"
        for slot in manager.slots.values():
            slot.step()
        cam = manager.get("document_camera")
        assert isinstance(cam, DocumentCamera)
        frame = cam.capture_still(timeout=5.0)
        assert frame.width > 0
        assert manager.self_test("signature_pad").passed
        assert manager.extras["signature_pad_emulator"].commands[:2] == ["INFO", "START"]
    finally:
        manager.stop()
        manager.extras["signature_pad_emulator"].close()
