"""Connector b (SOAP via zeep, no idempotency key) against its reference WebService over HTTP."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from department_servers.soap import WSDL
from kiosk.platform.connector import CaseAttachment, CaseIn, MalformedResponse
from kiosk.platform.dispatch import ConnectorDestination
from kiosk.platform.soap import SoapConnector
from offline_queue.errors import (
    PlatformBusy,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnavailable,
)
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncSettings, SyncWorker
from tests.connectors.conftest import KIOSK, SAMPLE_ITEMS, Servers, set_faults


def test_the_legacy_system_really_has_no_idempotency(servers: Servers) -> None:
    srv = servers.soap()
    c = SoapConnector("gjj", srv.url, WSDL)
    try:
        for _ in range(2):  # what a naive client would do: submit again
            c._svc().SubmitCase(BusinessKey="K1", ServiceCode="GJJ-TQ", PayloadJson="{}")
        assert srv.app.state.store.business_keys() == ["K1", "K1"]
    finally:
        c.close()


def test_submit_queries_first_so_a_dropped_answer_never_duplicates(servers: Servers) -> None:
    srv = servers.soap()
    c = SoapConnector("gjj", srv.url, WSDL)
    try:
        case = CaseIn(
            "K1", "GJJ-TQ", {"amount": 1}, (CaseAttachment("b" * 64, "image/jpeg", b"x"),)
        )
        set_faults(srv, drop_after_commit=1.0)
        with pytest.raises(PlatformUnavailable):  # an earlier attempt landed, its answer lost
            c._op("SubmitCase", BusinessKey="K1", ServiceCode="GJJ-TQ", PayloadJson="{}")
        set_faults(srv)
        again = c.submit(case)
        assert again.duplicate and c.found_by_query == 1
        assert srv.app.state.store.business_keys() == ["K1"]
        assert c.query_status(again.case_id).status == "accepted"
        assert c.cancel(again.case_id).status == "cancelled"
        assert c.fetch_result(again.case_id).data["status"] == "cancelled"
        with pytest.raises(PlatformNotFound):
            c.query_status("H404")
        full = c.fetch_items()
        assert full.full and [i["code"] for i in full.items] == [i["code"] for i in SAMPLE_ITEMS]
    finally:
        c.close()


def test_soap_faults_malformed_xml_and_server_errors(servers: Servers) -> None:
    srv = servers.soap()
    c = SoapConnector("gjj", srv.url, WSDL)
    try:
        with pytest.raises(PlatformRejected) as e:
            c._op("SubmitCase", BusinessKey="K", ServiceCode="S", PayloadJson="not json")
        assert "SOAP fault" in e.value.detail
        set_faults(srv, malformed_rate=1.0)
        with pytest.raises(MalformedResponse):
            c.fetch_items()
        set_faults(srv, down=True)
        with pytest.raises(PlatformBusy):
            c.fetch_items()
        set_faults(srv)
        r = httpx.post(
            f"{srv.url}/soap/housing", content=b"<unclosed", headers={"Content-Type": "text/xml"}
        )
        assert r.status_code == 500 and b"faultcode" in r.content
    finally:
        c.close()


def test_sync_worker_exactly_once_without_server_help(
    servers: Servers, make_outbox: Callable[..., Outbox]
) -> None:
    srv = servers.soap()
    c = SoapConnector("gjj", srv.url, WSDL, timeout_s=5)
    outbox = make_outbox()
    settings = SyncSettings(backoff_initial_s=0.01, backoff_max_s=0.05, max_failures_per_batch=1000, network_poll_s=None)  # fmt: skip
    w = SyncWorker(outbox, None, settings, destinations=(ConnectorDestination(c),))
    try:
        set_faults(srv, fail_rate=0.3, drop_after_commit=0.3)
        sids: list[str] = []
        # The drops are random (30 %): batches of 12 until one was caught by the
        # query (about 1 batch in 70 sees none; five batches in a row, never).
        for batch in range(5):
            sids += [outbox.enqueue("GJJ-TQ", KIOSK, {"i": batch * 100 + i}, None, [], connector="gjj") for i in range(12)]  # fmt: skip
            for _ in range(80):
                w.sync_once()
                if all(outbox.get(s).state is State.ACKNOWLEDGED for s in sids):
                    break
            if c.found_by_query > 0:
                break
        assert all(outbox.get(s).state is State.ACKNOWLEDGED for s in sids)
        assert Counter(srv.app.state.store.business_keys()) == dict.fromkeys(sids, 1)
        assert c.found_by_query > 0  # the drops did happen, and the query caught them
    finally:
        w.stop()
        c.close()


def test_a_missing_wsdl_is_a_configuration_error_at_start_not_at_the_first_call(
    tmp_path,
) -> None:
    # The connector parses its WSDL lazily (issue 18), so the registry checks it is there.
    from kiosk.config import ConnectorConfig, KioskConfig
    from kiosk.platform.registry import ConnectorConfigError, build_connector

    cfg = ConnectorConfig(
        name="gjj", style="soap", url="http://127.0.0.1:9", wsdl=tmp_path / "none.wsdl"
    )
    config = KioskConfig(kiosk={"id": "k1", "region": "350102"})
    with pytest.raises(ConnectorConfigError, match="WSDL"):
        build_connector(cfg, config)
