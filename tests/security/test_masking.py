"""Issue 23 item 8: every identifier a resident can present is masked, everywhere.

Through the real logging pipeline (setup_logging → MaskingFilter → JSON file) and
through the real sync worker, outbox (SQLite) and platform client against an HTTP
server on 127.0.0.1 whose refusal echoes the applicant, after the session's wipe.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kiosk.logging_setup import setup_logging
from kiosk.privacy import SENSITIVE, SensitiveValues, scrub_text
from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker

NAME = "王小明"
ID = "110101199001010015"
PHONE = "13800138000"

# (what a resident could present, how it is written, the characters that must not survive)
IDENTIFIERS = [
    ("ID number", ID, "1990010100"),
    ("ID, full-width digits", "１１０１０１１９９００１０１００１５", "1990010100"),
    ("ID with spaces", "110101 19900101 0015", "19900101"),
    ("ID, 4-4-4-4-2", "1101 0119 9001 0100 15", "9001 0100"),
    ("ID lower-case x", "51010719701001234x", "1970100123"),
    ("mobile", PHONE, "0013800"),
    ("mobile, spaced", "138 0013 8000", "0013"),
    ("mobile, +86", "+86-138-0013-8000", "0013"),
    ("mobile, full-width", "１３８００１３８０００", "0013800"),
    ("landline", "0591-87654321", "876543"),
    ("passport", "E12345678", "123456"),
    ("passport, two letters", "EA1234567", "123456"),
    ("Hong Kong home-return permit", "H12345678", "123456"),
    ("Macau home-return permit", "M87654321", "876543"),
    ("exit permit to HK/Macau", "C12345678", "123456"),
    ("Taiwan compatriot permit", "台胞证号码：12345678", "123456"),
    ("permit, labelled in English", "permit no. 0123456789", "234567"),
    ("foreign permanent resident", "USA110101900101", "1101019"),
    ("HK/Macau/Taiwan residence permit", "810000199001010015", "1990010100"),
]


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[tuple[Path, SensitiveValues]]:
    registry = SensitiveValues()
    path = setup_logging(tmp_path / "logs", registry=registry)
    assert path is not None
    yield path, registry
    setup_logging(None)


def _flush() -> None:
    for h in logging.getLogger().handlers:
        h.flush()


@pytest.mark.parametrize(
    ("what", "written", "secret"), IDENTIFIERS, ids=[i[0] for i in IDENTIFIERS]
)
def test_identifiers_never_reach_the_log_file(
    log_file: tuple[Path, SensitiveValues], what: str, written: str, secret: str
) -> None:
    path, _ = log_file
    logging.getLogger("kiosk.test").warning("resident presented %s at the desk", written)
    logging.getLogger("kiosk.test").info("form", extra={"note": f"contact {written}"})
    _flush()
    text = path.read_text(encoding="utf-8")
    folded = text.translate({c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)})
    assert "resident presented" in text
    assert secret not in folded, text


def test_acceptance_numbers_and_timings_stay_readable() -> None:
    line = "case FZ-20261201-000123 acknowledged in 1234 ms, 2026112200000012345 bytes=52428800"
    assert scrub_text(line, SensitiveValues()) == line


def test_a_registered_name_is_masked_in_traditional_characters_and_spaced(
    log_file: tuple[Path, SensitiveValues],
) -> None:
    path, registry = log_file
    registry.add("张三丰")
    registry.add("刘丽华")
    log = logging.getLogger("kiosk.test")
    log.warning("applicant 張三豐 / 張三丰 / 张 三 丰 / 劉麗華")
    _flush()
    text = path.read_text(encoding="utf-8")
    for form in ("張三豐", "張三丰", "三丰", "三豐", "三 丰", "劉麗華", "麗華"):
        assert form not in text, text


class _EchoingPlatform(BaseHTTPRequestHandler):
    """A platform that refuses every submission, quoting the applicant back."""

    def _refuse(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        body = json.dumps(
            {"detail": f"申请人 {NAME}（{ID}，电话 {PHONE}）已有在办件，不予受理"},
            ensure_ascii=False,
        ).encode()
        self.send_response(422)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = _refuse

    def do_HEAD(self) -> None:
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def platform() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EchoingPlatform)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_refusal_echoing_the_applicant_is_masked_after_the_wipe(
    tmp_path: Path, platform: str, log_file: tuple[Path, SensitiveValues]
) -> None:
    path, _ = log_file
    outbox = Outbox(tmp_path / "outbox", tmp_path / "keys" / "outbox.key")
    sid = outbox.enqueue(
        "S001",
        "FZ-GL-0001",
        {"applicant_name": NAME, "purpose": "x"},
        {"name": NAME, "id_number": ID, "phone": PHONE},
    )
    SENSITIVE.clear()  # the session's wipe: nobody in the process knows the name now
    worker = SyncWorker(outbox, PlatformClient(PlatformSettings(url=platform)))
    report = worker.sync_once()
    _flush()
    info = outbox.get(sid)
    assert info.state is State.DEAD
    stored = info.last_error or ""
    assert "已有在办件" in stored  # the reason is kept for the technician
    logged = path.read_text(encoding="utf-8")
    for where in (stored, logged, " ".join(report.errors)):
        assert NAME not in where and ID not in where and PHONE not in where, where
    # The raw SQLite file holds no plain copy either.
    raw = b"".join(p.read_bytes() for p in (tmp_path / "outbox").rglob("*") if p.is_file())
    assert NAME.encode() not in raw and ID.encode() not in raw and PHONE.encode() not in raw
    outbox.close()
