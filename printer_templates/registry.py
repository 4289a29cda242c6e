"""The template registry: names, kinds, fields, samples, and one render call per kind.

Data comes in as a plain mapping (parsed JSON); it is checked against the
template's fields first, so a missing field is reported by name before anything
is rendered or sent to a printer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from printer_templates import certificate_texts as texts
from printer_templates import receipts
from printer_templates.certificate_texts import RenderedPdf
from printer_templates.errors import TemplateError, UnknownTemplateError
from printer_templates.escpos import Element, PrinterProfile, RenderedReceipt, render
from printer_templates.fields import FieldInfo, build, describe, to_plain
from printer_templates.fonts import DEFAULT_FONT, FontSpec
from printer_templates.signing import QrSealer

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


class TemplateKind(StrEnum):
    RECEIPT = "receipt"  # ESC/POS bytes for the thermal receipt printer
    CERTIFICATE = "certificate"  # signed A4 PDF
    DOCUMENT = "document"  # other A4 PDF (test page)


@dataclass(frozen=True)
class TemplateInfo:
    """One template: its name, kind, title, data class and builder."""

    name: str
    kind: TemplateKind
    title: str
    data_class: type
    builder: Callable[..., Any]

    @property
    def fields(self) -> list[FieldInfo]:
        return describe(self.data_class)

    @property
    def required_fields(self) -> list[str]:
        return [f.name for f in self.fields if f.required]

    @property
    def sample_path(self) -> Path:
        return SAMPLES_DIR / f"{self.name}.json"


def _draw_a4_test_page(d: texts.A4TestPage, font: FontSpec) -> RenderedPdf:
    # The drawing (reportlab) is imported at the first page drawn, not with the registry.
    from printer_templates.certificates import draw_a4_test_page

    return draw_a4_test_page(d, font)


TEMPLATES: dict[str, TemplateInfo] = {
    t.name: t
    for t in [
        TemplateInfo("acceptance_receipt", TemplateKind.RECEIPT, "受理回执",
                     receipts.AcceptanceReceipt, receipts.acceptance_receipt),
        TemplateInfo("mail_result_receipt", TemplateKind.RECEIPT, "结果邮寄回执",
                     receipts.MailResultReceipt, receipts.mail_result_receipt),
        TemplateInfo("receipt_test_page", TemplateKind.RECEIPT, "打印机测试页",
                     receipts.ReceiptTestPage, receipts.receipt_test_page),
        TemplateInfo("residence_duration", TemplateKind.CERTIFICATE, "暂居住年限证明",
                     texts.ResidenceDuration, texts.residence_duration),
        TemplateInfo("no_housing_subsidy", TemplateKind.CERTIFICATE, "未享受住房补贴证明",
                     texts.NoHousingSubsidy, texts.no_housing_subsidy),
        TemplateInfo("no_criminal_record", TemplateKind.CERTIFICATE, "无犯罪记录证明",
                     texts.NoCriminalRecord, texts.no_criminal_record),
        TemplateInfo("a4_test_page", TemplateKind.DOCUMENT, "A4 打印测试页",
                     texts.A4TestPage, _draw_a4_test_page),
    ]
}  # fmt: skip


def get_template(name: str) -> TemplateInfo:
    try:
        return TEMPLATES[name]
    except KeyError:
        raise UnknownTemplateError(name, sorted(TEMPLATES)) from None


def list_templates(kind: TemplateKind | None = None) -> list[TemplateInfo]:
    return [t for t in TEMPLATES.values() if kind is None or t.kind is kind]


def load_sample(name: str) -> dict[str, Any]:
    """The sample data (fictional people) shipped with a template."""
    info = get_template(name)
    try:
        data = json.loads(info.sample_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise TemplateError(f"sample data of '{name}' unreadable: {e}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"sample data of '{name}' is not a JSON object")
    return data


def parse_data(name: str, data: Mapping[str, Any]) -> Any:
    """Validate ``data`` for template ``name``; raise a TemplateError naming the field."""
    return build(get_template(name).data_class, name, data)


def _expect(info: TemplateInfo, *kinds: TemplateKind) -> None:
    if info.kind not in kinds:
        wanted = " or ".join(k.value for k in kinds)
        raise TemplateError(f"template '{info.name}' is a {info.kind.value}, not a {wanted}")


def receipt_elements(name: str, data: Mapping[str, Any], profile: PrinterProfile) -> list[Element]:
    info = get_template(name)
    _expect(info, TemplateKind.RECEIPT)
    elements: list[Element] = info.builder(build(info.data_class, name, data), profile)
    return elements


def render_receipt(
    name: str, data: Mapping[str, Any], profile: PrinterProfile | None = None
) -> RenderedReceipt:
    """Receipt template → ESC/POS bytes for the printer ``profile``."""
    profile = profile or PrinterProfile()
    return render(receipt_elements(name, data, profile), profile)


def render_pdf(
    name: str,
    data: Mapping[str, Any],
    signer: QrSealer | None = None,
    font: FontSpec = DEFAULT_FONT,
) -> RenderedPdf:
    """Certificate or document template → PDF bytes.

    Certificates need a ``signer``: their QR code carries the signed verification URL.
    """
    info = get_template(name)
    _expect(info, TemplateKind.CERTIFICATE, TemplateKind.DOCUMENT)
    parsed: Any = build(info.data_class, name, data)
    if info.kind is TemplateKind.DOCUMENT:
        result: RenderedPdf = info.builder(parsed, font)
        return result
    if signer is None:
        raise TemplateError(f"certificate '{name}' needs a signing key for its QR code")
    from printer_templates.certificates import render_certificate_text

    text = info.builder(parsed)
    return render_certificate_text(text, name, to_plain(parsed), signer, font)


def signed_fields(name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a certificate's signature covers (to check a verification URL)."""
    return to_plain(parse_data(name, data))
