"""Receipt QR codes: payload format, case lookup online (reference server) and offline
(local outbox), certificate re-print for the applicant only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.identity.document import CardType, Gender, IdentityDocument
from kiosk.services.receipt_codes import (
    CaseLookupUnavailable,
    CaseNotFound,
    CaseSource,
    NotAReceiptCode,
    ReceiptCode,
    ReceiptLookup,
    ReprintRefused,
    is_receipt_code,
    parse_receipt_code,
    receipt_track_url,
)
from offline_queue.outbox import Outbox
from offline_queue.receipt_client import ReceiptClient
from offline_queue.sync import SyncSettings, SyncWorker

from .conftest import ADMIN_TOKEN, KIOSK_ID, dead_url, platform_settings

BASE = "https://zwfw.example.gov.cn/track"
APPLICANT = {"name": "林晓雯", "id_number": "350102198503120026"}
CERT_DATA = {"certificate_number": "MJJZ-2026-000123", "holder_name": "林晓雯"}


def _resident(id_number: str) -> IdentityDocument:
    return IdentityDocument(CardType.RESIDENT_ID, "林晓雯", id_number, Gender.FEMALE)


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    ob = Outbox(tmp_path / "outbox", tmp_path / "keys" / "outbox.key")
    yield ob
    ob.close()


@pytest.fixture
def client(platform) -> Iterator[ReceiptClient]:
    with ReceiptClient(platform_settings(platform.url)) as c:  # type: ignore[arg-type]
        yield c


@pytest.fixture
def admin(platform) -> Iterator[ReceiptClient]:
    with ReceiptClient(platform_settings(platform.url, ADMIN_TOKEN)) as c:  # type: ignore[arg-type]
        yield c


def _enqueue(outbox: Outbox) -> str:
    return outbox.enqueue("residence-duration-proof", KIOSK_ID, {"purpose": "子女入学"}, APPLICANT)


def _sync(outbox: Outbox, client: ReceiptClient) -> None:
    worker = SyncWorker(outbox, client, SyncSettings(network_poll_s=None))
    report = worker.sync_once()
    assert report.acknowledged >= 1, report


# --- payload ----------------------------------------------------------------------------


def test_payload_round_trip_and_the_printing_sample() -> None:
    url = receipt_track_url(BASE, acceptance_no="MJ2026051200123")
    assert url == "https://zwfw.example.gov.cn/track?n=MJ2026051200123"  # = printer sample
    assert parse_receipt_code(url, BASE) == ReceiptCode("MJ2026051200123")
    offline = receipt_track_url(BASE, submission_id="01JD0000000000000000000000", kiosk_id=KIOSK_ID)
    assert parse_receipt_code(offline, BASE) == ReceiptCode(
        None, "01JD0000000000000000000000", KIOSK_ID
    )
    # another terminal of the same platform, http vs https, host case
    assert is_receipt_code("http://ZWFW.example.gov.cn/track/?n=AB123456", BASE)


@pytest.mark.parametrize(
    "scanned",
    [
        "zwapp1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  # an app code
        "https://evil.example.com/track?n=MJ2026051200123",  # other host
        "https://zwfw.example.gov.cn/verify?n=MJ2026051200123",  # other path
        "https://zwfw.example.gov.cn/track?x=1",  # no number
        "https://zwfw.example.gov.cn/track?n=MJ2026%27;DROP",  # bad characters
    ],
)
def test_not_receipt_codes(scanned: str) -> None:
    with pytest.raises(NotAReceiptCode):
        parse_receipt_code(scanned, BASE)


def test_payload_refuses_unsafe_numbers() -> None:
    with pytest.raises(ValueError):
        receipt_track_url(BASE, acceptance_no="A&n=B")


# --- lookup -------------------------------------------------------------------------------


def test_online_lookup_and_reprint_for_the_applicant_only(
    outbox: Outbox, client: ReceiptClient, admin: ReceiptClient
) -> None:
    sid = _enqueue(outbox)
    _sync(outbox, client)
    acceptance_no = outbox.get(sid).acceptance_no
    assert acceptance_no
    lookup = ReceiptLookup(client, outbox, BASE)
    scanned = receipt_track_url(BASE, acceptance_no=acceptance_no)

    case = lookup.lookup_text(scanned)
    assert case.source == CaseSource.PLATFORM
    assert case.status == "received" and case.status_text == "已受理"
    assert not case.certificate_ready and not case.can_reprint
    with pytest.raises(ReprintRefused):
        lookup.certificate_for_reprint(case, _resident(APPLICANT["id_number"]))

    admin.issue_certificate(acceptance_no, "residence_duration", CERT_DATA)
    case = lookup.lookup_text(scanned)
    assert case.status == "approved" and case.can_reprint

    cert = lookup.certificate_for_reprint(case, _resident(APPLICANT["id_number"]))
    assert cert.template == "residence_duration" and cert.data == CERT_DATA
    with pytest.raises(ReprintRefused) as err:
        lookup.certificate_for_reprint(case, _resident("110101199001010015"))
    assert "本人" in err.value.resident_message
    assert "110101199001010015" not in err.value.detail


def test_offline_receipt_found_on_platform_once_synced(
    outbox: Outbox, client: ReceiptClient
) -> None:
    sid = _enqueue(outbox)
    scanned = receipt_track_url(BASE, submission_id=sid, kiosk_id=KIOSK_ID)
    # Not synced yet: the platform does not know it, this terminal's outbox does.
    case = ReceiptLookup(client, outbox, BASE).lookup_text(scanned)
    assert case.source == CaseSource.LOCAL_OUTBOX and case.status == "outbox_pending"
    assert "网络恢复后" in case.status_text
    _sync(outbox, client)
    # At another terminal (no local outbox), by submission id on the platform.
    case = ReceiptLookup(client, None, BASE).lookup_text(scanned)
    assert case.source == CaseSource.PLATFORM
    assert case.acceptance_no == outbox.get(sid).acceptance_no


def test_offline_lookup_uses_the_local_outbox(outbox: Outbox, client: ReceiptClient) -> None:
    sid = _enqueue(outbox)
    synced = _enqueue(outbox)
    _sync(outbox, client)  # both acknowledged
    pending = _enqueue(outbox)  # queued after the network went down
    acceptance_no = outbox.get(synced).acceptance_no
    assert acceptance_no and sid
    with ReceiptClient(platform_settings(dead_url())) as offline:  # type: ignore[arg-type]
        lookup = ReceiptLookup(offline, outbox, BASE)
        case = lookup.lookup_text(receipt_track_url(BASE, submission_id=pending, kiosk_id=KIOSK_ID))
        assert case.source == CaseSource.LOCAL_OUTBOX and case.status == "outbox_pending"
        case = lookup.lookup_text(receipt_track_url(BASE, acceptance_no=acceptance_no))
        assert case.source == CaseSource.LOCAL_OUTBOX and case.status == "outbox_acknowledged"
        assert case.acceptance_no == acceptance_no and not case.can_reprint
        # another terminal's offline receipt: nothing to show, and the message says why
        with pytest.raises(CaseLookupUnavailable) as err:
            lookup.lookup(ReceiptCode(None, "01JD0000000000000000000000", "XM-SM-0002"))
        assert "排队" in err.value.resident_message
        with pytest.raises(CaseLookupUnavailable):
            lookup.lookup(ReceiptCode("MJ2099010100001"))


def test_unknown_case_online(client: ReceiptClient) -> None:
    with pytest.raises(CaseNotFound):
        ReceiptLookup(client, None, BASE).lookup(ReceiptCode("MJ2099010100001"))
