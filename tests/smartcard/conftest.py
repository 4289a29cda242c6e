"""Fixtures: a real pcscd (private socket, own vpcd ports) with our virtual cards, and event capture.

pcscd runs in the foreground in its own mount namespace (see
``drivers/smartcard_sim/pcscd.py``), so tests never touch the system's
/run/pcscd nor a fixed TCP port, and other engineers can run theirs at the same
time. It is stopped by PID at teardown. libpcsclite binds a process to one
socket at its first PC/SC call, so the whole test session shares one pcscd.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from drivers.base import DeviceEvent
from drivers.smartcard_sim.card import Deck, load_deck
from drivers.smartcard_sim.pcscd import PcscdUnavailable, detect_support
from drivers.smartcard_sim.stack import VpcdStack, process_stack, stop_process_stack
from kiosk.config import CONFIG_DIR

DECK_PATH = CONFIG_DIR / "smartcard_deck.json"


@pytest.fixture(scope="session")
def deck() -> Deck:
    return load_deck(DECK_PATH)


@pytest.fixture(scope="session")
def pcsc_stack(deck: Deck) -> Iterator[VpcdStack]:
    """The process's simulated pcscd (one per process: libpcsclite binds to one socket)."""
    support = detect_support()
    if support.missing:
        pytest.skip(f"SMARTCARD INTEGRATION SKIPPED: {support.missing}")
    if not support.can_unshare:
        pytest.skip(
            "SMARTCARD INTEGRATION SKIPPED: a private pcscd needs root and unshare(1) "
            "(pcsc-lite 1.9 has no socket-path option for the daemon)"
        )
    try:
        stack = process_stack(deck)
    except PcscdUnavailable as e:
        pytest.fail(f"pcscd could not be started: {e}")
    assert stack.pcscd.private
    try:
        yield stack
    finally:
        stop_process_stack()  # pcscd killed by PID


@pytest.fixture
def stack(pcsc_stack: VpcdStack) -> Iterator[VpcdStack]:
    """The session stack, with both slots empty before and after each test."""
    if not pcsc_stack.pcscd.alive():
        pcsc_stack.pcscd.start()
    for slot in range(len(pcsc_stack.slots)):
        pcsc_stack.remove(slot)
    _wait_all_empty()
    yield pcsc_stack
    for slot in range(len(pcsc_stack.slots)):
        pcsc_stack.remove(slot)


def _wait_all_empty(timeout: float = 5.0) -> None:
    """Until pcscd has noticed every card of the previous test is gone."""
    from drivers.smartcard import reader_states

    deadline = time.monotonic() + timeout
    while any(s.present for s in reader_states()):
        if time.monotonic() > deadline:
            raise AssertionError("pcscd still reports a card after removal")
        time.sleep(0.05)


class EventLog:
    """Thread-safe record of device events with waiting helpers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.events: list[DeviceEvent] = []

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.events.append(event)
            self._cond.notify_all()

    def wait_for(
        self, predicate: Callable[[DeviceEvent], bool], timeout: float = 10.0, after: int = 0
    ) -> DeviceEvent:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for e in self.events[after:]:
                    if predicate(e):
                        return e
                left = deadline - time.monotonic()
                if left <= 0:
                    kinds = [type(e).__name__ for e in self.events[after:]]
                    raise AssertionError(f"event not seen in {timeout} s; got {kinds}")
                self._cond.wait(left)

    def mark(self) -> int:
        with self._cond:
            return len(self.events)

    def of_type(self, cls: type, after: int = 0) -> list[DeviceEvent]:
        with self._cond:
            return [e for e in self.events[after:] if isinstance(e, cls)]


@pytest.fixture
def events() -> EventLog:
    return EventLog()


def repo_root() -> Path:
    return CONFIG_DIR.parent
