"""Receipt look-up edges: another kiosk's receipt, exact refusal details and logs, the
outbox's own failures, a large local outbox (issue 25, mutation score).

A private reference server with two kiosk credentials: kiosk B may re-print a case
that kiosk A filed only by showing the receipt's submission id.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.identity.document import CardType, Gender, IdentityDocument
from kiosk.services.receipt_codes import (
    CaseLookupUnavailable,
    CaseNotFound,
    CaseSource,
    ReceiptCode,
    ReceiptLookup,
)
from offline_queue.errors import OutboxUnavailable, PlatformError
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.receipt_client import ReceiptClient
from offline_queue.server import ServerSettings, ServerThread
from offline_queue.sync import SyncSettings, SyncWorker

from .conftest import dead_url, platform_settings

BASE = "https://zwfw.example.gov.cn/track"
APPLICANT = {"name": "林晓雯", "id_number": "350102198503120026"}
CERT = {"certificate_number": "MJJZ-2026-000777", "holder_name": "林晓雯"}
LOGGER = "kiosk.services.receipt_codes"
A_TOKEN, B_TOKEN, ADMIN = "kiosk-a-token", "kiosk-b-token", "receipts-admin"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    settings = ServerSettings(
        db_path=tmp_path_factory.mktemp("platform2") / "platform.db",
        tokens={A_TOKEN: "FZ-A-0001", B_TOKEN: "XM-B-0002"},
        admin_token=ADMIN,
        seed=7,
    )
    with ServerThread(settings) as srv:
        yield srv


def _client(server: ServerThread, token: str) -> ReceiptClient:
    return ReceiptClient(platform_settings(server.url, token))  # type: ignore[arg-type]


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[Outbox]:
    ob = Outbox(tmp_path / "outbox", tmp_path / "keys" / "outbox.key")
    yield ob
    ob.close()


def resident() -> IdentityDocument:
    return IdentityDocument(CardType.RESIDENT_ID, "林晓雯", APPLICANT["id_number"], Gender.FEMALE)


def test_another_kiosk_reprints_with_the_receipts_submission_id(
    server: ServerThread, outbox: Outbox, caplog: pytest.LogCaptureFixture
) -> None:
    with _client(server, A_TOKEN) as a, _client(server, B_TOKEN) as b, _client(server, ADMIN) as admin:  # fmt: skip
        sid = outbox.enqueue("residence-duration-proof", "FZ-A-0001", {}, APPLICANT)
        assert (
            SyncWorker(outbox, a, SyncSettings(network_poll_s=None)).sync_once().acknowledged == 1
        )
        number = outbox.get(sid).acceptance_no
        assert number
        admin.issue_certificate(number, "residence_duration", CERT)
        # Kiosk B scans the receipt (n and s): the platform's view, with the id kept.
        case = ReceiptLookup(b, None, BASE).lookup(ReceiptCode(number, sid))
        assert (case.source, case.acceptance_no, case.submission_id) == (
            CaseSource.PLATFORM,
            number,
            sid,
        )
        assert case.can_reprint
        with caplog.at_level(logging.INFO, logger=LOGGER):
            cert = ReceiptLookup(b, None, BASE).certificate_for_reprint(case, resident())
        assert cert.data == CERT
        assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
            f"certificate of {number} released for re-print"
        ]


def test_an_unknown_case_at_reprint_keeps_the_platforms_detail(server: ServerThread) -> None:
    with _client(server, A_TOKEN) as a:
        case = ReceiptLookup(a, None, BASE)
        view = _ready_view("MJ2099010100009")
        with pytest.raises(CaseNotFound) as e:
            case.certificate_for_reprint(view, resident())
        assert e.value.detail == "certificate of MJ2099010100009: no such case"


def _ready_view(number: str):
    from kiosk.services.receipt_codes import CaseView

    return CaseView(CaseSource.PLATFORM, "approved", "已办结", number, None, "S", True)


def test_unavailable_details_are_exact() -> None:
    sid = "01JD" + "0" * 22
    with pytest.raises(CaseLookupUnavailable) as e:
        ReceiptLookup(None, None, BASE).lookup(ReceiptCode("MJ2099010100001"))
    assert e.value.detail == "platform unavailable and not in the outbox: no platform client"
    with ReceiptClient(platform_settings(dead_url())) as offline:  # type: ignore[arg-type]
        try:
            offline.case_by_submission(sid)
        except PlatformError as err:
            reason = err.detail
        # A submission id without the printing kiosk: the plain "unavailable".
        with pytest.raises(CaseLookupUnavailable) as e:
            ReceiptLookup(offline, None, BASE).lookup(ReceiptCode(None, sid))
        assert e.value.detail == f"platform unavailable and not in the outbox: {reason}"
        assert e.value.resident_message == CaseLookupUnavailable.resident_message
        with pytest.raises(CaseLookupUnavailable) as e:
            ReceiptLookup(offline, None, BASE).lookup(ReceiptCode(None, sid, "XM-2"))
        assert e.value.detail == f"submission {sid} of kiosk XM-2 unknown here ({reason})"
        assert e.value.resident_message == (
            "该申请尚未上传至政务服务平台（在受理终端排队提交中），请稍后再查询。"
        )


class _UnreadableOutbox(Outbox):
    """A real outbox whose reads fail the way a damaged one reports it (failure injection)."""

    def get(self, submission_id: str):
        raise OutboxUnavailable("outbox database is locked by a salvage")

    def list(self, state=None, limit=100):
        raise OutboxUnavailable("outbox database is locked by a salvage")


def test_an_unreadable_outbox_is_logged_and_the_lookup_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    ob = _UnreadableOutbox(tmp_path / "ob", tmp_path / "ob.key")
    try:
        for code in (ReceiptCode(None, "01JD" + "1" * 22), ReceiptCode("MJ2099010100002")):
            caplog.clear()
            with (
                caplog.at_level(logging.WARNING, logger=LOGGER),
                pytest.raises(CaseLookupUnavailable),
            ):
                ReceiptLookup(None, ob, BASE).lookup(code)
            assert [r.getMessage() for r in caplog.records if r.name == LOGGER] == [
                "receipt lookup: outbox unavailable: outbox database is locked by a salvage"
            ]
    finally:
        ob.close()


def test_the_local_lookup_reads_past_the_first_hundred_tombstones(outbox: Outbox) -> None:
    # 150 acknowledged tombstones (rows only: their data went at acknowledgement),
    # written in one transaction; the wanted one is the last by id.
    rows = [(f"01TOMB{i:020d}", f"MJ20260101{i:05d}") for i in range(150)]
    with outbox._tx() as conn:
        conn.executemany(
            "INSERT INTO submissions (id, service_code, kiosk_id, created_at, state, envelope,"
            " bytes, attempts, next_attempt_at, updated_at, acceptance_no, acknowledged_at)"
            " VALUES (?, 'S', 'K', 1, ?, X'', 512, 1, 0, 1, ?, 2)",
            [(sid, State.ACKNOWLEDGED.value, number) for sid, number in rows],
        )
    case = ReceiptLookup(None, outbox, BASE).lookup(ReceiptCode(rows[-1][1]))
    assert (case.source, case.submission_id, case.acceptance_no) == (
        CaseSource.LOCAL_OUTBOX,
        rows[-1][0],
        rows[-1][1],
    )


def test_the_path_is_compared_without_trailing_slashes_only() -> None:
    from kiosk.services.receipt_codes import NotAReceiptCode, parse_receipt_code

    number = "MJ2026010100001"
    # A base configured with a trailing slash reads codes printed without one.
    assert parse_receipt_code(f"{BASE}?n={number}", BASE + "/") == ReceiptCode(number)
    # Only slashes are trimmed: a path one letter longer or shorter is another page.
    for scanned, base in ((f"{BASE}X?n={number}", BASE), (f"{BASE}?n={number}", BASE + "X")):
        with pytest.raises(NotAReceiptCode) as e:
            parse_receipt_code(scanned, base)
        assert e.value.detail == f"not a receipt URL ({len(scanned)} chars)"
