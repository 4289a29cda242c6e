"""The CUPS driver against a real private cupsd with a cups-pdf queue (started by the fixture)."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.base import DeviceAbsent, DeviceStatus, SelfTestLevel
from drivers.document_printer import (
    DocumentPrinter,
    DocumentPrinterError,
    PdfSinkPrinter,
    PrintJobFailed,
    PrintServiceDown,
    PrivateCupsd,
    find_cups_pdf_output,
)
from printer_templates import load_sample, render_pdf, signed_fields
from printer_templates.signing import CertificateSigner, verify_url
from tests.printing.conftest import decode_qr, needs_poppler, pdf_to_image

pytestmark = pytest.mark.integration
QUEUE = "kiosk-test-a4"


def spool_files(cupsd: PrivateCupsd) -> list[str]:
    """Every file in the private cupsd's spool (job control and document files)."""
    return sorted(
        str(p.relative_to(cupsd.spool_dir)) for p in cupsd.spool_dir.rglob("*") if p.is_file()
    )


@pytest.fixture
def a4(cupsd: PrivateCupsd) -> DocumentPrinter:
    import cups

    conn = cups.Connection(host=cupsd.server)
    conn.enablePrinter(QUEUE)
    conn.acceptJobs(QUEUE)
    conn.setPrinterErrorPolicy(QUEUE, "stop-printer")
    printer = DocumentPrinter(QUEUE, server=cupsd.server, job_timeout_s=30, poll_interval_s=0.05)
    printer.open()
    return printer


def test_certificate_goes_through_cupsd_and_cups_pdf(
    a4: DocumentPrinter, signer: CertificateSigner, tmp_path: Path
) -> None:
    needs_poppler()
    assert a4.status().status is DeviceStatus.OK
    sample = load_sample("residence_duration")
    rendered = render_pdf("residence_duration", sample, signer)
    started = time.time() - 1
    outcome = a4.print_pdf(rendered.pdf, "residence-duration-test")
    printed = find_cups_pdf_output(outcome.job_id, newer_than=started)
    assert printed is not None, "cups-pdf wrote no PDF for the job"
    try:
        # The PDF came back through pdftopdf → pdftops → Ghostscript: render it and
        # read the QR; its signature must still verify against the fields.
        copy = tmp_path / "printed.pdf"
        copy.write_bytes(printed.read_bytes())
        url = decode_qr(pdf_to_image(copy, dpi=200))
        assert url == rendered.verification_url
        verify_url(url, signer.public_key, signed_fields("residence_duration", sample))
    finally:
        printed.unlink()  # it holds a (fictional) name: do not leave it in ~/PDF


def test_stopped_printer_fails_the_job_with_the_reason(
    a4: DocumentPrinter, cupsd: PrivateCupsd
) -> None:
    import cups

    conn = cups.Connection(host=cupsd.server)
    conn.disablePrinter(QUEUE, reason="paper jam in tray 2")
    health = a4.status()
    assert health.status is DeviceStatus.FAULT and "paper jam" in health.detail
    pdf = render_pdf("a4_test_page", load_sample("a4_test_page")).pdf
    with pytest.raises(PrintJobFailed) as e:
        a4.print_pdf(pdf, "stopped-test")
    assert "paper jam" in e.value.detail and e.value.state == "PRINTER_STOPPED"
    # The job was cancelled and purged: it must not come out later, after the
    # resident left, nor stay in the spool.
    with pytest.raises(cups.IPPError) as gone:
        conn.getJobAttributes(e.value.job_id)
    assert gone.value.args[0] == 0x0406  # client-error-not-found
    assert conn.getJobs(which_jobs="all") == {}
    assert spool_files(cupsd) == []


def test_job_that_cups_cannot_process_is_reported(a4: DocumentPrinter, cupsd: PrivateCupsd) -> None:
    import cups

    cups.Connection(host=cupsd.server).setPrinterErrorPolicy(QUEUE, "abort-job")
    started = time.time() - 1
    with pytest.raises(PrintJobFailed) as e:
        a4.print_pdf(b"%PDF-1.4\n1 0 obj broken", "broken-test")
    assert e.value.state in ("ABORTED", "STOPPED")
    assert e.value.detail  # CUPS' own reason (filter failure) is carried along
    # cups-pdf may still have written an empty file for the failed job: tidy up.
    assert e.value.job_id is not None
    time.sleep(0.3)
    leftover = find_cups_pdf_output(e.value.job_id, newer_than=started)
    if leftover is not None:
        leftover.unlink()


def test_not_a_pdf_is_refused_before_cups(a4: DocumentPrinter, cupsd: PrivateCupsd) -> None:
    import cups

    conn = cups.Connection(host=cupsd.server)
    jobs_before = set(conn.getJobs(which_jobs="all"))
    spool_before = spool_files(cupsd)
    with pytest.raises(DocumentPrinterError) as e:
        a4.submit(b"hello", "x")
    assert type(e.value) is DocumentPrinterError
    assert e.value.detail == "refusing to print: data is not a PDF"
    # Refused *before* CUPS: no job was created (none, not even a cancelled one) and
    # nothing reached the spool.
    assert set(conn.getJobs(which_jobs="all")) == jobs_before
    assert spool_files(cupsd) == spool_before


def test_unknown_queue_is_absent_and_a_stopped_cupsd_a_definite_fault(
    cupsd: PrivateCupsd,
) -> None:
    with pytest.raises(DeviceAbsent, match="no-such-queue"):
        DocumentPrinter("no-such-queue", server=cupsd.server).open()
    root = cupsd.root.parent / (cupsd.root.name + "-2")
    other = PrivateCupsd(root).start()
    printer = DocumentPrinter("x", server=other.server)
    other.stop()
    shutil.rmtree(root, ignore_errors=True)
    with pytest.raises(PrintServiceDown):
        printer.open()
    health = printer.status()  # a dead print service is not flaky: FAULT, at once
    assert health.status is DeviceStatus.FAULT and health.definite
    assert "print service down" in health.detail
    with pytest.raises(PrintJobFailed) as e:
        printer.print_pdf(b"%PDF-1.4 x", "t")
    assert e.value.resident_message.startswith("证明未能打印")


def test_external_self_test_prints_the_a4_test_page(cupsd: PrivateCupsd) -> None:
    def page() -> bytes:
        return render_pdf("a4_test_page", load_sample("a4_test_page")).pdf

    printer = DocumentPrinter(QUEUE, server=cupsd.server, job_timeout_s=30, test_page=page)
    started = time.time() - 1
    result = printer.self_test(SelfTestLevel.EXTERNAL)
    assert result.passed, result.detail
    out = find_cups_pdf_output(int(result.facts["job"]), newer_than=started)
    assert out is not None
    out.unlink()


def test_pdf_sink_fallback(tmp_path: Path) -> None:
    sink = PdfSinkPrinter(tmp_path / "pdf")
    sink.open()
    assert sink.status().status is DeviceStatus.OK
    outcome = sink.print_pdf(b"%PDF-1.4 test", "t")
    assert Path(outcome.detail).read_bytes() == b"%PDF-1.4 test"
    assert Path(outcome.detail).stat().st_mode & 0o777 == 0o600


def test_private_cupsd_refuses_a_root_filters_cannot_reach(tmp_path: Path) -> None:
    from drivers.document_printer import CupsdUnavailable

    # pytest's tmp dirs are mode 0700: lp-run filters could not read the spool there.
    with pytest.raises(CupsdUnavailable, match="not searchable"):
        PrivateCupsd(tmp_path / "cupsd").start()


def test_sim_factory_uses_a_private_cupsd_or_says_why_not(
    tmp_path: Path, cupsd: PrivateCupsd
) -> None:
    from kiosk.config import load_config
    from kiosk.devices.factories.document_printer import sim
    from kiosk.devices.manager import DeviceContext

    reachable = Path(tempfile.mkdtemp(prefix="kiosk-test-sim-a4-"))
    reachable.chmod(0o755)
    try:
        config = load_config(data_dir=reachable)
        ctx = DeviceContext("document_printer", config.devices.document_printer, config)
        device = sim(ctx)
        assert isinstance(device, DocumentPrinter)  # root + cups-pdf here (the fixture ran)
        try:
            device.open()
            assert device.status().status is DeviceStatus.OK
        finally:
            ctx.extras["a4_cupsd"].stop()
    finally:
        shutil.rmtree(reachable, ignore_errors=True)
    # A data dir lp cannot reach: the demo still prints, into a PDF directory.
    config = load_config(data_dir=tmp_path)
    ctx = DeviceContext("document_printer", config.devices.document_printer, config)
    device = sim(ctx)
    assert isinstance(device, PdfSinkPrinter)
    device.open()
    assert "no CUPS" in device.status().detail


def test_job_names_are_sanitised_and_cupsd_survives_a_spaced_title(cupsd: PrivateCupsd) -> None:
    """A title with a space crashed Debian 12's cupsd 2.4.2; the driver sends a safe name."""
    from drivers.document_printer import safe_job_name

    assert safe_job_name("无犯罪记录证明 ZM-2026 0001") == "ZM-2026_0001"
    assert safe_job_name("a b") == "a_b"
    assert safe_job_name("   ") == "job"
    assert len(safe_job_name("x" * 500)) == 63
    printer = DocumentPrinter(QUEUE, server=cupsd.server, job_timeout_s=30)
    printer.open()
    pdf = render_pdf("a4_test_page", load_sample("a4_test_page")).pdf
    first = printer.print_pdf(pdf, "certificate with spaces 1")
    second = printer.print_pdf(pdf, "certificate with spaces 2")  # cupsd is still up
    assert second.job_id > first.job_id
    assert printer.status().usable


def test_finished_and_failed_jobs_are_purged_from_the_spool(
    a4: DocumentPrinter, cupsd: PrivateCupsd
) -> None:
    import cups

    conf = (cupsd.root / "etc" / "cupsd.conf").read_text()
    assert "PreserveJobFiles No" in conf and "PreserveJobHistory No" in conf
    conn = cups.Connection(host=cupsd.server)
    pdf = render_pdf("a4_test_page", load_sample("a4_test_page")).pdf
    started = time.time() - 1
    done = a4.print_pdf(pdf, "purge-test")  # completed: its outcome still known
    assert done.job_id > 0
    out = find_cups_pdf_output(done.job_id, newer_than=started)
    assert out is not None  # it really printed through cupsd
    out.unlink()
    conn.setPrinterErrorPolicy(QUEUE, "abort-job")
    with pytest.raises(PrintJobFailed) as failed:
        a4.print_pdf(b"%PDF-1.4\n1 0 obj broken", "purge-broken-test")
    assert failed.value.state in ("ABORTED", "STOPPED")
    # Neither job is left in CUPS (no history) nor in the spool (no document files).
    assert conn.getJobs(which_jobs="all") == {}
    assert spool_files(cupsd) == []
    leftover = find_cups_pdf_output(failed.value.job_id or 0, newer_than=started)
    if leftover is not None:
        leftover.unlink()


@pytest.fixture
def own_cupsd() -> Iterator[PrivateCupsd]:
    """A supervised cupsd of this test's own (it gets killed), with the test queue."""
    root = Path(tempfile.mkdtemp(prefix="kiosk-test-cupsd-kill-"))
    root.chmod(0o755)
    daemon = PrivateCupsd(root, restart_backoff_initial_s=0.2).start()
    try:
        daemon.add_pdf_queue(QUEUE)
        yield daemon
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def test_cupsd_killed_mid_job_fails_it_faults_at_once_restarts_and_prints_again(
    own_cupsd: PrivateCupsd, tmp_path: Path
) -> None:
    """kill -9 of the real cupsd while a certificate prints (issue 17 item 4)."""
    from kiosk.config import load_config
    from kiosk.devices.manager import DeviceManager, DeviceStatusChanged

    config = load_config(data_dir=tmp_path)
    # Polls so rare that only the definite-fault path can report within the test,
    # and three strikes: a debounced FAULT would take 15 minutes.
    health = config.health.model_copy(
        update={"poll_interval_s": 300.0, "grace_period_s": 0.0, "failures_before_fault": 3}
    )
    config = config.model_copy(update={"health": health})
    printer = DocumentPrinter(
        QUEUE, server=own_cupsd.server, job_timeout_s=60, poll_interval_s=0.02, service=own_cupsd
    )
    manager = DeviceManager(config)
    seen: list[DeviceStatusChanged] = []
    manager.add_listener(lambda e: seen.append(e) if isinstance(e, DeviceStatusChanged) else None)
    slot = manager.add_device("document_printer", printer)
    manager.start()
    try:
        assert wait_until(lambda: slot.health.status is DeviceStatus.OK)
        pdf = render_pdf("a4_test_page", load_sample("a4_test_page")).pdf
        outcome: dict[str, BaseException | object] = {}

        def run() -> None:
            try:
                outcome["ok"] = printer.print_pdf(pdf, "killed-job")
            except BaseException as e:
                outcome["error"] = e

        killed_pid = own_cupsd.pid
        assert killed_pid is not None
        worker = threading.Thread(target=run)
        started = time.time() - 1
        worker.start()
        # Mid-job: cupsd has the document in its spool, the job is not finished.
        assert wait_until(lambda: any(own_cupsd.spool_dir.glob("d*")), 30)
        os.kill(killed_pid, signal.SIGKILL)
        worker.join(60)
        assert not worker.is_alive()
        error = outcome.get("error")
        assert isinstance(error, PrintJobFailed), outcome
        assert error.resident_message == "证明未能打印，请稍后凭证明编号在本终端或网上重新打印。"
        # The device went FAULT at once, saying why, then came back by itself.
        assert wait_until(lambda: any(e.health.status is DeviceStatus.FAULT for e in seen), 30), (
            seen
        )
        # (Whoever notices first says so: the failed job or the supervisor.)
        fault = next(e.health for e in seen if e.health.status is DeviceStatus.FAULT)
        assert "print service" in fault.detail and fault.definite, fault
        assert wait_until(lambda: own_cupsd.restarts >= 1, 30)
        assert own_cupsd.wait_running(30)
        assert own_cupsd.last_death == "killed by SIGKILL"
        assert own_cupsd.restarts == 1 and own_cupsd.pid != killed_pid
        assert wait_until(lambda: slot.health.status is DeviceStatus.OK, 30), slot.health
        # The killed job is not resumed by the new cupsd, nor left in its spool.
        import cups

        assert cups.Connection(host=own_cupsd.server).getJobs(which_jobs="all") == {}
        # The next certificate prints.
        after = time.time() - 1
        again = printer.print_pdf(pdf, "after-restart")
        printed = find_cups_pdf_output(again.job_id, newer_than=after)
        assert printed is not None
        printed.unlink()
        assert spool_files(own_cupsd) == []
        # Whatever the dead cupsd's backend had started, nothing came out for the
        # killed job after the resident was told it failed (its id was 1, the new
        # cupsd numbers from 1 again: only files older than the restart count).
        stale = find_cups_pdf_output(error.job_id or 1, newer_than=started)
        assert stale is None or stale.stat().st_mtime >= after
    finally:
        manager.stop()


def test_jobs_left_by_a_crashed_run_are_purged_at_the_next_start(cupsd: PrivateCupsd) -> None:
    """A system cupsd keeps what a killed terminal left (issue 17): the next open purges it.

    The queue is stopped so the job stays pending, as one does when the terminal dies
    between submitting and collecting it; the first printer object is dropped without
    waiting, as a kill -9 would leave it.
    """
    import cups

    conn = cups.Connection(host=cupsd.server)
    conn.disablePrinter(QUEUE, reason="held for the test")
    try:
        crashed = DocumentPrinter(QUEUE, server=cupsd.server)
        crashed.open()
        pdf = render_pdf("a4_test_page", load_sample("a4_test_page")).pdf
        job = crashed.submit(pdf, "certificate")
        del crashed  # the terminal is gone; its job is not
        assert job in conn.getJobs(which_jobs="not-completed")

        def spooled() -> list[str]:
            return [f.name for f in cupsd.spool_dir.iterdir() if f.name.startswith("d")]

        assert spooled(), "the document waits in the spool"
        DocumentPrinter(QUEUE, server=cupsd.server).open()  # the terminal starts again
        assert job not in conn.getJobs(which_jobs="all")
        assert spooled() == []
    finally:
        conn.enablePrinter(QUEUE)
