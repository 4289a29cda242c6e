"""Find a resident's name or ID number in files left on disk (shared by privacy tests).

A plain byte search misses the places a printed certificate ends up: a PDF's text
is compressed and drawn with subset-font glyph ids, and the PostScript that CUPS'
filters make of it carries hex glyph strings. So besides the raw bytes (UTF-8,
GB18030, UTF-16 both ways), the text of every PDF and PostScript file is
extracted (poppler's ``pdftotext``, Ghostscript's ``txtwrite``) and searched too.
That still misses text drawn with fonts that carry no Unicode map (what CUPS'
``pdftops`` and cups-pdf's Ghostscript make of a certificate), so a scan also lists
every PDF or PostScript document it met: in a spool, any such file is a document
someone printed.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


def needles(texts: Iterable[str]) -> list[bytes]:
    """Each text in every encoding a file of ours or of CUPS could hold it in."""
    out: list[bytes] = []
    for text in texts:
        for encoding in ("utf-8", "gb18030", "utf-16-le", "utf-16-be"):
            encoded = text.encode(encoding)
            if encoded not in out:
                out.append(encoded)
    return out


def document_text(path: Path, head: bytes) -> str:
    """The text of a PDF or PostScript file ("" for anything else)."""
    if head.startswith(b"%PDF-"):
        command = ["pdftotext", "-q", str(path), "-"]
    elif head.startswith(b"%!PS"):
        command = [
            "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
            "-sDEVICE=txtwrite", "-sOutputFile=-", str(path),
        ]  # fmt: skip
    else:
        return ""
    if shutil.which(command[0]) is None:
        raise AssertionError(f"{command[0]} missing: cannot read {path.name} (apt install)")
    done = subprocess.run(command, capture_output=True, timeout=60)
    return done.stdout.decode("utf-8", errors="replace")


def is_document(head: bytes) -> bool:
    """Whether a file's first bytes are those of a PDF or PostScript document."""
    return head.startswith((b"%PDF-", b"%!PS"))


@dataclass(frozen=True)
class ScanResult:
    """Which files held what, which were printable documents, how many were read."""

    hits: list[str]
    checked: int
    documents: list[str]


def file_holds(path: Path, texts: list[str]) -> list[str]:
    """What of ``texts`` the file holds, in raw bytes or in its document text."""
    try:
        raw = path.read_bytes()
    except OSError:  # vanished meanwhile (a spool being purged), or a socket
        return []
    found = [repr(n) for n in needles(texts) if n in raw]
    text = document_text(path, raw[:8])
    found += [f"{t!r} in its text" for t in texts if t in text]
    return found


def scan(
    roots: Iterable[Path], texts: list[str], skip: Callable[[Path], bool] = lambda p: False
) -> ScanResult:
    """Every regular file under ``roots`` (a root may be a single file) searched for ``texts``."""
    hits: list[str] = []
    documents: list[str] = []
    checked = 0
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for f in files:
            if not f.is_file() or f.is_symlink() or skip(f):
                continue
            checked += 1
            for what in file_holds(f, texts):
                hits.append(f"{f}: {what}")
            try:
                with f.open("rb") as fh:
                    if is_document(fh.read(8)):
                        documents.append(str(f))
            except OSError:
                pass
    return ScanResult(hits, checked, documents)
