"""Crash safety: enqueue + sync in a child process, kill -9 at random instants, restart.

After every kill a new child recovers and carries on; at the end a final drain runs.
Then: every submission that ``enqueue`` reported as accepted is on the platform
exactly once with byte-identical attachments, and nothing else is there twice.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.server import (
    Faults,
    ServerSettings,
    ServerThread,
    dump_submissions,
    read_attachment,
)
from offline_queue.server.db import read_submission_body
from offline_queue.sync import SyncSettings, SyncWorker
from tests.queue import crash_child
from tests.queue.conftest import KIOSK, TOKEN, sha

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _wait_ready(ready: Path, pid: int, timeout_s: float = 30.0) -> None:
    """Until the child ``pid`` has written its line to the ready file (it always does)."""
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if ready.exists() and str(pid) in ready.read_text().split():
            return
        time.sleep(0.002)
    raise AssertionError(f"child {pid} never finished starting")


def run_kill_loop(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    faults = Faults(fail_rate=0.1, drop_after_commit=0.2)
    settings = ServerSettings(
        db_path=tmp_path / "platform.db", tokens={TOKEN: KIOSK}, faults=faults, seed=seed
    )
    outbox_dir, key_file = tmp_path / "outbox", tmp_path / "outbox.key"
    report = tmp_path / "reported.txt"
    with ServerThread(settings) as server:
        zygote = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.queue.crash_child",
                str(outbox_dir),
                str(key_file),
                server.url,
                TOKEN,
                str(report),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=PROJECT_ROOT,
        )
        assert zygote.stdin is not None and zygote.stdout is not None

        def ask(line: str) -> int:
            zygote.stdin.write(line + "\n")  # type: ignore[union-attr]
            zygote.stdin.flush()  # type: ignore[union-attr]
            return int(zygote.stdout.readline())  # type: ignore[union-attr]

        try:
            ready = Path(f"{report}.ready")
            for k in range(kills):
                pid = ask(f"spawn {k * 100_000}")
                # A third of the kills land anywhere from the fork on (start-up and
                # recovery included); the rest once the child has started, so that a
                # loaded machine's slow start-up cannot starve the enqueue windows.
                if rng.random() >= 1 / 3:
                    _wait_ready(ready, pid)
                time.sleep(rng.uniform(0.005, 0.25))
                os.kill(pid, signal.SIGKILL)
                status = ask(f"reap {pid}")
                assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                    f"child {k} ended by itself: status {status}"
                )
        finally:
            zygote.stdin.close()
            zygote.wait(10)

        # Final drain, faults off: what any terminal does when it comes back.
        faults.fail_rate = faults.drop_after_commit = 0.0
        with Outbox(outbox_dir, key_file) as outbox:
            client = PlatformClient(PlatformSettings(server.url, TOKEN))
            worker = SyncWorker(outbox, client, SyncSettings(batch_size=200, network_poll_s=None))
            recovery = outbox.recover  # run by acquire(); kept for the assertion below
            worker.acquire()
            for _ in range(20):
                worker.sync_once()
                if outbox.stats().unsent == 0:
                    break
            stats = outbox.stats()
            assert stats.unsent == 0 and stats.dead == 0, stats
            acked = {i.id: i.acceptance_no for i in outbox.list(State.ACKNOWLEDGED, limit=10**6)}
            # No orphan or temp file survives recovery + drain.
            files = {p.name.split(".")[0] for p in outbox.blob_dir.iterdir()}
            assert files <= set(acked)
            assert not any(p.name.startswith(".tmp") for p in outbox.blob_dir.iterdir())
            assert recovery().requeued == 0
            worker.stop()
            client.close()

    reported = dict(line.split() for line in report.read_text().splitlines())
    stored = dump_submissions(settings.db_path)
    counts = Counter(s.submission_id for s in stored)
    recoveries = [
        tuple(map(int, line.split()))
        for line in Path(f"{report}.recovery").read_text().splitlines()
    ]
    requeued = sum(r[0] for r in recoveries)
    orphans = sum(r[1] + r[2] for r in recoveries)
    print(
        f"crash harness: {kills} kills, {len(reported)} reported accepted, "
        f"{len(counts)} stored on the platform, {len(stored)} records; recovery requeued "
        f"{requeued} sending rows and removed {orphans} orphan/temp files"
    )
    # The kills did land inside the dangerous windows (mid-send, mid-enqueue).
    assert requeued > 0 and orphans > 0
    assert len(reported) > kills // 2, "the children hardly enqueued anything"
    missing = set(reported) - set(counts)
    assert not missing, f"{len(missing)} accepted submissions lost"
    dupes = [sid for sid, n in counts.items() if n > 1]
    assert not dupes, f"{len(dupes)} submissions stored twice"
    # Everything stored was really enqueued (reported, or enqueued just before a kill).
    assert set(counts) == set(acked)
    for s in stored:
        assert s.acceptance_no == acked[s.submission_id]
        body = read_submission_body(settings.db_path, s.submission_id)
        assert body is not None
        seed_ = int(body["form"]["seed"])  # type: ignore[index]
        if s.submission_id in reported:
            assert int(reported[s.submission_id]) == seed_
        data = crash_child.content(seed_)
        assert s.attachments == [sha(data)]
        assert read_attachment(settings.db_path, sha(data)) == data


def test_kill_9_at_random_instants_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    run_kill_loop(tmp_path, kills=200, seed=20261122)


@pytest.mark.slow
def test_kill_9_many_more_times(tmp_path: Path) -> None:
    run_kill_loop(tmp_path, kills=1500, seed=7)
