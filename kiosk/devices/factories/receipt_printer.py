"""Factories of the receipt printer: the ESC/POS driver, and the same driver on the emulator."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from drivers.base import Device
from kiosk.devices.manager import DeviceContext

if TYPE_CHECKING:
    from printer_templates import PrinterProfile


def receipt_profile(settings: Any, config: Any | None = None) -> PrinterProfile:
    """The template profile (paper width, encoding, raster font) for these settings."""
    # Imported here: the templates pull in reportlab (~100 ms), which the device
    # table must not cost before the first paint (issue 18).
    from printer_templates import Encoding, PrinterProfile
    from printer_templates.fonts import FontSpec

    font = FontSpec()
    if config is not None:
        a4 = config.devices.document_printer
        font = FontSpec(a4.font_path, a4.font_subfont_index)
    return PrinterProfile(settings.paper_width_mm, Encoding(settings.encoding), font)


def _test_page(ctx: DeviceContext) -> bytes:
    from printer_templates import render_receipt

    profile = receipt_profile(ctx.settings, ctx.config)
    data = {"kiosk_id": ctx.config.kiosk.id, "printed_at": dt.datetime.now().isoformat()}
    return render_receipt("receipt_test_page", data, profile).data


def _driver(ctx: DeviceContext, uri: str) -> Device:
    from drivers.receipt_printer import ReceiptPrinter

    s = ctx.settings
    return ReceiptPrinter(
        uri,
        name=ctx.name,
        status_timeout_s=s.status_timeout_s,
        job_timeout_s=s.job_timeout_s,
        test_page=lambda: _test_page(ctx),
    )


def escpos(ctx: DeviceContext) -> Device:
    """The real printer at ``settings.uri`` (tcp://, serial://, usb://, file://)."""
    return _driver(ctx, ctx.settings.uri)


def sim(ctx: DeviceContext) -> Device:
    """The ESC/POS emulator on an ephemeral 127.0.0.1 port, driven by the real driver.

    The emulator is in ``ctx.extras["receipt_emulator"]`` (set its paper state,
    read the decoded receipts).
    """
    from drivers.escpos_emulator import EscPosEmulator

    s = ctx.settings
    charset = "GBK" if s.encoding == "GBK" else "GB18030"
    emulator = EscPosEmulator(paper_width_mm=s.paper_width_mm, charset=charset).start()
    ctx.extras["receipt_emulator"] = emulator
    return _driver(ctx, emulator.uri)
