"""All three connector styles behind one outbox: one department down, one failing 30 %."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from department_servers.soap import WSDL
from kiosk.platform.dispatch import ConnectorDestination
from kiosk.platform.gm import GmConnector
from kiosk.platform.rest import RestConnector
from kiosk.platform.soap import SoapConnector
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncSettings, SyncWorker
from tests.connectors.conftest import (
    APP_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    CLIENT_SK,
    GW_PK,
    KIOSK,
    Servers,
    set_faults,
)


def acked(outbox: Outbox, sids: list[str]) -> bool:
    return all(outbox.get(s).state is State.ACKNOWLEDGED for s in sids)


def wait_until(cond: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


def test_each_submission_reaches_its_own_department_exactly_once(
    servers: Servers, make_outbox: Callable[..., Outbox]
) -> None:
    rest, soap, gm = servers.rest(), servers.soap(), servers.gm()
    conns = [
        RestConnector("rest", rest.url, CLIENT_ID, CLIENT_SECRET, timeout_s=5),
        SoapConnector("soap", soap.url, WSDL, timeout_s=5),
        GmConnector("gm", gm.url, APP_ID, CLIENT_SK, GW_PK, timeout_s=5),
    ]
    outbox = make_outbox()
    settings = SyncSettings(
        backoff_initial_s=0.01, backoff_max_s=0.05, max_failures_per_batch=3, network_poll_s=None
    )
    w = SyncWorker(
        outbox, None, settings, destinations=tuple(ConnectorDestination(c) for c in conns)
    )
    try:
        set_faults(soap, down=True)  # the housing-fund centre is down
        set_faults(rest, fail_rate=0.3, drop_after_commit=0.3)
        sent: dict[str, list[str]] = {"rest": [], "soap": [], "gm": []}
        for i in range(24):
            name = ("rest", "soap", "gm")[i % 3]
            sent[name].append(outbox.enqueue("S", KIOSK, {"i": i}, None, [], connector=name))
        w.start()  # the real background loop: breakers cool down on their own
        wait_until(lambda: acked(outbox, sent["rest"] + sent["gm"]))
        # The two departments that answer got everything, while the third was down.
        assert all(outbox.get(s).state is State.ACKNOWLEDGED for s in sent["rest"] + sent["gm"])
        assert all(outbox.get(s).state in (State.PENDING, State.SENDING) for s in sent["soap"])
        lanes = {ln.name: ln for ln in w.lanes()}
        assert lanes["soap"].sent == 0 and lanes["soap"].failed > 0 and lanes["soap"].online is not True  # fmt: skip
        assert lanes["gm"].sent == 8 and lanes["gm"].circuit == "closed"
        # It comes back: its cases go through, each once.
        set_faults(soap)
        w.network_changed()  # (or the breaker's cool-down ends)
        wait_until(lambda: acked(outbox, sent["soap"]))
        assert all(outbox.get(s).state is State.ACKNOWLEDGED for s in sent["soap"])
        for srv, name in ((rest, "rest"), (soap, "soap"), (gm, "gm")):
            assert Counter(srv.app.state.store.business_keys()) == dict.fromkeys(sent[name], 1)
    finally:
        w.stop()
        for c in conns:
            c.close()
