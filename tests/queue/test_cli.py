"""``kiosk queue`` and ``kiosk platform`` end to end: a real server process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli.main import cli

PROJECT_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def platform_process(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    db = tmp_path / "platform.db"
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
            "cli-token",
            "--drop-after-commit",
            "0.5",
            "--seed",
            "3",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("platform listening on http://127.0.0.1:"), line
    yield line.split()[-1], db
    proc.terminate()
    proc.wait(10)


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.stdout, result.stderr


def test_enqueue_status_sync_dump(tmp_path: Path, platform_process: tuple[str, Path]) -> None:
    url, db = platform_process
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8 fake jpeg")
    ids = []
    first_enqueue = (0.0, 0.0)
    for i in range(3):
        before = time.time()
        code, out, _ = run(tmp_path, "queue", "enqueue", "--service", "ZM-1", "--form", json.dumps({"i": i}), "--attach", str(scan))  # fmt: skip
        assert code == 0
        if i == 0:
            first_enqueue = (before, time.time())
        ids.append(out.strip())
    asked = time.time()
    code, out, _ = run(tmp_path, "queue", "status", "--json")
    answered = time.time()
    st = json.loads(out)
    assert code == 0 and st["pending"] == 3 and st["bytes_on_disk"] > 0
    # The age of the *first* submission (wall clock, as recorded): a bound, not a timing.
    age = st["oldest_pending_age_s"]
    assert isinstance(age, float)
    assert asked - first_enqueue[1] - 0.01 <= age <= answered - first_enqueue[0] + 0.01
    # Platform unreachable: exit 1, nothing lost.
    code, _, err = run(tmp_path, "queue", "sync", "--once", "--platform-url", "http://127.0.0.1:9", "--token", "cli-token")  # fmt: skip
    assert code == 1 and "cannot connect" in err
    # Until everything is through (drop-after-commit makes some attempts fail).
    for _ in range(20):
        code, out, _ = run(tmp_path, "queue", "sync", "--once", "--platform-url", url, "--token", "cli-token", "--json")  # fmt: skip
        if code == 0:
            break
    assert code == 0 and json.loads(out)["pending"] == 0
    code, out, _ = run(tmp_path, "queue", "list", "--json")
    listed = json.loads(out)
    assert [x["id"] for x in listed] == ids and {x["state"] for x in listed} == {"acknowledged"}
    dump = subprocess.run(
        [sys.executable, "-m", "kiosk", "platform", "dump", "--db", str(db), "--json"],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        check=True,
    )
    stored = json.loads(dump.stdout)
    assert sorted(s["submission_id"] for s in stored) == sorted(ids)  # exactly once each
    by_id = {x["id"]: x["acceptance_no"] for x in listed}
    assert all(by_id[s["submission_id"]] == s["acceptance_no"] for s in stored)


def test_errors_are_one_line_and_non_zero(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, "queue", "enqueue", "--service", "X", "--form", "[1]")
    assert code == 2 and err.strip() == "--form must be a JSON object"
    code, _, err = run(tmp_path, "queue", "retry", "01ZZZZZZZZZZZZZZZZZZZZZZZZ")
    assert code == 1 and "no submission" in err and "Traceback" not in err
    code, _, err = run(tmp_path, "queue", "retry")
    assert code == 2
    code, _, err = run(tmp_path, "queue", "sync", "--once", "--platform-url", "ftp://x")
    assert code == 2 and "--platform-url" in err
    code, _, err = run(tmp_path, "platform", "dump", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "does not exist" in err


def test_dead_and_retry(tmp_path: Path, platform_process: tuple[str, Path]) -> None:
    url, _ = platform_process
    code, out, _ = run(tmp_path, "queue", "enqueue", "--service", "X" * 80, "--form", "{}")
    sid = out.strip()
    run(tmp_path, "queue", "sync", "--once", "--platform-url", url, "--token", "cli-token")
    code, out, _ = run(tmp_path, "queue", "list", "--state", "dead")
    assert sid in out and "422" in out
    code, out, _ = run(tmp_path, "queue", "retry", "--all-dead")
    assert code == 0 and f"{sid}: pending" in out
    code, out, _ = run(tmp_path, "queue", "status")
    assert "pending 1" in out and "dead 0" in out


def test_full_outbox_is_refused_with_exit_3(tmp_path: Path) -> None:
    cfg = tmp_path / "kiosk.toml"
    default = (PROJECT_ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    cfg.write_text(
        default.replace("[outbox]\n", "[outbox]\nmax_bytes = 1000000\n"), encoding="utf-8"
    )
    big = tmp_path / "big.bin"
    big.write_bytes(b"\0" * 1_100_000)
    result = CliRunner().invoke(
        cli,
        [
            "--config",
            str(cfg),
            "--data-dir",
            str(tmp_path / "d"),
            "queue",
            "enqueue",
            "--service",
            "S",
            "--form",
            "{}",
            "--attach",
            str(big),
        ],
    )
    assert result.exit_code == 3 and "outbox full" in result.stderr
