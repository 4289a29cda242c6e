"""After a session, the print spool holds nothing of the resident (issue 23 item 2).

The terminal's A4 printer as the demo builds it (the ``sim`` factory: a supervised
private cupsd with a cups-pdf queue under the data dir) prints a real certificate
through the printing facade, with a test name and ID number; one more print fails
on a stopped queue. Then every file under the cupsd's root (spool, temp, cache,
state, logs), cups-pdf's own spool and its log are searched for the name and the
ID number: raw bytes in UTF-8, GB18030 and UTF-16, and the text of every PDF and
PostScript file; and no PDF or PostScript document may be there at all (what the
filters make of a certificate keeps no searchable text). A job held in the spool
is found by the same scan first, so the scan is known to see a certificate.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from drivers.base import DeviceStatus
from drivers.document_printer import (
    DocumentPrinter,
    PrintJobFailed,
    PrivateCupsd,
    cups_pdf_output_dir,
)
from kiosk.app.terminal import Terminal
from kiosk.config import load_config
from kiosk.devices.factories.document_printer import font_spec
from kiosk.services.printing import ResultPrinterService, certificate_fields
from printer_templates import render_pdf
from printer_templates.signing import CertificateSigner
from tests.disk_scan import scan
from tests.platform_seal import SealingPlatform
from tests.printing.conftest import require_cups_pdf

pytestmark = pytest.mark.integration

NAME = "欧阳明珠"  # a test resident; not a sample of the templates
ID_NUMBER = "350102199203150047"
CUPS_PDF_SPOOL = Path("/var/spool/cups-pdf/SPOOL")
CUPS_PDF_LOGS = Path("/var/log/cups")


def session_facts(number: str) -> dict[str, Any]:
    """What the submit flow hands the printer for an approved certificate."""
    return {
        "name": NAME,
        "id_number": ID_NUMBER,
        "address": "福州市鼓楼区测试路1号",
        "department": "福州市公安局",
        "values": {"purpose": "就业"},
        "acceptance_number": number,
        "service_name": "无犯罪记录证明",
    }


def wait_until(predicate: Any, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return bool(predicate())


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # Reachable by lp (CUPS filters): not pytest's 0700 tmp dir, or the factory
    # would fall back to a PDF folder and this test would prove nothing.
    path = Path(tempfile.mkdtemp(prefix="kiosk-test-spool-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def platform(data_dir: Path) -> Iterator[SealingPlatform]:
    """The platform that seals the certificates (the terminal cannot)."""
    with SealingPlatform(data_dir / "platform" / "p.db", "K1", frozenset({"ZM-WFZJL"})) as p:
        yield p


@pytest.fixture
def terminal(data_dir: Path, platform: SealingPlatform) -> Iterator[Terminal]:
    require_cups_pdf()
    term = Terminal(platform.provision(load_config(data_dir=data_dir)), demo=True, setup_log=False)
    try:
        term.devices.build(only=["document_printer"])
        term.devices.start()
        yield term
    finally:
        term.devices.stop()
        cupsd = term.devices.extras.get("a4_cupsd")
        if cupsd is not None:
            cupsd.stop()


def everything_cups_keeps(cupsd: PrivateCupsd, queue: str) -> list[Path]:
    return [cupsd.root, CUPS_PDF_SPOOL, CUPS_PDF_LOGS / f"cups-pdf-{queue}_log"]


def test_after_a_session_the_print_spool_holds_nothing_of_the_resident(
    terminal: Terminal, platform: SealingPlatform
) -> None:
    import cups

    printer = terminal.devices.get("document_printer")
    cupsd = terminal.devices.extras.get("a4_cupsd")
    # The certificate really goes through cupsd (not the PDF-folder fallback).
    assert isinstance(printer, DocumentPrinter) and isinstance(cupsd, PrivateCupsd)
    assert printer.service is cupsd and printer.server == cupsd.server
    slot = terminal.devices.slots["document_printer"]
    assert wait_until(lambda: slot.health.status is DeviceStatus.OK), slot.health
    queue = printer.queue
    conn = cups.Connection(host=cupsd.server)
    texts = [NAME, ID_NUMBER]

    # The scan sees a certificate in the spool: hold one there (queue stopped).
    config = terminal.config
    fields = certificate_fields("no_criminal_record", session_facts("ZM-HELD-0001"), "K1")
    seal = CertificateSigner(
        Ed25519PrivateKey.generate(), config.devices.document_printer.verify_url
    )
    pdf = render_pdf("no_criminal_record", fields, seal, font_spec(config)).pdf
    conn.disablePrinter(queue, reason="test: held")
    held = printer.submit(pdf, "no_criminal_record_ZM-HELD-0001")
    assert wait_until(lambda: any(cupsd.spool_dir.glob("d*")))
    before = scan([cupsd.root], texts)
    assert any(str(cupsd.spool_dir) in hit for hit in before.hits), before
    assert any(d.startswith(str(cupsd.spool_dir)) for d in before.documents), before
    with pytest.raises(PrintJobFailed):
        printer.wait(held, timeout_s=30)  # stopped queue: the job fails, is purged
    conn.enablePrinter(queue)

    # The session: a certificate printed through the facade the submit flow uses.
    service = ResultPrinterService(terminal)
    applicant = {"name": NAME, "id_number": ID_NUMBER}
    first, second = (platform.file_case("ZM-WFZJL", applicant) for _ in range(2))
    started = time.time() - 1
    assert service.print_certificate("no_criminal_record", session_facts(first)) is None
    paper = [
        p for p in cups_pdf_output_dir().glob(f"*{first}*.pdf") if p.stat().st_mtime >= started
    ]
    assert len(paper) == 1, "cups-pdf printed no certificate: it did not go through CUPS"
    # (Ghostscript's output keeps no text layer: the paper is checked as a PDF.)
    assert paper[0].read_bytes().startswith(b"%PDF-")
    paper[0].unlink()  # the paper the resident takes away
    # And a print that fails (the printer stops) leaves nothing behind either.
    conn.disablePrinter(queue, reason="test: paper jam")
    failed = service.print_certificate("no_criminal_record", session_facts(second))
    assert failed is not None and failed.startswith("证明未能打印")
    conn.enablePrinter(queue)

    # CUPS knows no job any more, and no file CUPS or cups-pdf keeps holds the
    # resident (their logs included), while the terminal is still running.
    assert conn.getJobs(which_jobs="all") == {}
    after = scan(everything_cups_keeps(cupsd, queue), texts)
    assert after.hits == [], after.hits
    assert after.documents == [], after.documents  # no certificate in any form
    assert after.checked >= 5  # cupsd's config, logs, PPD, cache at least
    assert (cupsd.root / "log" / "page_log").exists()  # CUPS' logs were scanned


def test_install_script_makes_the_terminals_cupsd_keep_no_files_or_history(
    tmp_path: Path,
) -> None:
    """deploy/cups-kiosk.sh (run by ``install.sh --system``) on Debian's cupsd.conf."""
    import subprocess

    from drivers.document_printer import CUPSD_PRIVACY_DIRECTIVES

    debian = Path("/etc/cups/cupsd.conf")
    if not debian.exists() or shutil.which("cupsd") is None:
        pytest.skip("CUPS NOT INSTALLED: apt install cups")
    conf = tmp_path / "cupsd.conf"
    # As a terminal may have it: CUPS' defaults spelled out, kept for a day.
    conf.write_text(debian.read_text() + "PreserveJobFiles 86400\nPreserveJobHistory Yes\n")
    conf.chmod(0o640)
    script = Path(__file__).resolve().parents[2] / "deploy" / "cups-kiosk.sh"
    for _ in range(2):  # idempotent
        subprocess.run(["sh", str(script), str(conf)], check=True)
    lines = [ln.strip() for ln in conf.read_text().splitlines()]
    for directive in CUPSD_PRIVACY_DIRECTIVES.strip().splitlines():
        assert lines.count(directive) == 1, directive  # the same as the private cupsd's
    assert not any(ln.startswith(("PreserveJobFiles 8", "PreserveJobHistory Yes")) for ln in lines)
    assert conf.stat().st_mode & 0o777 == 0o640
    checked = subprocess.run(
        ["cupsd", "-t", "-c", str(conf)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
