"""Crash harness: kill -9 a paying terminal at random instants, restart, reconcile.

Each child starts like a terminal (start-up recovery), then pays fees in a loop
with both flows against the reference gateway (which runs here, with faults that
change from round to round) and delivers the case into a real outbox. After the
kills a last start-up recovery runs with the faults off. Then, from the gateway's
own books, the journal and the outbox:

* double charges: 0 (no order charged twice, no session with two kept charges);
* orders charged but neither delivered nor refunded: 0;
* the gateway's bill and the journal agree (reconciliation finds no mismatch).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from kiosk.payments.gateway_client import GatewayClient, SignatureVerifier
from kiosk.payments.journal import Journal
from kiosk.payments.machine import OrderState
from kiosk.payments.reconcile import CST, reconcile
from offline_queue.errors import SubmissionNotFound
from offline_queue.outbox import Outbox
from tests.payments.conftest import MCHID, Keys, start_gateway
from tests.queue.test_crash import _wait_ready

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ROUNDS_FAULTS = [
    {},
    {"drop_after_commit": 0.3},
    {"fail_rate": 0.2},
    {"userpaying_polls": 3},
    {"notify_duplicates": 2, "notify_delay_s": 0.1},
    {"notify": False},
    {"delay_after_commit_s": 1.2},
    {"amount_delta_fen": 1},
]


def run_harness(tmp: Path, keys: Keys, kills: int, seed: int) -> dict[str, int]:
    rng = random.Random(seed)
    (tmp / "merchant.pem").write_bytes(
        keys.merchant.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp / "gateway.pub").write_bytes(keys.gateway_pub_pem)
    gw = start_gateway(keys)
    days = {dt.datetime.now(CST).date()}
    try:
        zygote = subprocess.Popen(
            [sys.executable, "-m", "tests.payments.crash_child", str(tmp), gw.url],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=PROJECT_ROOT,
        )  # fmt: skip
        assert zygote.stdin is not None and zygote.stdout is not None

        def ask(line: str) -> int:
            zygote.stdin.write(line + "\n")  # type: ignore[union-attr]
            zygote.stdin.flush()  # type: ignore[union-attr]
            return int(zygote.stdout.readline())  # type: ignore[union-attr]

        try:
            for k in range(kills):
                faults = rng.choice(ROUNDS_FAULTS)
                for name, value in {**gw.faults.__class__().__dict__, **faults}.items():
                    setattr(gw.faults, name, value)
                pid = ask(f"spawn {seed * 100_000 + k}")
                if rng.random() >= 0.2:  # most kills after start-up recovery
                    _wait_ready(tmp / "ready", pid)
                time.sleep(rng.uniform(0.0, 0.6))
                os.kill(pid, signal.SIGKILL)
                status = ask(f"reap {pid}")
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                    f"child {k} ended by itself: status {status}"
                )
            for name, value in gw.faults.__class__().__dict__.items():
                setattr(gw.faults, name, value)
            assert ask("final") == 0, "orders still open after the final recovery"
        finally:
            zygote.stdin.close()  # type: ignore[union-attr]
            zygote.wait(30)
        days.add(dt.datetime.now(CST).date())

        journal = Journal(tmp / "payments")
        outbox = Outbox(tmp / "outbox", tmp / "outbox.key")
        books = gw.gateway
        local = {r.order_no: r for r in journal.all()}
        kept_by_ref: dict[str, int] = defaultdict(int)
        double = undelivered = delivered_and_refunded = unknown_remote = 0
        for no, o in books.orders.items():
            if no not in local:
                unknown_remote += 1
                continue
            rec = local[no]
            net = (o.payer_total_fen if o.charges else 0) - o.refunded_fen
            double += max(0, o.charges - 1)
            if net > 0:
                kept_by_ref[rec.business_ref] += 1
                try:
                    outbox.get(rec.case_id)
                    in_outbox = bool(rec.case_id)
                except SubmissionNotFound:
                    in_outbox = False
                if rec.state != OrderState.SUBMITTED or not in_outbox:
                    undelivered += 1
            elif rec.state == OrderState.SUBMITTED:
                delivered_and_refunded += 1
        double += sum(n - 1 for n in kept_by_ref.values() if n > 1)
        client = GatewayClient(
            gw.url, MCHID, keys.merchant, SignatureVerifier("RSA2", keys.gateway_pub_pem)
        )
        mismatches = sum(
            len(reconcile(journal, client.bill(d.isoformat()), d).mismatches) for d in days
        )
        states: dict[str, int] = defaultdict(int)
        for r in local.values():
            states[r.state.value] += 1
        charged = sum(1 for o in books.orders.values() if o.charges)
        print(
            f"\npayment crash harness: {kills} kills, {len(local)} orders journaled, "
            f"{charged} charged by the gateway; final states {dict(states)}\n"
            f"  double charges: {double}\n"
            f"  charged but neither delivered nor refunded: {undelivered}\n"
            f"  delivered and refunded too: {delivered_and_refunded}\n"
            f"  orders at the gateway unknown to the journal: {unknown_remote}\n"
            f"  reconciliation mismatches (journal vs bill): {mismatches}"
        )
        client.close()
        outbox.close()
        journal.close()
        return {
            "double": double,
            "undelivered": undelivered,
            "delivered_and_refunded": delivered_and_refunded,
            "unknown_remote": unknown_remote,
            "mismatches": mismatches,
            "orders": len(local),
            "charged": charged,
        }
    finally:
        gw.stop()


def _check(fig: dict[str, int], kills: int) -> None:
    assert fig["double"] == 0
    assert fig["undelivered"] == 0
    assert fig["delivered_and_refunded"] == 0
    assert fig["unknown_remote"] == 0
    assert fig["mismatches"] == 0
    # The kills did land among real payments.
    assert fig["orders"] > kills and fig["charged"] > kills // 2


@pytest.mark.integration
def test_kill_9_during_payments_small(tmp_path: Path, keys: Keys) -> None:
    _check(run_harness(tmp_path, keys, kills=20, seed=20), 20)


@pytest.mark.slow
@pytest.mark.integration
def test_kill_9_during_payments_200(tmp_path: Path, keys: Keys) -> None:
    _check(run_harness(tmp_path, keys, kills=200, seed=200), 200)
