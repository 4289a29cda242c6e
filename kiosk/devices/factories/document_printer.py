"""Factories of the A4 printer (CUPS), and the platform's seal key that certificates carry.

``sim`` runs the real CUPS driver against a supervised private cupsd (under the
data dir, restarted if it dies, keeping no job files or history) with a cups-pdf
queue when that is possible (cupsd and cups-pdf installed, and
running as root, which cups-pdf's backend requires); the printed PDFs then land
in cups-pdf's output directory (``~/PDF`` of the user by default). Otherwise it
files PDFs in ``<data_dir>/<sim_dir>/pdf`` and says so in the device's health.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from drivers.base import Device
from kiosk.devices.manager import DeviceContext
from printer_templates import render_pdf
from printer_templates.fonts import FontSpec
from printer_templates.signing import PlatformSeal, QrSealer, load_public_key

log = logging.getLogger(__name__)


def _under_data(config: Any, p: Path) -> Path:
    p = p.expanduser()
    return p if p.is_absolute() else config.resolved_paths.data_dir / p


def font_spec(config: Any) -> FontSpec:
    a4 = config.devices.document_printer
    return FontSpec(a4.font_path, a4.font_subfont_index)


def seal_key_path(config: Any) -> Path:
    """The platform's public seal key (the terminal holds no signing key)."""
    return _under_data(config, config.devices.document_printer.platform_seal_key)


def platform_seal(config: Any, key_id: str, signature: str) -> PlatformSeal:
    """The platform's signature of one certificate, to be checked with the configured key."""
    a4 = config.devices.document_printer
    return PlatformSeal(a4.verify_url, load_public_key(seal_key_path(config)), key_id, signature)


def _test_page(config: Any) -> bytes:
    data = {"kiosk_id": config.kiosk.id, "printed_at": dt.datetime.now().isoformat()}
    return render_pdf("a4_test_page", data, font=font_spec(config)).pdf


def cups(ctx: DeviceContext) -> Device:
    """The configured CUPS queue (``settings.queue`` on ``settings.server``)."""
    from drivers.document_printer import DocumentPrinter

    s = ctx.settings
    return DocumentPrinter(
        s.queue,
        server=s.server,
        name=ctx.name,
        job_timeout_s=s.job_timeout_s,
        test_page=lambda: _test_page(ctx.config),
    )


def sim(ctx: DeviceContext) -> Device:
    """A private cupsd + cups-pdf queue if possible, else a PDF directory (see module doc)."""
    from drivers.document_printer import (
        CupsdUnavailable,
        DocumentPrinter,
        PdfSinkPrinter,
        PrivateCupsd,
        cups_pdf_unavailable_reason,
    )

    s = ctx.settings
    base = _under_data(ctx.config, s.sim_dir)
    reason = cups_pdf_unavailable_reason()
    if reason is None:
        cupsd = PrivateCupsd(base / "cupsd")
        try:
            cupsd.start()
            cupsd.add_pdf_queue(s.queue)
        except (CupsdUnavailable, RuntimeError) as e:
            cupsd.stop()
            reason = str(e)
        else:
            ctx.extras["a4_cupsd"] = cupsd
            return DocumentPrinter(
                s.queue,
                server=cupsd.server,
                name=ctx.name,
                job_timeout_s=s.job_timeout_s,
                test_page=lambda: _test_page(ctx.config),
                service=cupsd,  # supervised: its death is a FAULT at once
            )
    log.warning("A4 printer sim: no private cupsd (%s); filing PDFs in %s", reason, base / "pdf")
    return PdfSinkPrinter(base / "pdf", name=ctx.name)


def certificate_pdf(config: Any, template: str, data: dict[str, Any], seal: QrSealer) -> Any:
    """Render a certificate whose QR carries the platform's ``seal`` and, if configured,
    PAdES-sign the PDF.

    Without ``sign_key_path``/``sign_cert_path`` the certificate is still produced;
    the log says it is not PDF-signed. Returns the template's ``RenderedPdf``.
    """
    from dataclasses import replace

    from printer_templates.pdf_sign import sign_pdf

    a4 = config.devices.document_printer
    rendered = render_pdf(template, data, seal, font_spec(config))
    if a4.sign_key_path is None or a4.sign_cert_path is None:
        log.info(
            "certificate %s: PDF not digitally signed (no sign_key_path/sign_cert_path)", template
        )
        return rendered
    key = _under_data(config, a4.sign_key_path)
    cert = _under_data(config, a4.sign_cert_path)
    return replace(rendered, pdf=sign_pdf(rendered.pdf, key, cert))
