"""Reconciliation: the day's bill against the journal, through the real CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization

from department_servers.payments.runner import GatewayThread
from kiosk.payments.journal import Journal
from kiosk.payments.machine import OrderEvent
from kiosk.payments.reconcile import CST, BillMalformed, parse_bill
from tests.payments.conftest import ADMIN, MCHID, Keys, PayRig

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def write_config(tmp: Path, keys: Keys, url: str) -> Path:
    (tmp / "merchant.pem").write_bytes(
        keys.merchant.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp / "gateway.pub").write_bytes(keys.gateway_pub_pem)
    cfg = tmp / "kiosk.toml"
    cfg.write_text(
        f"""
[kiosk]
id = "XM-TEST-01"
region = "350200"

[payments]
enabled = true
gateway_url = "{url}"
merchant_id = "{MCHID}"
merchant_key_file = "{tmp / "merchant.pem"}"
gateway_public_key_file = "{tmp / "gateway.pub"}"
fees_path = "{PROJECT_ROOT / "config" / "fees.toml"}"
""",
        encoding="utf-8",
    )
    return cfg


def cli(cfg: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "--config", str(cfg), "--data-dir", str(data), "pay", *args],
        capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120,
    )  # fmt: skip


def test_cli_balanced_then_each_mismatch_listed(
    tmp_path: Path, keys: Keys, gateway: GatewayThread
) -> None:
    data = tmp_path / "data"
    cfg = write_config(tmp_path, keys, gateway.url)
    # Pay through a flow whose journal is the one the CLI reads (data/payments).
    rig = PayRig(data, keys, gateway=gateway)
    try:
        paid = rig.flow.pay_with_code("JT-JSZ-HZ", 1000, "工本费", "s1", next(rig.codes))
        rig.flow.deliver(paid.order_no, lambda c: "ACC1")
        refunded = rig.flow.pay_with_code("JT-JSZ-HZ", 1000, "工本费", "s2", next(rig.codes))
        rig.flow.refund(refunded.order_no, "resident cancelled")
        today = dt.datetime.now(CST).date().isoformat()
    finally:
        rig.close()
    # Other tests of the module share the gateway (and the merchant): count only ours.
    r = cli(cfg, data, "reconcile", "--date", today, "--json")
    report = json.loads(r.stdout)
    mine = {paid.order_no, refunded.order_no}
    foreign = [m for m in report["mismatches"] if m["order_no"] not in mine]
    assert all(m["kind"] == "missing_locally" for m in foreign)
    assert not [m for m in report["mismatches"] if m["order_no"] in mine]

    # Now break the books three ways.
    journal = Journal(data / "payments")
    ghost = f"GHOST{int(time.time())}"
    httpx.post(
        f"{gateway.url}/admin/seed",
        json=[{"mchid": MCHID, "out_trade_no": ghost, "total_fen": 700, "time": time.time()}],
        headers=ADMIN, trust_env=False,
    ).raise_for_status()  # fmt: skip
    journal.set_fields(paid.order_no, charged_fen=999)  # amount differs
    only_here = "XMTEST01ONLYHERE0001"
    journal.create(only_here, flow="micropay", service_code="JT-JSZ-HZ", amount_fen=500, subject="x", business_ref="s3")  # fmt: skip
    journal.apply(only_here, OrderEvent.PROVIDER_PAID, charged_fen=500, paid_at=time.time())
    journal.close()

    r = cli(cfg, data, "reconcile", "--date", today, "--json")
    assert r.returncode == 1, r.stderr
    kinds = {(m["order_no"], m["kind"], m["what"]) for m in json.loads(r.stdout)["mismatches"]}
    assert (ghost, "missing_locally", "payment") in kinds
    assert (paid.order_no, "amount_differs", "payment") in kinds
    assert (only_here, "missing_remotely", "payment") in kinds
    # The text form lists them too, and the report is kept for the technician screen.
    r = cli(cfg, data, "reconcile", "--date", today)
    assert r.returncode == 1 and ghost in r.stdout and "amount_differs" in r.stdout
    saved = json.loads((data / "payments" / f"reconcile-{today}.json").read_text())
    assert saved["balanced"] is False

    r = cli(cfg, data, "status", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["counts"]["submitted"] == 1


def test_cli_bad_date_and_gateway_down(tmp_path: Path, keys: Keys) -> None:
    cfg = write_config(tmp_path, keys, "http://127.0.0.1:9")
    r = cli(cfg, tmp_path / "d", "reconcile", "--date", "2026-13-01")
    assert r.returncode == 2 and "YYYY-MM-DD" in r.stderr
    r = cli(cfg, tmp_path / "d", "reconcile", "--date", "2026-12-01")
    assert r.returncode == 2 and "cannot connect" in r.stderr


def test_malformed_bill_is_refused() -> None:
    for text in (
        "",
        "a,b\n",
        "交易时间,商户订单号,支付订单号,类型,金额(分),退款单号\nx,y,z,PAY,1.5,\n",
    ):
        try:
            parse_bill(text)
        except BillMalformed:
            continue
        raise AssertionError(f"accepted {text!r}")
