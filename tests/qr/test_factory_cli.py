"""The scanner through the device manager ("sim" factory) and the ``kiosk qr`` commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from drivers.qr_scanner import CodeScanned, KeyboardWedgeScanner
from drivers.qr_scanner_emulator import QrScannerEmulator
from kiosk.config import config_from_dict, load_config
from kiosk.devices.manager import DeviceManager

from .conftest import Events

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "kiosk"]


def _manager(driver: str) -> DeviceManager:
    base = load_config()
    data = base.model_dump(mode="json", exclude={"source_dir", "data_dir_override"})
    data["devices"]["qr_scanner"]["driver"] = driver
    data["health"]["grace_period_s"] = 0
    return DeviceManager(config_from_dict(data))


def test_sim_factory_runs_the_real_driver_on_the_emulator() -> None:
    mgr = _manager("sim")
    mgr.build(only=["qr_scanner"])
    events = Events()
    mgr.add_listener(events.put)
    slot = mgr.slots["qr_scanner"]
    emulator = mgr.extras["qr_emulator"]
    assert isinstance(emulator, QrScannerEmulator)
    try:
        slot.step()  # open + first health probe, as the supervisor thread does
        assert slot.health.usable, slot.health
        emulator.scan("DEMO-APP-CODE-0001")
        ev = events.next(CodeScanned)
        assert isinstance(ev, CodeScanned)
        assert ev.text == "DEMO-APP-CODE-0001" and ev.device == "qr_scanner"
        assert "DEMO-APP-CODE-0001" not in repr(ev)  # a token never reaches a log whole
    finally:
        mgr.stop()
        emulator.close()


def test_keyboard_factory_exposes_the_device_for_the_ui() -> None:
    mgr = _manager("keyboard")
    mgr.build(only=["qr_scanner"])
    events = Events()
    mgr.add_listener(events.put)
    dev = mgr.extras["qr_keyboard"]
    assert isinstance(dev, KeyboardWedgeScanner)
    mgr.slots["qr_scanner"].step()
    dev.deliver("WEDGE-CODE-42")
    ev = events.next(CodeScanned)
    assert isinstance(ev, CodeScanned) and ev.source == "keyboard"
    mgr.stop()
    dev.deliver("AFTER-CLOSE")  # a closed device ignores late keys
    assert events.drain(0.05) == []


def _holds(pid: int, path: str) -> bool:
    """True when process ``pid`` has ``path`` open (read from /proc)."""
    fd_dir = Path(f"/proc/{pid}/fd")
    try:
        return any(os.readlink(fd_dir / fd) == path for fd in os.listdir(fd_dir))
    except OSError:
        return False


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_cli_listen_prints_codes_as_json(emulator: QrScannerEmulator) -> None:
    proc = subprocess.Popen(
        [
            *KIOSK,
            "qr",
            "listen",
            "--port",
            emulator.port,
            "--json",
            "--count",
            "2",
            "--timeout",
            "10",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    try:
        # wait until the command holds the port (exclusive lock), then scan
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not _holds(proc.pid, emulator.slave_name):
            time.sleep(0.05)
        emulator.send_raw("受理号 FZ-0001\r".encode() + b"\x00\xffSECOND\r")
        out, err = proc.communicate(timeout=10)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["text"] for d in lines] == ["受理号 FZ-0001", "SECOND"]
    assert lines[0]["source"] == "serial"


def test_cli_listen_missing_port_is_one_clear_line(tmp_path: Path) -> None:
    res = subprocess.run(
        [*KIOSK, "qr", "listen", "--port", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=ROOT,
        timeout=30,
    )
    assert res.returncode == 1
    assert res.stderr.strip().count("\n") == 0 and "does not exist" in res.stderr
    assert "Traceback" not in res.stderr


def test_cli_simulate_serves_a_port_and_scans_stdin(tmp_path: Path) -> None:
    link = tmp_path / "ttySIM"
    proc = subprocess.Popen(
        [*KIOSK, "qr", "simulate", "--link", str(link)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        cwd=ROOT,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        assert proc.stdout.readline().strip() == str(link)
        import serial

        with serial.Serial(str(link), 9600, timeout=3) as port:
            proc.stdin.write("SIM-CODE-1\n:raw 414243\n\n:raw 0d\n")
            proc.stdin.flush()
            assert port.read_until(b"\r") == b"SIM-CODE-1\r"
            assert port.read_until(b"\r") == b"ABC\r"
        proc.stdin.write(":quit\n")
        proc.stdin.flush()
        assert proc.wait(timeout=10) == 0
        assert not link.exists()
    finally:
        proc.kill()
