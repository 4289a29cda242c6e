"""What the A4 certificates say: their data classes and their wording, without drawing.

Kept apart from :mod:`printer_templates.certificates` (the reportlab drawing) so
that the template registry, the printing service and the terminal's start know
the templates without importing reportlab (+47 modules and PIL, issue 18); it is
imported at the first certificate drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class CertificateText:
    """What a certificate says; the generic drawer lays it out."""

    title: str
    number: str
    paragraphs: list[str]
    issuer: str
    issued_on: dt.date
    seal_label: str = "证明专用章"
    kiosk_id: str | None = None


@dataclass(frozen=True)
class ResidenceDuration:
    """暂居住年限证明."""

    certificate_number: Annotated[str, "证明编号"]
    issued_on: Annotated[dt.date, "开具日期"]
    issuer: Annotated[str, "开具单位 (派出所)"]
    holder_name: Annotated[str, "姓名"]
    holder_id_number: Annotated[str, "公民身份号码"]
    address: Annotated[str, "居住地址"]
    residence_since: Annotated[dt.date, "起始居住日期"]
    holder_gender: Annotated[str | None, "性别"] = None
    purpose: Annotated[str | None, "用途"] = None
    kiosk_id: Annotated[str | None, "打印终端编号"] = None


def _span(since: dt.date, until: dt.date) -> str:
    months = (until.year - since.year) * 12 + until.month - since.month
    if until.day < since.day:
        months -= 1
    months = max(0, months)
    years, rest = divmod(months, 12)
    return f"{years}年{rest}个月" if rest else f"{years}年"


def residence_duration(d: ResidenceDuration) -> CertificateText:
    who = f"{d.holder_name}（{d.holder_gender + '，' if d.holder_gender else ''}公民身份号码：{d.holder_id_number}）"
    paras = [
        f"兹证明{who}自{cn_date(d.residence_since)}起在{d.address}居住，"
        f"截至{cn_date(d.issued_on)}，已连续居住{_span(d.residence_since, d.issued_on)}。",
    ]
    if d.purpose:
        paras.append(f"本证明用于{d.purpose}。")
    paras.append("特此证明。")
    return CertificateText(
        "暂居住年限证明", d.certificate_number, paras, d.issuer, d.issued_on, kiosk_id=d.kiosk_id
    )


@dataclass(frozen=True)
class NoHousingSubsidy:
    """未享受住房补贴证明."""

    certificate_number: Annotated[str, "证明编号"]
    issued_on: Annotated[dt.date, "开具日期"]
    issuer: Annotated[str, "开具单位 (住房保障/公积金中心)"]
    holder_name: Annotated[str, "姓名"]
    holder_id_number: Annotated[str, "公民身份号码"]
    employer: Annotated[str, "工作单位"]
    spouse_name: Annotated[str | None, "配偶姓名"] = None
    spouse_id_number: Annotated[str | None, "配偶公民身份号码"] = None
    purpose: Annotated[str | None, "用途"] = None
    kiosk_id: Annotated[str | None, "打印终端编号"] = None


def no_housing_subsidy(d: NoHousingSubsidy) -> CertificateText:
    who = "该职工"
    if d.spouse_name:
        sid = f"（公民身份号码：{d.spouse_id_number}）" if d.spouse_id_number else ""
        who = f"该职工及其配偶{d.spouse_name}{sid}"
    paras = [
        f"兹证明{d.holder_name}（公民身份号码：{d.holder_id_number}）系{d.employer}在职职工。",
        f"经核查，截至{cn_date(d.issued_on)}，{who}未享受过住房补贴"
        "（含一次性住房补贴、住房货币补贴及购房补贴）。",
    ]
    if d.purpose:
        paras.append(f"本证明用于{d.purpose}。")
    paras.append("特此证明。")
    return CertificateText(
        "未享受住房补贴证明", d.certificate_number, paras, d.issuer, d.issued_on,
        kiosk_id=d.kiosk_id,
    )  # fmt: skip


@dataclass(frozen=True)
class NoCriminalRecord:
    """无犯罪记录证明."""

    certificate_number: Annotated[str, "证明编号"]
    issued_on: Annotated[dt.date, "开具日期"]
    issuer: Annotated[str, "开具单位 (公安机关)"]
    holder_name: Annotated[str, "姓名"]
    holder_gender: Annotated[str, "性别"]
    holder_id_number: Annotated[str, "公民身份号码"]
    purpose: Annotated[str, "用途"]
    valid_months: Annotated[int, "有效期 (月)"] = 3
    kiosk_id: Annotated[str | None, "打印终端编号"] = None


def no_criminal_record(d: NoCriminalRecord) -> CertificateText:
    paras = [
        f"经查询全国违法犯罪人员信息资源库，截至{cn_date(d.issued_on)}，未发现"
        f"{d.holder_name}（性别：{d.holder_gender}，公民身份号码：{d.holder_id_number}）有犯罪记录。",
        f"本证明仅用于{d.purpose}，自开具之日起{d.valid_months}个月内有效。",
    ]
    return CertificateText(
        "无犯罪记录证明", d.certificate_number, paras, d.issuer, d.issued_on,
        seal_label="", kiosk_id=d.kiosk_id,
    )  # fmt: skip


@dataclass(frozen=True)
class A4TestPage:
    """A4 打印测试页 for technicians (no seal, no signature)."""

    kiosk_id: Annotated[str, "终端编号"]
    printed_at: Annotated[dt.datetime, "打印时间"]
    note: Annotated[str | None, "备注"] = None


@dataclass
class RenderedPdf:
    """PDF bytes, the verification URL in its QR (certificates only), replaced characters."""

    pdf: bytes
    verification_url: str | None = None
    replaced: list[str] = field(default_factory=list)
