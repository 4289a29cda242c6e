"""kiosk diagnose / devices against the simulators, with one fault injected."""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

from kiosk.config import DEFAULT_CONFIG_PATH, load_config
from kiosk.logging_setup import setup_logging
from kiosk.ops.diagnostics import export_bundle, redacted_config
from kiosk.privacy import SensitiveValues

ROOT = Path(__file__).resolve().parents[2]


def write_config(tmp_path: Path, idcard_port: str) -> Path:
    text = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    text = text.replace(
        'driver = "sim"                    # sim | serial\nport = "/dev/ttyUSB0"',
        f'driver = "serial"\nport = "{idcard_port}"',
    )
    text = text.replace('catalog.toml"', f'{DEFAULT_CONFIG_PATH.parent / "catalog.toml"}"')
    p = tmp_path / "k.toml"
    p.write_text(text, encoding="utf-8")
    return p


def run_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_diagnose_json_reports_the_faulted_device(tmp_path: Path) -> None:
    cfg = write_config(tmp_path, "/dev/ttyKIOSK-MISSING")
    out = run_kiosk(
        "--config", str(cfg), "--data-dir", str(tmp_path / "data"), "diagnose", "--json"
    )
    assert out.returncode == 1, out.stderr
    report = json.loads(out.stdout)
    by_name = {d["name"]: d for d in report["devices"]}
    assert by_name["idcard"]["status"] == "ABSENT"  # the port does not exist: absent, not faulty
    assert "/dev/ttyKIOSK-MISSING" in by_name["idcard"]["detail"]
    assert by_name["qr_scanner"]["status"] == "OK"
    assert report["ok"] is False
    assert report["platform"]["reachable"] is False


def test_devices_lists_every_configured_device(tmp_path: Path) -> None:
    out = run_kiosk("--data-dir", str(tmp_path / "data"), "devices", "--demo", "--json")
    assert out.returncode == 0, out.stderr
    names = {d["name"] for d in json.loads(out.stdout)}
    assert {"idcard", "smartcard", "qr_scanner", "receipt_printer"} <= names


def test_bundle_has_logs_statuses_config_and_no_personal_data(tmp_path: Path) -> None:
    config = load_config(DEFAULT_CONFIG_PATH, tmp_path / "data")
    registry = SensitiveValues()
    setup_logging(config.resolved_paths.log_dir, registry=registry)
    import logging

    registry.add("欧阳娜娜")
    logging.getLogger("test").info("read 110101199001010015 for 欧阳娜娜")
    for h in logging.getLogger().handlers:
        h.flush()
    # A log line written by something that did not mask (an old version, a hand edit):
    (config.resolved_paths.log_dir / "kiosk.jsonl.1").write_text(
        '{"msg": "legacy 440305200002290029"}\n', encoding="utf-8"
    )
    path = export_bundle(tmp_path / "usb", config, None, {"queue_depth": 3})
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        assert {"facts.json", "config.json", "logs/kiosk.jsonl", "logs/kiosk.jsonl.1"} <= names
        blob = b"".join(z.read(n) for n in names).decode("utf-8")
        cfg = json.loads(z.read("config.json"))
    assert "110101199001010015" not in blob and "440305200002290029" not in blob
    assert "欧阳娜娜" not in blob
    assert cfg["platform"]["token"] == "<removed>"


def test_redacted_config_removes_secrets() -> None:
    config = load_config(DEFAULT_CONFIG_PATH)
    red = redacted_config(config)
    assert red["platform"]["token"] == "<removed>"
    assert red["kiosk"]["id"] == config.kiosk.id


def test_heartbeat_reaches_reference_server(tmp_path: Path) -> None:
    from kiosk.devices.manager import DeviceManager
    from kiosk.ops.heartbeat import HeartbeatSender, QueueCounts
    from offline_queue.server.db import dump_heartbeats
    from offline_queue.server.runner import ServerThread
    from offline_queue.server.settings import ServerSettings

    config = load_config(DEFAULT_CONFIG_PATH, tmp_path / "data")
    settings = ServerSettings(db_path=tmp_path / "p.db", tokens={"tok": config.kiosk.id})
    with ServerThread(settings) as srv:
        config = config.model_copy(
            update={"platform": config.platform.model_copy(update={"url": srv.url, "token": "tok"})}
        )
        mgr = DeviceManager(config)
        mgr.build(only=["qr_scanner"])
        sender = HeartbeatSender(config, mgr, lambda: QueueCounts(pending=7, dead=1), "cat-1")
        assert sender.beat(), sender.last_error
        sender.stop()
    (beat,) = dump_heartbeats(settings.db_path)
    assert (beat["kiosk_id"], beat["config_version"]) == (config.kiosk.id, "cat-1")
    assert (beat["queue_pending"], beat["queue_dead"]) == (7, 1)
    assert [d["name"] for d in beat["devices"]] == ["qr_scanner"]
