"""Fixtures: a private PostgreSQL server (pytest-postgresql), the service on a real port.

The server is started by the tests themselves from Debian's binaries; as root
(CI) it runs as the ``postgres`` user through ``pg_ctl_as_postgres.sh``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from pytest_postgresql.executors import PostgreSQLExecutor

from fleet.app import create_app
from fleet.db import Database
from fleet.enrolment import create_user
from fleet.migrate import upgrade
from fleet.security import Role
from fleet.settings import FleetSettings

HERE = Path(__file__).resolve().parent
PG_CTL = str(HERE / "pg_ctl_as_postgres.sh")


@pytest.fixture(scope="session")
def postgresql_proc() -> Iterator[PostgreSQLExecutor]:
    """A private PostgreSQL server for the session (pytest-postgresql's executor).

    Its directories live outside pytest's temp tree: pytest resets
    /tmp/pytest-of-<user> to 0700 whenever a session starts, which would lock the
    ``postgres`` user out of a server started as root.
    """
    _stop_servers_of_dead_sessions()
    base = Path(tempfile.mkdtemp(prefix=PG_PREFIX))
    base.chmod(0o711)
    (base / OWNER).write_text(str(os.getpid()))
    executor: PostgreSQLExecutor | None = None
    problems: list[str] = []
    # A free port can be taken by another process before the server binds it (other
    # suites run beside this one): try again on a fresh port and data directory.
    for attempt in range(3):
        candidate = PostgreSQLExecutor(
            executable=PG_CTL,
            host="127.0.0.1",
            port=_free_port(),
            datadir=str(base / f"data-{attempt}"),
            unixsocketdir=str(base),
            logfile=str(base / f"log-{attempt}" / "postgresql.log"),
            startparams="-w",
            dbname="postgres",
            user="postgres",
            password="fleet-test",
            timeout=120,
        )
        try:
            candidate.start()
            candidate.wait_for_postgres()
        except Exception as e:
            problems.append(f"{type(e).__name__}: {e}")
            with contextlib.suppress(Exception):  # it may never have started
                candidate.stop()
            continue
        executor = candidate
        break
    if executor is None:
        shutil.rmtree(base, ignore_errors=True)
        raise RuntimeError("private PostgreSQL did not start: " + " | ".join(problems))
    try:
        yield executor
    finally:
        try:
            executor.stop()
        finally:
            shutil.rmtree(base, ignore_errors=True)


PG_PREFIX = "fleet-pg-"
#: The pytest process that started the server in that directory.
OWNER = "owner.pid"


def _stop_servers_of_dead_sessions() -> None:
    """Stop the servers a killed test session left running, and remove their files.

    A SIGKILLed or interrupted pytest never runs the fixture's teardown, and
    PostgreSQL does not notice its parent is gone.
    """
    for base in Path(tempfile.gettempdir()).glob(PG_PREFIX + "*"):
        try:
            owner = int((base / OWNER).read_text())
        except (OSError, ValueError):
            continue  # not ours to judge (or still being set up)
        if Path(f"/proc/{owner}").exists():
            continue  # its session is still running (another suite beside this one)
        for data in base.glob("data-*"):
            if (data / "postmaster.pid").exists():
                subprocess.run(
                    [PG_CTL, "stop", "-D", str(data), "-m", "immediate", "-w"],
                    capture_output=True,
                    timeout=60,
                    check=False,
                )
        shutil.rmtree(base, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def pg_url(postgresql_proc: PostgreSQLExecutor) -> str:
    """A fresh, empty database on the private server (one per test)."""
    name = f"fleet_{uuid.uuid4().hex[:12]}"
    p = postgresql_proc
    # Under a heavy load the server can still refuse with "the database system is
    # starting up" after the executor's wait: wait for it to accept, not for a time.
    deadline = time.monotonic() + 120
    while True:
        try:
            conn = psycopg.connect(
                host=p.host,
                port=p.port,
                user=p.user,
                password=p.password,
                dbname="postgres",
                autocommit=True,
            )
            break
        except psycopg.OperationalError as e:
            if "starting up" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql+psycopg://{p.user}:{p.password}@{p.host}:{p.port}/{name}"


@dataclass
class Service:
    """The fleet service running under uvicorn on 127.0.0.1, with an admin token."""

    url: str
    settings: FleetSettings
    admin: str
    server: uvicorn.Server
    thread: threading.Thread

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)

    def user(self, name: str, role: str) -> str:
        with self.client(self.admin) as c:
            r = c.post("/api/users", json={"name": name, "role": role})
            r.raise_for_status()
            return str(r.json()["token"])

    def enrol(self, kiosk_id: str, region: str = "350102") -> str:
        with self.client(self.admin) as c:
            code = c.post("/api/enrolment-codes", json={"kiosk_id": kiosk_id, "region": region})
            code.raise_for_status()
            r = c.post("/api/enrol", json={"code": code.json()["code"], "kiosk_id": kiosk_id})
            r.raise_for_status()
            return str(r.json()["credential"])

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)


def start_service(settings: FleetSettings) -> Service:
    upgrade(settings.database_url)
    app = create_app(settings)
    db = Database(settings.database_url)
    with db.session() as s:
        admin = create_user(s, f"admin-{uuid.uuid4().hex[:6]}", Role.ADMIN, "test")
    db.dispose()
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="fleet-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("fleet service did not start")
        time.sleep(0.02)
    return Service(f"http://127.0.0.1:{port}", settings, admin, server, thread)


@pytest.fixture
def make_settings(tmp_path: Path) -> Any:
    from tests.fleet.packages import package_keys_dir

    def make(url: str, **kw: Any) -> FleetSettings:
        return FleetSettings(
            database_url=url,
            tuf_keys_dir=tmp_path / "tuf-keys",
            package_keys_dir=package_keys_dir(tmp_path),
            **kw,
        )

    return make


@pytest.fixture
def pg_service(pg_url: str, make_settings: Any) -> Iterator[Service]:
    svc = start_service(make_settings(pg_url))
    yield svc
    svc.stop()


@pytest.fixture
def sqlite_service(tmp_path: Path, make_settings: Any) -> Iterator[Service]:
    svc = start_service(make_settings(f"sqlite:///{tmp_path / 'fleet.sqlite3'}"))
    yield svc
    svc.stop()
