"""The payment journal on its own: a real SQLite file, transitions through the table,
stale events recorded without effect, forbidden ones refused, nothing lost on reopen
or on kill -9 of the writer."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kiosk.payments.errors import InvalidOrderTransition, OrderNotFound
from kiosk.payments.journal import DB_NAME, Journal
from kiosk.payments.machine import OrderEvent as E
from kiosk.payments.machine import OrderState as S

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def new(j: Journal, no: str = "ORDER000001", **kw: object) -> None:
    args: dict[str, object] = dict(flow="micropay", service_code="JT-JSZ-HZ", amount_fen=1000, subject="工本费", business_ref="s1")  # fmt: skip
    args.update(kw)
    j.create(no, **args)  # type: ignore[arg-type]


def test_create_and_walk_to_submitted(tmp_path: Path) -> None:
    clock = iter(range(100, 200))
    j = Journal(tmp_path, clock=lambda: float(next(clock)))
    new(j)
    rec = j.get("ORDER000001")
    assert (rec.state, rec.amount_fen, rec.currency, rec.created_at) == (
        S.CREATED,
        1000,
        "CNY",
        100.0,
    )
    rec, changed = j.apply("ORDER000001", E.PROVIDER_PAID, "paid", charged_fen=1000, paid_at=5.0)
    assert changed and rec.state == S.PAID and rec.charged_fen == 1000 and rec.paid_at == 5.0
    assert rec.updated_at > rec.created_at
    rec = j.set_fields("ORDER000001", case_id="CASE1")
    rec, changed = j.apply("ORDER000001", E.CASE_SUBMITTED, acceptance_no="ACC1")
    assert (
        changed
        and rec.state == S.SUBMITTED
        and rec.case_id == "CASE1"
        and rec.acceptance_no == "ACC1"
    )
    events = j.events("ORDER000001")
    assert [(e.event, e.from_state, e.to_state, e.stale) for e in events] == [
        ("create", "", "created", False),
        ("provider_paid", "created", "paid", False),
        ("case_submitted", "paid", "submitted", False),
    ]
    assert events[1].note == "paid"
    seqs = [e.seq for e in events]
    assert all(isinstance(q, int) for q in seqs) and seqs == sorted(set(seqs))


def test_stale_event_is_recorded_and_changes_nothing(tmp_path: Path) -> None:
    j = Journal(tmp_path)
    new(j)
    j.apply("ORDER000001", E.PROVIDER_PAID, charged_fen=1000)
    rec, changed = j.apply("ORDER000001", E.PROVIDER_PAID, "duplicate", charged_fen=1)
    assert not changed and rec.state == S.PAID and rec.charged_fen == 1000
    last = j.events("ORDER000001")[-1]
    assert last.stale and last.note == "duplicate" and last.to_state == "paid"


def test_forbidden_event_writes_nothing(tmp_path: Path) -> None:
    j = Journal(tmp_path)
    new(j)
    with pytest.raises(InvalidOrderTransition):
        j.apply("ORDER000001", E.CASE_SUBMITTED)
    assert j.get("ORDER000001").state == S.CREATED and len(j.events("ORDER000001")) == 1


def test_bad_input_refused(tmp_path: Path) -> None:
    j = Journal(tmp_path)
    for amount in (0, -1, 10.5, True, "1000"):
        with pytest.raises(ValueError):
            new(j, amount_fen=amount)
    with pytest.raises(ValueError):
        new(j, flow="cash")
    new(j)
    with pytest.raises(ValueError, match="already journaled"):
        new(j)
    with pytest.raises(ValueError):
        j.apply("ORDER000001", E.PROVIDER_PAID, amount_fen=1)  # identity fields are fixed
    with pytest.raises(ValueError):
        j.set_fields("ORDER000001")
    with pytest.raises(ValueError):
        j.set_fields("ORDER000001", state="paid")
    with pytest.raises(OrderNotFound):
        j.apply("NOPE", E.PROVIDER_PAID)
    with pytest.raises(OrderNotFound):
        j.set_fields("NOPE", case_id="x")
    with pytest.raises(OrderNotFound):
        j.get("NOPE")
    assert j.find("NOPE") is None


def test_queries(tmp_path: Path) -> None:
    j = Journal(tmp_path)
    for i, state_events in enumerate([[], [E.PROVIDER_CLOSED], [E.PROVIDER_PAID], [E.PROVIDER_PAID, E.REFUND_ASKED, E.PROVIDER_REFUNDED]]):  # fmt: skip
        no = f"ORDER00000{i}"
        new(j, no, business_ref=f"s{i % 2}")
        for ev in state_events:
            times = {E.PROVIDER_PAID: {"paid_at": 1000.0 + i}, E.PROVIDER_REFUNDED: {"refunded_at": 2000.0 + i}}  # fmt: skip
            j.apply(no, ev, **times.get(ev, {}))
    assert [r.order_no for r in j.unfinished()] == ["ORDER000000", "ORDER000002"]
    assert [r.order_no for r in j.paid_between(1000.0, 1003.0)] == ["ORDER000002"]
    assert [r.order_no for r in j.paid_between(1002.0, 1004.0)] == ["ORDER000002", "ORDER000003"]
    assert [r.order_no for r in j.refunded_between(2003.0, 2004.0)] == ["ORDER000003"]
    assert [r.order_no for r in j.by_business_ref("s1")] == ["ORDER000001", "ORDER000003"]
    assert j.counts() == {"created": 1, "closed": 1, "paid": 1, "refunded": 1}
    assert len(j.all()) == 4


def test_notifications_deduplicated_across_reopen(tmp_path: Path) -> None:
    j = Journal(tmp_path)
    new(j)
    assert j.first_notification("n1", "ORDER000001") is True
    assert j.first_notification("n1", "ORDER000001") is False
    j.close()
    j = Journal(tmp_path)
    assert j.first_notification("n1", "ORDER000001") is False
    assert j.first_notification("n2", "ORDER000001") is True


def test_durable_settings(tmp_path: Path) -> None:
    Journal(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    j = Journal(tmp_path)
    assert j._conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


WRITER = """
import sys
from pathlib import Path
from kiosk.payments.journal import Journal
from kiosk.payments.machine import OrderEvent
j = Journal(Path(sys.argv[1]))
i = 0
while True:
    no = f"K{i:012d}"
    j.create(no, flow="native", service_code="X", amount_fen=100, subject="x", business_ref="b")
    j.apply(no, OrderEvent.PROVIDER_PAID, charged_fen=100)
    print(no, flush=True)
    i += 1
"""


def test_kill_9_loses_nothing_reported(tmp_path: Path) -> None:
    """Every order the writer reported after its commit is there after a kill -9."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT)  # fmt: skip
    assert proc.stdout is not None
    reported = []
    end = time.monotonic() + 60
    while len(reported) < 50 and time.monotonic() < end:
        reported.append(proc.stdout.readline().strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    j = Journal(tmp_path)
    for no in reported:
        assert j.get(no).state == S.PAID
    # The order being written at the kill is whole or absent, never half (created only
    # is possible: the kill fell between its two commits).
    assert all(r.state in (S.CREATED, S.PAID) for r in j.all())


def test_directory_is_private_and_made_with_its_parents(tmp_path: Path) -> None:
    d = tmp_path / "a" / "b"
    Journal(d).close()
    assert (d.stat().st_mode & 0o777) == 0o700


def test_defaults_and_refusal_messages(tmp_path: Path) -> None:
    j = Journal(tmp_path)
    j.create("ORDERNATIVE1", flow="native", service_code="FC-CX", amount_fen=1, subject="s", business_ref="b")  # fmt: skip
    rec = j.get("ORDERNATIVE1")
    assert (rec.flow, rec.provider, rec.amount_fen, rec.case_id) == ("native", "", 1, "")
    assert j.find("ORDERNATIVE1") == rec
    j.apply("ORDERNATIVE1", E.ACCEPTED)
    assert j.events("ORDERNATIVE1")[-1].note == ""
    j.apply("ORDERNATIVE1", E.NO_ANSWER, "x" * 600)
    assert len(j.events("ORDERNATIVE1")[-1].note) == 500
    with pytest.raises(ValueError, match="positive integer of fen, not 0"):
        new(j, "ORDERZERO", amount_fen=0)
    with pytest.raises(ValueError, match="unknown flow 'cash'"):
        new(j, "ORDERCASH", flow="cash")
    with pytest.raises(ValueError, match=r"cannot set \['amount_fen'\] on an order"):
        j.apply("ORDERNATIVE1", E.PROVIDER_PAID, amount_fen=2)
    with pytest.raises(ValueError, match="cannot set nothing on an order"):
        j.set_fields("ORDERNATIVE1")
    with pytest.raises(OrderNotFound, match="no order NOPE in the journal"):
        j.apply("NOPE", E.ACCEPTED)
    with pytest.raises(OrderNotFound, match="no order NOPE in the journal"):
        j.get("NOPE")
    with pytest.raises(OrderNotFound, match="no order NOPE in the journal"):
        j.set_fields("NOPE", case_id="c")
    j.set_fields("ORDERNATIVE1", case_id="C1", last_error="e")
    assert (j.get("ORDERNATIVE1").case_id, j.get("ORDERNATIVE1").last_error) == ("C1", "e")


def test_orders_come_back_in_time_order_not_insertion_order(tmp_path: Path) -> None:
    times = iter([30.0, 10.0, 20.0])
    j = Journal(tmp_path, clock=lambda: next(times, 50.0))
    for no in ("ORDERC", "ORDERA", "ORDERB"):
        new(j, no)
    assert [r.order_no for r in j.all()] == ["ORDERA", "ORDERB", "ORDERC"]
    assert [r.order_no for r in j.unfinished()] == ["ORDERA", "ORDERB", "ORDERC"]
    ev = j.events("ORDERA")[0]
    assert (ev.order_no, ev.at) == ("ORDERA", 10.0)


def test_used_from_another_thread(tmp_path: Path) -> None:
    import threading

    j = Journal(tmp_path)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            new(j, "ORDERTHREAD")
            j.apply("ORDERTHREAD", E.PROVIDER_PAID)
        except BaseException as e:
            errors.append(e)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert errors == [] and j.get("ORDERTHREAD").state == S.PAID


def test_unwritable_journal_is_a_clear_error(tmp_path: Path) -> None:
    from kiosk.payments.errors import JournalUnavailable

    (tmp_path / "payments").write_text("a file where the directory should be")
    with pytest.raises(JournalUnavailable, match="payment journal at") as e:
        Journal(tmp_path / "payments")
    assert "未扣款" in e.value.resident_message
