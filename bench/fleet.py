"""Fleet service under 1,000 simulated terminals: heartbeats, then a rollout to all of them.

The service runs in its own process (``python -m fleet serve``) on 127.0.0.1; the
terminals are a bounded asyncio client (httpx, at most ``--concurrency`` requests
in flight). Each terminal enrols with a one-time code, sends ``--beats``
heartbeats as fast as the bound allows (an accelerated rate), then a package
goes out to all of them with the waves compressed (no soak time): each terminal
polls its assignment, downloads the target and reports. The same run is made on
a private PostgreSQL (started here from Debian's binaries) and on SQLite, and the
two are compared as a ratio.

    .venv/bin/python bench/fleet.py [--terminals 1000] [--beats 5] [--concurrency 64]

Target (issue 24): heartbeat p99 under 50 ms at 1,000 terminals with PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pytest_postgresql.executors import PostgreSQLExecutor  # noqa: E402

from tests.fleet import packages as pk  # noqa: E402

PG_CTL = str(ROOT / "tests" / "fleet" / "pg_ctl_as_postgres.sh")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))] if xs else float("nan")


@dataclass
class Result:
    name: str
    beats: list[float] = field(default_factory=list)
    errors: int = 0
    beat_wall_s: float = 0.0
    rollout_s: float = 0.0
    rollout_polls: int = 0

    def line(self) -> str:
        n = len(self.beats)
        return (
            f"{self.name:<10} heartbeats {n:>6}  {n / self.beat_wall_s:8.0f}/s  "
            f"p50 {statistics.median(self.beats) * 1000:6.1f} ms  p99 {pct(self.beats, 99) * 1000:6.1f} ms  "
            f"errors {self.errors / max(1, n + self.errors):.2%}  |  rollout to all {self.rollout_s:6.1f} s "
            f"({self.rollout_polls} polls)"
        )


def start_service(db: str, work: Path) -> tuple[subprocess.Popen[bytes], str, str]:
    keys = work / "tuf-keys"
    py = sys.executable
    common = [
        py,
        "-m",
        "fleet",
        "--db",
        db,
        "--keys",
        str(keys),
        "--package-keys",
        str(pk.package_keys_dir(work)),
    ]
    subprocess.run([*common, "migrate"], cwd=ROOT, check=True, capture_output=True)
    admin = subprocess.run(
        [*common, "create-user", "bench-admin"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    proc = subprocess.Popen([*common, "serve", "--port", str(port)], cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code == 200:
                return proc, url, admin
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("fleet service did not start")


async def run_fleet(name: str, url: str, admin: str, n: int, beats: int, conc: int) -> Result:
    res = Result(name)
    sem = asyncio.Semaphore(conc)
    limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as c:
        staff = {"authorization": f"Bearer {admin}"}

        async def enrol(i: int) -> str:
            async with sem:
                kid = f"B-{i:05d}"
                code = (
                    await c.post(
                        "/api/enrolment-codes",
                        headers=staff,
                        json={"kiosk_id": kid, "region": "350102"},
                    )
                ).json()["code"]
                r = await c.post("/api/enrol", json={"code": code, "kiosk_id": kid})
                return str(r.json()["credential"])

        creds = await asyncio.gather(*(enrol(i) for i in range(n)))

        async def beat(cred: str, seq: int) -> None:
            body = {
                "beats": [
                    {
                        "seq": seq,
                        "sent_at": datetime.now(UTC).isoformat(),
                        "app_version": "0.1.0",
                        "outbox_pending": seq % 3,
                        "sessions_total": seq,
                        "devices": {
                            "id_reader": {"status": "OK"},
                            "receipt_printer": {"status": "OK"},
                        },
                    }
                ]
            }
            async with sem:
                t0 = time.perf_counter()
                try:
                    r = await c.post(
                        "/api/terminal/heartbeat",
                        json=body,
                        headers={"authorization": f"Bearer {cred}"},
                    )
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                dt = time.perf_counter() - t0
            if ok:
                res.beats.append(dt)
            else:
                res.errors += 1

        t0 = time.perf_counter()
        for seq in range(1, beats + 1):
            await asyncio.gather(*(beat(cr, seq) for cr in creds))
        res.beat_wall_s = time.perf_counter() - t0

        up = await c.post(
            "/api/packages",
            headers={**staff, "content-type": "application/zip"},
            content=pk.build(1),
        )
        up.raise_for_status()
        t0 = time.perf_counter()
        ro = (
            await c.post(
                "/api/rollouts",
                headers=staff,
                json={
                    "package_pk": up.json()["package_pk"],
                    "regions": ["350100"],
                    "min_wave_s": 0,
                },
            )
        ).json()
        pending = dict(enumerate(creds))

        async def poll(i: int, cred: str) -> bool:
            h = {"authorization": f"Bearer {cred}"}
            async with sem:
                a = (await c.get("/api/terminal/assignment", headers=h)).json()
                res.rollout_polls += 1
                if a["action"] != "adopt":
                    return False
                (await c.get(f"/tuf/targets/{a['target_path']}", headers=h)).raise_for_status()
                await c.post(
                    "/api/terminal/report",
                    headers=h,
                    json={"rollout_id": a["rollout_id"], "outcome": "adopted"},
                )
                return True

        while pending:
            done = await asyncio.gather(*(poll(i, cr) for i, cr in pending.items()))
            for (i, _), d in zip(list(pending.items()), done, strict=True):
                if d:
                    pending.pop(i)
        status = (await c.get(f"/api/rollouts/{ro['id']}", headers=staff)).json()
        res.rollout_s = time.perf_counter() - t0
        assert status["status"] == "completed", status
    return res


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--terminals", type=int, default=1000)
    ap.add_argument("--beats", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=64)
    args = ap.parse_args()
    results: list[Result] = []
    base = Path(tempfile.mkdtemp(prefix="fleet-bench-"))
    base.chmod(0o711)
    pg = PostgreSQLExecutor(
        executable=PG_CTL,
        host="127.0.0.1",
        port=free_port(),
        datadir=str(base / "pg" / "data"),
        unixsocketdir=str(base / "pg"),
        logfile=str(base / "pg" / "log" / "pg.log"),
        startparams="-w",
        dbname="postgres",
        user="postgres",
        password="bench",
    )
    (base / "pg").mkdir()
    pg.start()
    pg.wait_for_postgres()
    try:
        for name, db in (
            ("postgresql", f"postgresql+psycopg://postgres:bench@127.0.0.1:{pg.port}/postgres"),
            ("sqlite", f"sqlite:///{base / 'fleet.sqlite3'}"),
        ):
            work = base / name
            work.mkdir()
            proc, url, admin = start_service(db, work)
            try:
                r = asyncio.run(
                    run_fleet(name, url, admin, args.terminals, args.beats, args.concurrency)
                )
            finally:
                proc.terminate()
                proc.wait(30)
            results.append(r)
            print(r.line(), flush=True)
    finally:
        pg.stop()
        shutil.rmtree(base, ignore_errors=True)
    p, s = results
    print(
        f"postgresql / sqlite: throughput {len(p.beats) / p.beat_wall_s / (len(s.beats) / s.beat_wall_s):.2f}x, "
        f"p99 {pct(p.beats, 99) / pct(s.beats, 99):.2f}x, rollout time {p.rollout_s / s.rollout_s:.2f}x"
    )
    print(
        f"target p99 < 50 ms with PostgreSQL: {'met' if pct(p.beats, 99) < 0.05 else 'NOT met'} "
        f"({args.terminals} terminals, {args.concurrency} in flight, cpus {os.cpu_count()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
