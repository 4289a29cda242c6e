"""The technician screen: reached by long press + PIN, wipes the session, shows a fault."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton

from drivers.base import Device, DeviceStatus, Health
from kiosk.app.terminal import Terminal
from kiosk.clock import FakeClock
from kiosk.config import DEFAULT_CONFIG_PATH, HealthConfig, load_config
from kiosk.identity.document import CardType, Gender, IdentityDocument
from kiosk.ops.admin import hash_pin
from kiosk.session.machine import SessionState


class PaperOutPrinter(Device):
    kind = "receipt_printer"

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def status(self) -> Health:
        return Health(DeviceStatus.FAULT, "paper out")


class FineScanner(PaperOutPrinter):
    kind = "qr_scanner"

    def status(self) -> Health:
        return Health.ok("ok")


ENROLLED_PIN_HASH = hash_pin("135790")


@pytest.fixture
def ui(qtbot, tmp_path: Path):
    from kiosk.ui.app import build_ui

    cfg = load_config(DEFAULT_CONFIG_PATH, tmp_path)
    cfg = cfg.model_copy(
        update={
            "ui": cfg.ui.model_copy(update={"fullscreen": False, "watchdog": False}),
            "health": HealthConfig(grace_period_s=0, failures_before_fault=3),
            # Outside --demo the technician screen opens only with an enrolled PIN.
            "admin": cfg.admin.model_copy(update={"pin_hash": ENROLLED_PIN_HASH}),
        }
    )
    clock = FakeClock()
    terminal = Terminal(cfg, clock=clock)
    printer = terminal.devices.add_device("receipt_printer", PaperOutPrinter("receipt_printer"))
    scanner = terminal.devices.add_device("qr_scanner", FineScanner("qr_scanner"))
    for _ in range(3):
        printer.step()
        scanner.step()
    kui = build_ui(terminal, windowed=True)
    kui.window.ADMIN_PRESS_MS = 50
    qtbot.addWidget(kui.window)
    yield kui
    kui.ctl.shutdown()
    terminal.stop()


def test_long_press_pin_wipes_session_and_shows_fault(ui, qtbot) -> None:
    w = ui.window
    ui.identify.start()
    doc = IdentityDocument(CardType.RESIDENT_ID, "王小明", "110101199001010015", Gender.MALE)
    ui.ctl.session.identified(doc)
    # A short tap in the corner does nothing.
    qtbot.mouseClick(w.header, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.wait(100)
    assert not w.pin_pad.isVisible()
    # A long press opens the PIN pad.
    qtbot.mousePress(w.header, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    qtbot.waitUntil(w.pin_pad.isVisible, timeout=2000)
    qtbot.mouseRelease(w.header, Qt.MouseButton.LeftButton, pos=QPoint(10, 10))
    pad = w.pin_pad
    for key in "111111":
        qtbot.mouseClick(pad.findChild(QPushButton, f"pin_{key}"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pad.findChild(QPushButton, "pinOk"), Qt.MouseButton.LeftButton)
    assert "还可尝试 4 次" in pad.message.text()
    assert ui.ctl.state == SessionState.CATALOG  # still the resident's session
    pad.entry.setText("135790")  # the enrolled PIN
    pad._submit()
    assert ui.ctl.state == SessionState.ADMIN
    assert ui.ctl.session.data.identity is None and doc.name == ""  # wiped before admin
    screen = w.screens[SessionState.ADMIN]
    assert screen.tiles["receipt_printer"].status.text() == "FAULT"
    assert "paper out" in screen.tiles["receipt_printer"].detail.text()
    assert screen.tiles["qr_scanner"].status.text() == "OK"
    qtbot.mouseClick(screen.tiles["qr_scanner"].test_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: screen.tiles["qr_scanner"].test_result.text().startswith("✓"), timeout=3000
    )
    qtbot.mouseClick(screen.leave_btn, Qt.MouseButton.LeftButton)
    assert ui.ctl.state == SessionState.ATTRACT


def test_sound_test_on_the_technician_screen_reports_no_output(ui, qtbot, monkeypatch) -> None:
    # The real espeak-ng with no PulseAudio and no such ALSA card: what a terminal
    # whose speaker cable came out, or whose sound card died, looks like.
    import shutil

    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng not installed (./install.sh)")
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent/pulse")
    monkeypatch.setenv("ALSA_CARD", "kiosk_test_no_such_card")
    ui.ctl.enter_admin()
    screen = ui.window.screens[SessionState.ADMIN]
    qtbot.mouseClick(screen.audio_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "声音测试失败" in screen.bundle_note.text(), timeout=20000)
    assert "no sound output" in screen.bundle_note.text()
    assert screen.bundle_note.property("role") == "error"
    assert screen.audio_btn.isEnabled()
    ui.technician.leave_admin()
