"""Printing benchmarks: certificate PDF generation, receipt bytes, receipt job round trip,
CUPS submit-to-file through a private cupsd + cups-pdf.

Targets (issue 5): certificate < 150 ms and < 300 KB; receipt bytes < 5 ms.

    .venv/bin/python bench/printing.py [--runs N] [--no-cups]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from drivers.document_printer import (
    DocumentPrinter,
    PrivateCupsd,
    cups_pdf_unavailable_reason,
    find_cups_pdf_output,
)
from drivers.escpos_emulator import EscPosEmulator
from drivers.receipt_printer import ReceiptPrinter
from printer_templates import (
    Encoding,
    PrinterProfile,
    TemplateKind,
    list_templates,
    load_sample,
    render_pdf,
    render_receipt,
)
from printer_templates.signing import CertificateSigner


def median_ms(fn: Callable[[], object], runs: int, warmup: int = 2) -> tuple[float, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def bench_certificates(runs: int) -> None:
    signer = CertificateSigner(Ed25519PrivateKey.generate(), "https://zwfw.example.gov.cn/verify")
    print("certificate PDF generation (target < 150 ms, < 300 KB)")
    t = time.perf_counter()
    render_pdf("residence_duration", load_sample("residence_duration"), signer)
    print(f"  first render incl. font load: {(time.perf_counter() - t) * 1000:7.1f} ms")
    for info in list_templates(TemplateKind.CERTIFICATE):
        data = load_sample(info.name)
        med, worst = median_ms(lambda d=data, n=info.name: render_pdf(n, d, signer), runs)
        size = len(render_pdf(info.name, data, signer).pdf)
        ok = "OK" if med < 150 and size < 300_000 else "MISS"
        print(
            f"  {info.name:<20} median {med:6.1f} ms  max {worst:6.1f} ms  {size / 1024:6.1f} KB  {ok}"
        )


def bench_receipts(runs: int) -> None:
    print("receipt byte generation (target < 5 ms)")
    cases = [
        ("acceptance_receipt", PrinterProfile(80, Encoding.GB18030), "80 mm GB18030"),
        ("acceptance_receipt", PrinterProfile(58, Encoding.GB18030), "58 mm GB18030"),
        ("mail_result_receipt", PrinterProfile(80, Encoding.GBK), "80 mm GBK, 1 raster line"),
        ("acceptance_receipt", PrinterProfile(80, Encoding.NONE), "80 mm ASCII-only, all raster"),
    ]
    for name, profile, label in cases:
        data = load_sample(name)
        med, worst = median_ms(lambda n=name, d=data, p=profile: render_receipt(n, d, p), runs)
        size = len(render_receipt(name, data, profile).data)
        ok = "OK" if med < 5 else "MISS"
        print(
            f"  {name:<20} {label:<30} median {med:6.2f} ms  max {worst:6.2f} ms  {size:6d} B  {ok}"
        )


def bench_receipt_job(runs: int) -> None:
    emu = EscPosEmulator().start()
    printer = ReceiptPrinter(emu.uri)
    data = render_receipt("acceptance_receipt", load_sample("acceptance_receipt")).data
    try:
        printer.open()
        med, worst = median_ms(lambda: printer.print_job(data), runs)
        smed, _ = median_ms(printer.status, runs)
    finally:
        printer.close()
        emu.stop()
    print("receipt job through the driver to the emulator (TCP, status check + GS r confirm)")
    print(f"  print_job median {med:6.2f} ms  max {worst:6.2f} ms;  status() median {smed:5.2f} ms")


def bench_cups(runs: int) -> None:
    reason = cups_pdf_unavailable_reason()
    if reason:
        print(f"CUPS submit-to-file: skipped ({reason})")
        return
    signer = CertificateSigner(Ed25519PrivateKey.generate(), "https://zwfw.example.gov.cn/verify")
    pdf = render_pdf("residence_duration", load_sample("residence_duration"), signer).pdf
    root = Path(tempfile.mkdtemp(prefix="kiosk-bench-cupsd-"))
    root.chmod(0o755)
    cupsd = PrivateCupsd(root)
    try:
        t = time.perf_counter()
        cupsd.start()
        cupsd.add_pdf_queue("bench-a4")
        startup = (time.perf_counter() - t) * 1000
        printer = DocumentPrinter("bench-a4", server=cupsd.server, poll_interval_s=0.02)
        printer.open()
        completed, on_disk = [], []
        for _ in range(runs):
            started = time.time() - 1
            t = time.perf_counter()
            outcome = printer.print_pdf(pdf, "bench")
            completed.append((time.perf_counter() - t) * 1000)
            out = None
            while out is None and time.perf_counter() - t < 30:
                out = find_cups_pdf_output(outcome.job_id, newer_than=started)
                if out is None:
                    time.sleep(0.01)
            on_disk.append((time.perf_counter() - t) * 1000)
            if out is not None:
                out.unlink()
        print("CUPS submit-to-file (private cupsd, cups-pdf queue, Ghostscript inside)")
        print(f"  cupsd start + queue: {startup:7.1f} ms")
        print(
            f"  job completed: median {statistics.median(completed):7.1f} ms; "
            f"PDF on disk: median {statistics.median(on_disk):7.1f} ms  (n={runs})"
        )
    finally:
        cupsd.stop()
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cups-runs", type=int, default=5)
    parser.add_argument("--no-cups", action="store_true")
    args = parser.parse_args()
    bench_certificates(args.runs)
    bench_receipts(args.runs * 10)
    bench_receipt_job(args.runs)
    if not args.no_cups:
        bench_cups(args.cups_runs)


if __name__ == "__main__":
    main()
