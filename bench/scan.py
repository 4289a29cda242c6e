"""Benchmark of the document scanning pipeline.

Median milliseconds per page (detect → refine → warp → deskew → quality → JPEG)
at 1920×1080 and 3264×2448 on synthetic photographed pages, the split by stage,
the cost of enhancement, and the PDF size per page. Targets (issue 8): under
150 ms at 1080p and under 600 ms at 8 MP on the reference machine (2 cores).

    .venv/bin/python bench/scan.py [--pages N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import cv2

from kiosk.materials.scan_synth import photograph, render_page
from kiosk.materials.scanning import (
    AutoCapture,
    Enhancement,
    ScanSettings,
    analyse_preview,
    assemble_pdf,
    human_size,
    scan_page,
)

SIZES = {"1080p": ((1920, 1080), 150.0), "8MP": ((3264, 2448), 600.0)}


def bench_size(label: str, size: tuple[int, int], target: float, pages: int) -> None:
    frames = [photograph(render_page(1654, v % 3), size, seed=100 + v).image for v in range(pages)]
    for mode in (Enhancement.NONE, Enhancement.TEXT, Enhancement.BINARY):
        settings = ScanSettings(enhancement=mode)
        scan_page(frames[0], settings)  # warm-up (OpenCV allocations, code paths)
        times, stages, jpegs = [], [], []
        for f in frames:
            t0 = time.perf_counter()
            r = scan_page(f, settings)
            times.append((time.perf_counter() - t0) * 1000)
            stages.append(r.timings_ms)
            jpegs.append(r.jpeg)
            assert r.page_found, "benchmark page not found"
        med = statistics.median(times)
        doc = assemble_pdf(jpegs)
        t0 = time.perf_counter()
        assemble_pdf(jpegs)
        pdf_ms = (time.perf_counter() - t0) * 1000
        split = ", ".join(f"{k} {statistics.median(s[k] for s in stages):.0f}" for k in stages[0])
        verdict = "OK" if med < target else "OVER TARGET"
        print(
            f"{label:6} {mode.value:6}  median {med:6.1f} ms/page (target {target:.0f}: {verdict})"
            f"  [{split}]"
        )
        print(
            f"{'':6} {'':6}  page {r.width}x{r.height}, PDF {doc.page_count} pages "
            f"{human_size(doc.size_bytes)} = {human_size(doc.size_bytes // doc.page_count)}/page,"
            f" assembled in {pdf_ms:.1f} ms"
        )


def bench_preview(pages: int) -> None:
    """What the live preview costs per frame (outline without refinement + motion)."""
    for label, (size, _) in SIZES.items():
        frames = [photograph(render_page(1240, 0), size, seed=200 + i).image for i in range(pages)]
        auto = AutoCapture()
        times = []
        for f in frames:
            t0 = time.perf_counter()
            step = analyse_preview(f, auto, 960)
            cv2.cvtColor(step.small, cv2.COLOR_BGR2RGB)
            times.append((time.perf_counter() - t0) * 1000)
        med = statistics.median(times)
        print(
            f"preview {label:6} median {med:6.1f} ms/frame → at most {1000 / med:.0f} preview fps"
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=7, help="pages per size (default 7)")
    args = ap.parse_args()
    print(f"OpenCV {cv2.__version__}, threads {cv2.getNumThreads()}, {args.pages} pages per size")
    for label, (size, target) in SIZES.items():
        bench_size(label, size, target, args.pages)
    bench_preview(args.pages)


if __name__ == "__main__":
    main()
