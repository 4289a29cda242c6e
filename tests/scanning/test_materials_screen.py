"""The materials screen with the real scan worker thread and a simulated document camera."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from drivers.document_camera import DocumentCamera, simulated_document_camera
from kiosk.session.machine import Attachment
from kiosk.ui.scanning import ScanAdapter
from screens.materials import MaterialsScreen, Mode, RequiredMaterial


class NoFrames:
    """A camera that delivers nothing (unplugged)."""

    def latest(self) -> None:
        return None


@pytest.fixture
def camera(sim_documents: Path) -> Iterator[DocumentCamera]:
    cam = simulated_document_camera(sim_documents, fps=25)
    cam.open()
    yield cam
    cam.close()


@pytest.fixture
def screen(qtbot, camera: DocumentCamera) -> Iterator[MaterialsScreen]:  # type: ignore[no-untyped-def]
    adapter = ScanAdapter(camera, still_time_s=0.3, preview_fps=15, preview_width=480)
    materials = [
        RequiredMaterial("居民身份证", pages=2),
        RequiredMaterial("户口簿", required=False),
    ]
    scr = MaterialsScreen(materials, adapter)
    qtbot.addWidget(scr)
    scr.resize(1280, 800)
    scr.show()
    yield scr
    scr.wipe()
    adapter.shutdown()


def test_auto_capture_review_accept_and_pdf(qtbot, screen: MaterialsScreen, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    screen.start()
    # The preview shows the outline once the page is on the plate.
    qtbot.waitUntil(lambda: screen.preview.corners is not None, timeout=5000)
    assert screen.preview.image is not None and screen.preview.image.width() == 480
    # Still page → captured automatically → review with no warning.
    qtbot.waitUntil(lambda: screen.mode == Mode.REVIEW, timeout=5000)
    assert screen.pending is not None and screen.pending.result.page_found
    assert not screen.review_warning.isVisible()
    assert not screen.done_button.isEnabled()  # nothing accepted yet
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    assert len(screen.items[0].pages) == 1
    # Manual capture of a second page, then retake, then accept.
    qtbot.mouseClick(screen.capture_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.mode == Mode.REVIEW, timeout=5000)
    qtbot.mouseClick(screen.retake_button, Qt.MouseButton.LeftButton)
    assert screen.mode == Mode.LIVE and len(screen.items[0].pages) == 1
    qtbot.waitUntil(lambda: screen.mode == Mode.REVIEW, timeout=5000)  # re-armed auto-capture
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    assert len(screen.items[0].pages) == 2 and screen.items[0].done
    assert screen.current == 1  # moved on to the next material still missing
    assert "✔" in screen.material_list.item(0).text()
    # Delete a page of the first material and take it again.
    screen.material_list.setCurrentRow(0)
    screen.page_list.setCurrentRow(1)
    qtbot.mouseClick(screen.delete_button, Qt.MouseButton.LeftButton)
    assert len(screen.items[0].pages) == 1 and len(screen.items[0].thumbs) == 1
    assert screen.done_button.isEnabled()  # the required material has a page
    with qtbot.waitSignal(screen.completed, timeout=5000) as blocker:
        qtbot.mouseClick(screen.done_button, Qt.MouseButton.LeftButton)
    attachments: list[Attachment] = blocker.args[0]
    assert [a.label for a in attachments] == ["居民身份证"]  # the optional one has no pages
    pdf = attachments[0]
    assert pdf.kind == "pdf" and pdf.content_type == "application/pdf"
    assert bytes(pdf.data[:4]) == b"%PDF"
    path = tmp_path / "m.pdf"
    path.write_bytes(bytes(pdf.data))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1", info)
    assert "1 页" in screen.message.text()


def test_missing_required_material_blocks_done(qtbot, screen: MaterialsScreen) -> None:  # type: ignore[no-untyped-def]
    got: list[object] = []
    screen.completed.connect(got.append)
    screen.finish()
    assert "居民身份证" in screen.message.text() and screen.message.property("role") == "error"
    assert got == []


def test_wipe_zeroes_pages(qtbot, screen: MaterialsScreen) -> None:  # type: ignore[no-untyped-def]
    screen.start()
    qtbot.waitUntil(lambda: screen.mode == Mode.REVIEW, timeout=5000)
    screen.accept_page()
    page = screen.items[0].pages[0]
    assert any(page)
    screen.wipe()
    assert not any(page) and screen.items[0].pages == []
    assert screen.preview.image is None and screen.pending is None


def test_camera_without_frames_is_reported(qtbot) -> None:  # type: ignore[no-untyped-def]
    adapter = ScanAdapter(NoFrames(), preview_fps=50)
    scr = MaterialsScreen([RequiredMaterial("居民身份证")], adapter)
    qtbot.addWidget(scr)
    try:
        with qtbot.waitSignal(adapter.camera_lost, timeout=4000):
            scr.start()
        assert "高拍仪" in scr.message.text()
        with qtbot.waitSignal(adapter.failed, timeout=2000):
            scr.capture()
    finally:
        adapter.shutdown()
