"""Receipt (ESC/POS) and certificate (PDF) templates: data in, bytes out. Imports nothing of ours.

Entry points:

* :func:`render_receipt` — a receipt template and its data → ESC/POS bytes for a
  :class:`PrinterProfile` (58/80 mm, GB18030/GBK/none).
* :func:`render_pdf` — a certificate (signed verification QR) or document template → PDF.
* :data:`TEMPLATES`, :func:`get_template`, :func:`load_sample` — the registry.
* :mod:`printer_templates.signing` — the Ed25519 key and the verification of a QR's URL.
"""

from printer_templates.errors import (
    FieldTypeError,
    FontError,
    MissingFieldError,
    TemplateError,
    UnknownFieldError,
    UnknownTemplateError,
)
from printer_templates.escpos import Encoding, PrinterProfile, RenderedReceipt
from printer_templates.registry import (
    TEMPLATES,
    TemplateInfo,
    TemplateKind,
    get_template,
    list_templates,
    load_sample,
    parse_data,
    render_pdf,
    render_receipt,
    signed_fields,
)

__all__ = [
    "TEMPLATES",
    "Encoding",
    "FieldTypeError",
    "FontError",
    "MissingFieldError",
    "PrinterProfile",
    "RenderedReceipt",
    "TemplateError",
    "TemplateInfo",
    "TemplateKind",
    "UnknownFieldError",
    "UnknownTemplateError",
    "get_template",
    "list_templates",
    "load_sample",
    "parse_data",
    "render_pdf",
    "render_receipt",
    "signed_fields",
]
