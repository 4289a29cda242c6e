"""Start the terminal's devices after the first paint, heavy imports off the UI thread.

Building the devices imports the printer templates (reportlab), OpenCV and numpy,
img2pdf and pikepdf: 300-600 ms on a low-power terminal, which used to come before
the first paint. Now the window paints first; then a background thread imports
those modules (the UI thread keeps running: imports of pure-Python code give the
GIL back every few milliseconds); then, back on the UI thread, ``then()`` builds and
starts the devices, with the imports already done.
"""

from __future__ import annotations

import importlib
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from kiosk.app import start_gc

log = logging.getLogger(__name__)

#: What device building and the first session would otherwise import on the UI thread.
HEAVY_MODULES: tuple[str, ...] = (
    "numpy",
    "cv2",
    "img2pdf",
    "printer_templates",
    "printer_templates.certificates",
    "kiosk.devices.factories.document_printer",
    "kiosk.devices.factories.receipt_printer",
    "kiosk.devices.factories.face_camera",
    "kiosk.devices.factories.document_camera",
    "httpcore",
    "kiosk.config_packages",
    "kiosk.ui.packages",
    # Imported where first used since issue 18 (not before the first paint), so the
    # first session does not import them on the UI thread.
    "PIL.Image",
    "PIL.ImageDraw",
    "pymodbus.client",
    "qrcode",
    # Imported at first use by the controllers and the QR wiring (issue 18: not
    # before the first paint); here so the first card or scan does not wait.
    "kiosk.identity.interpret",
    "kiosk.handoff.courier",
    "kiosk.handoff.locker_flows",
    "kiosk.ops.admin",
    "kiosk.ui.qr_login",
    "kiosk.identity.app_code",
    "offline_queue.receipt_client",
    "kiosk.ui.keyboard_wedge",
)


def preload(modules: Sequence[str]) -> dict[str, float]:
    """Import ``modules`` (seconds each); a module that fails is logged, not raised."""
    took: dict[str, float] = {}
    for name in modules:
        t = time.perf_counter()
        try:
            importlib.import_module(name)
        except Exception as e:  # a missing optional module must not stop the start
            log.warning("preload of %s failed: %s", name, e)
        took[name] = time.perf_counter() - t
    return took


def process_age_s() -> float | None:
    """Seconds since this process started (Linux's /proc), None where that is unknown."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime_s = float(Path("/proc/uptime").read_text().split()[0])
        # Field 22 of stat (the 20th after the name): start time in clock ticks since boot.
        return uptime_s - int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class WarmStart(QObject):
    """Runs ``then()`` on the UI thread once ``widget`` has painted and ``modules`` are imported."""

    _preloaded = Signal()

    def __init__(
        self,
        widget: QObject,
        then: Callable[[], None],
        modules: Sequence[str] = HEAVY_MODULES,
    ) -> None:
        super().__init__()
        self._then = then
        self._modules = tuple(modules)
        self._painted = False
        self._done = threading.Event()
        self._loader: threading.Thread | None = None
        self.preload_s: dict[str, float] = {}
        self._preloaded.connect(self._run_then)  # queued: emitted from the loader thread
        self._widget = widget
        widget.installEventFilter(self)

    @property
    def done(self) -> bool:
        """True once ``then()`` has run."""
        return self._done.is_set()

    def eventFilter(self, obj: QObject, ev: QEvent) -> bool:
        if ev.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            # After this paint is on screen, not inside it.
            QTimer.singleShot(0, self._start_loader)
        return False

    def wait_loader(self, timeout_s: float = 30.0) -> bool:
        """Wait until the loader thread has finished; True if it did (or never started).

        Call before tearing the terminal down: the loader deploys the pinyin
        engine's schemas into its RAM-disk folder, and removing that folder under
        librime's feet aborts the process (a boost filesystem_error, SIGABRT).
        """
        loader = self._loader
        if loader is None:
            return True
        loader.join(timeout_s)
        return not loader.is_alive()

    def _start_loader(self) -> None:
        self._widget.removeEventFilter(self)
        age = process_age_s()
        if age is not None:
            # For the technician's log: how long this terminal took to show a screen.
            log.info("first paint %.0f ms after the process started", age * 1000)
        start_gc.release()  # the start-up's objects frozen, collection on again
        self._loader = threading.Thread(target=self._load, name="warm-start", daemon=True)
        self._loader.start()

    def _load(self) -> None:
        self.preload_s = preload(self._modules)
        log.info(
            "preloaded %d modules in %.0f ms after the first paint",
            len(self.preload_s),
            sum(self.preload_s.values()) * 1000,
        )
        self._preloaded.emit()
        # The pinyin engine deploys its schemas (about 0.5 s) here, not at the first
        # key a resident presses.
        from kiosk.ui.ime import rime

        rime.engine()
        # The word list the tiles break lines by (pypinyin's 400,000 phrases: 0.6 s),
        # before the catalog first shows, not as it does.
        from screens.words import warm_up

        warm_up()
        start_gc.freeze_warmed()

    def _run_then(self) -> None:
        try:
            self._then()
        finally:
            self._done.set()
