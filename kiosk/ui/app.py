"""Builds and runs the Qt application around a :class:`~kiosk.app.terminal.Terminal`."""

from __future__ import annotations

# First of all: PySide6, with its import hook's check made cheap for every import below.
import kiosk.ui.qt_import_hook  # noqa: F401

# isort: split
import logging
import os
import sys
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.app.terminal import Terminal
from kiosk.app.watchdog import notify_ready, notify_stopping
from kiosk.config import KioskConfig
from kiosk.ui.controllers.assist import AssistController
from kiosk.ui.controllers.base import ShellController
from kiosk.ui.controllers.handoff import HandoffController
from kiosk.ui.controllers.identify import IdentifyController
from kiosk.ui.controllers.service import ServiceController
from kiosk.ui.controllers.technician import TechnicianController
from kiosk.ui.qr_sources import attach_qr
from kiosk.ui.stop_signals import install_stop_signals
from kiosk.ui.warm_start import WarmStart
from screens.handoff_entries import install_handoff_entries
from screens.main_window import MainWindow
from screens.registry import screen_factories
from screens.theme import apply_theme
from screens.video_help import install_video_help

log = logging.getLogger(__name__)


class NoDisplayError(RuntimeError):
    """There is no screen to draw on."""


def check_display() -> None:
    """Fail with a clear message instead of Qt's abort when there is no display."""
    # Qt's own variables decide the platform; read them only to explain a failure.
    if os.environ.get("QT_QPA_PLATFORM"):
        return
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        raise NoDisplayError(
            "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
            "Run the terminal under X11/Wayland (on a terminal: ./install.sh --system "
            "runs it under cage), or set QT_QPA_PLATFORM=offscreen for a headless run."
        )


@dataclass
class KioskUi:
    """The running UI: the shell controller, one controller per flow, the window."""

    app: QApplication
    ctl: ShellController
    identify: IdentifyController
    service: ServiceController
    technician: TechnicianController
    window: MainWindow
    assist: AssistController | None = None  # 视频帮办 (issue 22)
    handoff: HandoffController | None = None  # 取件, 存放材料, 邮寄送达 (issue 21)


def build_ui(terminal: Terminal, windowed: bool = False) -> KioskUi:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("kiosk-terminal")
    apply_theme(app, terminal.config.ui.elderly_mode)
    ctl = ShellController(terminal)
    ctl.set_language(terminal.config.ui.language)
    identify = IdentifyController(ctl)
    service = ServiceController(ctl)
    technician = TechnicianController(ctl)
    attach_qr(identify)
    handoff = HandoffController(ctl)  # locker + post (issue 21)
    window = MainWindow(ctl, screen_factories(identify, service, technician, handoff), technician)
    install_handoff_entries(window, handoff)
    assist = AssistController(ctl)
    install_video_help(window, assist)
    app.aboutToQuit.connect(assist.shutdown)
    if windowed or not terminal.config.ui.fullscreen:
        window.resize(1280, 800)
        window.show()
    else:
        window.show_on_screen()
    return KioskUi(app, ctl, identify, service, technician, window, assist, handoff)


def run(terminal: Terminal, windowed: bool = False, base_config: KioskConfig | None = None) -> int:
    check_display()
    ui = build_ui(terminal, windowed)
    panel: list[QWidget] = []
    packages: list[Any] = []

    def serving() -> None:
        from kiosk.config_packages import confirm_boot

        # The terminal is up and painted: the active configuration release is good.
        confirm_boot(base_config or terminal.config)
        notify_ready()

    def start_terminal() -> None:
        # After the first paint, heavy imports done on a thread (issue 18); the
        # configuration-package machinery (cryptography, ~140 ms) comes in here too.
        from kiosk.ui.packages import PackageIntegration

        terminal.start()
        integration = PackageIntegration(
            ui.ctl, ui.technician, base_config or terminal.config, ui.window.root
        )
        integration.start()
        packages.append(integration)
        QTimer.singleShot(2000, serving)
        if terminal.demo:
            from screens.demo_panel import DemoPanel

            demo = DemoPanel(terminal.devices.extras)
            demo.move(40, 40)
            demo.show()
            panel.append(demo)

    first_screen = ui.window.screens[next(iter(ui.window.screens))]
    _warm = WarmStart(first_screen, start_terminal)
    signals = install_stop_signals(ui.app)
    try:
        code = ui.app.exec()
    finally:
        log.info("event loop ended: stopping the UI")
        signals.during_stop()
        for w in panel:
            w.close()
        for integration in packages:
            integration.stop()
        _warm.wait_loader()  # a stop signal within the first second of the start
        ui.window.shutdown()
        notify_stopping()
        ui.ctl.shutdown()
        log.info("UI stopped: stopping the terminal")
        signals.during_stop()
        terminal.stop()  # logs "terminal stopped" once every part has stopped
        signals.uninstall()
    return int(code)
