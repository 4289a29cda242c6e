"""Optional PAdES signature of certificates (pyHanko), checked with pyHanko's validator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID

from kiosk.config import config_from_dict, load_config
from kiosk.devices.factories.document_printer import certificate_pdf
from printer_templates import load_sample
from printer_templates.pdf_sign import PdfSignError, sign_pdf
from printer_templates.signing import CertificateSigner

#: The platform's seal, held by this test (the QR); the terminal's PAdES key is separate.
SEAL = CertificateSigner(Ed25519PrivateKey.generate(), "https://zwfw.example.gov.cn/verify")


def make_cert(tmp_path: Path) -> tuple[Path, Path, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Kiosk Test Signer (fictional)")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = tmp_path / "sign.key.pem", tmp_path / "sign.cert.pem"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path, cert


def test_certificate_is_pades_signed_when_configured(tmp_path: Path) -> None:
    import io

    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    key_path, cert_path, cert = make_cert(tmp_path)
    base = load_config(data_dir=tmp_path).model_dump(exclude={"source_dir", "data_dir_override"})
    base["devices"]["document_printer"] |= {
        "sign_key_path": str(key_path),
        "sign_cert_path": str(cert_path),
    }
    config = config_from_dict(base, data_dir=tmp_path)
    rendered = certificate_pdf(
        config, "no_criminal_record", load_sample("no_criminal_record"), SEAL
    )
    reader = PdfFileReader(io.BytesIO(rendered.pdf))
    (sig,) = reader.embedded_signatures
    trust = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[trust]))
    assert status.intact and status.valid and status.trusted
    # Any change to the signed bytes is detected.
    tampered = rendered.pdf.replace(b"/Title", b"/Titlf", 1)
    sig2 = PdfFileReader(io.BytesIO(tampered)).embedded_signatures[0]
    assert not validate_pdf_signature(sig2, ValidationContext(trust_roots=[trust])).intact


def test_without_keys_the_certificate_is_still_produced(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = load_config(data_dir=tmp_path)
    with caplog.at_level("INFO"):
        rendered = certificate_pdf(
            config, "residence_duration", load_sample("residence_duration"), SEAL
        )
    assert rendered.pdf.startswith(b"%PDF-") and b"/ByteRange" not in rendered.pdf
    assert "not digitally signed" in caplog.text


def test_unreadable_signing_key_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("nonsense")
    with pytest.raises(PdfSignError, match="cannot load"):
        sign_pdf(b"%PDF-1.4", bad, bad)
    with pytest.raises(PdfSignError, match="not found"):
        sign_pdf(b"%PDF-1.4", tmp_path / "missing.pem", bad)
