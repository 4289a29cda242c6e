"""Exactly-once courier orders: a child placing and syncing orders is killed with SIGKILL
at random instants (courier faults on), restarted, and finally drained.

Every order the resident was told was saved reaches the courier exactly once, and
no case ever gets a second waybill: neither a retry after a lost answer, nor a
restart between the journal and the outbox, nor the resident placing it again.
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

import httpx
import pytest

from department_servers.courier.app import create_app
from department_servers.runner import AppThread
from offline_queue.server import ServerSettings, ServerThread
from tests.handoff import courier_child

pytestmark = pytest.mark.integration

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PER_CHILD = 3


def _wait_ready(
    ready: Path, pid: int, proc: subprocess.Popen[bytes], timeout_s: float = 60
) -> None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        if ready.exists() and str(pid) in ready.read_text().split():
            return
        if proc.poll() is not None:
            raise AssertionError(f"child {pid} died by itself: {proc.returncode}")
        time.sleep(0.005)
    raise AssertionError(f"child {pid} never finished starting")


def _lines(report: Path) -> int:
    return len(report.read_text().splitlines()) if report.exists() else 0


def _wait_lines(
    report: Path, n: int, proc: subprocess.Popen[bytes], timeout_s: float = 120
) -> None:
    end = time.monotonic() + timeout_s
    while _lines(report) < n:
        if proc.poll() is not None:
            raise AssertionError(f"child {proc.pid} died by itself: {proc.returncode}")
        if time.monotonic() > end:
            # Name the hang: the child dumps its threads' stacks on SIGUSR1.
            stack = Path(f"{report}.stack.{proc.pid}")
            os.kill(proc.pid, signal.SIGUSR1)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not (stack.exists() and stack.stat().st_size):
                time.sleep(0.05)
            text = stack.read_text() if stack.exists() else "(no stack dump)"
            raise AssertionError(f"child {proc.pid} reported nothing in {timeout_s:g} s:\n{text}")
        time.sleep(0.005)


def run_kill_loop(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    data, report = tmp_path / "data", tmp_path / "reported.txt"
    platform = ServerSettings(
        db_path=tmp_path / "platform.db", tokens={courier_child.TOKEN: courier_child.KIOSK}
    )
    with (
        AppThread(create_app(tmp_path / "courier.db", ("35",)), name="courier") as srv,
        ServerThread(platform) as plat,
    ):
        httpx.put(
            f"{srv.url}/admin/faults",
            content=json.dumps({"fail_rate": 0.2, "drop_after_commit": 0.3}),
        ).raise_for_status()
        ready = Path(f"{report}.ready")
        for k in range(kills):
            before = _lines(report)
            proc = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "tests.handoff.courier_child",
                    str(data),
                    srv.url,
                    plat.url,
                    str(k * PER_CHILD),
                    str(PER_CHILD),
                    str(report),
                ],
                cwd=PROJECT_ROOT,
                stderr=subprocess.DEVNULL,
            )
            # A quarter of the kills may land during start-up and recovery; the rest
            # once the child has told one resident "saved" (its re-placed case and one
            # new one), so a slow start on a loaded machine cannot starve the harness.
            if rng.random() >= 0.25:
                _wait_ready(ready, proc.pid, proc)
                _wait_lines(report, before + (2 if k else 1), proc)
            time.sleep(rng.uniform(0.0, 0.5))
            os.kill(proc.pid, signal.SIGKILL)
            assert proc.wait(30) == -signal.SIGKILL, f"child {k} ended by itself"

        # Back on: faults off, the resident of the last case tries again, the outbox drains.
        httpx.put(f"{srv.url}/admin/faults", content=b"{}").raise_for_status()
        outbox, journal, orders, worker = courier_child.make_orders(data, srv.url, plat.url)
        try:
            worker.acquire()
            courier_child.place(orders, kills * PER_CHILD - 1)
            for _ in range(100):
                worker.sync_once()
                if outbox.stats().unsent == 0:
                    break
            assert outbox.stats().unsent == 0 and outbox.stats().dead == 0, outbox.stats()
        finally:
            worker.stop()
            outbox.close()
            journal.close()
        got = httpx.get(f"{srv.url}/admin/waybills").json()["orders"]

    reported: dict[str, set[str]] = {}
    for line in report.read_text().splitlines() if report.exists() else []:
        case, oid = line.split()
        reported.setdefault(case, set()).add(oid)
    by_order = {w["client_order_id"]: w for w in got}
    per_case = Counter(w["reference"] for w in got)
    print(
        f"courier kill harness: {kills} kills, {len(reported)} cases told 'saved',"
        f" {len(got)} waybills at the courier"
    )
    assert len(reported) >= kills // 2, "the children hardly placed anything"
    for case, oids in reported.items():
        assert len(oids) == 1, f"{case} got two order ids: {oids}"
        (oid,) = oids
        assert oid in by_order, f"{case}: order {oid} told saved, never reached the courier"
        assert by_order[oid]["reference"] == case
    dupes = [c for c, n in per_case.items() if n > 1]
    assert not dupes, f"cases with two waybills: {dupes}"


def test_courier_orders_exactly_once_under_kill_9(tmp_path: Path) -> None:
    run_kill_loop(tmp_path, kills=10, seed=21)


@pytest.mark.slow
@pytest.mark.timeout(1800)  # 200 Python starts on a loaded 2-core machine
def test_courier_orders_exactly_once_under_200_kills(tmp_path: Path) -> None:
    run_kill_loop(tmp_path, kills=200, seed=2100)
