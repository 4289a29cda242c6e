"""Device tests by hand on the technician screen, against the simulators."""

from pathlib import Path

from kiosk.session.machine import SessionState
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import demo_ui


def test_card_and_camera_tests_on_the_technician_screen(qapp, tmp_path: Path) -> None:
    with demo_ui(tmp_path / "shots") as wt:
        window = wt.ui.window
        window.pin_pad.open()
        window.pin_pad.entry.setText("246810")
        window.pin_pad._submit()
        steps.expect(wt, SessionState.ADMIN)
        screen = window.screens[SessionState.ADMIN]
        # A card placed now is a device test: shown masked, never a login.
        steps.idcard(wt).place_card(steps.LOCAL_RESIDENT)
        tile = screen.tiles["idcard"]
        assert wt.wait_for(lambda: "读卡成功" in tile.test_result.text(), 10)
        assert "陈**" in tile.test_result.text()
        assert "350102********0029" in tile.test_result.text()
        assert "陈美玲" not in tile.test_result.text()
        assert wt.terminal.session.state == SessionState.ADMIN
        assert wt.terminal.session.data.identity is None
        # The face camera test boxes the face the simulated camera shows.
        face = screen.tiles["face_camera"]
        face.test_btn.click()
        assert wt.wait_for(lambda: "检测到人脸" in face.test_result.text(), 30)
        assert face.test_result.text().startswith("✓")
        assert face.picture.pixmap() is not None and not face.picture.pixmap().isNull()
        steps.idcard(wt).remove_card()
        wt.ui.ctl.leave_admin()
