"""A4 certificate templates (PDF, reportlab) with a vector seal and a signed verification QR.

Three certificates residents commonly print at self-service terminals:
暂居住年限证明 (residence duration), 未享受住房补贴证明 (no housing subsidy
received), 无犯罪记录证明 (no criminal record), plus an A4 technician test page.
The issuing bodies in the samples are fictional.

Text is drawn with an embedded, subset TrueType CJK font (so the PDF renders the
same everywhere); characters the font lacks become ``〓`` and are reported.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from printer_templates.certificate_texts import (
    A4TestPage,
    CertificateText,
    RenderedPdf,
    cn_date,
)
from printer_templates.fonts import DEFAULT_FONT, FontSpec, drawable, register_reportlab_font
from printer_templates.seal import draw_seal
from printer_templates.signing import QrSealer
from printer_templates.textwidth import tokens as _tokens

SEAL_NOTICE = (
    "页面印章为示意图形，不是 GB/T 38540 安全电子签章，不具有电子印章的法律效力；"
    "本证明真伪以扫描左侧二维码核验的结果为准。"
)
_NO_LINE_START = set("，。、；：？！）》」』】,.;:?!)")


# --- drawing ----------------------------------------------------------------------


class _Page:
    """A canvas plus the font and the bookkeeping of replaced characters."""

    def __init__(self, title: str, font: FontSpec) -> None:
        self.buf = io.BytesIO()
        self.c = Canvas(self.buf, pagesize=A4, pageCompression=1)
        self.c.setTitle(title)  # no personal data in metadata
        self.c.setCreator("kiosk-terminal printer_templates")
        self.c.setAuthor("")
        self.c.setSubject("")
        self.font = register_reportlab_font(font)
        self.spec = font
        self.replaced: list[str] = []

    def text(self, s: str) -> str:
        shown, missing = drawable(s, self.spec)
        self.replaced.extend(missing)
        return shown

    def draw(self, x: float, y: float, s: str, size: float, align: str = "left") -> None:
        self.c.setFont(self.font, size)
        s = self.text(s)
        if align == "center":
            self.c.drawCentredString(x, y, s)
        elif align == "right":
            self.c.drawRightString(x, y, s)
        else:
            self.c.drawString(x, y, s)

    def wrap(self, s: str, size: float, width: float, first_indent: float) -> list[str]:
        """Break ``s`` into lines that fit ``width``: between CJK characters, not
        inside ASCII words or numbers, never before closing punctuation."""
        s = self.text(s)
        lines: list[str] = []
        line, used, limit = "", 0.0, width - first_indent
        for tok in _tokens(s):
            w = stringWidth(tok, self.font, size)
            if used + w > limit and line:
                if tok in _NO_LINE_START and len(line) > 1:
                    lines.append(line[:-1])
                    line = line[-1]
                else:
                    lines.append(line.rstrip(" "))
                    line = ""
                used = stringWidth(line, self.font, size)
                limit = width
                if tok == " " and not line:
                    continue
            line += tok
            used += w
        if line:
            lines.append(line)
        return lines

    def qr(self, data: str, x: float, y: float, size: float) -> None:
        """A QR code as filled rectangles (one per run of dark modules per row)."""
        import qrcode
        import qrcode.constants

        # qrcode picks the mask pattern with the lowest penalty (ISO/IEC 18004 §8.8):
        # ~15 ms, but a fixed mask sometimes gave symbols cameras struggle with.
        q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        q.add_data(data)
        q.make(fit=True)
        matrix = q.get_matrix()
        n = len(matrix)
        module = size / n
        self.c.saveState()
        self.c.setFillColorRGB(0, 0, 0)
        for row, bits in enumerate(matrix):
            col = 0
            while col < n:
                if not bits[col]:
                    col += 1
                    continue
                start = col
                while col < n and bits[col]:
                    col += 1
                # Slight overlap avoids hairline gaps between rectangles in renderers.
                self.c.rect(
                    x + start * module,
                    y + size - (row + 1) * module,
                    (col - start) * module + 0.05,
                    module + 0.05,
                    stroke=0,
                    fill=1,
                )
        self.c.restoreState()

    def finish(self) -> bytes:
        self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


PAGE_W, PAGE_H = A4
MARGIN = 25 * mm


def draw_certificate(
    text: CertificateText, verification_url: str, font: FontSpec = DEFAULT_FONT
) -> RenderedPdf:
    """Lay a certificate out on one A4 page."""
    p = _Page(text.title, font)
    c = p.c
    # Frame
    c.setLineWidth(1.2)
    c.setStrokeColorRGB(0.55, 0.1, 0.1)
    c.rect(
        MARGIN - 8 * mm,
        MARGIN - 10 * mm,
        PAGE_W - 2 * MARGIN + 16 * mm,
        PAGE_H - 2 * MARGIN + 18 * mm,
    )
    c.setStrokeColorRGB(0, 0, 0)

    p.draw(PAGE_W - MARGIN, PAGE_H - MARGIN, f"编号：{text.number}", 10.5, "right")
    p.draw(PAGE_W / 2, PAGE_H - MARGIN - 22 * mm, text.title, 26, "center")

    size, leading = 14.0, 28.0
    y = PAGE_H - MARGIN - 45 * mm
    width = PAGE_W - 2 * MARGIN
    c.setFont(p.font, size)
    for para in text.paragraphs:
        for i, line in enumerate(p.wrap(para, size, width, 2 * size)):
            c.drawString(MARGIN + (2 * size if i == 0 else 0), y, line)
            y -= leading
        y -= 4

    # Issuer and date, right-aligned, the seal over them.
    issuer_y = min(y - 30 * mm, 110 * mm)
    right = PAGE_W - MARGIN - 10 * mm
    p.draw(right, issuer_y, text.issuer, 14, "right")
    p.draw(right, issuer_y - 24, cn_date(text.issued_on), 14, "right")
    issuer_w = stringWidth(p.text(text.issuer), p.font, 14)
    seal_r = 21 * mm
    seal_cx = right - min(issuer_w, 60 * mm) / 2
    draw_seal(c, seal_cx, issuer_y - 6, seal_r, p.text(text.issuer), text.seal_label, p.font)

    # Verification QR, bottom left.
    qr_size = 40 * mm
    qr_y = MARGIN + 14 * mm
    p.qr(verification_url, MARGIN, qr_y, qr_size)
    # The caption sits clear of the QR's quiet zone (4 modules ≈ 4 mm here): text
    # inside it made OpenCV miss about one code in fifteen.
    p.draw(MARGIN + qr_size / 2, qr_y - 22, "扫码核验真伪", 9, "center")

    # Footer: the honest seal notice, terminal and number.
    c.setFillColorRGB(0.3, 0.3, 0.3)
    foot_w = PAGE_W - 2 * MARGIN - qr_size - 8 * mm
    fy = qr_y + qr_size - 10
    for line in p.wrap(SEAL_NOTICE, 8.5, foot_w, 0):
        p.draw(MARGIN + qr_size + 8 * mm, fy, line, 8.5)
        fy -= 13
    printed = f"证明编号 {text.number}"
    if text.kiosk_id:
        printed += f" · 打印终端 {text.kiosk_id}"
    p.draw(MARGIN + qr_size + 8 * mm, fy - 4, printed, 8.5)
    return RenderedPdf(p.finish(), verification_url, p.replaced)


def draw_a4_test_page(d: A4TestPage, font: FontSpec = DEFAULT_FONT) -> RenderedPdf:
    """Technician test page: margins, font sizes, rare characters, seal and QR rendering."""
    p = _Page("A4 打印测试页", font)
    c = p.c
    c.setLineWidth(0.5)
    c.rect(10 * mm, 10 * mm, PAGE_W - 20 * mm, PAGE_H - 20 * mm)
    for x in range(0, int(PAGE_W), int(10 * mm)):
        c.line(x, 5 * mm, x, 8 * mm)
    p.draw(PAGE_W / 2, PAGE_H - 40 * mm, "A4 打印测试页", 26, "center")
    p.draw(PAGE_W / 2, PAGE_H - 50 * mm, "A4 PRINTER TEST PAGE", 12, "center")
    y = PAGE_H - 70 * mm
    lines = [
        f"终端编号：{d.kiosk_id}",
        f"打印时间：{d.printed_at.strftime('%Y-%m-%d %H:%M:%S')}",
        "字体：政务服务自助终端 0123456789 ABCDEFG abcdefg",
        "生僻字：喆 堃 燚 犇 鑫 淼 㐀 䶮",
    ]
    if d.note:
        lines.append(f"备注：{d.note}")
    for line in lines:
        p.draw(MARGIN, y, line, 13)
        y -= 22
    for size in (8, 10, 12, 16, 20):
        p.draw(MARGIN, y, f"{size}pt 字号测试 Size test", size)
        y -= size + 10
    draw_seal(c, PAGE_W - MARGIN - 30 * mm, 90 * mm, 21 * mm, "测试专用章示意", "测试", p.font)
    p.qr(f"KIOSK-A4-TEST {d.kiosk_id} {d.printed_at.isoformat()}", MARGIN, 60 * mm, 36 * mm)
    p.draw(MARGIN, 50 * mm, "二维码应可被扫码识别", 9)
    return RenderedPdf(p.finish(), None, p.replaced)


def render_certificate_text(
    text: CertificateText,
    template: str,
    fields: dict[str, object],
    signer: QrSealer,
    font: FontSpec = DEFAULT_FONT,
) -> RenderedPdf:
    """Sign the certificate's fields into a verification URL and draw the page."""
    url = signer.url_for(template, text.number, text.issued_on.isoformat(), fields)
    return draw_certificate(text, url, font)
