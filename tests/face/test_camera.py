"""The camera driver: file/sequence source, latest-frame-wins capture, reconnect, health."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from drivers.base import DeviceError, DeviceStatus
from drivers.camera import (
    CameraLost,
    CameraTimeout,
    CaptureThread,
    FaceCamera,
    FileSource,
    OpenCvSource,
    fourcc_code,
    parse_device,
    read_sequence,
)
from kiosk.config import load_config
from kiosk.devices.manager import DeviceManager
from tests.camera_sources import Unpluggable


def _solid(path: Path, value: int, size: tuple[int, int] = (64, 48)) -> None:
    cv2.imwrite(str(path), np.full((size[1], size[0], 3), value, np.uint8))


@pytest.fixture
def seq_dir(tmp_path: Path) -> Path:
    d = tmp_path / "seq"
    d.mkdir()
    for name, value in (("a.png", 10), ("b.png", 100), ("c.png", 200)):
        _solid(d / name, value)
    return d


def _level(image: np.ndarray) -> int:
    return int(image[0, 0, 0])


def test_sequence_without_listing_plays_sorted_images(seq_dir: Path) -> None:
    src = FileSource(seq_dir, fps=0, loop=True)
    src.open()
    levels = [_level(src.read()) for _ in range(4)]
    src.release()
    assert levels == [10, 100, 200, 10]


def test_sequence_listing_sets_order_and_repeats(seq_dir: Path) -> None:
    (seq_dir / "sequence.txt").write_text("# comment\nc.png 2\na.png\n\nb.png 1  # trailing\n")
    assert [(i.path.name, i.frames) for i in read_sequence(seq_dir)] == [
        ("c.png", 2),
        ("a.png", 1),
        ("b.png", 1),
    ]
    src = FileSource(seq_dir, fps=0, loop=False, size=(32, 24))
    src.open()
    frames = [src.read() for _ in range(4)]
    assert [_level(f) for f in frames] == [200, 200, 10, 100]
    assert frames[0].shape == (24, 32, 3)  # resized like a camera at its configured size
    with pytest.raises(CameraLost):
        src.read()  # loop=False: the end is like an unplugged camera


def test_a_damaged_still_fails_open_not_a_later_frame(seq_dir: Path) -> None:
    # The stills are kept encoded and decoded when shown; a broken file must still
    # be found when the camera opens, as when every still was decoded up front.
    (seq_dir / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    src = FileSource(seq_dir, fps=0)
    with pytest.raises(DeviceError, match=r"b\.png"):
        src.open()


def test_a_consumer_drawing_on_a_frame_leaves_the_still_intact(seq_dir: Path) -> None:
    (seq_dir / "sequence.txt").write_text("a.png 3\nb.png\n")
    src = FileSource(seq_dir, fps=0, loop=True)
    src.open()
    first = src.read()
    first[:] = 255  # a consumer wipes or draws on its frame
    assert [_level(src.read()) for _ in range(4)] == [10, 10, 100, 10]
    src.release()


def test_bad_sequence_listing_is_a_clear_error(seq_dir: Path) -> None:
    (seq_dir / "sequence.txt").write_text("a.png many\n")
    with pytest.raises(DeviceError, match=r"sequence\.txt:1"):
        FileSource(seq_dir).open()
    (seq_dir / "sequence.txt").write_text("missing.png\n")
    with pytest.raises(DeviceError, match=r"missing\.png"):
        FileSource(seq_dir).open()


def test_video_file_source_loops(tmp_path: Path) -> None:
    path = tmp_path / "clip.avi"
    writer = cv2.VideoWriter(str(path), fourcc_code("MJPG"), 10, (64, 48))
    assert writer.isOpened()
    for v in (0, 80, 160, 240):
        writer.write(np.full((48, 64, 3), v, np.uint8))
    writer.release()
    src = FileSource(path, fps=0)
    src.open()
    levels = [_level(src.read()) for _ in range(6)]
    src.release()
    # MJPG is lossy: compare coarsely.
    assert [round(v / 80) for v in levels] == [0, 1, 2, 3, 0, 1]


def test_latest_frame_wins_for_a_slow_consumer(seq_dir: Path) -> None:
    cap = CaptureThread(FileSource(seq_dir, fps=200), name="test")
    cap.start()
    try:
        first = cap.wait_frame(0, timeout=2)
        time.sleep(0.2)  # a slow consumer: ~40 frames arrive meanwhile
        newest = cap.wait_frame(first.seq, timeout=2)
        assert newest.seq - first.seq > 10  # it gets the newest, not the next one
        assert cap.latest() is not None and cap.latest().seq >= newest.seq
        with pytest.raises(CameraTimeout):
            cap.wait_frame(10**9, timeout=0.05)
    finally:
        cap.stop()
    assert cap.latest() is None  # nothing of the resident is kept after stop


def test_reconnects_when_the_source_ends(seq_dir: Path) -> None:
    cap = CaptureThread(FileSource(seq_dir, fps=100, loop=False), reconnect_initial_s=0.05)
    cap.start()
    try:
        deadline = time.monotonic() + 3
        while cap.stats().reconnects < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        s = cap.stats()
        assert s.reconnects >= 2
        assert s.frames >= 6  # frames kept coming after each reconnect
    finally:
        cap.stop()


def test_unplugged_camera_goes_absent_and_comes_back(tmp_path: Path, seq_dir: Path) -> None:
    live = tmp_path / "live"
    shutil.copytree(seq_dir, live)
    cam = FaceCamera(
        FileSource(live, fps=50, loop=False),
        stale_after_s=0.5,
        reconnect_initial_s=0.05,
        reconnect_max_s=0.1,
    )
    cam.open()
    try:
        cam.wait_frame(0, timeout=2)
        shutil.rmtree(live)  # "unplug"
        deadline = time.monotonic() + 3
        # The sequence ends (loop=False), then reopening finds nothing.
        while "not found" not in cam.status().detail and time.monotonic() < deadline:
            time.sleep(0.02)
        health = cam.status()
        assert health.status == DeviceStatus.ABSENT, health
        assert "not found" in health.detail
        with pytest.raises(CameraLost):
            cam.wait_frame(cam.capture.stats().frames, timeout=0.2)
        shutil.copytree(seq_dir, live)  # "plug back in"
        frame = cam.wait_frame(0, timeout=3)
        assert frame is not None
        time.sleep(0.05)
        assert cam.status().status == DeviceStatus.OK
    finally:
        cam.close()


def test_missing_v4l_device_is_absent() -> None:
    src = OpenCvSource("/dev/video-kiosk-test-missing", 640, 480, 30, "MJPG")
    with pytest.raises(CameraLost) as e:
        src.open()
    assert e.value.status == DeviceStatus.ABSENT
    assert parse_device("0") == 0
    assert parse_device("/dev/video2") == "/dev/video2"
    with pytest.raises(ValueError):
        fourcc_code("MJPEG")


def test_sim_face_camera_from_default_config() -> None:
    manager = DeviceManager(load_config())
    manager.build(only=["face_camera"])
    cam = manager.get("face_camera")
    assert isinstance(cam, FaceCamera)
    result = cam.self_test()
    assert result.passed, result.detail
    assert result.facts["resolution"] == "640x480"
    assert float(result.facts["fps"]) > 20


def _until(predicate: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_idle_camera_stops_reading_drops_its_frame_and_wakes_on_demand(seq_dir: Path) -> None:
    cap = CaptureThread(FileSource(seq_dir, fps=200), idle_after_s=0.2, probe_every_s=60)
    cap.start()
    try:
        cap.wait_frame(0, timeout=2)
        # stats() is not a consumer's ask: nobody wants frames now.
        assert _until(lambda: cap.stats().idle)
        idle = cap.stats()
        assert idle.last_frame_age_s is None  # the frame (maybe a resident's face) is gone
        time.sleep(0.3)
        assert cap.stats().frames == idle.frames  # nothing read while idle
        frame = cap.wait_frame(idle.frames, timeout=2)  # a screen asks: it streams again
        assert frame.seq > idle.frames
        assert not cap.stats().idle
    finally:
        cap.stop()


def test_an_idle_camera_pulled_out_is_noticed_by_its_probe(seq_dir: Path) -> None:
    source = Unpluggable(seq_dir, fps=50)
    cam = FaceCamera(
        source,
        stale_after_s=0.5,
        reconnect_initial_s=0.05,
        reconnect_max_s=0.1,
        idle_after_s=0.1,
        probe_every_s=0.2,
    )
    cam.open()
    try:
        cam.wait_frame(0, timeout=2)
        assert _until(lambda: "idle" in cam.status().detail)
        health = cam.status()
        assert health.status == DeviceStatus.OK, health  # idle on purpose is not stale
        source.unplugged = True
        assert _until(lambda: cam.status().status == DeviceStatus.ABSENT), cam.status()
        source.unplugged = False
        assert cam.wait_frame(0, timeout=3) is not None  # plugged back: a screen gets frames
    finally:
        cam.close()
