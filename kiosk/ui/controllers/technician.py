"""The technician flow: PIN, device tiles and tests, platform probe, diagnostics bundle."""

from __future__ import annotations

import glob
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import SignalInstance

from drivers.base import Health, SelfTestLevel
from kiosk.ops.diagnostics import QueueHistory
from kiosk.ops.readiness import SelfTestLog
from kiosk.ui.controllers.base import Done, FlowController, ShellController

if TYPE_CHECKING:
    from kiosk.ops.admin import PinGuard
    from kiosk.ops.connector_status import ConnectorStatus

# The PIN guard (argon2), the heartbeat's queue counts (httpx), the connector
# probes and the self-tests are imported where first used, not before the first
# paint (issue 18).


class TechnicianController(FlowController):
    """Everything the diagnostics screen asks for runs here, devices on the pool."""

    def __init__(self, shell: ShellController) -> None:
        #: The last self-test of each device, for the readiness report.
        self.self_tests = SelfTestLog()
        super().__init__(shell)
        self._guard: PinGuard | None = None

    @property
    def pin_guard(self) -> PinGuard:
        """The technician PIN's guard, built when the PIN pad first asks for it."""
        if self._guard is None:
            self._guard = self._pin_guard()
        return self._guard

    def _pin_guard(self) -> PinGuard:
        from kiosk.ops.admin import PinGuard, lockout_state_path
        from kiosk.ops.enrolment import enrolled_pin_path

        # The lockout counter lives in the data dir: a restart does not clear it.
        data_dir = self.config.resolved_paths.data_dir
        return PinGuard(
            self.config.admin,
            self.terminal.audit,
            state_path=lockout_state_path(data_dir),
            demo=self.terminal.demo,
            enrolled_path=enrolled_pin_path(data_dir),  # first-boot enrolment
        )

    @property
    def admin_event(self) -> SignalInstance:
        """Device events while the technician screen is open (tests, never logins)."""
        return self.shell.admin_event

    @property
    def device_status(self) -> SignalInstance:
        return self.shell.device_status

    @property
    def queue_history(self) -> QueueHistory:
        return self.shell.queue_history

    @property
    def last_queue_depth(self) -> int | None:
        return self.shell.last_queue_depth

    def leave_admin(self) -> None:
        self.shell.leave_admin()

    def reload_config(self) -> None:
        """A configuration package was adopted: the PIN guard follows the new [admin]."""
        self._guard = self._pin_guard()

    def device_health(self) -> dict[str, Health]:
        return self.terminal.devices.health()

    def device_self_test(self, name: str, on_done: Done) -> None:
        level = SelfTestLevel.EXTERNAL if "printer" in name else SelfTestLevel.INTERNAL
        devices = self.terminal.devices
        log = self.self_tests

        def work() -> Any:
            result = devices.self_test(name, level)
            # Kept for the readiness report (the terminal's logbook page).
            log.record(name, result.passed, result.detail, datetime.now().astimezone())
            return result

        self.run_in_background(work, on_done, busy=False)

    def print_readiness(self, on_done: Done) -> None:
        """Print the readiness report (devices, last self-tests, outbox, versions)."""
        terminal, config, log = self.terminal, self.config, self.self_tests
        submitter = terminal.services.get("submitter")

        def work() -> Any:
            from kiosk.ops.diagnostics import config_version, device_reports
            from kiosk.ops.heartbeat import QueueCounts
            from kiosk.ops.readiness import build_readiness, render_readiness

            printer = terminal.devices.get("receipt_printer")
            if printer is None or not hasattr(printer, "print_job"):
                raise RuntimeError("no receipt printer")
            counts = submitter.counts() if submitter is not None else QueueCounts()
            report = build_readiness(
                config,
                device_reports(terminal.devices),
                log.snapshot(),
                counts,
                config_version(config),
                datetime.now().astimezone(),
            )
            return printer.print_job(render_readiness(report), "readiness")

        self.run_in_background(work, on_done, busy=False)

    def camera_test(self, name: str, on_done: Done) -> None:
        """A test picture from a camera; the face camera's with the faces boxed."""
        camera = self.camera(name)

        def work() -> Any:
            if camera is None:
                raise RuntimeError(f"{name} is not available")
            frame = camera.capture_still() if hasattr(camera, "capture_still") else camera.latest()
            if frame is None:
                raise RuntimeError("no frame from the camera")
            if name == "face_camera":
                from kiosk.ops.self_tests import frame_with_faces

                return frame_with_faces(frame.image)
            return frame.image, -1

        self.run_in_background(work, on_done, busy=False)

    def export_target(self) -> Path:
        """The first mounted USB directory, else ``<data>/exports``."""
        for pattern in self.config.config_packages.usb_mount_globs:
            for candidate in sorted(glob.glob(pattern)):
                p = Path(candidate)
                if p.is_dir() and p.stat().st_dev != Path("/").stat().st_dev:
                    return p
        return self.config.resolved_paths.data_dir / "exports"

    def export_diagnostics(self, on_done: Done) -> None:
        """Write the diagnostic bundle to the USB stick (or the data dir) on the pool."""
        terminal = self.terminal
        shell = self.shell

        def work() -> Path:
            from kiosk.ops.diagnostics import export_bundle

            target = self.export_target()
            extra: dict[str, Any] = {
                "queue_depth": shell.queue_depth(),
                "queue_history": list(shell.queue_history.samples),
                "problems": [asdict(p) for p in terminal.problems],
            }
            return export_bundle(target, terminal.config, terminal.devices, extra)

        self.run_in_background(work, on_done, busy=False)

    def probe_platform(self, on_done: Done) -> None:
        from kiosk.ops.diagnostics import platform_report, system_report

        config = self.config
        self.run_in_background(
            lambda: (platform_report(config), system_report(config)), on_done, busy=False
        )

    def audio_test(self, on_done: Done) -> None:
        """Speak "声音测试" through the terminal's output (synthesis, then playback)."""
        voice = self.shell.voice
        exe, lang = voice.executable, voice.language
        from kiosk.voice import audio_self_test

        self.run_in_background(lambda: audio_self_test(exe, lang), on_done, busy=False)

    def connector_statuses(self) -> list[ConnectorStatus]:
        """One row per department connector, from the sync lanes and the outbox."""
        from kiosk.ops.connector_status import connector_statuses

        return connector_statuses(self.config, self.terminal.services.get("submitter"))

    def connector_test(self, name: str, on_done: Done) -> None:
        """A test call (the item list's version) to one connector, on the pool."""
        from kiosk.ops.connector_status import probe_connector

        config = self.config
        self.run_in_background(lambda: probe_connector(config, name), on_done, busy=False)
