"""Waybill slip (寄件面单) on the receipt printer: Code128 of the waybill number and a QR.

Data in, ESC/POS bytes out. The Code128 symbol is computed by ``python-barcode``
(its module pattern, start/stop and check character) and printed as a ``GS v 0``
raster, so any ESC/POS printer draws the same bars whatever barcode fonts it has.
The recipient's name and phone are printed masked; the address is printed in full
(the courier needs it and the slip goes on the envelope).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from printer_templates.escpos import (
    GS,
    Align,
    Cut,
    Element,
    Feed,
    Pair,
    PrinterProfile,
    QrCode,
    Rule,
    Text,
    render,
)
from printer_templates.receipts import mask_name, mask_phone

BAR_HEIGHT_DOTS = 80
QUIET_MODULES = 10  # Code128 quiet zone: at least 10 modules each side


@dataclass(frozen=True)
class WaybillSlip:
    """寄件面单: what the courier and the resident need on one slip."""

    waybill_no: Annotated[str, "运单号 (Code128)"]
    kind: Annotated[str, "delivery (邮寄送达) or pickup (上门取件)"]
    case_ref: Annotated[str, "受理编号"]
    recipient_name: Annotated[str, "收件人 (printed masked)"]
    recipient_phone: Annotated[str, "收件人电话 (printed masked)"]
    address: Annotated[str, "地址 (printed in full)"]
    created_at: Annotated[dt.datetime, "下单时间"]
    track_url: Annotated[str, "寄递进度查询 (QR)"]
    courier: Annotated[str, "寄递公司"] = "EMS"
    kiosk_id: Annotated[str, "终端编号"] = ""


def code128_pattern(text: str) -> str:
    """The bars of ``text`` as "1"/"0" modules (start, data, check, stop), by python-barcode."""
    import barcode  # at the first waybill, not at the terminal's start (it brings PIL)

    return str(barcode.get("code128", text).build()[0])


def code128_raster(text: str, profile: PrinterProfile, height: int = BAR_HEIGHT_DOTS) -> bytes:
    """A centred ``GS v 0`` raster of the Code128 symbol, modules as wide as the paper allows."""
    pattern = "0" * QUIET_MODULES + code128_pattern(text) + "0" * QUIET_MODULES
    width = profile.dots
    module = max(1, width // len(pattern))
    if module < 2:
        raise ValueError(f"waybill number too long for a {width}-dot line: {text!r}")
    offset = (width - module * len(pattern)) // 2
    row = bytearray(width // 8)
    for i, bit in enumerate(pattern):
        if bit != "1":
            continue
        for x in range(offset + i * module, offset + (i + 1) * module):
            row[x // 8] |= 0x80 >> (x % 8)
    xb = width // 8
    header = GS + b"v0\x00" + bytes([xb & 0xFF, xb >> 8, height & 0xFF, height >> 8])
    return header + bytes(row) * height


def waybill_elements(d: WaybillSlip) -> tuple[list[Element], list[Element]]:
    """The text above and below the barcode."""
    title = "邮寄送达 寄件面单" if d.kind == "delivery" else "上门取件 寄件面单"
    above: list[Element] = [
        Text(d.courier, Align.CENTER, bold=True, double=True),
        Text(title, Align.CENTER, bold=True),
        Rule(),
    ]
    below: list[Element] = [
        Text(d.waybill_no, Align.CENTER, bold=True),
        Rule(),
        Pair("受理编号：", d.case_ref),
        Pair("收 件 人：", mask_name(d.recipient_name)),
        Pair("联系电话：", mask_phone(d.recipient_phone)),
        Pair("地    址：", d.address),
        Pair("下单时间：", d.created_at.strftime("%Y-%m-%d %H:%M")),
    ]
    if d.kiosk_id:
        below.append(Pair("终端编号：", d.kiosk_id))
    below += [
        Rule(),
        QrCode(d.track_url),
        Text("扫码查询寄递进度", Align.CENTER),
        Feed(1),
        Cut(),
    ]
    return above, below


def waybill_slip(d: WaybillSlip, profile: PrinterProfile) -> bytes:
    """ESC/POS bytes of the slip: header text, the Code128 raster, the rest."""
    above, below = waybill_elements(d)
    head = render(above, profile).data
    tail = render(below, profile).data
    # ``render`` starts each part with ESC @ (and the Chinese mode); the second
    # initialisation between the parts is harmless and keeps each part standalone.
    return head + code128_raster(d.waybill_no, profile) + b"\n" + tail
