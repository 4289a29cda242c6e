"""Factories of the QR scanner (kind ``qr_scanner``): drivers ``serial``, ``sim``, ``keyboard``.

* ``serial`` — the pyserial driver on the configured port (RS-232 or USB-COM).
* ``sim`` — the pty emulator plus the *real* serial driver talking to it; the
  emulator's control object is left in ``ctx.extras["qr_emulator"]`` for the demo
  panel and tests (``scan(text)``, ``unplug()``, ``replug()``).
* ``keyboard`` — a keyboard-wedge scanner; the device is left in
  ``ctx.extras["qr_keyboard"]`` so that the UI can install
  :class:`kiosk.ui.keyboard_wedge.KeyboardWedgeFilter` with ``sink=device.deliver``.
"""

from __future__ import annotations

from drivers.qr_scanner import (
    KeyboardWedgeScanner,
    SerialQrScanner,
    SerialScannerSettings,
    Terminator,
)
from drivers.qr_scanner_emulator import QrScannerEmulator
from kiosk.config import QrScannerConfig
from kiosk.devices.manager import DeviceContext


def serial_settings(cfg: QrScannerConfig, port: str | None = None) -> SerialScannerSettings:
    """The serial driver's settings from the configuration."""
    return SerialScannerSettings(
        port=port or cfg.port,
        baud=cfg.baud,
        terminator=Terminator(cfg.terminator),
        encoding=cfg.encoding,
        fallback_encoding="gb18030" if cfg.encoding == "utf-8" else "utf-8",
        max_code_length=cfg.max_code_length,
        partial_timeout_s=cfg.partial_timeout_ms / 1000.0,
        reconnect_interval_s=cfg.reconnect_interval_s,
        duplicate_window_s=cfg.duplicate_window_s,
    )


def serial(ctx: DeviceContext) -> SerialQrScanner:
    return SerialQrScanner(serial_settings(ctx.settings), name=ctx.name)


def sim(ctx: DeviceContext) -> SerialQrScanner:
    emulator = ctx.extras.get("qr_emulator")
    if emulator is None:
        emulator = QrScannerEmulator()
        emulator.start()
        ctx.extras["qr_emulator"] = emulator
    return SerialQrScanner(serial_settings(ctx.settings, port=emulator.port), name=ctx.name)


def keyboard(ctx: DeviceContext) -> KeyboardWedgeScanner:
    device = KeyboardWedgeScanner(name=ctx.name)
    ctx.extras["qr_keyboard"] = device
    return device
