"""Connector a (REST/JSON + OAuth2 client credentials) against its reference server over HTTP."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import httpx
import pytest

from kiosk.platform.connector import CaseAttachment, CaseIn, MalformedResponse
from kiosk.platform.dispatch import ConnectorDestination
from kiosk.platform.rest import RestConnector
from offline_queue.errors import (
    PlatformAuthError,
    PlatformBusy,
    PlatformNotFound,
    PlatformUnavailable,
)
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncSettings, SyncWorker
from tests.connectors.conftest import (
    ADMIN,
    CLIENT_ID,
    CLIENT_SECRET,
    KIOSK,
    SAMPLE_ITEMS,
    Servers,
    set_faults,
)


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def case(key: str) -> CaseIn:
    return CaseIn(
        key, "GJJ-TQ", {"amount": 1200}, (CaseAttachment("a" * 64, "image/jpeg", b"\xff\xd8scan"),)
    )


def test_token_is_fetched_once_cached_and_refreshed_before_expiry(servers: Servers) -> None:
    srv = servers.rest(token_ttl_s=600)
    clock = Clock()
    c = RestConnector("a", srv.url, CLIENT_ID, CLIENT_SECRET, refresh_margin_s=60, clock=clock)
    try:
        for i in range(3):
            c.submit(case(f"K{i}"))
        assert c.tokens.fetches == 1 and srv.app.state.token_requests == 1
        clock.t += 600 - 60 - 1  # just before the refresh margin
        c.query_status(c.submit(case("K9")).case_id)
        assert c.tokens.fetches == 1
        clock.t += 2  # inside the margin: refreshed before it expires
        c.submit(case("K10"))
        assert c.tokens.fetches == 2
    finally:
        c.close()


def test_one_401_means_one_refresh_and_one_retry(servers: Servers) -> None:
    srv = servers.rest()
    c = RestConnector("a", srv.url, CLIENT_ID, CLIENT_SECRET)
    try:
        c.submit(case("K1"))
        r = httpx.post(f"{srv.url}/admin/revoke-tokens", headers={"X-Admin-Token": ADMIN})
        assert r.status_code == 204
        ack = c.submit(case("K2"))  # 401 → new token → the same call again
        assert not ack.duplicate and c.tokens.fetches == 2
        assert srv.app.state.store.business_keys() == ["K1", "K2"]
    finally:
        c.close()


def test_wrong_secret_and_token_endpoint_down(servers: Servers) -> None:
    srv = servers.rest()
    bad = RestConnector("a", srv.url, CLIENT_ID, "wrong")
    with pytest.raises(PlatformAuthError) as e:
        bad.submit(case("K1"))
    assert "s3cret" not in e.value.detail and "wrong" not in repr(bad.tokens)
    assert e.value.resident_message.startswith("终端认证失败")
    bad.close()
    set_faults(srv, token_down=True)
    c = RestConnector("a", srv.url, CLIENT_ID, CLIENT_SECRET)
    with pytest.raises(PlatformBusy):
        c.submit(case("K1"))
    c.close()
    assert srv.app.state.store.business_keys() == []


def test_idempotency_key_and_dropped_connection_after_commit(servers: Servers) -> None:
    srv = servers.rest()
    c = RestConnector("a", srv.url, CLIENT_ID, CLIENT_SECRET)
    try:
        c.tokens.token()  # the token call is a POST too: fetch it before the fault
        set_faults(srv, drop_after_commit=1.0)
        with pytest.raises(PlatformUnavailable):
            c.submit(case("K1"))
        set_faults(srv)
        again = c.submit(case("K1"))
        assert again.duplicate
        assert srv.app.state.store.business_keys() == ["K1"]
    finally:
        c.close()


def test_items_licences_status_result_cancel(servers: Servers) -> None:
    srv = servers.rest()
    c = RestConnector("a", srv.url, CLIENT_ID, CLIENT_SECRET)
    try:
        full = c.fetch_items()
        assert full.full and [i["code"] for i in full.items] == [i["code"] for i in SAMPLE_ITEMS]
        srv.app.state.store.load_items(
            [{"code": "NEW-1", "name": "新事项", "department": "市住建局"}]
        )
        inc = c.fetch_items(full.version)
        assert not inc.full and [i["code"] for i in inc.items] == ["NEW-1"]
        ack = c.submit(case("K1"))
        assert c.query_status(ack.case_id).status == "accepted"
        assert c.fetch_result(ack.case_id).result_name
        assert c.cancel(ack.case_id).status == "cancelled"
        with pytest.raises(PlatformNotFound):
            c.query_status("R99999999")
    finally:
        c.close()


def test_malformed_answer_is_refused_and_retryable(servers: Servers) -> None:
    srv = servers.rest()
    c = RestConnector("a", srv.url, CLIENT_ID, CLIENT_SECRET)
    try:
        c.tokens.token()
        set_faults(srv, malformed_rate=1.0)
        with pytest.raises(MalformedResponse) as e:
            c.fetch_items()
        assert e.value.retryable
    finally:
        c.close()


def test_sync_worker_delivers_through_the_connector_exactly_once(
    servers: Servers, make_outbox: Callable[..., Outbox]
) -> None:
    srv = servers.rest()
    outbox = make_outbox()
    c = RestConnector("dept-a", srv.url, CLIENT_ID, CLIENT_SECRET, timeout_s=5)
    settings = SyncSettings(backoff_initial_s=0.01, backoff_max_s=0.05, max_failures_per_batch=1000, network_poll_s=None)  # fmt: skip
    w = SyncWorker(outbox, None, settings, destinations=(ConnectorDestination(c),))
    try:
        c.tokens.token()
        set_faults(srv, fail_rate=0.3, drop_after_commit=0.3)
        sids = [outbox.enqueue("GJJ-TQ", KIOSK, {"i": i}, None, [], connector="dept-a") for i in range(15)]  # fmt: skip
        for _ in range(60):
            w.sync_once()
            if all(outbox.get(s).state is State.ACKNOWLEDGED for s in sids):
                break
        assert all(outbox.get(s).state is State.ACKNOWLEDGED for s in sids)
        assert Counter(srv.app.state.store.business_keys()) == dict.fromkeys(sids, 1)
        cases = {srv.app.state.store.by_business_key(s).case_id for s in sids}  # type: ignore[union-attr]
        assert {outbox.get(s).acceptance_no for s in sids} == cases
    finally:
        w.stop()
        c.close()
