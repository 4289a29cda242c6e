"""The CLI and the device factories, against real pcscd processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from drivers.smartcard import CardReadFailed, CardRemoved, SocialSecurityCardRead
from drivers.smartcard_sim.stack import VpcdStack
from kiosk.config import config_from_dict
from kiosk.devices.manager import DeviceManager
from tests.smartcard.conftest import EventLog, repo_root

KIOSK = [sys.executable, "-m", "kiosk.cli.main"]


def run(args: list[str], timeout: float = 30, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KIOSK, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=repo_root(),
        **kw,  # type: ignore[arg-type]
    )


def config(**smartcard: object) -> object:
    return config_from_dict(
        {"kiosk": {"id": "TEST-1", "region": "350102"}, "devices": {"smartcard": smartcard}}
    )


@pytest.mark.integration
def test_cli_read_json_masked_and_full(stack: VpcdStack) -> None:
    stack.insert("ssc-xm-gen3")
    sock = ["--pcsc-socket", str(stack.socket_path)]
    r = run(["smartcard", "read", "--json", "--wait", "5", *sock])
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["card_type"] == "social_security_card" and out["region"] == "350200"
    assert out["id_number"] == "350203********0130" and out["name"] == "陈**"
    assert out["card_number"] != "XM7654321" and out["valid"] is True
    assert "350203195611030130" not in r.stdout + r.stderr
    full = json.loads(run(["smartcard", "read", "--json", "--show-personal-data", *sock]).stdout)
    assert full["id_number"] == "350203195611030130" and full["card_number"] == "XM7654321"

    readers = json.loads(run(["smartcard", "readers", "--json", *sock]).stdout)
    assert [r["present"] for r in readers] == [True, False]


@pytest.mark.integration
def test_cli_exit_codes_for_other_cards_and_no_card(stack: VpcdStack) -> None:
    sock = ["--pcsc-socket", str(stack.socket_path)]
    r = run(["smartcard", "read", "--wait", "0.5", "--reader", stack.readers[1], *sock])
    assert r.returncode == 1 and "no card inserted" in r.stderr
    stack.insert("bank-card", slot=1)
    r = run(["smartcard", "read", "--wait", "5", "--reader", stack.readers[1], *sock])
    assert r.returncode == 3 and "不是社会保障卡" in r.stderr and "Traceback" not in r.stderr
    stack.remove(1)
    stack.insert("ssc-expired", slot=1)
    r = run(["smartcard", "read", "--wait", "5", "--json", "--reader", stack.readers[1], *sock])
    assert r.returncode == 4 and json.loads(r.stdout)["valid"] is False


def test_cli_without_pcscd_fails_in_one_line(tmp_path: Path) -> None:
    r = run(["smartcard", "readers", "--pcsc-socket", str(tmp_path / "none.comm")])
    assert r.returncode == 1
    assert "is pcscd running" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.integration
def test_cli_simulate_serves_cards_to_another_process(pcsc_stack: VpcdStack) -> None:
    sim = subprocess.Popen(
        [*KIOSK, "smartcard", "simulate", "--socket", "private", "--insert", "ssc-fz-gen2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=repo_root(),
    )
    try:
        socket_path = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not socket_path:
            line = sim.stdout.readline()  # type: ignore[union-attr]
            if line.startswith("PC/SC socket:"):
                socket_path = line.split(":", 1)[1].strip()
        assert socket_path, sim.stderr.read() if sim.poll() is not None else "no socket line"
        r = run(["smartcard", "read", "--json", "--wait", "5", "--pcsc-socket", socket_path])
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["region"] == "350100"
        sim.stdin.write("remove\ninsert bank-card\n")  # type: ignore[union-attr]
        sim.stdin.flush()  # type: ignore[union-attr]
        time.sleep(0.3)
        r = run(["smartcard", "read", "--wait", "5", "--pcsc-socket", socket_path])
        assert r.returncode == 3, r.stdout + r.stderr
        sim.stdin.write("quit\n")  # type: ignore[union-attr]
        sim.stdin.flush()  # type: ignore[union-attr]
        assert sim.wait(10) == 0
    finally:
        if sim.poll() is None:
            sim.kill()
            sim.wait()
    # The simulator stopped its pcscd: nothing answers on that socket any more.
    r = run(["smartcard", "readers", "--pcsc-socket", socket_path])
    assert r.returncode == 1


def test_cli_simulate_unknown_card_is_refused() -> None:
    r = run(["smartcard", "simulate", "--insert", "no-such-card", "--duration", "1"])
    assert r.returncode == 2 and "no card 'no-such-card'" in r.stderr


FACTORY_SCRIPT = r"""
import json, sys, threading
from kiosk.config import config_from_dict
from kiosk.devices.manager import DeviceManager
from drivers.smartcard import SocialSecurityCardRead
from kiosk.identity.smartcard import document_from_event
cfg = config_from_dict({"kiosk": {"id": "T", "region": "350102"},
                        "devices": {"smartcard": {"driver": "sim", "sim_backend": "vpcd"}}})
m = DeviceManager(cfg)
m.build(only=["smartcard"])
got = threading.Event(); box = {}
def listen(e):
    if isinstance(e, SocialSecurityCardRead):
        box["doc"] = document_from_event(e); got.set()
m.add_listener(listen)
m.start()
control = m.extras["smartcard_sim"]
control.insert("ssc-xm-gen3")
ok = got.wait(15)
health = m.health()["smartcard"]
m.stop()
print(json.dumps({"mode": control.mode, "ok": ok, "health": str(health.status),
                  "doc": box["doc"].to_dict() if ok else None}))
"""


@pytest.mark.integration
def test_sim_factory_runs_the_real_stack_in_its_own_process(pcsc_stack: VpcdStack) -> None:
    env = {k: v for k, v in os.environ.items() if k != "PCSCLITE_CSOCK_NAME"}
    r = subprocess.run(
        [sys.executable, "-c", FACTORY_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=repo_root(),
        env=env,
    )
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["mode"] == "pcscd+vpcd" and out["ok"] is True
    assert out["doc"]["region"] == "350200" and out["doc"]["id_number"] == "350203********0130"


def _without_vpcd(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process on a machine without the vpcd driver installed."""
    import drivers.smartcard_sim.pcscd as pcscd_mod
    import drivers.smartcard_sim.stack as stack_mod

    monkeypatch.setattr(pcscd_mod, "VPCD_DRIVER_CANDIDATES", (Path("/nonexistent/libifdvpcd.so"),))
    monkeypatch.setattr(stack_mod, "_process_stack", None)


def test_sim_factory_falls_back_in_process_and_says_so(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:

    _without_vpcd(monkeypatch)
    manager = DeviceManager(config(driver="sim", sim_insert="ssc-fz-gen2"))
    events = EventLog()
    manager.add_listener(events)
    with caplog.at_level("WARNING"):
        manager.build(only=["smartcard"])
    assert "in-process simulator" in caplog.text and "vsmartcard-vpcd" in caplog.text
    control = manager.extras["smartcard_sim"]
    assert control.mode == "in-process"
    manager.start()
    try:
        read = events.wait_for(lambda e: isinstance(e, SocialSecurityCardRead))
        assert read.card.name == "林晓敏" and read.apdus == 13
        mark = events.mark()
        control.insert("ssc-xm-gen3", slot=1, pull_after_apdus=3)
        failed = events.wait_for(lambda e: isinstance(e, CardReadFailed), after=mark)
        assert failed.error == "CardRemovedDuringRead"
        events.wait_for(lambda e: isinstance(e, CardRemoved) and e.reader == failed.reader)
        assert control.inserted(1) is None
    finally:
        manager.stop()


def test_sim_backend_vpcd_required_but_impossible_is_a_device_fault(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _without_vpcd(monkeypatch)
    manager = DeviceManager(config(driver="sim", sim_backend="vpcd"))
    manager.build(only=["smartcard"])
    device = manager.get("smartcard")
    assert device is not None and "vsmartcard-vpcd" in device.status().detail


def test_bad_sim_insert_is_a_clear_device_fault() -> None:
    manager = DeviceManager(config(driver="sim", sim_backend="inprocess", sim_insert="nope"))
    manager.build(only=["smartcard"])
    assert "no card 'nope'" in manager.get("smartcard").status().detail  # type: ignore[union-attr]
