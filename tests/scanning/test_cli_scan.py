"""``kiosk scan`` on image files, through the real entry point."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import cv2

from kiosk.materials.scan_synth import background, photograph, render_page

KIOSK = [sys.executable, "-m", "kiosk.cli.main"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KIOSK, *args], capture_output=True, text=True, timeout=60)


def test_scan_two_pages_and_a_frame_without_page(tmp_path: Path) -> None:
    files = []
    for i in range(2):
        p = tmp_path / f"p{i}.jpg"
        cv2.imwrite(str(p), photograph(render_page(800, i), (1280, 960), seed=20 + i).image)
        files.append(str(p))
    empty = tmp_path / "plate.png"
    cv2.imwrite(str(empty), background(800, 600))
    out = tmp_path / "sub" / "materials.pdf"
    r = _run(
        "scan", "--input", files[0], files[1], "--input", str(empty), "--out", str(out), "--enhance"
    )
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("p0.jpg: page found")
    assert "NO PAGE OUTLINE" in lines[2]
    assert re.search(r"3 page\(s\), [\d.]+ KB", lines[-1])
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+3", info)
    assert not list(out.parent.glob(".materials.pdf.*"))  # no temporary left behind


def test_scan_errors_are_one_line_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"this is not a jpeg")
    r = _run("scan", "--input", str(bad), "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 1
    assert r.stderr.strip().count("\n") == 0 and "not a readable image" in r.stderr
    assert "Traceback" not in r.stderr
    r = _run("scan", "--input", str(tmp_path / "missing.jpg"), "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 1 and "cannot read" in r.stderr
    assert not (tmp_path / "x.pdf").exists()
    r = _run("scan", "--help")
    assert r.returncode == 0 and "--enhance" in r.stdout
