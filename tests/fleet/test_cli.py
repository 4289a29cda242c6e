"""``kiosk fleet …`` against a running service: enrol, list, rollout, bundle fetch."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from kiosk.app.fleet_agent import FleetAgent, serve_bundle_request
from kiosk.cli.main import cli
from tests.fleet import packages as pk
from tests.fleet.conftest import Service
from tests.fleet.terminals import make_terminal


def run(svc: Service, token: str, *args: str, config: Path | None = None) -> str:
    pre = ["--config", str(config)] if config else []
    res = CliRunner().invoke(
        cli, [*pre, "fleet", "--url", svc.url, "--token", token, *args], catch_exceptions=False
    )
    assert res.exit_code == 0, res.output
    return res.output


def test_operator_cli_end_to_end(sqlite_service: Service, tmp_path: Path) -> None:
    svc = sqlite_service
    operator = svc.user("olga", "operator")
    env = make_terminal(tmp_path, "CLI-1", "350102", pk.KEY)
    code = run(svc, operator, "code", "CLI-1", "--region", "350102").split(": ")[1].strip()
    out = CliRunner().invoke(
        cli, ["--config", str(env.config_path), "fleet", "--url", svc.url, "enrol", code]
    )
    assert out.exit_code == 0 and "CLI-1" in out.output, out.output
    listed = json.loads(run(svc, operator, "--json", "list"))
    assert [t["id"] for t in listed] == ["CLI-1"]
    pkg = tmp_path / "pkg.zip"
    pkg.write_bytes(pk.build(7))
    created = json.loads(
        run(
            svc,
            operator,
            "--json",
            "rollout",
            "create",
            str(pkg),
            "--kiosk",
            "CLI-1",
            "--min-wave-s",
            "0",
        )
    )
    rid = str(created["id"])
    assert "halted" in run(svc, operator, "rollout", "halt", rid, "--reason", "lunch")
    assert "running" in run(svc, operator, "rollout", "resume", rid)
    pulled = CliRunner().invoke(
        cli, ["--config", str(env.config_path), "fleet", "--url", svc.url, "pull"]
    )
    assert json.loads(pulled.output)["action"] == "adopted", pulled.output
    assert "completed" in run(svc, operator, "rollout", "status", rid)
    assert env.volume() == 17
    # A viewer cannot start a rollout from the CLI either.
    viewer = svc.user("val", "viewer")
    res = CliRunner().invoke(
        cli,
        [
            "fleet",
            "--url",
            svc.url,
            "--token",
            viewer,
            "rollout",
            "create",
            str(pkg),
            "--kiosk",
            "CLI-1",
        ],
    )
    assert res.exit_code != 0 and "403" in res.output
    # Remote diagnostics: requested by staff, uploaded by the terminal, fetched by staff.
    bid = run(svc, operator, "bundle", "request", "CLI-1").split()[1]
    assert serve_bundle_request(FleetAgent(env.config, svc.url)) == int(bid)
    out_zip = tmp_path / "b.zip"
    run(svc, operator, "bundle", "fetch", bid, "-o", str(out_zip))
    with zipfile.ZipFile(out_zip) as z:
        names = z.namelist()
    assert names, "empty bundle"
