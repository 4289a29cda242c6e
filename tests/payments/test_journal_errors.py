"""The payment journal's failures name the order and the cause; event rows read back
field by field (issue 25, mutation score). Real SQLite files; the failures are real
SQLite errors (a NOT NULL column, a value SQLite cannot bind)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.payments.errors import JournalUnavailable
from kiosk.payments.journal import EventRecord, Journal
from kiosk.payments.machine import OrderEvent as E
from kiosk.payments.machine import OrderState as S


def _journal(tmp_path: Path) -> Journal:
    clock = iter(range(100, 200))
    j = Journal(tmp_path, clock=lambda: float(next(clock)))
    j.create(
        "ORDER000001",
        flow="native",
        service_code="JT-JSZ-HZ",
        amount_fen=1000,
        subject="工本费",
        business_ref="s1",
    )
    return j


def test_sqlite_failures_inside_a_write_name_what_was_being_written(tmp_path: Path) -> None:
    j = _journal(tmp_path)
    with pytest.raises(JournalUnavailable) as e:
        j.apply("ORDER000001", E.ACCEPTED, provider_txn=None)  # NOT NULL column
    assert e.value.detail == (
        "cannot journal accepted of ORDER000001: NOT NULL constraint failed: orders.provider_txn"
    )
    with pytest.raises(JournalUnavailable) as e:
        j.set_fields("ORDER000001", code_url=None)
    assert e.value.detail == (
        "cannot update ORDER000001: NOT NULL constraint failed: orders.code_url"
    )
    assert j.get("ORDER000001").state is S.CREATED  # both rolled back
    for call, prefix in (
        (lambda: j.create("ORDER000002", flow="native", service_code="S", amount_fen=1, subject=object(), business_ref="s"), "cannot journal order: "),  # type: ignore[arg-type]
        (lambda: j.first_notification(object(), "ORDER000001"), "cannot record notification: "),  # type: ignore[arg-type]
        (lambda: j.get(object()), "cannot read payment journal: "),  # type: ignore[arg-type]
    ):  # fmt: skip
        with pytest.raises(JournalUnavailable) as e:
            call()
        assert e.value.detail.startswith(prefix + "Error binding parameter ")
    assert j.find("ORDER000002") is None


def test_events_read_back_field_by_field(tmp_path: Path) -> None:
    j = _journal(tmp_path)
    j.apply("ORDER000001", E.ACCEPTED, note="precreate ok")
    j.apply("ORDER000001", E.ACCEPTED)  # a repeat: awaiting stays awaiting
    assert j.events("ORDER000001") == [
        EventRecord(1, "ORDER000001", 100.0, "create", "", "created", False, ""),
        EventRecord(
            2, "ORDER000001", 101.0, "accepted", "created", "awaiting", False, "precreate ok"
        ),
        EventRecord(3, "ORDER000001", 102.0, "accepted", "awaiting", "awaiting", False, ""),
    ]
