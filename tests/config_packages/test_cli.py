"""``kiosk config``: the field-staff workflow end to end, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli.main import cli
from kiosk.config import CONFIG_DIR
from tests.config_packages.conftest import Env

DEMO = CONFIG_DIR / "demo-keys"


def run(env: Env, *args: str, input: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    res = runner.invoke(
        cli,
        ["--config", str(env.config_path), "--data-dir", str(env.data_dir), "config", *args],
        obj={},
        input=input,
    )
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stdout, res.stderr


def test_field_staff_workflow(env: Env, tmp_path: Path) -> None:
    keys = tmp_path / "staff-keys"
    code, out, _ = run(env, "keygen", "--out", str(keys))
    assert code == 0 and "key id" in out
    assert (keys / "kiosk-signing.key").stat().st_mode & 0o777 == 0o600
    code, _, err = run(env, "keygen", "--out", str(keys))
    assert code == 1 and "already exists" in err

    pkg = tmp_path / "kiosk-config-1.zip"
    code, out, _ = run(
        env,
        "build",
        str(DEMO / "sample"),
        "--version",
        "1",
        "--region",
        "350100",
        "--out",
        str(pkg),
    )
    assert code == 0 and "UNSIGNED" in out
    code, out, _ = run(env, "verify", str(pkg))
    assert code == 1 and "manifest.sig is missing" in out

    code, out, _ = run(env, "sign", str(pkg), "--key", str(keys / "kiosk-signing.key"))
    assert code == 0
    # Not yet trusted by this terminal; --trust tests the staff key for this command only.
    code, out, _ = run(env, "verify", str(pkg))
    assert code == 1 and "untrusted_key" not in out and "does not trust" in out
    code, out, _ = run(env, "verify", str(pkg), "--trust", str(keys / "kiosk-signing.pem"))
    assert code == 0, out
    assert out.count("[PASS]") == 13  # 12 checks and TUF (old format: passed, signature only)
    code, out, _ = run(env, "apply", str(pkg))
    assert code == 1  # --trust was for verify alone

    # The terminal trusts the staff key: apply, history, check, rollback.
    (env.tmp / "trusted" / "staff.pem").write_bytes((keys / "kiosk-signing.pem").read_bytes())
    code, out, _ = run(env, "apply", str(pkg), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and doc["release"] == "r000001-v1"
    code, out, _ = run(env, "history", "--json")
    assert json.loads(out)["active_version"] == 1
    code, out, _ = run(env, "check")
    assert code == 0 and "r000001-v1" in out
    code, out, _ = run(env, "rollback")
    assert code == 0 and "factory configuration" in out
    code, out, err = run(env, "rollback")
    assert code == 1 and err.startswith("error: no package is installed")
    code, out, _ = run(env, "history")
    assert "rolled back  r000001-v1 -> factory configuration  (manual)" in out


def test_verify_json(env: Env) -> None:
    pkg = env.package()
    code, out, _ = run(env, "verify", str(pkg), "--json")
    doc = json.loads(out)
    assert code == 0 and doc["ok"] and len(doc["checks"]) == 13
    assert {c["status"] for c in doc["checks"]} == {"passed"}


def test_build_refuses_bad_sources(env: Env, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "install.sh").write_text("#!/bin/sh\n")
    code, _, err = run(env, "build", str(src), "--version", "1", "--all", "--out", "x.zip")
    assert code == 1 and "unknown file at the package root: install.sh" in err
    code, _, err = run(env, "build", str(src), "--version", "1", "--out", "x.zip")
    assert code == 2 and "--all" in err


def test_check_reports_broken_base_catalog(env: Env) -> None:
    (env.tmp / "catalog.toml").write_text("[[services]]\n")
    code, out, _ = run(env, "check")
    assert code == 1 and "PROBLEM: catalog:" in out


def test_errors_are_one_line_without_traceback(env: Env, tmp_path: Path) -> None:
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--config",
            str(env.config_path),
            "--data-dir",
            str(env.data_dir),
            "config",
            "sign",
            str(env.package()),
            "--key",
            str(tmp_path / "nope"),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    assert res.stderr.strip().startswith("error: cannot read private key")
