"""The process that the crash harness kills with SIGKILL at random instants.

It does what a terminal does: start-up recovery, a background sync worker, and
enqueues; after each ``enqueue`` returns it appends ``<id> <seed>`` to the report
file (what the resident would have been told was "submitted"). Imported by the
forkserver in advance, so each restart costs milliseconds instead of a Python start.
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

# Imported here so the forkserver preloads them once.
from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.errors import WorkerLocked
from offline_queue.models import AttachmentIn
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncSettings, SyncWorker

SETTINGS = SyncSettings(
    interval_s=0.2,
    batch_size=10,
    batch_pause_s=0.0,
    backoff_initial_s=0.01,
    backoff_max_s=0.1,
    max_failures_per_batch=20,
    network_poll_s=None,
)


def content(seed: int) -> bytes:
    """Attachment bytes of a seed: size varies so some writes take several syscalls."""
    rng = random.Random(seed)
    return rng.randbytes(rng.choice((300, 5_000, 70_000)))


def child_main(
    outbox_dir: str, key_file: str, url: str, token: str, report: str, seed_base: int
) -> None:
    rng = random.Random(seed_base)
    outbox = Outbox(Path(outbox_dir), Path(key_file))
    worker = SyncWorker(outbox, PlatformClient(PlatformSettings(url, token, timeout_s=5)), SETTINGS)
    while True:
        try:
            worker.start()  # takes the lock and recovers (sending → pending, orphans)
            break
        except WorkerLocked:  # the previous child's lock is released as it dies
            time.sleep(0.005)
    rec = worker.last_recovery
    if rec is not None and (rec.requeued or rec.orphan_files_removed or rec.temp_files_removed):
        line = f"{rec.requeued} {rec.orphan_files_removed} {rec.temp_files_removed}\n"
        with open(report + ".recovery", "a") as f:
            f.write(line)
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    # Tells the harness start-up (open, integrity check, recovery) is over, so most
    # kills can be aimed at the enqueue/send windows whatever the machine's load.
    with open(report + ".ready", "a") as f:
        f.write(f"{os.getpid()}\n")
    for i in range(1_000_000):
        seed = seed_base + i
        sid = outbox.enqueue(
            "CRASH",
            "FZ-TEST-0001",
            {"seed": seed},
            {"name": "李建国"},
            [AttachmentIn(f"{seed}.bin", "application/octet-stream", content(seed))],
        )
        # A completed write() survives the process being killed (it is in the kernel).
        os.write(fd, f"{sid} {seed}\n".encode())
        time.sleep(rng.uniform(0, 0.01))


def zygote(argv: list[str]) -> None:
    """Fork children on request, everything already imported (``python -m … URL DIR``).

    Protocol on stdin/stdout, one line each: ``spawn SEED`` → ``PID``;
    ``reap PID`` → ``STATUS`` (the raw waitpid status). The test kills the PID itself.
    multiprocessing's forkserver would re-import pytest's ``__main__`` in every child
    (half a second each); a plain fork of this single-threaded process costs ~1 ms.
    """
    import sys

    outbox_dir, key_file, url, token, report = argv
    for line in sys.stdin:
        cmd, _, arg = line.strip().partition(" ")
        if cmd == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    child_main(outbox_dir, key_file, url, token, report, int(arg))
                finally:
                    os._exit(0)
            print(pid, flush=True)
        elif cmd == "reap":
            _, status = os.waitpid(int(arg), 0)
            print(status, flush=True)


if __name__ == "__main__":
    import sys

    zygote(sys.argv[1:])
