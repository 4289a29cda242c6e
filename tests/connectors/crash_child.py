"""The terminal process the three-lane crash harness kills with SIGKILL.

A sync worker with one lane per department (REST province, SOAP housing fund,
国密 social security) and enqueues round-robin to the three; after each
``enqueue`` returns it appends ``<id> <connector>`` to the report (what the
resident was told was "submitted"). The fork-per-child zygote is the outbox
harness's (tests/queue/crash_child.py), given this child instead of its own.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

# Preloaded by the zygote once, so each child starts in milliseconds.
import tests.queue.crash_child as outbox_harness
from department_servers.soap import WSDL
from kiosk.platform.dispatch import ConnectorDestination
from kiosk.platform.gm import GmConnector
from kiosk.platform.rest import RestConnector
from kiosk.platform.soap import SoapConnector
from offline_queue.errors import WorkerLocked
from offline_queue.models import AttachmentIn
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker

NAMES = ("province", "housing", "social")


def connectors(spec: dict[str, str]) -> tuple[RestConnector, SoapConnector, GmConnector]:
    """The three connectors from the harness's JSON spec (URLs, credentials, keys)."""
    return (
        RestConnector(
            "province", spec["province"], spec["client_id"], spec["client_secret"], timeout_s=5
        ),
        SoapConnector("housing", spec["housing"], WSDL, timeout_s=5),
        GmConnector(
            "social",
            spec["social"],
            spec["app_id"],
            bytes.fromhex(spec["client_sk"]),
            bytes.fromhex(spec["gateway_pk"]),
            timeout_s=5,
        ),
    )


def child_main(
    outbox_dir: str, key_file: str, spec_json: str, _token: str, report: str, seed_base: int
) -> None:
    rng = random.Random(seed_base)
    outbox = Outbox(Path(outbox_dir), Path(key_file))
    dests = tuple(ConnectorDestination(c) for c in connectors(json.loads(spec_json)))
    worker = SyncWorker(outbox, None, outbox_harness.SETTINGS, destinations=dests)
    while True:
        try:
            worker.start()  # lock + recovery (sending → pending)
            break
        except WorkerLocked:
            time.sleep(0.005)
    rec = worker.last_recovery
    if rec is not None and rec.requeued:
        with open(report + ".recovery", "a") as f:
            f.write(f"{rec.requeued}\n")
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with open(report + ".ready", "a") as f:
        f.write(f"{os.getpid()}\n")
    for i in range(1_000_000):
        seed = seed_base + i
        name = NAMES[seed % 3]
        sid = outbox.enqueue(
            "CRASH-3",
            "FZ-TEST-0001",
            {"seed": seed},
            {"name": "李建国"},
            [
                AttachmentIn(
                    f"{seed}.bin", "application/octet-stream", random.Random(seed).randbytes(400)
                )
            ],
            connector=name,
        )
        os.write(fd, f"{sid} {name}\n".encode())
        time.sleep(rng.uniform(0, 0.02))


if __name__ == "__main__":
    outbox_harness.child_main = child_main  # type: ignore[assignment]  # same protocol, this child
    outbox_harness.zygote(sys.argv[1:])
