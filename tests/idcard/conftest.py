"""Fixtures of the ID card tests: the sample deck, an emulator on a real pty, readers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.base import DeviceEvent
from drivers.idcard.deck import SimCard, load_deck
from drivers.idcard.emulator import Exchange, SamEmulator
from drivers.idcard.reader import IdCardReader
from drivers.idcard.wlt import SimPhotoDecoder
from kiosk.config import CONFIG_DIR

DECK_PATH = CONFIG_DIR / "idcard_deck.json"
# Indexes in config/idcard_deck.json
MALE, FEMALE, LONG_TERM, EXPIRED, HMT, FOREIGN_2017, FOREIGN_2023, BAD_NUMBER = range(8)


@pytest.fixture(scope="session")
def deck() -> list[SimCard]:
    return load_deck(DECK_PATH)


class Recorder:
    """Collects driver events and emulator exchanges; waits for them with a deadline."""

    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self.exchanges: list[Exchange] = []
        self._cond = threading.Condition()

    def event(self, ev: DeviceEvent) -> None:
        with self._cond:
            self.events.append(ev)
            self._cond.notify_all()

    def exchange(self, ex: Exchange) -> None:
        with self._cond:
            self.exchanges.append(ex)
            self._cond.notify_all()

    def wait_for(self, pred: Callable[[], bool], timeout: float = 5.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not pred():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def of(self, cls: type) -> list:
        with self._cond:
            return [e for e in self.events if isinstance(e, cls)]

    def wait_event(self, cls: type, count: int = 1, timeout: float = 5.0) -> list:
        assert self.wait_for(lambda: len(self.of(cls)) >= count, timeout), (
            f"no {cls.__name__} (#{count}) within {timeout} s; got {self.events}"
        )
        return self.of(cls)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def emulator(deck: list[SimCard], tmp_path: Path, recorder: Recorder) -> Iterator[SamEmulator]:
    emu = SamEmulator(deck, link_path=tmp_path / "ttyIDCARD")
    emu.add_observer(recorder.exchange)
    emu.start()
    yield emu
    emu.stop()


@pytest.fixture
def make_reader(emulator: SamEmulator, recorder: Recorder) -> Iterator[Callable[..., IdCardReader]]:
    made: list[IdCardReader] = []

    def make(**kw: object) -> IdCardReader:
        opts: dict = {
            "read_timeout_s": 0.5,
            "retries": 2,
            "wlt_decoder": SimPhotoDecoder(),
            "reconnect_interval_s": 0.2,
        }
        opts.update(kw)
        r = IdCardReader(emulator.port, **opts)
        r.set_event_sink(recorder.event)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()
