"""Receipt templates (ESC/POS): acceptance receipt, "result will be mailed", technician test page.

Each template is a data class (its fields) and a function turning the data into
layout elements (:mod:`printer_templates.escpos`). Receipts leave the terminal
in residents' pockets and bins, so the applicant's name, ID number and phone are
printed masked; the receipt number and the QR code are what matter later.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

from printer_templates.escpos import (
    Align,
    Cut,
    Element,
    Feed,
    Pair,
    PrinterProfile,
    QrCode,
    Rule,
    Text,
)


def mask_name(name: str) -> str:
    """Keep the first character (the family name in most cases): ``张三丰`` → ``张**``."""
    name = name.strip()
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def mask_id_number(number: str) -> str:
    """First 6 and last 4 characters: the region and the check digits."""
    n = number.strip()
    return n[:6] + "*" * (len(n) - 10) + n[-4:] if len(n) > 10 else "*" * len(n)


def mask_phone(phone: str) -> str:
    p = phone.strip()
    return p[:3] + "****" + p[-4:] if len(p) >= 11 else "*" * len(p)


def _when(t: dt.datetime) -> str:
    return t.strftime("%Y-%m-%d %H:%M")


def _numbered(items: list[str]) -> list[Element]:
    return [Text(f" {i}. {item}", indent=4) for i, item in enumerate(items, start=1)]


@dataclass(frozen=True)
class AcceptanceReceipt:
    """受理回执: what was accepted, by whom, and how to follow it."""

    service_name: Annotated[str, "事项名称 service name"]
    applicant_name: Annotated[str, "申请人姓名 (printed masked)"]
    applicant_id_number: Annotated[str, "申请人证件号码 (printed masked)"]
    acceptance_number: Annotated[str, "受理编号 acceptance number"]
    accepted_at: Annotated[dt.datetime, "受理时间"]
    department: Annotated[str, "受理部门"]
    kiosk_id: Annotated[str, "终端编号"]
    materials: Annotated[list[str], "已收材料 materials received"]
    next_steps: Annotated[list[str], "后续步骤 next steps"]
    track_url: Annotated[str, "办理进度查询地址 (QR code)"]
    kiosk_name: Annotated[str, "终端名称"] = "政务服务自助终端"
    kiosk_location: Annotated[str | None, "终端位置"] = None
    time_limit: Annotated[str | None, "承诺办理时限, e.g. 5个工作日"] = None
    hotline: Annotated[str, "咨询电话"] = "12345"
    # Fee payment (issue 20): what was paid for this case, and the fiscal e-receipt.
    fee_item: Annotated[str | None, "收费项目"] = None
    fee_fen: Annotated[int | None, "缴费金额 (fen, printed as 元)"] = None
    payment_order_no: Annotated[str | None, "支付订单号"] = None
    einvoice_no: Annotated[str | None, "财政电子票据号码"] = None
    einvoice_url: Annotated[str | None, "财政电子票据查验地址 (QR code)"] = None


def _yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d} 元"


def payment_lines(d: AcceptanceReceipt) -> list[Element]:
    """The payment section of a paid case: amount, order number, e-receipt and its QR."""
    if d.fee_fen is None:
        return []
    els: list[Element] = [Rule(), Text("缴费信息：", bold=True)]
    if d.fee_item:
        els.append(Pair("收费项目：", d.fee_item))
    els.append(Pair("缴费金额：", _yuan(d.fee_fen)))
    if d.payment_order_no:
        els.append(Pair("支付订单：", d.payment_order_no))
    if d.einvoice_no:
        els.append(Pair("电子票据：", d.einvoice_no))
    if d.einvoice_url:
        els += [QrCode(d.einvoice_url), Text("扫码查验财政电子票据", Align.CENTER)]
    return els


def acceptance_receipt(d: AcceptanceReceipt, profile: PrinterProfile) -> list[Element]:
    els: list[Element] = [
        Text(d.kiosk_name, Align.CENTER),
        Text("受理回执", Align.CENTER, bold=True, double=True),
        Rule(),
        Pair("事项名称：", d.service_name),
        Pair("申 请 人：", mask_name(d.applicant_name)),
        Pair("证件号码：", mask_id_number(d.applicant_id_number)),
        Pair("受理编号：", d.acceptance_number),
        Pair("受理时间：", _when(d.accepted_at)),
        Pair("受理部门：", d.department),
        Pair("终端编号：", d.kiosk_id),
    ]
    if d.kiosk_location:
        els.append(Pair("终端位置：", d.kiosk_location))
    if d.time_limit:
        els.append(Pair("办理时限：", d.time_limit))
    els += [Rule(), Text("已收材料：", bold=True), *_numbered(d.materials)]
    els += [Text("后续步骤：", bold=True), *_numbered(d.next_steps)]
    els += payment_lines(d)
    els += [
        Rule(),
        QrCode(d.track_url),
        Text("扫码查询办理进度", Align.CENTER),
        Text(f"受理编号 {d.acceptance_number}", Align.CENTER, bold=True),
        Text(f"咨询电话：{d.hotline}", Align.CENTER),
        Text("请妥善保管本回执", Align.CENTER),
        Feed(1),
        Cut(),
    ]
    return els


@dataclass(frozen=True)
class MailResultReceipt:
    """办理结果邮寄回执: the result will be posted to the resident."""

    service_name: Annotated[str, "事项名称"]
    applicant_name: Annotated[str, "申请人姓名 (printed masked)"]
    acceptance_number: Annotated[str, "受理编号"]
    accepted_at: Annotated[dt.datetime, "受理时间"]
    kiosk_id: Annotated[str, "终端编号"]
    recipient_name: Annotated[str, "收件人 (printed masked)"]
    recipient_phone: Annotated[str, "收件人电话 (printed masked)"]
    mail_address: Annotated[str, "邮寄地址 (printed in full for the resident to check)"]
    track_url: Annotated[str, "邮件/办理进度查询地址 (QR code)"]
    courier: Annotated[str, "寄递方式"] = "EMS"
    expected_days: Annotated[int | None, "预计寄达 (工作日)"] = None
    kiosk_name: Annotated[str, "终端名称"] = "政务服务自助终端"
    hotline: Annotated[str, "咨询电话"] = "12345"
    # Issue 21: the courier's tracking number, once the waybill exists.
    waybill_no: Annotated[str | None, "运单号 (tracking number)"] = None


def mail_result_receipt(d: MailResultReceipt, profile: PrinterProfile) -> list[Element]:
    els: list[Element] = [
        Text(d.kiosk_name, Align.CENTER),
        Text("结果邮寄回执", Align.CENTER, bold=True, double=True),
        Rule(),
        Pair("事项名称：", d.service_name),
        Pair("申 请 人：", mask_name(d.applicant_name)),
        Pair("受理编号：", d.acceptance_number),
        Pair("受理时间：", _when(d.accepted_at)),
        Pair("终端编号：", d.kiosk_id),
        Rule(),
        Text("办理结果将通过邮寄送达：", bold=True),
        Pair("寄递方式：", d.courier),
        *([Pair("运 单 号：", d.waybill_no)] if d.waybill_no else []),
        Pair("收 件 人：", mask_name(d.recipient_name)),
        Pair("联系电话：", mask_phone(d.recipient_phone)),
        Pair("邮寄地址：", d.mail_address),
    ]
    if d.expected_days:
        els.append(Pair("预计寄达：", f"办结后{d.expected_days}个工作日内"))
    els += [
        Rule(),
        QrCode(d.track_url),
        Text("扫码查询办理与寄递进度", Align.CENTER),
        Text(f"受理编号 {d.acceptance_number}", Align.CENTER, bold=True),
        Text(f"如地址有误请致电 {d.hotline}", Align.CENTER),
        Feed(1),
        Cut(),
    ]
    return els


@dataclass(frozen=True)
class ReceiptTestPage:
    """打印机测试页 for technicians: encodings, widths, raster fallback, QR, cut."""

    kiosk_id: Annotated[str, "终端编号"]
    printed_at: Annotated[dt.datetime, "打印时间"]
    note: Annotated[str | None, "备注"] = None


# One line per encoding tier: GB2312, GBK-only, GB18030 Ext A (4-byte), Ext B (raster).
TEST_LINES = (
    "GB2312：政务服务自助终端打印测试",
    "GBK：喆 堃 燚 犇 鑫 淼",
    "GB18030 扩展A：㐀 䶮",
    "扩展B（光栅）：𠈌 𪚥",
)


def receipt_test_page(d: ReceiptTestPage, profile: PrinterProfile) -> list[Element]:
    ruler = "".join(str(i % 10) for i in range(1, profile.columns + 1))
    els: list[Element] = [
        Text("打印机测试页", Align.CENTER, bold=True, double=True),
        Text("PRINTER TEST PAGE", Align.CENTER),
        Rule("="),
        Pair("终端编号：", d.kiosk_id),
        Pair("打印时间：", _when(d.printed_at)),
        Pair("纸宽/列数：", f"{profile.paper_width_mm}mm / {profile.columns}"),
        Pair("编码：", str(profile.encoding)),
        Text(ruler),
        *[Text(line) for line in TEST_LINES],
        Text("粗体 BOLD", bold=True),
        Text("倍宽倍高", double=True),
        Text("左 LEFT"),
        Text("中 CENTER", Align.CENTER),
        Text("右 RIGHT", Align.RIGHT),
    ]
    if d.note:
        els.append(Text(f"备注：{d.note}"))
    els += [QrCode(f"KIOSK-TEST {d.kiosk_id} {d.printed_at.isoformat()}"), Feed(1), Cut()]
    return els
