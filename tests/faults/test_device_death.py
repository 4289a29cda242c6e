"""Devices that die mid-operation: the ID reader's emulator killed mid-read, paper out.

The emulator runs as its own process (``kiosk idcard simulate``) on a real pty;
the real serial driver reads it under the real device manager. The manager's
health poll is set to a minute, so only the driver's own report can make the
device show as faulty within the test's wait.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.base import DeviceEvent, DeviceStatus
from drivers.idcard.events import CardPresent, CardReadFailed
from drivers.idcard.reader import IdCardReader
from kiosk.config import KioskConfig, load_config
from kiosk.devices.manager import DeviceManager

EMULATOR = [sys.executable, "-m", "kiosk", "idcard", "simulate"]


def wait_for(predicate: Callable[[], bool], timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def slow_supervision(tmp_path: Path) -> KioskConfig:
    """Health polled once a minute, three strikes before FAULT, no start-up grace."""
    config = load_config(None, tmp_path / "data")
    health = config.health.model_copy(
        update={"poll_interval_s": 60, "grace_period_s": 0, "failures_before_fault": 3}
    )
    return config.model_copy(update={"health": health})


@pytest.fixture
def emulator_process(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    link = tmp_path / "ttyIDCARD"
    proc = subprocess.Popen(
        [*EMULATOR, "--link", str(link), "--baud", "9600", "--pace", "--empty"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        proc.stdout.readline()  # the port: the emulator is up
        assert link.exists()
        yield proc, link
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(10)


def test_emulator_killed_mid_read_fails_the_read_and_faults_the_reader(
    tmp_path: Path, emulator_process: tuple[subprocess.Popen[str], Path]
) -> None:
    proc, link = emulator_process
    events: list[DeviceEvent] = []
    lock = threading.Lock()

    def listen(event: DeviceEvent) -> None:
        with lock:
            events.append(event)

    def seen(kind: type) -> list[DeviceEvent]:
        with lock:
            return [e for e in events if isinstance(e, kind)]

    manager = DeviceManager(slow_supervision(tmp_path))
    manager.add_listener(listen)
    # 9600 baud, paced like a real line: the read's answer takes about 1.4 s.
    manager.add_device("idcard", IdCardReader(str(link), name="idcard", baud=9600))
    manager.start()
    try:
        assert wait_for(lambda: manager.health()["idcard"].status == DeviceStatus.OK, 20)
        assert proc.stdin is not None
        proc.stdin.write("place 8\n")
        proc.stdin.flush()
        assert wait_for(lambda: bool(seen(CardPresent)), 20)
        os.kill(proc.pid, signal.SIGKILL)  # the reader's process dies mid-read
        assert wait_for(lambda: bool(seen(CardReadFailed)), 10), events
        failed = seen(CardReadFailed)[0]
        assert isinstance(failed, CardReadFailed)
        assert failed.resident_message.startswith("读卡失败，请重新放置")
        # Shown as faulty at once, not after three 60-second strikes.
        assert wait_for(lambda: not manager.health()["idcard"].usable, 10)
    finally:
        manager.stop()


def test_paper_out_is_a_fault_at_the_first_reading(tmp_path: Path) -> None:
    config = slow_supervision(tmp_path)
    devices = config.devices
    only = {
        name: getattr(devices, name).model_copy(
            update={"enabled": name == "receipt_printer", "driver": "sim"}
        )
        for name in type(devices).model_fields
    }
    config = config.model_copy(update={"devices": devices.model_copy(update=only)})
    manager = DeviceManager(config)
    manager.build()
    manager.start()
    try:
        slot = manager.slots["receipt_printer"]
        assert wait_for(lambda: slot.health.status == DeviceStatus.OK, 20)
        manager.extras["receipt_emulator"].set_paper("out")
        slot.poke()  # one health reading (as after a failed print)
        assert wait_for(lambda: slot.health.status == DeviceStatus.FAULT, 10)
        assert "paper out" in slot.health.detail
        assert slot.tracker.failures == 1  # the first reading, not the third
        manager.extras["receipt_emulator"].set_paper("ok")
        slot.poke()
        assert wait_for(lambda: slot.health.status == DeviceStatus.OK, 10)
    finally:
        manager.stop()
        emulator = manager.extras.get("receipt_emulator")
        if emulator is not None:
            emulator.stop()
