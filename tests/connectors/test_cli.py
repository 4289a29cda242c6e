"""``kiosk connectors list --json`` against real servers; secrets never printed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from department_servers.runner import bind_socket
from kiosk.cli.main import cli
from tests.connectors.conftest import CLIENT_ID, CLIENT_SECRET, Servers

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_connectors_list_json(servers: Servers, tmp_path: Path) -> None:
    rest = servers.rest()
    dead = bind_socket()
    dead_port = dead.getsockname()[1]
    dead.close()  # nobody listens there: connection refused
    cfg = tmp_path / "kiosk.toml"
    default = (PROJECT_ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    cfg.write_text(
        default
        + f"""
[[connectors]]
name = "province"
style = "rest"
url = "{rest.url}"
label = "福建省网上办事大厅"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"

[[connectors]]
name = "gjj"
style = "soap"
url = "http://127.0.0.1:{dead_port}"
timeout_s = 3
""",
        encoding="utf-8",
    )
    base = ["--config", str(cfg), "--data-dir", str(tmp_path / "d")]
    result = CliRunner().invoke(cli, [*base, "connectors", "list", "--json"], obj={})
    assert result.exit_code == 0, result.output
    assert CLIENT_SECRET not in result.output
    rows = {r["name"]: r for r in json.loads(result.output)}
    assert rows["province"]["style"] == "rest" and rows["province"]["state"] == "up"
    assert rows["province"]["url"] == rest.url
    assert rows["gjj"]["state"] == "down" and "cannot connect" in rows["gjj"]["detail"]
    plain = CliRunner().invoke(cli, [*base, "connectors", "list", "--no-check"], obj={})
    assert plain.exit_code == 0 and "not_checked" in plain.output
