"""Child of the payment crash harness: a zygote that forks terminals paying fees in a loop.

``python -m tests.payments.crash_child DIR GATEWAY_URL`` imports everything once,
then reads commands on stdin: ``spawn SEED`` forks a child (its pid is printed),
``reap PID`` prints its wait status, ``final`` runs recovery in-process until the
journal is settled. A child starts like a terminal (start-up recovery first),
writes its pid to ``DIR/ready``, then pays fees one after another with both
flows, delivering the case into a real outbox or cancelling, until killed.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

import httpx

from kiosk.app.payments_wiring import outbox_holds
from kiosk.payments.errors import PaymentError
from kiosk.payments.flow import FlowSettings, PaymentFlow
from kiosk.payments.gateway_client import GatewayClient, SignatureVerifier, load_merchant_key
from kiosk.payments.journal import Journal
from kiosk.payments.machine import OrderState
from kiosk.payments.notify_server import NotifyServer
from offline_queue.outbox import Outbox

MCHID = "KIOSKTEST01"
KIOSK = "XM-CRASH-01"
SERVICE, FEN, SUBJECT = "JT-JSZ-HZ", 1000, "机动车驾驶证工本费"


def open_terminal(d: Path, url: str) -> tuple[PaymentFlow, Outbox, NotifyServer]:
    journal = Journal(d / "payments")
    outbox = Outbox(d / "outbox", d / "outbox.key")
    key = load_merchant_key((d / "merchant.pem").read_bytes())
    pub = (d / "gateway.pub").read_bytes()
    client = GatewayClient(url, MCHID, key, SignatureVerifier("RSA2", pub), timeout_s=1.0)
    holder: list[PaymentFlow] = []
    rx = NotifyServer(lambda h, b: holder[0].on_notification(h, b)).start()
    settings = FlowSettings(KIOSK, rx.url, poll_interval_s=0.02, micropay_wait_s=1.0)
    flow = PaymentFlow(journal, client, settings, notify_verifier=SignatureVerifier("RSA2", pub))
    holder.append(flow)
    return flow, outbox, rx


def has_case_in(outbox: Outbox):  # type: ignore[no-untyped-def]
    return lambda case_id: outbox_holds(outbox, case_id)


def child(d: Path, url: str, seed: int) -> None:
    flow, outbox, _rx = open_terminal(d, url)
    has_case = has_case_in(outbox)
    flow.recover(has_case)
    with open(d / "ready", "a") as f:
        f.write(f"{os.getpid()}\n")
    rng = random.Random(seed)
    phone = httpx.Client(base_url=url, trust_env=False, timeout=5)
    pid = os.getpid()
    for i in range(1, 10**6):
        ref = f"{pid}-{i}"
        try:
            if rng.random() < 0.5:
                code = f"13{pid % 10**7:07d}{i:09d}"
                rec = flow.pay_with_code(SERVICE, FEN, SUBJECT, ref, code)
            else:
                rec = flow.open_order_qr(SERVICE, FEN, SUBJECT, ref)
                if rng.random() < 0.8:
                    phone.post("/sim/scan", json={"code_url": rec.code_url})
            rec = flow.settle(rec.order_no, wait_s=1.0)
            if rec.state == OrderState.PAID:
                no = rec.order_no
                if rng.random() < 0.85:

                    def submit(case_id: str, no: str = no) -> str:
                        outbox.enqueue(SERVICE, KIOSK, {"order": no}, submission_id=case_id)
                        return f"ACC{no[-8:]}"

                    flow.deliver(no, submit)
                else:
                    flow.cancel(no, "resident cancelled")
        except PaymentError:
            pass


def final(d: Path, url: str) -> int:
    flow, outbox, rx = open_terminal(d, url)
    has_case = has_case_in(outbox)
    for _ in range(20):
        if not flow.recover(has_case).still_open:
            break
    left = len(flow.recover(has_case).still_open)
    rx.stop()
    return left


def main() -> None:
    d, url = Path(sys.argv[1]), sys.argv[2]
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    child(d, url, int(arg))
                finally:
                    os._exit(3)  # a child never ends by itself: only the kill ends it
            print(pid, flush=True)
        elif cmd == "reap":
            _, status = os.waitpid(int(arg), 0)
            print(status, flush=True)
        elif cmd == "final":
            print(final(d, url), flush=True)


if __name__ == "__main__":
    main()
