"""Fixtures of the QR scanner tests: a pty emulator and the real serial driver on it."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from drivers.base import DeviceEvent
from drivers.qr_scanner import CodeScanned, SerialQrScanner, SerialScannerSettings
from drivers.qr_scanner_emulator import QrScannerEmulator


@dataclass
class Events:
    """Collects a device's events on its reader thread; tests wait on it."""

    q: queue.Queue[DeviceEvent] = field(default_factory=queue.Queue)

    def put(self, event: DeviceEvent) -> None:
        self.q.put(event)

    def next(self, kind: type[DeviceEvent] = DeviceEvent, timeout: float = 3.0) -> DeviceEvent:
        """The next event of ``kind`` (others are skipped)."""
        while True:
            event = self.q.get(timeout=timeout)
            if isinstance(event, kind):
                return event

    def codes(self, n: int, timeout: float = 3.0) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            ev = self.next(CodeScanned, timeout)
            assert isinstance(ev, CodeScanned)
            out.append(ev.text)
        return out

    def drain(self, wait: float = 0.15) -> list[DeviceEvent]:
        out: list[DeviceEvent] = []
        try:
            while True:
                out.append(self.q.get(timeout=wait))
        except queue.Empty:
            return out


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[QrScannerEmulator]:
    emu = QrScannerEmulator(link_dir=tmp_path)
    emu.start()
    yield emu
    emu.close()


@pytest.fixture
def scanner_factory(emulator: QrScannerEmulator) -> Iterator[object]:
    made: list[SerialQrScanner] = []

    def make(**overrides: object) -> tuple[SerialQrScanner, Events]:
        settings = SerialScannerSettings(
            **{"port": emulator.port, "baud": 9600, "reconnect_interval_s": 0.05, **overrides}  # type: ignore[arg-type]
        )
        dev = SerialQrScanner(settings, name="qr_scanner")
        events = Events()
        dev.set_event_sink(events.put)
        dev.open()
        made.append(dev)
        return dev, events

    yield make
    for dev in made:
        dev.close()


@pytest.fixture
def scanner(scanner_factory: object) -> tuple[SerialQrScanner, Events]:
    return scanner_factory()  # type: ignore[operator,no-any-return]


# --- the reference platform --------------------------------------------------------

KIOSK_ID = "FZ-GL-0001"
KIOSK_TOKEN = "qr-test-kiosk-token"
ADMIN_TOKEN = "qr-test-admin-token"


@pytest.fixture(scope="module")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """The real reference server on 127.0.0.1, ephemeral port (one per test module)."""
    from offline_queue.server import ServerSettings, ServerThread

    db = tmp_path_factory.mktemp("platform") / "platform.db"
    settings = ServerSettings(
        db_path=db, tokens={KIOSK_TOKEN: KIOSK_ID}, admin_token=ADMIN_TOKEN, seed=1
    )
    with ServerThread(settings) as srv:
        yield srv


def platform_settings(url: str, token: str = KIOSK_TOKEN) -> object:
    from offline_queue.client import PlatformSettings

    return PlatformSettings(url=url, token=token, timeout_s=5)


def dead_url() -> str:
    """A 127.0.0.1 URL where nothing listens (a port bound and closed again)."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"
