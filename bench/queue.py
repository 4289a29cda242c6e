"""Offline queue benchmark: enqueue latency vs persist-queue, drain throughput, backlog drain.

    .venv/bin/python bench/queue.py [--n 300] [--drain 1000] [--backlog 10000]

Same payloads for both queues (a 2 KB envelope + one 200 KB attachment) and the
same durability: SQLite WAL with synchronous=FULL, a commit per item (persist-queue
with auto_commit=True). Ours also writes the attachment to its own file (fsync,
rename, directory fsync) and encrypts everything with AES-256-GCM; persist-queue
pickles the item into its row in clear. Drains go to the reference platform server
(a separate process, real HTTP on 127.0.0.1, SQLite synchronous=FULL on its side).
Figures are printed, never asserted.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This file is named like the standard library's ``queue``: when run as a script its
# directory comes first on sys.path and would shadow it (concurrent.futures imports
# queue). Drop the directory before anything else is imported.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from typing import Any  # noqa: E402

from offline_queue.client import PlatformClient, PlatformSettings  # noqa: E402
from offline_queue.models import AttachmentIn  # noqa: E402
from offline_queue.outbox import Outbox  # noqa: E402
from offline_queue.sync import SyncSettings, SyncWorker  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-token"


def payload(i: int, rng: random.Random) -> tuple[dict[str, object], bytes]:
    form = {"i": i, "text": "".join(rng.choice("abcdefghij") for _ in range(1900))}
    return form, rng.randbytes(200_000)


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(q * (len(s) - 1)))]


def bench_ours(tmp: Path, n: int) -> list[float]:
    rng = random.Random(1)
    ob = Outbox(tmp / "ours", tmp / "ours.key", min_free_bytes=0)
    lat = []
    for i in range(n):
        form, att = payload(i, rng)
        t = time.perf_counter()
        ob.enqueue(
            "BENCH", "K1", form, {"name": "x"}, [AttachmentIn("scan.jpg", "image/jpeg", att)]
        )
        lat.append(time.perf_counter() - t)
    ob.close()
    return lat


def bench_persist_queue(tmp: Path, n: int) -> list[float]:
    from persistqueue import SQLiteAckQueue

    rng = random.Random(1)
    q = SQLiteAckQueue(str(tmp / "pq"), auto_commit=True, multithreading=False)
    # Equal durability: WAL (set by persist-queue) and an fsync at every commit.
    conns: list[Any] = [q._conn, q._putter]
    for conn in {id(c): c for c in conns}.values():
        conn.execute("PRAGMA synchronous=FULL")
    assert conns[-1].execute("PRAGMA synchronous").fetchone()[0] == 2
    lat = []
    for i in range(n):
        form, att = payload(i, rng)
        item = {"form": form, "applicant": {"name": "x"}, "attachment": att}
        t = time.perf_counter()
        q.put(item)
        lat.append(time.perf_counter() - t)
    return lat


def report(name: str, lat: list[float]) -> float:
    med, p99 = statistics.median(lat) * 1000, pct(lat, 0.99) * 1000
    rate = len(lat) / sum(lat)
    print(f"  {name:<26} median {med:6.2f} ms   p99 {p99:6.2f} ms   {rate:7.1f} items/s")
    return p99


def start_server(db: Path) -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "platform",
            "serve",
            "--port",
            "0",
            "--db",
            str(db),
            "--token",
            TOKEN,
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if "listening on" not in line:
        raise SystemExit(f"platform did not start: {line!r}")
    return proc, line.split()[-1]


def fill(ob: Outbox, n: int) -> float:
    rng = random.Random(2)
    t = time.perf_counter()
    for i in range(n):
        form, att = payload(i, rng)
        ob.enqueue("BENCH", "K1", form, None, [AttachmentIn("scan.jpg", "image/jpeg", att)])
    return time.perf_counter() - t


def drain(tmp: Path, name: str, n: int, url: str) -> None:
    ob = Outbox(tmp / name, tmp / f"{name}.key", min_free_bytes=0, max_bytes=10**12)
    built = fill(ob, n)
    print(f"  built a backlog of {n} in {built:.1f} s ({n / built:.0f} enqueues/s)")
    client = PlatformClient(PlatformSettings(url, TOKEN))
    worker = SyncWorker(ob, client, SyncSettings(batch_size=100, network_poll_s=None))
    t = time.perf_counter()
    while ob.stats().unsent:
        worker.sync_once()
    took = time.perf_counter() - t
    print(f"  drained {n} submissions in {took:.1f} s: {n / took:.0f} submissions/s")
    worker.stop()
    client.close()
    ob.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    ap.add_argument("--n", type=int, default=300, help="enqueues per queue")
    ap.add_argument("--drain", type=int, default=1000, help="submissions for the drain rate")
    ap.add_argument("--backlog", type=int, default=10_000, help="backlog size (0: skip)")
    ap.add_argument("--dir", type=Path, default=None, help="work directory (default: temp)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as d:
        tmp = Path(d)
        print(f"enqueue: {args.n} × (2 KB envelope + 200 KB attachment), fsync per commit")
        # Interleave warm-up so neither queue gets a cold disk cache advantage.
        bench_ours(tmp / "warm", 10)
        ours = report("offline_queue (encrypted)", bench_ours(tmp, args.n))
        theirs = report("persist-queue SQLiteAckQueue", bench_persist_queue(tmp, args.n))
        print(f"  p99 ratio ours/persist-queue: {ours / theirs:.2f}")
        proc, url = start_server(tmp / "platform.db")
        try:
            print(f"drain to the reference platform on loopback ({url})")
            drain(tmp, "drain", args.drain, url)
            if args.backlog:
                print("backlog")
                drain(tmp, "backlog", args.backlog, url)
        finally:
            proc.terminate()
            proc.wait(10)
        print(f"cpu count {os.cpu_count()}")


if __name__ == "__main__":
    main()
