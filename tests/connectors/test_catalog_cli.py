"""``kiosk catalog sync/stats/search --json`` as a resident-less process, against real servers."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from types import SimpleNamespace

from click.testing import CliRunner

from kiosk.cli.main import cli
from tests.connectors.conftest import Servers, connectors_toml

PROJECT_ROOT = Path(__file__).resolve().parents[2]
KIOSK = str(PROJECT_ROOT / ".venv" / "bin" / "kiosk")


def _process(cfg: Path, data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed ``kiosk`` entry point, as a technician runs it."""
    return subprocess.run(
        [KIOSK, "--config", str(cfg), "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _kiosk(cfg: Path, data: Path, *args: str) -> SimpleNamespace:
    """The same command line in this process (no interpreter start per call)."""
    r = CliRunner().invoke(cli, ["--config", str(cfg), "--data-dir", str(data), *args], obj={})
    return SimpleNamespace(returncode=r.exit_code, stdout=r.stdout, stderr=r.stderr)


def test_catalog_sync_stats_and_search(
    servers: Servers, generated_items: dict[str, Path], tmp_path: Path
) -> None:
    srv = {
        "province": servers.rest("province", generated_items["province"]),
        "housing": servers.soap("housing", generated_items["housing"]),
        "hub": servers.hub(generated_items["hub"]),
    }
    cfg = tmp_path / "kiosk.toml"
    default = (PROJECT_ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    cfg.write_text(default + "\n" + connectors_toml(tmp_path, {n: s.url for n, s in srv.items()}))
    data = tmp_path / "data"
    before = json.loads(_kiosk(cfg, data, "catalog", "stats", "--json").stdout)
    assert before["connectors"] == [] and before["items"] >= 22
    synced = _process(cfg, data, "catalog", "sync", "--json")
    assert synced.returncode == 0, synced.stderr
    rows = {r["name"]: r for r in json.loads(synced.stdout)}
    assert rows["province"]["full"] and rows["province"]["items"] == 1393
    assert "s3cret" not in synced.stdout + synced.stderr  # no secret in any output
    # The entry point itself is proven by the sync above; the rest in this process.
    stats = json.loads(_kiosk(cfg, data, "catalog", "stats", "--json").stdout)
    assert stats["items"] == before["items"] + 1393 + 260 + 91
    assert stats["connectors"] == ["housing", "hub", "province"]
    assert stats["departments"] >= 22 and "hub:1" in stats["version"]
    # Search: initials, full pinyin, Chinese; best first; each with the four fields.
    for q in ("wfz", "wufanzuijilu", "无犯罪记录"):
        hits = json.loads(_kiosk(cfg, data, "catalog", "search", q, "--json").stdout)
        assert hits[0] == {
            "code": "ZM-WFZJL",
            "name": "无犯罪记录证明",
            "department": "福州市公安局（示例）",
            "connector": "",
        }, q
    gjj = json.loads(_kiosk(cfg, data, "catalog", "search", "公积金", "--json").stdout)
    assert {h["connector"] for h in gjj} >= {"housing"}
    assert all("公积金" in h["name"] or "公积金" in h["department"] for h in gjj)
    tw = json.loads(
        _kiosk(cfg, data, "catalog", "search", "無犯罪記錄", "--lang", "zh_TW", "--json").stdout
    )
    assert tw[0]["code"] == "ZM-WFZJL" and tw[0]["name"] == "無犯罪記錄證明"
    none = _kiosk(cfg, data, "catalog", "search", "qqqqxxxx", "--json")
    assert none.returncode == 0 and json.loads(none.stdout) == []
    # One department down: sync says which, exits 1, the others and the cache stay.
    srv["housing"].stop()
    again = _kiosk(cfg, data, "catalog", "sync", "--json")
    rows = {r["name"]: r for r in json.loads(again.stdout)}
    assert again.returncode == 1 and rows["housing"]["error"] and rows["province"]["error"] is None
    assert json.loads(_kiosk(cfg, data, "catalog", "stats", "--json").stdout) == stats
