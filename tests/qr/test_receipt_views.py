"""What a scanned receipt shows, field by field, from each source; every refusal's
wording. Exact values: a lookup that swapped two fields, dropped the submission id
or showed a local row as the platform's would pass a looser check (issue 25)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.identity.document import CardType, Gender, IdentityDocument
from kiosk.services.receipt_codes import (
    LOCAL_STATUS_TEXT,
    CaseLookupUnavailable,
    CaseNotFound,
    CaseSource,
    CaseView,
    ReceiptCode,
    ReceiptLookup,
    ReprintRefused,
)
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.receipt_client import CertificateNotReady, ReceiptClient
from offline_queue.sync import SyncSettings, SyncWorker

from .conftest import KIOSK_ID, dead_url, platform_settings

BASE = "https://zwfw.example.gov.cn/track"
SERVICE = "residence-duration-proof"
APPLICANT = {"name": "林晓雯", "id_number": "350102198503120026"}
OTHER_ID = "110101199001010015"


def resident(id_number: str = APPLICANT["id_number"]) -> IdentityDocument:
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
def offline() -> Iterator[ReceiptClient]:
    with ReceiptClient(platform_settings(dead_url())) as c:  # type: ignore[arg-type]
        yield c


def enqueue(outbox: Outbox) -> str:
    return outbox.enqueue(SERVICE, KIOSK_ID, {"purpose": "子女入学"}, APPLICANT)


def sync(outbox: Outbox, client: ReceiptClient) -> None:
    report = SyncWorker(outbox, client, SyncSettings(network_poll_s=None)).sync_once()
    assert report.acknowledged >= 1, report


def test_platform_view_by_acceptance_number_and_by_submission(outbox, client) -> None:
    sid = enqueue(outbox)
    sync(outbox, client)
    number = outbox.get(sid).acceptance_no
    assert number
    platform_case = client.case_status(number)
    lookup = ReceiptLookup(client, outbox, BASE)
    by_number = lookup.lookup(ReceiptCode(number))
    assert by_number == CaseView(
        source=CaseSource.PLATFORM,
        status=platform_case.status,
        status_text=platform_case.status_text,
        acceptance_no=number,
        submission_id=None,
        service_code=SERVICE,
        certificate_ready=False,
        updated_at=platform_case.updated_at,
    )
    assert by_number.updated_at  # the platform's time, carried over
    by_submission = lookup.lookup(ReceiptCode(None, sid, KIOSK_ID))
    assert by_submission.source == CaseSource.PLATFORM
    assert by_submission.submission_id == sid and by_submission.acceptance_no == number
    assert by_submission.service_code == SERVICE


def test_outbox_view_of_a_pending_submission(outbox, offline) -> None:
    sid = enqueue(outbox)
    for lookup in (ReceiptLookup(offline, outbox, BASE), ReceiptLookup(None, outbox, BASE)):
        assert lookup.lookup(ReceiptCode(None, sid, KIOSK_ID)) == CaseView(
            source=CaseSource.LOCAL_OUTBOX,
            status="outbox_pending",
            status_text=LOCAL_STATUS_TEXT[State.PENDING],
            acceptance_no=None,
            submission_id=sid,
            service_code=SERVICE,
            certificate_ready=False,
            updated_at="",
        )


def test_outbox_view_by_acceptance_number_when_the_platform_is_down(
    outbox, client, offline
) -> None:
    first = enqueue(outbox)
    second = enqueue(outbox)
    sync(outbox, client)
    wanted = outbox.get(second).acceptance_no
    assert wanted and wanted != outbox.get(first).acceptance_no
    case = ReceiptLookup(offline, outbox, BASE).lookup(ReceiptCode(wanted))
    assert case.source == CaseSource.LOCAL_OUTBOX
    assert case.submission_id == second  # the row with that number, not the first one
    assert case.acceptance_no == wanted
    assert case.status == "outbox_acknowledged"
    assert case.status_text == LOCAL_STATUS_TEXT[State.ACKNOWLEDGED]
    assert not case.certificate_ready and not case.can_reprint


def test_not_on_the_platform_yet_the_outbox_answers(outbox, client) -> None:
    sid = enqueue(outbox)  # never synced: the platform says 404
    case = ReceiptLookup(client, outbox, BASE).lookup(ReceiptCode(None, sid, KIOSK_ID))
    assert case.source == CaseSource.LOCAL_OUTBOX and case.submission_id == sid
    with pytest.raises(CaseNotFound) as err:
        ReceiptLookup(client, None, BASE).lookup(ReceiptCode(None, sid, KIOSK_ID))
    assert "platform has no case" in err.value.detail


def test_unavailable_names_why(offline) -> None:
    with pytest.raises(CaseLookupUnavailable) as err:
        ReceiptLookup(None, None, BASE).lookup(ReceiptCode("MJ2099010100001"))
    assert "no platform client" in err.value.detail
    with pytest.raises(CaseLookupUnavailable) as err:
        ReceiptLookup(offline, None, BASE).lookup(ReceiptCode(None, "01JD" + "0" * 22, "XM-2"))
    assert "01JD" + "0" * 22 in err.value.detail and "XM-2" in err.value.detail
    assert "排队" in err.value.resident_message


def ready_case(number: str | None = "MJ1", ready: bool = True) -> CaseView:
    return CaseView(CaseSource.PLATFORM, "approved", "已办结", number, None, SERVICE, ready)


def test_reprint_refusals_say_why(outbox, client, offline) -> None:
    lookup = ReceiptLookup(client, outbox, BASE)
    with pytest.raises(ReprintRefused) as err:
        lookup.certificate_for_reprint(ready_case(ready=False), resident())
    assert err.value.detail == "no certificate ready for this case"
    assert err.value.resident_message == CertificateNotReady.resident_message
    with pytest.raises(ReprintRefused) as err:
        lookup.certificate_for_reprint(ready_case(number=None), resident())
    assert err.value.detail == "no certificate ready for this case"
    with pytest.raises(ReprintRefused) as err:
        ReceiptLookup(None, outbox, BASE).certificate_for_reprint(ready_case(), resident())
    assert err.value.detail == "no platform client"
    assert err.value.resident_message == CaseLookupUnavailable.resident_message
    with pytest.raises(ReprintRefused) as err:
        ReceiptLookup(offline, outbox, BASE).certificate_for_reprint(ready_case(), resident())
    assert err.value.detail.startswith("platform unavailable: ")
    assert err.value.resident_message == "网络暂时不可用，暂时无法打印证明，请稍后再试。"
    with pytest.raises(CaseNotFound):
        lookup.certificate_for_reprint(ready_case("MJ2099010100001"), resident())


def test_reprint_for_another_person_is_refused_with_the_id_masked(outbox, client) -> None:
    sid = enqueue(outbox)
    sync(outbox, client)
    number = outbox.get(sid).acceptance_no
    assert number
    with pytest.raises(ReprintRefused) as err:
        ReceiptLookup(client, outbox, BASE).certificate_for_reprint(
            ready_case(number), resident(OTHER_ID)
        )
    assert OTHER_ID not in err.value.detail
    assert OTHER_ID[:6] in err.value.detail and OTHER_ID[-4:] in err.value.detail
    assert err.value.resident_message  # the platform's own words for the resident
