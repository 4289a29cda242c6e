"""Fixtures of the printing tests: the ESC/POS emulator, a signing key, a real private cupsd."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from drivers.document_printer import PrivateCupsd, cups_pdf_unavailable_reason
from drivers.escpos_emulator import EscPosEmulator
from drivers.receipt_printer import ReceiptPrinter
from printer_templates.signing import CertificateSigner

VERIFY_URL = "https://zwfw.example.gov.cn/verify"


@pytest.fixture
def emulator() -> Iterator[EscPosEmulator]:
    emu = EscPosEmulator().start()
    yield emu
    emu.stop()


@pytest.fixture
def printer(emulator: EscPosEmulator) -> Iterator[ReceiptPrinter]:
    p = ReceiptPrinter(emulator.uri, status_timeout_s=1.0, job_timeout_s=3.0)
    p.open()
    yield p
    p.close()


@pytest.fixture(scope="session")
def signer() -> CertificateSigner:
    return CertificateSigner(Ed25519PrivateKey.generate(), VERIFY_URL)


def require_cups_pdf() -> None:
    """Skip (a failure under CI, see tests/conftest.py) where cupsd + cups-pdf are missing."""
    reason = cups_pdf_unavailable_reason()
    if reason is not None:
        pytest.skip(f"REAL CUPS TEST SKIPPED: {reason}")


@pytest.fixture(scope="module")
def cupsd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateCupsd]:
    """A real cupsd in a temp dir with a cups-pdf queue "kiosk-test-a4", stopped at teardown."""
    require_cups_pdf()
    # Not under pytest's tmp dir: that one is mode 0700, and CUPS filters run as lp.
    root = Path(tempfile.mkdtemp(prefix="kiosk-test-cupsd-"))
    root.chmod(0o755)
    try:
        daemon = PrivateCupsd(root).start()
        try:
            daemon.add_pdf_queue("kiosk-test-a4")
            yield daemon
        finally:
            daemon.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def pdf_to_text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_to_image(pdf: Path, dpi: int = 200) -> np.ndarray:
    """Render page 1 with pdftoppm; return it as a BGR array."""
    import cv2

    out = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(out)], check=True
    )
    img = cv2.imread(str(out) + ".png")
    assert img is not None, "pdftoppm produced no image"
    return img


def decode_qr(img: np.ndarray) -> str:
    """Decode the one QR code in a page image, as a phone would: at a couple of scales."""
    import cv2

    # OpenCV's classic detector misses about one valid symbol in twenty (seen with
    # random signatures in the URL; the Aruco-based detector reads those), so both
    # of OpenCV's QR detectors are tried, as a phone's scanner tries harder too.
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        for scale in (1.0, 0.75, 1.5):
            scaled = img if scale == 1.0 else cv2.resize(img, None, fx=scale, fy=scale)
            text, points, _ = detector.detectAndDecode(scaled)
            if points is not None and text:
                return str(text)
    raise AssertionError("no QR code could be decoded from the image")


def needs_poppler() -> None:
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("POPPLER MISSING: apt install poppler-utils")
