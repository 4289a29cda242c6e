"""Results by post: validation, the courier order through the outbox over real HTTP to
the reference courier, with its faults (down, 5xx, latency, dropped after commit)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from department_servers.courier.app import create_app
from department_servers.courier.waybill_no import is_valid
from department_servers.runner import AppThread
from kiosk.handoff.courier import CourierKind, CourierOrders, OrderState
from kiosk.handoff.divisions import UnknownDivision, load_divisions
from kiosk.handoff.locker_journal import LockerJournal
from kiosk.handoff.validation import (
    InvalidDetail,
    InvalidMobile,
    InvalidName,
    OutsideDeliveryArea,
    check_mobile,
)
from kiosk.handoff_settings import CourierConfig
from kiosk.platform.courier import CourierClient, CourierDestination, CourierRefused
from kiosk.privacy import SensitiveValues, scrub_text
from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.errors import PlatformUnavailable, PlatformUnreachable
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker
from tests.queue.conftest import FAST

pytestmark = pytest.mark.integration

KIOSK = "FZ-TEST-0001"
NAME, MOBILE, DETAIL = "李建国", "13800138000", "鼓屏路 1 号 3 单元 502"


@pytest.fixture
def courier(tmp_path: Path) -> Iterator[AppThread]:
    with AppThread(create_app(tmp_path / "courier.db", ("35", "44")), name="courier") as srv:
        yield srv


def admin(srv: AppThread, **faults: object) -> None:
    httpx.put(f"{srv.url}/admin/faults", content=json.dumps(faults)).raise_for_status()


def waybills(srv: AppThread) -> list[dict[str, str]]:
    return httpx.get(f"{srv.url}/admin/waybills").json()["orders"]  # type: ignore[no-any-return]


class Terminal:
    """Outbox, journal, courier orders and a sync worker, as the terminal wires them."""

    def __init__(self, data: Path, url: str, **courier_cfg: object) -> None:
        self.outbox = Outbox(data / "outbox", data / "keys" / "outbox.key")
        self.journal = LockerJournal(data / "handoff" / "locker.sqlite")
        self.sensitive = SensitiveValues()
        self.orders = CourierOrders(
            self.outbox,
            self.journal,
            load_divisions(),
            CourierConfig(url=url, **courier_cfg),  # type: ignore[arg-type]
            KIOSK,
            sensitive=self.sensitive,
        )
        self.client = PlatformClient(PlatformSettings(url, "t", timeout_s=2))
        self.courier = CourierClient(url, timeout_s=2)
        self.worker = SyncWorker(
            self.outbox, self.client, FAST, destinations=(CourierDestination(self.courier),)
        )
        self.worker.on_acknowledged(self.orders.acknowledged)

    def request(self, case: str = "C-1", **kw: str):  # type: ignore[no-untyped-def]
        args = {"name": NAME, "mobile": MOBILE, "district": "350102", "detail": DETAIL}
        args.update(kw)
        return self.orders.request(CourierKind.DELIVERY, case, **args)

    def drain(self, rounds: int = 50) -> None:
        for _ in range(rounds):
            self.worker.sync_once()
            if self.outbox.stats().unsent == 0:
                return

    def close(self) -> None:
        self.worker.stop()
        self.client.close()
        self.courier.close()
        self.outbox.close()
        self.journal.close()


@pytest.fixture
def terminal(tmp_path: Path, courier: AppThread) -> Iterator[Terminal]:
    t = Terminal(tmp_path / "data", courier.url)
    yield t
    t.close()


def test_validation_of_what_the_resident_typed(terminal: Terminal) -> None:
    assert check_mobile("138 0013 8000") == MOBILE
    assert check_mobile("+86 138-0013-8000") == MOBILE
    assert check_mobile("１３８００１３８０００") == MOBILE  # full-width from the IME
    for bad in ("1380013800", "23800138000", "12800138000", "138001380001", "abc"):
        with pytest.raises(InvalidMobile):
            check_mobile(bad)
    with pytest.raises(InvalidName):
        terminal.request(name="李")
    with pytest.raises(InvalidName):
        terminal.request(name="Robert'); DROP")
    with pytest.raises(InvalidDetail):
        terminal.request(detail="x" * 61)
    with pytest.raises(OutsideDeliveryArea) as e:
        terminal.request(district="110101")  # Beijing: not served by this courier
    assert "不在邮寄服务范围" in e.value.resident_message
    with pytest.raises(UnknownDivision):
        terminal.request(district="350100")  # a city, not a district
    assert terminal.outbox.stats().unsent == 0  # nothing refused reached the outbox


def test_online_order_placed_once_even_if_tapped_twice(
    terminal: Terminal, courier: AppThread
) -> None:
    terminal.worker.start()
    first = terminal.orders.place(terminal.request(), wait_s=30)
    assert first.state is OrderState.PLACED and is_valid(first.waybill_no)
    again = terminal.orders.place(terminal.request(), wait_s=5)
    assert again.duplicate and again.order_id == first.order_id
    assert again.waybill_no == first.waybill_no
    (wb,) = waybills(courier)
    assert wb["client_order_id"] == first.order_id and wb["reference"] == "C-1"
    # The waybill number goes to the case, through the platform's lane.
    terminal.drain()
    notes = [
        json.loads(terminal.outbox.envelope_bytes(i.id))["form"]
        for i in terminal.outbox.list()
        if i.connector == ""
    ]
    assert [n["waybill_no"] for n in notes] == [first.waybill_no]


def test_offline_order_sent_once_when_the_courier_is_back(
    terminal: Terminal, courier: AppThread
) -> None:
    admin(courier, down=True)
    saved = terminal.orders.place(terminal.request("C-2"), wait_s=0)
    assert saved.state is OrderState.SAVED and saved.waybill_no == ""
    terminal.worker.acquire()
    terminal.worker.sync_once()
    assert waybills(courier) == []
    admin(courier, down=False)
    terminal.drain()
    receipt = terminal.orders.place(terminal.request("C-2"), wait_s=0)
    assert receipt.state is OrderState.PLACED and receipt.order_id == saved.order_id
    assert len(waybills(courier)) == 1


def test_5xx_and_dropped_after_commit_still_exactly_once(
    terminal: Terminal, courier: AppThread
) -> None:
    admin(courier, fail_rate=0.4, drop_after_commit=0.5)
    ids = [terminal.orders.place(terminal.request(f"C-{n}"), wait_s=0).order_id for n in range(12)]
    terminal.worker.acquire()
    terminal.drain(rounds=200)
    admin(courier)
    terminal.drain()
    got = waybills(courier)
    assert sorted(w["client_order_id"] for w in got) == sorted(ids)
    assert sorted(w["reference"] for w in got) == sorted(f"C-{n}" for n in range(12))
    for oid in ids:
        assert terminal.outbox.get(oid).acceptance_no is not None


def test_courier_refusal_is_a_dead_letter_with_a_reason(tmp_path: Path, courier: AppThread) -> None:
    t = Terminal(tmp_path / "d2", courier.url, sender_phone="12345")  # the courier refuses it
    try:
        r = t.orders.place(t.request("C-R"), wait_s=0)
        t.worker.acquire()
        t.drain()
        r = t.orders.place(t.request("C-R"), wait_s=0)
        assert r.state is OrderState.REFUSED and "BAD_PHONE" in r.detail
        assert waybills(courier) == []
    finally:
        t.close()


def test_client_cancel_track_find_and_timeouts(tmp_path: Path, courier: AppThread) -> None:
    c = CourierClient(courier.url, timeout_s=1)
    order = {
        "client_order_id": "ORDER-000001",
        "kind": "pickup",
        "sender": {"name": NAME, "phone": MOBILE, "division": "440304", "detail": DETAIL},
        "recipient": {
            "name": "福田区政务中心",
            "phone": "0755-12345",
            "division": "440304",
            "detail": "大厅",
        },
        "items": [{"name": "容缺后补材料", "count": 1}],
        "reference": "C-P",
    }
    ack = c.create(order)
    assert is_valid(ack.acceptance_no) and not ack.duplicate
    assert c.create(order).acceptance_no == ack.acceptance_no  # idempotent
    with pytest.raises(CourierRefused) as e:
        c.create({**order, "items": [{"name": "另一件", "count": 2}]})
    assert e.value.code == "ORDER_ID_REUSED"
    assert c.find("ORDER-000001") == ack.acceptance_no and c.find("ORDER-404404") is None
    t = c.track(ack.acceptance_no)
    assert t.status == "created" and t.events[0].status == "created"
    assert c.cancel(ack.acceptance_no) == "cancelled"
    assert c.track(ack.acceptance_no).events[-1].status == "cancelled"
    admin(courier, latency_ms=1500)
    with pytest.raises(PlatformUnavailable):
        c.find("ORDER-000001")
    admin(courier)
    c.close()
    dead = CourierClient("http://127.0.0.1:9", timeout_s=1)
    with pytest.raises(PlatformUnreachable):
        dead.find("ORDER-000001")
    dead.close()


def test_address_and_phone_only_encrypted_on_disk_and_masked(
    terminal: Terminal, tmp_path: Path
) -> None:
    terminal.orders.place(terminal.request("C-P1"), wait_s=0)
    # Logs: the registry masks the typed address and name; the phone is masked by pattern.
    line = scrub_text(f"order for {NAME} {MOBILE} at {DETAIL}", terminal.sensitive)
    assert NAME not in line and MOBILE not in line and DETAIL not in line
    terminal.sensitive.clear()  # the session wipe
    assert len(terminal.sensitive) == 0
    needles = [s.encode() for s in (MOBILE, DETAIL, "鼓屏路", NAME)]
    needles += [s.encode("utf-16-le") for s in ("鼓屏路", NAME)]
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            for n in needles:
                assert n not in raw, f"{n!r} in clear in {path}"


def test_courier_pickup_of_materials_handed_in_later(
    terminal: Terminal, courier: AppThread
) -> None:
    """上门取件 (容缺后补): the same picker and order, the resident as the sender."""
    req = terminal.orders.request(CourierKind.PICKUP, "C-PU", NAME, MOBILE, "350102", DETAIL)
    terminal.worker.start()
    r = terminal.orders.place(req, wait_s=30)
    assert r.state is OrderState.PLACED and is_valid(r.waybill_no)
    (wb,) = waybills(courier)
    assert (wb["kind"], wb["reference"]) == ("pickup", "C-PU")
    # A delivery for the same case is a different order, not a duplicate of the pick-up.
    d = terminal.orders.place(terminal.request("C-PU"), wait_s=30)
    assert d.order_id != r.order_id and not d.duplicate
    assert sorted(w["kind"] for w in waybills(courier)) == ["delivery", "pickup"]


def test_street_picked_from_the_district_list(terminal: Terminal) -> None:
    """The 4th level (乡镇/街道 by name): only a street of that district, sent to the courier."""
    divisions = load_divisions()
    assert "鼓东街道" in divisions.streets("350102") and "洪山镇" in divisions.streets("350102")
    assert divisions.streets("350100") == []  # a city code has no street list
    with pytest.raises(UnknownDivision):
        terminal.request(street="莲前街道")  # 思明区's, not 鼓楼区's
    req = terminal.request("C-ST", street="鼓东街道")
    assert req.address.full_text() == "福建省福州市鼓楼区鼓东街道" + req.address.detail
    r = terminal.orders.place(req, wait_s=0)
    order = json.loads(terminal.outbox.envelope_bytes(r.order_id))["form"]["order"]
    assert (order["recipient"]["division"], order["recipient"]["street"]) == ("350102", "鼓东街道")
