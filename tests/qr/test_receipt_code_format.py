"""The receipt QR payload, exactly: building it and reading it back (kiosk/services/receipt_codes.py)."""

from __future__ import annotations

import pytest

from kiosk.services.receipt_codes import (
    NotAReceiptCode,
    ReceiptCode,
    is_receipt_code,
    parse_receipt_code,
    receipt_track_url,
)

BASE = "https://zwfw.example.gov.cn/track"
SID = "01M8SS0K0C5NRZZXGQJNA98XTY"


def test_payloads_are_exact() -> None:
    assert receipt_track_url(BASE, "MJ2026-000123") == f"{BASE}?n=MJ2026-000123"
    assert receipt_track_url(BASE, "MJ2026-000123", SID) == f"{BASE}?n=MJ2026-000123&s={SID}"
    assert receipt_track_url(BASE, None, SID, "FZ-GL-0001") == f"{BASE}?s={SID}&k=FZ-GL-0001"
    assert receipt_track_url(BASE, "", SID) == f"{BASE}?s={SID}"
    assert receipt_track_url(BASE, "MJ2026", SID, "FZ-GL-0001") == f"{BASE}?n=MJ2026&s={SID}"


def test_payload_inputs_are_checked_with_named_reasons() -> None:
    with pytest.raises(ValueError) as err:
        receipt_track_url(BASE)
    assert str(err.value) == "a receipt code needs an acceptance number or a submission id"
    with pytest.raises(ValueError) as err:
        receipt_track_url(BASE, "MJ 2026")
    assert (
        str(err.value) == "acceptance number 'MJ 2026' has characters a receipt code cannot carry"
    )
    with pytest.raises(ValueError) as err:
        receipt_track_url(BASE, "MJ2026", "bad id!")
    assert str(err.value) == "submission id 'bad id!' has characters a receipt code cannot carry"
    with pytest.raises(ValueError) as err:
        receipt_track_url(BASE, None, "short")  # 5 characters: below the 6 minimum
    assert str(err.value) == "submission id 'short' has characters a receipt code cannot carry"
    assert receipt_track_url(BASE, "A" * 6) == f"{BASE}?n=AAAAAA"
    assert receipt_track_url(BASE, "A" * 40) == f"{BASE}?n={'A' * 40}"
    with pytest.raises(ValueError):
        receipt_track_url(BASE, "A" * 41)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"{BASE}?n=MJ2026-000123", ReceiptCode("MJ2026-000123", None, None)),
        (f"  {BASE}?n=MJ2026&s={SID}\r\n", ReceiptCode("MJ2026", SID, None)),
        (f"{BASE}?s={SID}&k=FZ-GL-0001", ReceiptCode(None, SID, "FZ-GL-0001")),
        (f"http://ZWFW.example.gov.cn/track/?s={SID}", ReceiptCode(None, SID, None)),
        (f"{BASE}?s={SID}&k=bad%20kiosk", ReceiptCode(None, SID, None)),  # bad k: dropped
        (f"{BASE}?n=MJ2026&n=OTHER1", ReceiptCode("MJ2026", None, None)),  # first n wins
    ],
)
def test_codes_read_back(text: str, code: ReceiptCode) -> None:
    assert parse_receipt_code(text, BASE) == code
    assert is_receipt_code(text, BASE) is True


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        ("ftp://zwfw.example.gov.cn/track?n=MJ2026", "not a receipt URL (40 chars)"),
        ("https://evil.example.com/track?n=MJ2026", "not a receipt URL (39 chars)"),
        ("https://zwfw.example.gov.cn/other?n=MJ2026", "not a receipt URL (42 chars)"),
        (f"{BASE}?n=MJ%202026", "receipt URL with a malformed acceptance number"),
        (f"{BASE}?s=bad%21id%21", "receipt URL with a malformed submission id"),
        (f"{BASE}?k=FZ-GL-0001", "receipt URL without n= or s="),
        (f"{BASE}?n=", "receipt URL without n= or s="),
        ("http://[::1", "not a URL"),
    ],
)
def test_foreign_or_malformed_codes_are_named(text: str, detail: str) -> None:
    with pytest.raises(NotAReceiptCode) as err:
        parse_receipt_code(text, BASE)
    assert err.value.detail == detail
    assert is_receipt_code(text, BASE) is False
