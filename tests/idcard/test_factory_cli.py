"""The reader through the device manager ("sim" factory), and the ``kiosk idcard`` commands."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from drivers.idcard.emulator import Fault, SamEmulator
from drivers.idcard.events import CardRead, CardRemoved
from kiosk.cli.main import cli
from kiosk.config import config_from_dict, load_config
from kiosk.devices.manager import DeviceManager
from kiosk.identity.idcard_text import document_from_card
from tests.idcard.conftest import FOREIGN_2017, LONG_TERM, MALE, Recorder

pytestmark = pytest.mark.integration
JSON_KEYS = ["card_type", "name", "gender", "ethnicity", "birth_date", "address",
             "id_number", "issuer", "valid_from", "valid_to"]  # fmt: skip


def _manager(**idcard: object) -> DeviceManager:
    data = load_config().model_dump(mode="json", exclude={"source_dir", "data_dir_override"})
    data["devices"]["idcard"].update({"driver": "sim", **idcard})
    data["health"]["grace_period_s"] = 0
    return DeviceManager(config_from_dict(data))


def test_sim_factory_runs_the_real_driver_on_the_emulator() -> None:
    mgr = _manager()
    mgr.build(only=["idcard"])
    rec = Recorder()
    mgr.add_listener(rec.event)
    emulator = mgr.extras["idcard_emulator"]
    assert isinstance(emulator, SamEmulator) and len(emulator.cards) >= 8
    slot = mgr.slots["idcard"]
    try:
        slot.step()  # open + first health probe, as the supervisor does
        assert slot.health.usable, slot.health
        emulator.place_card(MALE)
        ev = rec.wait_event(CardRead)[0]
        assert ev.device == "idcard"
        doc = document_from_card(ev)
        assert doc.id_number == "110101199001010015" and doc.photo and doc.photo.is_image
        emulator.remove_card()
        rec.wait_event(CardRemoved)
    finally:
        mgr.stop()
        emulator.stop()


def test_serial_factory_with_a_missing_port_reports_absent(tmp_path: Path) -> None:
    mgr = _manager(driver="serial", port=str(tmp_path / "ttyUSB9"))
    mgr.build(only=["idcard"])
    slot = mgr.slots["idcard"]
    try:
        for _ in range(3):  # three strikes before the manager reports it
            slot.step()
        assert slot.health.status == "ABSENT" and "ttyUSB9" in slot.health.detail
    finally:
        mgr.stop()


def test_configured_wlt_library_that_does_not_load_is_seen(tmp_path: Path) -> None:
    mgr = _manager(driver="serial", wlt_decoder_path=str(tmp_path / "libnothere.so"))
    mgr.build(only=["idcard"])
    try:
        health = mgr.slots["idcard"].device.status()
        assert "libnothere.so" in health.detail
    finally:
        mgr.stop()


@pytest.fixture
def emu(deck) -> SamEmulator:
    e = SamEmulator(deck)
    e.start()
    yield e
    e.stop()


def test_cli_read_json_masked_by_default(emu: SamEmulator) -> None:
    emu.place_card(LONG_TERM)
    res = CliRunner().invoke(
        cli, ["idcard", "read", "--port", emu.port, "--json", "--timeout", "2"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert list(out) == JSON_KEYS
    assert out["valid_to"] == "long-term" and out["birth_date"] == "1970-10-01"
    assert out["id_number"] == "510107********234X" and out["name"] == "赵**"
    assert "示例街" not in res.stdout


def test_cli_read_show_personal_data(emu: SamEmulator) -> None:
    emu.place_card(FOREIGN_2017)
    res = CliRunner().invoke(
        cli, ["idcard", "read", "--port", emu.port, "--json", "--show-personal-data"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["card_type"] == "foreign_permanent_2017" and out["id_number"] == "USA110085071512"
    assert out["valid_from"] == "2018-01-01" and out["valid_to"] == "2028-01-01"


def test_cli_read_failures_are_one_line_with_exit_codes(emu: SamEmulator, tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli, ["idcard", "read", "--port", emu.port, "--timeout", "0.7"])
    assert res.exit_code == 3 and res.stderr.count("\n") == 1 and "no card" in res.stderr
    res = runner.invoke(cli, ["idcard", "read", "--port", str(tmp_path / "nope")])
    assert res.exit_code == 1 and res.stderr.count("\n") == 1 and "ReaderAbsent" in res.stderr
    emu.place_card(MALE)
    emu.inject(Fault.BAD_CHECKSUM, times=-1)
    res = runner.invoke(cli, ["idcard", "read", "--port", emu.port])
    assert res.exit_code == 1 and "ChecksumMismatch" in res.stderr
    assert "Traceback" not in res.output


def test_cli_check_refuses_the_expired_card(emu: SamEmulator) -> None:
    emu.place_card(3)  # expired
    res = CliRunner().invoke(cli, ["idcard", "read", "--port", emu.port, "--check"])
    assert res.exit_code == 4 and "证件已过有效期" in res.stderr
    assert "周**" in res.stdout


def test_cli_simulate_prints_a_usable_pty(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "idcard", "simulate", "--card", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        port = proc.stdout.readline().strip()
        assert port.startswith("/dev/pts/")
        res = CliRunner().invoke(cli, ["idcard", "read", "--port", port, "--json"])
        assert res.exit_code == 0, res.output
        assert json.loads(res.stdout)["id_number"] == "440305********0029"
        proc.stdin.write("quit\n")
        proc.stdin.flush()
        assert proc.wait(5) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    time.sleep(0)


def test_cli_simulate_bad_deck(tmp_path: Path) -> None:
    bad = tmp_path / "deck.json"
    bad.write_text('{"cards": [{"layout": "Q"}]}')
    res = CliRunner().invoke(cli, ["idcard", "simulate", "--deck", str(bad)])
    assert res.exit_code == 2 and "layout must be one of" in res.stderr
