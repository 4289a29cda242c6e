"""The paper a paid resident takes away, decoded back through the ESC/POS emulator:
the acceptance receipt's payment section and the paid-pending slip."""

from __future__ import annotations

import time

from drivers.escpos_emulator import decode
from kiosk.app.payments_wiring import pending_slip_elements
from kiosk.payments.journal import OrderRecord
from kiosk.payments.machine import OrderState
from printer_templates import Encoding, PrinterProfile, load_sample, render_receipt
from printer_templates.escpos import render

PROFILE = PrinterProfile(80, Encoding.GB18030)
EINVOICE_URL = "https://pjcy.example.gov.cn/e?n=350220261234567890"


def decoded(data: bytes):  # type: ignore[no-untyped-def]
    machine = decode(data, charset="GB18030", paper_width_mm=80)
    assert machine.errors == [] and len(machine.receipts) == 1
    return machine.receipts[0]


def test_acceptance_receipt_prints_the_payment_and_the_e_receipt_qr() -> None:
    data = {
        **load_sample("acceptance_receipt"),
        "fee_item": "机动车驾驶证工本费",
        "fee_fen": 1000,
        "payment_order_no": "XMTEST01261202083541E2A47D00",
        "einvoice_no": "350220261234567890",
        "einvoice_url": EINVOICE_URL,
    }
    r = decoded(render_receipt("acceptance_receipt", data, PROFILE).data)
    text = r.text.replace(" ", "")
    assert "缴费信息" in text and "10.00元" in text and "机动车驾驶证工本费" in text
    assert "XMTEST01261202083541E2A47D00" in text and "350220261234567890" in text
    assert [q.text for q in r.qr_codes] == [EINVOICE_URL, data["track_url"]]


def test_receipt_without_payment_has_no_payment_section() -> None:
    r = decoded(
        render_receipt("acceptance_receipt", load_sample("acceptance_receipt"), PROFILE).data
    )
    assert "缴费信息" not in r.text and len(r.qr_codes) == 1


def test_paid_pending_slip_says_what_happens_next() -> None:
    now = time.time()
    rec = OrderRecord(
        "XMTEST01261202083541E2A47D00", "micropay", "wechat", "JT-JSZ-HZ", 1000, "CNY",
        "机动车驾驶证工本费", "s1", OrderState.PAID_PENDING, now, now, charged_fen=1000,
        paid_at=now, einvoice_no="350220261234567890", einvoice_url=EINVOICE_URL,
    )  # fmt: skip
    r = decoded(render(pending_slip_elements(rec, "政务服务自助终端", "XM-TEST-01"), PROFILE).data)
    text = r.text.replace(" ", "")
    assert "缴费凭条" in text and "10.00元" in text and rec.order_no in text
    assert "无需再次缴费" in text and "原路退回" in text
    assert [q.text for q in r.qr_codes] == [EINVOICE_URL] and r.cut
