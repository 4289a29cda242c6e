"""Optional PAdES signature of a certificate PDF with pyHanko (key + X.509 certificate in PEM).

This is a standard PDF signature (CMS/PKCS#7, as Acrobat shows it), made with
whatever key the operator configures. It is **not** a GB/T 38540 electronic
seal either: that needs SM2/SM3 through a licensed CA and seal system.
"""

from __future__ import annotations

import io
from pathlib import Path

from printer_templates.errors import TemplateError


class PdfSignError(TemplateError):
    """The PDF could not be signed (key or certificate unreadable, pyHanko missing, …)."""


def sign_pdf(
    pdf: bytes,
    key_path: Path,
    cert_path: Path,
    reason: str = "政务服务自助终端出具",
    field_name: str = "KioskSignature",
) -> bytes:
    """Return ``pdf`` with an invisible PAdES B-B signature appended (incremental update)."""
    try:
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
        from pyhanko.sign import signers
    except ImportError:
        raise PdfSignError("pyHanko is not installed (pip install pyhanko)") from None
    for p in (key_path, cert_path):
        if not p.is_file():
            raise PdfSignError(f"PDF signing: {p} not found")
    try:
        signer = signers.SimpleSigner.load(str(key_path), str(cert_path), key_passphrase=None)
    except Exception as e:  # pyHanko raises assorted errors for bad PEM files
        raise PdfSignError(f"PDF signing: cannot load key/certificate: {e}") from None
    if signer is None:
        raise PdfSignError("PDF signing: cannot load key/certificate")
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        out = signers.sign_pdf(writer, meta, signer=signer)
    except Exception as e:
        raise PdfSignError(f"PDF signing failed: {e}") from None
    return bytes(out.getvalue())
