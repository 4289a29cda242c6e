"""Certificate PDFs: text (pdftotext), fonts (pdffonts), rendering (pdftoppm), seal, signed QR."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from printer_templates import (
    MissingFieldError,
    TemplateKind,
    list_templates,
    load_sample,
    render_pdf,
    signed_fields,
)
from printer_templates.signing import (
    CertificateSigner,
    SignatureError,
    load_or_create_key,
    load_public_key,
    public_key_path,
    verify_url,
)
from tests.printing.conftest import decode_qr, needs_poppler, pdf_to_image, pdf_to_text

CERTIFICATES = [t.name for t in list_templates(TemplateKind.CERTIFICATE)]
TITLES = {
    "residence_duration": "暂居住年限证明",
    "no_housing_subsidy": "未享受住房补贴证明",
    "no_criminal_record": "无犯罪记录证明",
}


def red_pixels(img: np.ndarray) -> int:
    b, g, r = (img[:, :, i].astype(int) for i in range(3))
    return int(np.count_nonzero((r > 150) & (g < 110) & (b < 110)))


@pytest.mark.parametrize("name", CERTIFICATES)
def test_certificate_text_font_seal_and_signed_qr(
    name: str, tmp_path: Path, signer: CertificateSigner
) -> None:
    needs_poppler()
    sample = load_sample(name)
    rendered = render_pdf(name, sample, signer)
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(rendered.pdf)

    text = pdf_to_text(pdf)
    flat = text.replace(" ", "").replace("\n", "")
    assert TITLES[name] in flat
    assert sample["holder_name"] in flat and sample["holder_id_number"] in flat
    assert sample["certificate_number"] in flat
    assert sample["issuer"] in flat
    assert "GB/T38540" in flat  # the honest label: this is not a GB/T 38540 seal

    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    cjk = [ln for ln in fonts.splitlines() if "WenQuanYi" in ln]
    assert cjk, fonts
    assert all(ln.split()[-5:-2] == ["yes", "yes", "yes"] for ln in cjk)  # emb sub uni
    assert len(rendered.pdf) < 300_000

    img = pdf_to_image(pdf, dpi=200)
    assert red_pixels(img) > 2000  # the seal is drawn, in red
    url = decode_qr(img)
    assert url == rendered.verification_url
    result = verify_url(url, signer.public_key, signed_fields(name, sample))
    assert result.fields_checked and result.claim.number == sample["certificate_number"]


def test_tampered_or_forged_certificates_are_refused(signer: CertificateSigner) -> None:
    name = "no_criminal_record"
    sample = load_sample(name)
    url = render_pdf(name, sample, signer).verification_url
    assert url is not None
    altered = signed_fields(name, sample | {"purpose": "出国留学"})
    with pytest.raises(SignatureError, match="fields differ"):
        verify_url(url, signer.public_key, altered)
    with pytest.raises(SignatureError, match="bad signature"):
        verify_url(url.replace("n=MJWF-2026-000789", "n=MJWF-2026-000790"), signer.public_key)
    other = CertificateSigner(Ed25519PrivateKey.generate(), signer.verify_url)
    with pytest.raises(SignatureError, match="unknown key"):
        verify_url(url, other.public_key)
    with pytest.raises(SignatureError, match="lacks parameter 's'"):
        verify_url(url.split("&s=")[0], signer.public_key)


def test_rare_characters_in_names_are_drawn_or_visibly_replaced(
    tmp_path: Path, signer: CertificateSigner
) -> None:
    needs_poppler()
    sample = load_sample("residence_duration")
    assert "䶮" in sample["holder_name"]  # a rare name character the font has
    rendered = render_pdf("residence_duration", sample | {"address": "闽江市𠈌园路1号"}, signer)
    assert rendered.replaced == ["𠈌"]  # no glyph anywhere: reported and drawn as 〓
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(rendered.pdf)
    flat = pdf_to_text(pdf).replace(" ", "").replace("\n", "")
    assert "王䶮" in flat and "闽江市〓园路1号" in flat


def test_missing_certificate_field_is_named(signer: CertificateSigner) -> None:
    data = load_sample("no_housing_subsidy")
    del data["employer"]
    with pytest.raises(MissingFieldError, match="'employer'"):
        render_pdf("no_housing_subsidy", data, signer)


def test_a4_test_page_renders(tmp_path: Path) -> None:
    needs_poppler()
    rendered = render_pdf("a4_test_page", load_sample("a4_test_page"))
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(rendered.pdf)
    assert "A4 打印测试页" in pdf_to_text(pdf)
    img = pdf_to_image(pdf, dpi=150)
    assert decode_qr(img).startswith("KIOSK-A4-TEST FZ-GL-0001")


def test_signing_key_is_created_once_with_private_permissions(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "cert.pem"
    key = load_or_create_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    again = load_or_create_key(path)
    assert again.private_bytes_raw() == key.private_bytes_raw()
    pub = load_public_key(public_key_path(path))
    assert pub.public_bytes_raw() == key.public_key().public_bytes_raw()
    path.write_text("not a key")
    with pytest.raises(Exception, match="not a PEM key"):
        load_or_create_key(path)
