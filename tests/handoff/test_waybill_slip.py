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


@pytest.mark.parametrize("width", [80, 58])
def test_post_receipt_carries_the_tracking_number(width: int) -> None:
    """结果邮寄回执 (the resident's record of the posting) with the waybill's number."""
    from printer_templates import render_receipt

    fields = {
        "service_name": "无犯罪记录证明",
        "applicant_name": "李建国",
        "acceptance_number": SLIP.case_ref,
        "accepted_at": "2026-12-02T09:30:00+08:00",
        "kiosk_id": SLIP.kiosk_id,
        "recipient_name": SLIP.recipient_name,
        "recipient_phone": SLIP.recipient_phone,
        "mail_address": SLIP.address,
        "track_url": "https://zwfw.example.gov.cn/track?n=350102-XK-0001-000123",
    }
    profile = PrinterProfile(paper_width_mm=width)
    with_no = render_receipt(
        "mail_result_receipt", {**fields, "waybill_no": SLIP.waybill_no}, profile
    )
    (receipt,) = decode(with_no.data, paper_width_mm=width).wait_for_receipts(1)
    lines = receipt.text.splitlines()
    (line,) = [ln for ln in lines if ln.startswith("运 单 号：")]
    assert line.replace(" ", "").endswith("：" + SLIP.waybill_no)
    assert "13800138000" not in receipt.text and "138****8000" in receipt.text
    assert [q.text for q in receipt.qr_codes] == [fields["track_url"]]
    # Without a waybill yet there is no tracking line at all (never an empty one).
    without = render_receipt("mail_result_receipt", fields, profile)
    (bare,) = decode(without.data, paper_width_mm=width).wait_for_receipts(1)
    assert "运 单 号" not in bare.text and SLIP.waybill_no not in bare.text
