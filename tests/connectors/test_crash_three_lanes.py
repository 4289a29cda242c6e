"""kill -9 while syncing to three departments: every submission reaches its own, once.

A child terminal (tests/connectors/crash_child.py) enqueues round-robin to the REST
province platform, the SOAP housing fund and the 国密 social-security gateway and
syncs in the background, while the gateway is down and the other two fail 30 %
of calls (and drop 30 % of answers after committing). It is killed with
SIGKILL at random instants and restarted. Then every department comes back, a
final drain runs, and each department's store is counted: every submission the
resident was told about is at its own department exactly once, nothing anywhere
else, nothing twice (the SOAP system has no idempotency key: the query before
resubmitting is what keeps it exactly once).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from kiosk.platform.dispatch import ConnectorDestination
from offline_queue.models import State
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncSettings, SyncWorker
from tests.connectors import crash_child
from tests.connectors.conftest import (
    APP_ID,
    CLIENT_ID,
    CLIENT_SECRET,
    CLIENT_SK,
    GW_PK,
    Servers,
    set_faults,
)
from tests.queue.test_crash import _wait_ready

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def run_three_lane_kills(servers: Servers, tmp: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    srv = {
        "province": servers.rest("province"),
        "housing": servers.soap("housing"),
        "social": servers.gm("social"),
    }
    # The gateway is down; the other two fail 30 % of calls and lose 30 % of the
    # answers after committing (the SOAP system then finds the case by its query).
    set_faults(srv["social"], down=True)
    set_faults(srv["province"], fail_rate=0.3, drop_after_commit=0.3)
    set_faults(srv["housing"], fail_rate=0.3, drop_after_commit=0.3)
    spec = {
        "province": srv["province"].url,
        "housing": srv["housing"].url,
        "social": srv["social"].url,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "app_id": APP_ID,
        "client_sk": CLIENT_SK.hex(),
        "gateway_pk": GW_PK.hex(),
    }
    outbox_dir, key_file, report = tmp / "outbox", tmp / "outbox.key", tmp / "reported.txt"
    zygote = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.connectors.crash_child",
            str(outbox_dir),
            str(key_file),
            json.dumps(spec),
            "-",
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
            if rng.random() >= 1 / 3:  # most kills after start-up, in the send windows
                _wait_ready(ready, pid, 60)
            time.sleep(rng.uniform(0.01, 0.4))
            os.kill(pid, signal.SIGKILL)
            status = ask(f"reap {pid}")
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    finally:
        zygote.stdin.close()
        zygote.wait(10)

    # Every department back; one last terminal drains the outbox.
    for s in srv.values():
        set_faults(s)
    conns = crash_child.connectors(spec)
    with Outbox(outbox_dir, key_file) as outbox:
        worker = SyncWorker(
            outbox,
            None,
            SyncSettings(
                batch_size=200, network_poll_s=None, backoff_initial_s=0.01, backoff_max_s=0.05
            ),
            destinations=tuple(ConnectorDestination(c) for c in conns),
        )
        worker.acquire()
        deadline = time.monotonic() + 120
        while outbox.stats().unsent and time.monotonic() < deadline:
            worker.sync_once()
            time.sleep(0.05)
        stats = outbox.stats()
        assert stats.unsent == 0 and stats.dead == 0, stats
        acked = {i.id: i.connector for i in outbox.list(State.ACKNOWLEDGED, limit=10**6)}
        worker.stop()
    found_by_query = conns[1].found_by_query
    for c in conns:
        c.close()

    reported = dict(line.split() for line in report.read_text().splitlines())
    stored = {n: Counter(s.app.state.store.business_keys()) for n, s in srv.items()}
    requeued = (
        sum(int(x) for x in Path(f"{report}.recovery").read_text().split())
        if Path(f"{report}.recovery").exists()
        else 0
    )
    print(
        f"three-lane crash harness: {kills} kills, {len(reported)} reported, "
        + ", ".join(f"{n} {sum(c.values())} stored" for n, c in stored.items())
        + f"; recovery requeued {requeued} sending rows; the final drain's SOAP query"
        f" found {found_by_query} cases already there"
    )
    assert len(reported) > kills // 2, "the children hardly enqueued anything"
    assert requeued > 0, "no kill landed mid-send"
    for name, counts in stored.items():
        dupes = [k for k, n in counts.items() if n > 1]
        assert not dupes, f"{name}: {len(dupes)} submissions stored twice"
        # What a department holds is exactly what was queued for it (nothing strayed).
        assert set(counts) == {sid for sid, c in acked.items() if c == name}, name
    for sid, name in reported.items():
        assert stored[name][sid] == 1, f"{sid} for {name}: not there exactly once"


def test_kill_9_over_three_lanes_each_submission_once_at_its_own_department(
    servers: Servers, tmp_path: Path
) -> None:
    run_three_lane_kills(servers, tmp_path, kills=20, seed=19)


@pytest.mark.slow
def test_kill_9_over_three_lanes_200_times(servers: Servers, tmp_path: Path) -> None:
    run_three_lane_kills(servers, tmp_path, kills=200, seed=1919)
