"""The process the courier kill -9 harness kills: it places courier orders and syncs.

``python -m tests.handoff.courier_child DATA_DIR COURIER_URL PLATFORM_URL FIRST_CASE COUNT REPORT``

Start-up as a terminal: the outbox (recovery by the worker), the journal, a sync
worker whose ``courier`` lane is the real destination. It first places the previous
child's last case again (what the resident does after the terminal restarts: the
same request), then cases FIRST_CASE.. one by one; after ``place`` returns it
appends ``<case> <order id>`` to REPORT (what the resident was told: "saved").
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import time
from pathlib import Path

from kiosk.handoff.courier import CourierKind, CourierOrders
from kiosk.handoff.divisions import load_divisions
from kiosk.handoff.locker_journal import LockerJournal
from kiosk.handoff_settings import CourierConfig
from kiosk.platform.courier import CourierClient, CourierDestination
from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.errors import WorkerLocked
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker
from tests.queue.crash_child import SETTINGS  # the outbox crash harness's fast worker

KIOSK = "FZ-TEST-0001"


def case_ref(n: int) -> str:
    return f"350102-XK-0001-{n:06d}"


TOKEN = "kiosk-token-K1"


def make_orders(
    data: Path, url: str, platform_url: str
) -> tuple[Outbox, LockerJournal, CourierOrders, SyncWorker]:
    outbox = Outbox(data / "outbox", data / "keys" / "outbox.key")
    journal = LockerJournal(data / "handoff" / "locker.sqlite")
    orders = CourierOrders(outbox, journal, load_divisions(), CourierConfig(url=url), KIOSK)
    # The default lane (the platform) gets the waybill notes; the courier lane the orders.
    worker = SyncWorker(
        outbox,
        PlatformClient(PlatformSettings(platform_url, TOKEN, timeout_s=5)),
        SETTINGS,
        destinations=(CourierDestination(CourierClient(url, timeout_s=5)),),
    )
    worker.on_acknowledged(orders.acknowledged)
    return outbox, journal, orders, worker


def place(orders: CourierOrders, n: int) -> str:
    req = orders.request(
        CourierKind.DELIVERY, case_ref(n), "李建国", "13800138000", "350102", "鼓屏路 1 号 3 单元"
    )
    return orders.place(req, wait_s=0.0).order_id


def main() -> None:
    # SIGUSR1 dumps every thread's stack next to the report: the harness asks for it
    # when a child makes no progress, so a hang is named, not just timed out.
    dump = open(sys.argv[6] + f".stack.{os.getpid()}", "w")  # noqa: SIM115
    faulthandler.register(signal.SIGUSR1, file=dump, all_threads=True)
    data, url, platform_url = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    first, count, report = int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
    _outbox, _journal, orders, worker = make_orders(data, url, platform_url)
    while True:
        try:
            worker.start()
            break
        except WorkerLocked:
            time.sleep(0.005)
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with open(report + ".ready", "a") as f:
        f.write(f"{os.getpid()}\n")
    cases = ([first - 1] if first > 0 else []) + list(range(first, first + count))
    for n in cases:
        oid = place(orders, n)
        os.write(fd, f"{case_ref(n)} {oid}\n".encode())
    time.sleep(60)  # keep syncing until killed


if __name__ == "__main__":
    main()
