"""``kiosk --demo`` runs the department reference servers and syncs its catalog from them."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from click.testing import CliRunner

from kiosk.cli.main import cli
from kiosk.services.catalog_cache import CatalogCache
from offline_queue.models import State

DEPARTMENTS = {"province", "housing", "social", "hub"}


def _open_under(path: Path, pid: int | str = "self") -> list[str]:
    """The descriptors of process ``pid`` open on files under ``path``."""
    out = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue  # closed meanwhile (the listing's own descriptor)
        if target.startswith(str(path)):
            out.append(target)
    return out


def _seed_items(data: Path, generated_items: dict[str, Path]) -> None:
    """The session's generated items where the demo keeps them (it generates none then)."""
    items = data / "departments" / "items"
    items.mkdir(parents=True)
    for path in generated_items.values():
        shutil.copyfile(path, items / path.name)


def _dept_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("demo-dept-")]


def _business_keys(db: Path) -> list[str]:
    """What arrived at a department (its server writes the file in the demo servers' child)."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        return [r[0] for r in con.execute("SELECT business_key FROM cases ORDER BY seq")]


def test_demo_terminal_syncs_2000_items_submits_to_each_style_and_stops_clean(
    tmp_path: Path, generated_items: dict[str, Path]
) -> None:
    """The wiring of ``kiosk --demo`` (kiosk/cli/run.py) without the window, nor the
    platform, desk, gateway and courier (the process test below has them all).

    The servers run in a child process (kiosk/app/demo_servers.py): not one of
    their threads, nor a descriptor on their databases, is in the terminal's."""
    from kiosk.app.demo import demo_config
    from kiosk.app.demo_departments import start_demo_departments
    from kiosk.app.terminal import Terminal
    from kiosk.app.wiring import attach_services
    from kiosk.config import load_config

    data = tmp_path / "data"
    _seed_items(data, generated_items)
    terminal = Terminal(demo_config(load_config(None, data), data), demo=True, setup_log=False)
    shipped = len(terminal.catalog.services)
    depts = start_demo_departments(terminal)
    attach_services(terminal, heartbeat=False)
    try:
        assert {c.name: c.style for c in terminal.config.connectors} == {
            "province": "rest",
            "housing": "soap",
            "social": "gm",
            "hub": "rest",
        }
        assert depts.pid != os.getpid() and _dept_threads() == []
        terminal.maintain()  # the first periodic check syncs every department in full
        cat = terminal.catalog
        synced = [s for s in cat.services if s.connector]
        assert len(cat.services) == shipped + 2000 and len(synced) == 2000
        assert {s.connector for s in synced} == DEPARTMENTS
        # What a technician sees from the demo's data directory.
        r = CliRunner().invoke(cli, ["--data-dir", str(data), "catalog", "stats", "--json"], obj={})
        assert r.exit_code == 0, r.output
        stats = json.loads(r.stdout)
        assert stats["items"] == shipped + 2000
        assert stats["connectors"] == sorted(DEPARTMENTS)
        # One submission per API style reaches its own department, exactly once.
        submitter = terminal.services["submitter"]
        sent = {}
        for name in sorted(DEPARTMENTS):
            code = next(s.code for s in synced if s.connector == name)
            sent[name] = submitter.submit(code, {"phone": "13800000000"}, {}, []).submission_id
        deadline = time.monotonic() + 90
        for name, sid in sent.items():
            while submitter.outbox.get(sid).state is not State.ACKNOWLEDGED:
                assert time.monotonic() < deadline, (name, submitter.outbox.get(sid).state)
                time.sleep(0.05)
            assert submitter.outbox.get(sid).connector == name
            assert _business_keys(depts.dir / f"{name}.db") == [sid]
        assert _open_under(depts.dir, depts.pid), "the servers' databases are open while they run"
        assert _open_under(depts.dir) == []  # in their process, not the terminal's
    finally:
        terminal.stop()
    assert depts.servers.proc.returncode == 0  # the child stopped with the terminal
    for c in terminal.config.connectors:  # and their listening sockets
        host, port = c.url.removeprefix("http://").split(":")
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((host, int(port)), timeout=5).close()


def test_kiosk_demo_process_syncs_from_its_departments_and_stops_on_sigterm(
    tmp_path: Path, generated_items: dict[str, Path]
) -> None:
    """The real ``kiosk --demo`` process: its catalog cache fills from the four servers."""
    data = tmp_path / "data"
    _seed_items(data, generated_items)
    out = (tmp_path / "kiosk.out").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--demo", "--data-dir", str(data)],
        stdout=out,
        stderr=subprocess.STDOUT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        start_new_session=True,
    )
    cache = CatalogCache(data / "catalog-cache.json")

    def synced() -> bool:
        try:
            return cache.load().item_count() >= 2000
        except Exception:
            return False  # not there yet, or being replaced

    try:
        deadline = time.monotonic() + 180  # start-up and the first periodic check, under load
        while not synced():
            assert proc.poll() is None and time.monotonic() < deadline, (
                tmp_path / "kiosk.out"
            ).read_text()[-3000:]
            time.sleep(0.2)
        snap = cache.load()
        assert set(snap.connectors) == DEPARTMENTS and snap.item_count() == 2000
        # The servers' databases: open in the demo servers' child, not in the terminal.
        (child,) = [c for c in psutil.Process(proc.pid).children() if "demo_servers" in " ".join(c.cmdline())]  # fmt: skip
        assert _open_under(data / "departments", child.pid)
        assert _open_under(data / "departments", proc.pid) == []
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0, (tmp_path / "kiosk.out").read_text()[-3000:]
        child.wait(30)  # the terminal stopped its servers' child (else TimeoutExpired)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        out.close()
    log = (tmp_path / "kiosk.out").read_text()
    assert "Traceback" not in log, log[-3000:]
