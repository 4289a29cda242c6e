"""Receipt templates, decoded back through the emulator's ESC/POS decoder."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.escpos_emulator import DecodedReceipt, TextLine, decode
from printer_templates import (
    Encoding,
    MissingFieldError,
    PrinterProfile,
    TemplateError,
    UnknownFieldError,
    load_sample,
    render_receipt,
)
from printer_templates.textwidth import text_width


def printed(name: str, profile: PrinterProfile, data: dict | None = None) -> DecodedReceipt:
    rendered = render_receipt(name, data or load_sample(name), profile)
    charset = "GBK" if profile.encoding is Encoding.GBK else "GB18030"
    machine = decode(rendered.data, charset=charset, paper_width_mm=profile.paper_width_mm)
    assert machine.errors == [], machine.errors
    assert len(machine.receipts) == 1
    return machine.receipts[0]


def text_only(r: DecodedReceipt) -> str:
    """Printed text lines only (not the "[QR …]" markers, whose URLs contain '?')."""
    return "\n".join(el.text for el in r.elements if isinstance(el, TextLine))


@pytest.mark.parametrize("width", [58, 80])
def test_acceptance_receipt_decodes_to_masked_text_and_qr(width: int) -> None:
    profile = PrinterProfile(width, Encoding.GB18030)
    sample = load_sample("acceptance_receipt")
    r = printed("acceptance_receipt", profile)
    text = r.text
    assert r.cut and not r.interrupted
    assert "受理回执" in text
    assert sample["acceptance_number"] in text
    assert "林**" in text and "林晓雯" not in text
    assert "350102********0026" in text and sample["applicant_id_number"] not in text
    assert "户口簿首页及本人页（扫描件）" in text.replace("\n", "").replace(" ", "")
    assert [q.text for q in r.qr_codes] == [sample["track_url"]]
    assert r.rasters == []  # everything is in GB2312: no raster fallback needed
    assert "?" not in text_only(r) and "\ufffd" not in text
    # Every text line fits the paper: 32 columns on 58 mm, 48 on 80 mm (double size: half).
    for el in r.elements:
        if isinstance(el, TextLine):
            assert text_width(el.text) * el.width <= profile.columns, el.text


def test_gb18030_four_byte_characters_print_natively() -> None:
    r = printed("mail_result_receipt", PrinterProfile(80, Encoding.GB18030))
    assert "㙟园路18号" in r.text  # U+365F: a four-byte GB18030 code (Extension A)
    assert r.rasters == []


def test_gbk_printer_gets_a_raster_line_instead_of_garbage() -> None:
    profile = PrinterProfile(80, Encoding.GBK)
    rendered = render_receipt("mail_result_receipt", load_sample("mail_result_receipt"), profile)
    assert rendered.raster_lines == 1
    r = printed("mail_result_receipt", profile)
    assert "㙟" not in r.text and "\ufffd" not in r.text and "?" not in text_only(r)
    assert len(r.rasters) == 1
    raster = r.rasters[0]
    assert raster.width == 576 and raster.height == 24
    assert raster.ink() > 200  # the address really is drawn


def test_ascii_only_printer_rasterises_chinese_lines() -> None:
    r = printed("acceptance_receipt", PrinterProfile(58, Encoding.NONE))
    assert "MJ2026051200123" in r.text  # ASCII lines stay text
    assert len(r.rasters) > 10
    assert all(ch.isascii() for ch in r.text)


def test_extension_b_characters_become_raster_with_visible_replacement() -> None:
    data = load_sample("acceptance_receipt") | {"service_name": "𠈌园社区居住登记"}
    rendered = render_receipt("acceptance_receipt", data, PrinterProfile(80, Encoding.GB18030))
    assert rendered.raster_lines == 1
    assert rendered.replaced == ["𠈌"]  # the font has no glyph: drawn as 〓, and reported
    assert "〓园社区" in rendered.preview


def test_bad_characters_never_crash() -> None:
    data = load_sample("acceptance_receipt") | {"department": "医保局\ud800\x07\t窗口"}
    r = printed("acceptance_receipt", PrinterProfile(80, Encoding.GB18030), data)
    line = next(ln for ln in r.lines if ln.startswith("受理部门"))
    assert line == "受理部门：医保局〓 窗口"


def test_missing_field_is_named() -> None:
    data = load_sample("acceptance_receipt")
    del data["acceptance_number"]
    with pytest.raises(MissingFieldError) as e:
        render_receipt("acceptance_receipt", data)
    assert e.value.field == "acceptance_number"
    assert "acceptance_number" in str(e.value)
    with pytest.raises(MissingFieldError, match="'materials'"):
        render_receipt("acceptance_receipt", load_sample("acceptance_receipt") | {"materials": []})


def test_wrong_type_and_unknown_field_are_named() -> None:
    with pytest.raises(TemplateError, match="accepted_at"):
        render_receipt(
            "acceptance_receipt", load_sample("acceptance_receipt") | {"accepted_at": "x"}
        )
    with pytest.raises(UnknownFieldError, match="acceptance_numbr"):
        render_receipt(
            "acceptance_receipt", load_sample("acceptance_receipt") | {"acceptance_numbr": "1"}
        )


def test_receipt_png_shows_a_scannable_qr() -> None:
    r = printed("acceptance_receipt", PrinterProfile(80, Encoding.GB18030))
    png = r.render_png(576)
    img = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert img.shape[1] == 576
    text, _points, _ = cv2.QRCodeDetector().detectAndDecode(img)
    assert text == load_sample("acceptance_receipt")["track_url"]


def test_test_page_covers_every_encoding_tier() -> None:
    r = printed("receipt_test_page", PrinterProfile(58, Encoding.GB18030))
    assert "GB2312：政务服务自助终端打印测试" in r.text
    assert "GBK：喆 堃 燚 犇 鑫 淼" in r.text
    assert "㐀 䶮" in r.text
    assert len(r.rasters) == 1  # the Extension B line
    assert r.rasters[0].width == 384
