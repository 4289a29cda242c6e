"""The payments of a running terminal: built from the configuration, start-up recovery
settles what a crash left open, notifications reach the flow, and bad settings are a
clear start-up problem (the terminal runs on, fees go to the counter)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from department_servers.payments.runner import GatewayThread
from kiosk.config import load_config
from kiosk.payments.journal import Journal
from kiosk.payments.machine import OrderEvent, OrderState
from kiosk.payments.runtime import PaymentsUnavailable, build_runtime
from tests.payments.conftest import ADMIN, Keys, PayRig
from tests.payments.test_reconcile import write_config


def wait_for(pred, timeout: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return False


def test_start_up_recovery_settles_what_a_crash_left(
    tmp_path: Path, keys: Keys, gateway: GatewayThread
) -> None:
    data = tmp_path / "data"
    # The previous run: one code charged whose answer never arrived (journal: unknown),
    # one order journaled but never sent (the crash fell in between).
    rig = PayRig(data, keys, gateway=gateway)
    try:
        rig.set_faults(drop_after_commit=1.0, notify=False)
        charged = rig.flow.pay_with_code("JT-JSZ-HZ", 1000, "工本费", "s1", next(rig.codes))
        assert charged.state == OrderState.UNKNOWN
        rig.set_faults()
        rig.journal.create("XMTESTNEVERSENT01", flow="native", service_code="JT-JSZ-HZ", amount_fen=1000, subject="x", business_ref="s2")  # fmt: skip
    finally:
        rig.close()
    config = load_config(write_config(tmp_path, keys, gateway.url), data)
    rt = build_runtime(config)
    assert rt is not None
    rt.start(has_case=lambda _c: False)
    try:
        assert wait_for(lambda: rt.journal.get(charged.order_no).state == OrderState.REFUNDED), (
            rt.journal.events(charged.order_no),
            rt.last_recovery,
        )
        assert wait_for(lambda: rt.journal.get("XMTESTNEVERSENT01").state == OrderState.CLOSED)
        # The report is stored when the pass returns, after its last journal write.
        assert wait_for(lambda: rt.last_recovery is not None)
        assert rt.last_recovery is not None and rt.last_recovery.still_open == []
        # The receiver is up and verifies what it gets: a payment via the order QR.
        assert rt.flow is not None and rt.receiver is not None
        rec = rt.flow.open_order_qr("JT-JSZ-HZ", 1000, "工本费", "s3")
        import httpx

        httpx.post(f"{gateway.url}/sim/scan", json={"code_url": rec.code_url}, trust_env=False).raise_for_status()  # fmt: skip
        assert wait_for(lambda: rt.journal.get(rec.order_no).state == OrderState.PAID)
        assert any(e.event == "provider_paid" for e in rt.journal.events(rec.order_no))
    finally:
        rt.stop()
    # The gateway agrees: the lost charge was refunded in full.
    books = httpx.get(f"{gateway.url}/admin/orders", headers=ADMIN, trust_env=False).json()
    lost = next(o for o in books["orders"] if o["out_trade_no"] == charged.order_no)
    assert lost["charges"] == 1 and lost["refunded_fen"] == 1000


def test_missing_key_is_a_clear_start_up_problem(tmp_path: Path, keys: Keys) -> None:
    cfg = write_config(tmp_path, keys, "http://127.0.0.1:9")
    (tmp_path / "merchant.pem").unlink()
    with pytest.raises(PaymentsUnavailable, match=r"merchant\.pem") as e:
        build_runtime(load_config(cfg, tmp_path / "d"))
    assert "窗口" in e.value.resident_message


def test_off_by_default() -> None:
    assert build_runtime(load_config()) is None


def test_journal_survives_restart_of_the_runtime(tmp_path: Path, keys: Keys) -> None:
    cfg = write_config(tmp_path, keys, "http://127.0.0.1:9")
    config = load_config(cfg, tmp_path / "d")
    rt = build_runtime(config)
    assert rt is not None
    rt.journal.create("XMTESTKEPT000001", flow="native", service_code="FC-CX", amount_fen=500, subject="x", business_ref="s")  # fmt: skip
    rt.journal.apply("XMTESTKEPT000001", OrderEvent.PROVIDER_PAID, charged_fen=500)
    rt.stop()
    j = Journal(tmp_path / "d" / "payments")
    assert j.get("XMTESTKEPT000001").state == OrderState.PAID
