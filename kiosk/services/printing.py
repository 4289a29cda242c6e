"""Printing a session's result: certificate on the A4 printer, receipt on the thermal one.

Implements ``kiosk.services.submit_flow.ResultPrinter``. Turns the session's facts into
the templates' data (issuer from the service's department, certificate number
from the acceptance number, the receipt's tracking QR), renders, and prints
through the configured devices. A print failure is returned as a resident-facing
reason — the submission is already safe in the outbox by then.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from drivers.base import DeviceError
from kiosk.devices.factories.document_printer import certificate_pdf, platform_seal
from kiosk.devices.factories.receipt_printer import receipt_profile
from kiosk.errors import KioskError
from kiosk.platform.settings import platform_settings
from kiosk.services.receipt_codes import receipt_track_url
from offline_queue.errors import PlatformError
from offline_queue.receipt_client import ReceiptClient
from printer_templates import render_receipt, signed_fields
from printer_templates.certificate_texts import RenderedPdf
from printer_templates.errors import TemplateError
from printer_templates.signing import KeyFileError, SignatureError

log = logging.getLogger(__name__)


def _gender(id_number: str) -> str:
    if len(id_number) == 18 and id_number[16].isdigit():
        return "男" if int(id_number[16]) % 2 else "女"
    return "未说明"


def certificate_fields(template: str, data: dict[str, Any], kiosk_id: str) -> dict[str, Any]:
    """Template data for a certificate from the session's facts (see submit_flow)."""
    values: dict[str, str] = data.get("values", {})
    today = dt.date.today()
    base: dict[str, Any] = {
        "certificate_number": data["acceptance_number"],
        "issued_on": today.isoformat(),
        "issuer": data.get("department", ""),
        "holder_name": data["name"],
        "holder_id_number": data["id_number"],
        "purpose": values.get("purpose", "其他"),
        "kiosk_id": kiosk_id,
    }
    if template == "no_criminal_record":
        base["holder_gender"] = _gender(data["id_number"])
        base["valid_months"] = 3
    elif template == "residence_duration":
        base["holder_gender"] = _gender(data["id_number"])
        base["address"] = data.get("address") or values.get("address", "")
        years = float(values.get("residence_years", "1") or 1)
        since = today - dt.timedelta(days=round(365.25 * years))
        base["residence_since"] = since.isoformat()
    elif template == "no_housing_subsidy":
        base["employer"] = values.get("employer", "")
        base["spouse_name"] = values.get("spouse_name", "")
    return base


class CertificateNotSealed(KioskError):
    """The platform did not seal this certificate (offline, refused, or a seal that does
    not verify): the terminal cannot issue one itself."""

    resident_message = "证明须由政务服务平台签发，暂时无法打印"


def sealed_certificate(config: Any, template: str, fields: dict[str, Any]) -> RenderedPdf:
    """The certificate as the platform issued and sealed it, rendered for printing.

    The terminal proposes the fields; the platform checks them against the case,
    dates and signs them (``POST /v1/cases/{n}/certificate/issue``); the terminal
    checks the signature with the platform's public key from its configuration
    and that the page it draws is the one signed, then renders. It holds no key
    that could sign: a stolen terminal cannot issue a certificate.
    """
    number = str(fields["certificate_number"])
    client = ReceiptClient(platform_settings(config))
    try:
        issued = client.issue_instant_certificate(number, template, signed_fields(template, fields))
    except PlatformError as e:
        raise CertificateNotSealed(f"platform did not seal {number}: {e.detail}") from None
    finally:
        client.close()
    try:
        seal = platform_seal(config, issued.key_id or "", issued.signature or "")
        return certificate_pdf(config, issued.template, issued.data, seal)
    except (SignatureError, KeyFileError) as e:
        raise CertificateNotSealed(f"seal of {number} refused: {e}") from None


class ResultPrinterService:
    """Renders and prints certificates and receipts on the terminal's printers."""

    def __init__(self, terminal: Any) -> None:
        self.terminal = terminal

    @property
    def config(self) -> Any:
        return self.terminal.config

    def print_certificate(self, template: str, data: dict[str, Any]) -> str | None:
        printer = self.terminal.devices.get("document_printer")
        if printer is None:
            return "证明打印机未配置"
        try:
            fields = certificate_fields(template, data, self.config.kiosk.id)
            pdf = sealed_certificate(self.config, template, fields).pdf
            printer.print_pdf(pdf, f"{template}_{fields['certificate_number']}")
        except CertificateNotSealed as e:
            log.warning("certificate %s not issued: %s", template, e.detail)
            return e.resident_message
        except TemplateError as e:
            log.error("certificate %s not rendered: %s", template, e)
            return "证明生成失败"
        except DeviceError as e:
            log.warning("certificate not printed: %s", e.detail)
            return e.resident_message
        return None

    def print_receipt(self, template: str, data: dict[str, Any]) -> str | None:
        printer = self.terminal.devices.get("receipt_printer")
        if printer is None:
            return "凭条打印机未配置"
        cfg = self.config
        number = data["acceptance_number"]
        if data.get("queued"):
            track = receipt_track_url(
                cfg.devices.qr_scanner.receipt_track_url,
                submission_id=data["submission_id"],
                kiosk_id=cfg.kiosk.id,
            )
            next_steps = [
                "网络恢复后自动提交，受理编号以平台短信为准。",
                "可在任一终端扫描本凭条二维码查询进度。",
            ]
        else:
            track = receipt_track_url(
                cfg.devices.qr_scanner.receipt_track_url,
                acceptance_no=number,
                submission_id=data.get("submission_id"),
            )
            next_steps = [
                "工作人员将在承诺时限内审核，结果以短信通知。",
                "可扫描本凭条二维码查询进度。",
            ]
        if data.get("approved"):
            next_steps = ["本事项已即时办结。"]
        fields = {
            "service_name": data["service_name"],
            "applicant_name": data["applicant_name"],
            "applicant_id_number": data["applicant_id"],
            "acceptance_number": number,
            "accepted_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "department": data.get("department", ""),
            "kiosk_id": cfg.kiosk.id,
            "kiosk_name": cfg.kiosk.name,
            "kiosk_location": cfg.kiosk.location,
            "materials": data.get("materials", []) or ["居民身份证（已读取）"],
            "next_steps": next_steps,
            "time_limit": data.get("time_limit", ""),
            "track_url": track,
            "hotline": "12345",
        }
        payment = data.get("payment")
        if payment:  # a paid case (issue 20): amount, order, e-receipt on the receipt
            fields.update(
                fee_item=payment.get("item"),
                fee_fen=payment.get("amount_fen"),
                payment_order_no=payment.get("order_no"),
                einvoice_no=payment.get("einvoice_no") or None,
                einvoice_url=payment.get("einvoice_url") or None,
            )
        try:
            rendered = render_receipt(
                template, fields, receipt_profile(cfg.devices.receipt_printer, cfg)
            )
            printer.print_job(rendered.data, number)
        except TemplateError as e:
            log.error("receipt %s not rendered: %s", template, e)
            return "凭条生成失败"
        except DeviceError as e:
            log.warning("receipt not printed: %s", e.detail)
            return e.resident_message
        return None
