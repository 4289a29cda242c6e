"""Fee payment benchmark: scanned code → paid, journal writes, reconciliation of 10,000 orders.

    .venv/bin/python bench/payment.py [--n 200] [--journal 500] [--orders 10000] [--runs 5]

* **scan → paid**: from the scanned payment code handed to the flow to the order
  journaled ``paid`` (fsynced) — what the payment screen waits for before it shows
  "缴费成功" (the screen then repaints on the next queued signal). Against the
  reference gateway in a separate process on 127.0.0.1 (real HTTP, RSA2 signatures
  both ways), the terminal's notification receiver running. Also with the "user
  paying" answer settled by two queries (poll interval 50 ms here, 2 s by default).
* **journal write**: one ``create`` and one ``apply`` (each a BEGIN IMMEDIATE …
  COMMIT with the WAL fsynced, synchronous=FULL), timed one by one.
* **reconciliation**: N paid orders in the journal and on the gateway's bill (the
  setup writes them in bulk; only the reconciliation is timed): download the bill,
  parse it, match it. Each run prints its time; median and p99 over the runs.

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from benchstats import med_p99
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from kiosk.payments.flow import FlowSettings, PaymentFlow
from kiosk.payments.gateway_client import GatewayClient, SignatureVerifier
from kiosk.payments.journal import DB_NAME, Journal
from kiosk.payments.machine import OrderEvent, OrderState
from kiosk.payments.notify_server import NotifyServer
from kiosk.payments.reconcile import CST, reconcile

ROOT = Path(__file__).resolve().parent.parent
MCHID = "KIOSKBENCH01"
ADMIN = {"x-admin-token": "admin"}


def _pem_private(k: rsa.RSAPrivateKey) -> bytes:
    return k.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _pem_public(k: rsa.RSAPrivateKey) -> bytes:
    return k.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def start_gateway(tmp: Path, merchant: rsa.RSAPrivateKey, gw_key: rsa.RSAPrivateKey) -> tuple[subprocess.Popen[str], str]:  # fmt: skip
    (tmp / "merchant.pub").write_bytes(_pem_public(merchant))
    (tmp / "gateway.pem").write_bytes(_pem_private(gw_key))
    proc = subprocess.Popen(
        [sys.executable, "-m", "department_servers.payments.runner",
         "--merchant", f"{MCHID}={tmp / 'merchant.pub'}", "--key", str(tmp / "gateway.pem")],
        stdout=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()
    if not line.startswith("READY "):
        raise SystemExit(f"gateway did not start: {line!r}")
    return proc, line.split()[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--n", type=int, default=200, help="payments per scan→paid figure")
    ap.add_argument("--journal", type=int, default=500, help="orders for the journal write figure")
    ap.add_argument("--orders", type=int, default=10_000, help="orders to reconcile")
    ap.add_argument("--runs", type=int, default=5, help="reconciliation runs")
    args = ap.parse_args()
    merchant = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    gw_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with tempfile.TemporaryDirectory(prefix="pay-bench-") as d:
        tmp = Path(d)
        proc, url = start_gateway(tmp, merchant, gw_key)
        try:
            run(tmp, url, merchant, gw_key, args)
        finally:
            proc.kill()
            proc.wait()


def run(tmp: Path, url: str, merchant: rsa.RSAPrivateKey, gw_key: rsa.RSAPrivateKey, args: argparse.Namespace) -> None:  # fmt: skip
    pub = _pem_public(gw_key)
    journal = Journal(tmp / "payments")
    client = GatewayClient(url, MCHID, merchant, SignatureVerifier("RSA2", pub))
    holder: list[PaymentFlow] = []
    rx = NotifyServer(lambda h, b: holder[0].on_notification(h, b)).start()
    flow = PaymentFlow(
        journal,
        client,
        FlowSettings("XM-BENCH-01", rx.url, poll_interval_s=0.05),
        notify_verifier=SignatureVerifier("RSA2", pub),
    )
    holder.append(flow)
    admin = httpx.Client(base_url=url, trust_env=False, timeout=30)
    print(f"payment bench: gateway {url} (separate process), journal {tmp / 'payments'}")

    def codes(prefix: str):  # type: ignore[no-untyped-def]
        n = int(time.time()) % 10**6
        while True:
            n += 1
            yield f"{prefix}{n:016d}"

    code = codes("13")
    for _ in range(5):  # warm up connections and the gateway
        flow.pay_with_code("JT-JSZ-HZ", 1000, "工本费", "warm", next(code))
    samples = []
    for i in range(args.n):
        t0 = time.perf_counter()
        rec = flow.pay_with_code("JT-JSZ-HZ", 1000, "工本费", f"s{i}", next(code))
        samples.append(time.perf_counter() - t0)
        assert rec.state == OrderState.PAID, rec
    print(f"  scan → paid (micropay SUCCESS):          {med_p99(samples)}")
    admin.put("/admin/faults", json={"userpaying_polls": 2}, headers=ADMIN).raise_for_status()
    samples = []
    for i in range(max(10, args.n // 4)):
        t0 = time.perf_counter()
        rec = flow.pay_with_code("JT-JSZ-HZ", 1000, "工本费", f"u{i}", next(code))
        rec = flow.settle(rec.order_no)
        samples.append(time.perf_counter() - t0)
        assert rec.state == OrderState.PAID, rec
    admin.put("/admin/faults", json={}, headers=ADMIN).raise_for_status()
    print(f"  scan → paid (USERPAYING, 2 queries):      {med_p99(samples)}")

    jdir = tmp / "journal-bench"
    j = Journal(jdir)
    creates, applies = [], []
    for i in range(args.journal):
        no = f"BENCHJ{i:010d}"
        t0 = time.perf_counter()
        j.create(no, flow="micropay", service_code="JT-JSZ-HZ", amount_fen=1000, subject="x", business_ref=str(i))  # fmt: skip
        t1 = time.perf_counter()
        j.apply(no, OrderEvent.PROVIDER_PAID, "paid", charged_fen=1000, paid_at=time.time())
        t2 = time.perf_counter()
        creates.append(t1 - t0)
        applies.append(t2 - t1)
    print(f"  journal write, create (fsync):           {med_p99(creates)}")
    print(f"  journal write, apply (fsync):            {med_p99(applies)}")
    print(f"  journal write, any:                      {med_p99(creates + applies)}")
    j.close()

    # Reconciliation: N paid orders on both sides (bulk setup, not timed).
    rdir = tmp / "reconcile-bench"
    rj = Journal(rdir)
    rj.close()
    now = time.time()
    rows = [(f"RECON{i:012d}", 1000 + i % 7) for i in range(args.orders)]
    conn = sqlite3.connect(rdir / DB_NAME)
    with conn:
        conn.executemany(
            "INSERT INTO orders (order_no, flow, service_code, amount_fen, currency, subject,"
            " business_ref, state, created_at, updated_at, charged_fen, paid_at)"
            " VALUES (?, 'native', 'JT-JSZ-HZ', ?, 'CNY', 'x', ?, 'submitted', ?, ?, ?, ?)",
            [(no, fen, no, now, now, fen, now) for no, fen in rows],
        )
    conn.close()
    for start in range(0, len(rows), 2000):
        chunk = [{"mchid": MCHID, "out_trade_no": no, "total_fen": fen, "time": now} for no, fen in rows[start : start + 2000]]  # fmt: skip
        admin.post("/admin/seed", json=chunk, headers=ADMIN).raise_for_status()
    rj = Journal(rdir)
    day = dt.datetime.fromtimestamp(now, CST).date()
    times = []
    for r in range(args.runs):
        t0 = time.perf_counter()
        report = reconcile(rj, client.bill(day.isoformat()), day)
        times.append(time.perf_counter() - t0)
        # The bench's own payments above sit on the same bill and the other journal.
        ours = [m for m in report.mismatches if m.order_no.startswith("RECON")]
        print(f"  reconciliation run {r + 1}: {times[-1] * 1000:8.1f} ms, {report.payments} payments on the bill, {len(ours)} mismatches among the {args.orders}")  # fmt: skip
    print(f"  reconciliation of {args.orders} orders:        {med_p99(times)}")
    rj.close()
    rx.stop()
    client.close()
    journal.close()


if __name__ == "__main__":
    main()
