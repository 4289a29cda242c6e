"""The waybill slip as the receipt printer gets it, decoded by the ESC/POS emulator.

The bars are read back from the raster into modules and checked against ISO/IEC
15417 (Code 128): quiet zones, the start and stop patterns written here from the
standard, the symbol length for the data, and the whole module string equal to
python-barcode's (which drew it). OpenCV 5's barcode detector, tried first, decodes
no Code 128 at all here (not even python-barcode's own PNG), so it is not used."""

from __future__ import annotations

import datetime as dt

import pytest

from drivers.escpos_emulator import decode
from printer_templates.escpos import PrinterProfile
from printer_templates.waybill import WaybillSlip, code128_pattern, waybill_slip

# ISO/IEC 15417 table 1: START B (value 104) and STOP (with its final bar).
START_B = "11010010000"
STOP = "1100011101011"

SLIP = WaybillSlip(
    waybill_no="EA100000011CN",
    kind="delivery",
    case_ref="350102-XK-0001-000123",
    recipient_name="李建国",
    recipient_phone="13800138000",
    address="福建省福州市鼓楼区鼓屏路 1 号 3 单元 502",
    created_at=dt.datetime(2026, 12, 2, 9, 30),
    track_url="https://zwfw.example.gov.cn/t/EA100000011CN",
    kiosk_id="FZ-TEST-0001",
)


@pytest.mark.parametrize("width", [80, 58])
def test_slip_has_code128_qr_and_masked_recipient(width: int) -> None:
    data = waybill_slip(SLIP, PrinterProfile(paper_width_mm=width))
    (receipt,) = decode(data, paper_width_mm=width).wait_for_receipts(1)
    text = receipt.text
    assert "EA100000011CN" in text and "350102-XK-0001-000123" in text
    assert "13800138000" not in text and "李建国" not in text  # masked on paper
    assert "鼓屏路" in text.replace("\n", "").replace(" ", "")  # the courier needs it
    assert [q.text for q in receipt.qr_codes] == [SLIP.track_url]
    bars = [r for r in receipt.rasters if r.height >= 60]
    assert len(bars) == 1
    modules = read_modules(bars[0].data, bars[0].width)
    assert modules.startswith(START_B) and modules.endswith(STOP)
    # 11-module symbols (start, data — digit pairs may share one in code set C —,
    # check) and the 13-module stop; never longer than one symbol per character.
    assert (len(modules) - 13) % 11 == 0
    assert len(modules) <= 11 * (len(SLIP.waybill_no) + 2) + 13
    assert modules == code128_pattern(SLIP.waybill_no)


def read_modules(data: bytes, width: int) -> str:
    """The first raster row as modules: runs of dots divided by the narrowest run."""
    row = data[: width // 8]
    dots = "".join("1" if row[x // 8] & (0x80 >> (x % 8)) else "0" for x in range(width))
    first, last = dots.index("1"), dots.rindex("1")
    assert first >= 10 and width - 1 - last >= 10  # quiet zones
    body = dots[first : last + 1]
    runs: list[tuple[str, int]] = []
    for ch in body:
        if runs and runs[-1][0] == ch:
            runs[-1] = (ch, runs[-1][1] + 1)
        else:
            runs.append((ch, 1))
    unit = min(n for _, n in runs)
    assert all(n % unit == 0 for _, n in runs), "bars are not whole modules"
    return "".join(ch * (n // unit) for ch, n in runs)
