"""pcscd + vpcd + our virtual cards: the real PC/SC stack with simulated cards in it."""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path

from drivers.smartcard_sim.card import Deck, VirtualCard
from drivers.smartcard_sim.pcscd import (
    SOCKET_ENV,
    PcscdProcess,
    PcscdUnavailable,
    free_port_block,
)
from drivers.smartcard_sim.vpcd import VpcdCardSlot

log = logging.getLogger(__name__)


class VpcdStack:
    """A private pcscd whose vpcd readers hold cards from a deck.

    ``insert``/``remove`` put a card into a reader slot or pull it; the card is
    then seen through pyscard → pcscd → vpcd → :class:`VpcdCardSlot` exactly as a
    physical card would be. ``restart_pcscd`` and ``kill_pcscd`` exercise the
    driver's recovery. Same control API as the in-process simulator.
    """

    mode = "pcscd+vpcd"

    def __init__(
        self,
        deck: Deck,
        work_dir: Path,
        private: bool | None = None,
        port: int | None = None,
        reader_label: str | None = None,
    ) -> None:
        self.deck = deck
        if port is None:
            port = free_port_block()
        # A label unique to this stack: a PC/SC client that reached some other pcscd
        # (libpcsclite binds a process to one socket) cannot mistake its readers for ours.
        label = reader_label or f"Kiosk Sim {port}"
        self.pcscd = PcscdProcess(work_dir, port=port, private=private, reader_label=label)
        self.slots: list[VpcdCardSlot] = []

    @property
    def socket_path(self) -> Path:
        return self.pcscd.socket_path

    @property
    def environment(self) -> dict[str, str]:
        """What a PC/SC client process needs to reach this pcscd."""
        return {SOCKET_ENV: str(self.socket_path)}

    @property
    def readers(self) -> list[str]:
        return self.pcscd.reader_names

    @property
    def reader_label(self) -> str:
        return self.pcscd.reader_label

    def start(self) -> None:
        self.pcscd.start()
        if not self.slots:
            self.slots = [VpcdCardSlot(port) for port in self.pcscd.slot_ports]

    def restart_pcscd(self) -> None:
        """Stop and start pcscd (same ports): cards left inserted are found again."""
        self.pcscd.stop()
        self.pcscd.start()

    def kill_pcscd(self) -> None:
        self.pcscd.kill()

    def insert(self, card_id: str, slot: int = 0, pull_after_apdus: int | None = None) -> None:
        card = VirtualCard(self.deck.get(card_id))
        self.slots[slot].insert(card, pull_after_apdus)

    def remove(self, slot: int = 0) -> None:
        self.slots[slot].remove()

    def inserted(self, slot: int = 0) -> str | None:
        card = self.slots[slot].card
        return card.profile.id if card else None

    def card(self, slot: int = 0) -> VirtualCard | None:
        return self.slots[slot].card

    def stop(self) -> None:
        for s in self.slots:
            s.close()
        self.slots = []
        self.pcscd.stop()

    def close_control(self) -> None:
        self.stop()


# --- the process's stack -----------------------------------------------------------------------
# libpcsclite reads PCSCLITE_CSOCK_NAME once, at a process's first PC/SC call, and
# keeps that socket for good. A process can therefore use only one simulated pcscd:
# the demo's factory and the tests share it through these functions.

_process_stack: VpcdStack | None = None
_process_lock = threading.Lock()


def process_stack(deck: Deck) -> VpcdStack:
    """The simulated PC/SC stack of this process, started (or restarted) on demand.

    Raises :class:`PcscdUnavailable` when pcscd cannot run, or when this process's
    PC/SC client is already bound to some other pcscd.
    """
    global _process_stack
    with _process_lock:
        stack = _process_stack
        if stack is not None:
            stack.deck = deck
            if not stack.pcscd.alive():
                stack.pcscd.start()
            return stack
        work_dir = Path(tempfile.mkdtemp(prefix="kiosk-smartcard-"))
        try:
            stack = VpcdStack(deck, work_dir)
            stack.start()
        except PcscdUnavailable:
            shutil.rmtree(work_dir, ignore_errors=True)
            raise
        previous = os.environ.get(SOCKET_ENV)
        os.environ[SOCKET_ENV] = str(stack.socket_path)
        if not _reaches(stack):
            stack.stop()
            shutil.rmtree(work_dir, ignore_errors=True)
            if previous is None:
                os.environ.pop(SOCKET_ENV, None)
            else:
                os.environ[SOCKET_ENV] = previous
            raise PcscdUnavailable(
                "this process's PC/SC client is bound to another pcscd (its first PC/SC call "
                "came earlier)"
            )
        atexit.register(stop_process_stack)
        _process_stack = stack
        return stack


def stop_process_stack() -> None:
    """Stop the process's simulated pcscd (by PID) and forget it."""
    global _process_stack
    with _process_lock:
        stack, _process_stack = _process_stack, None
    if stack is not None:
        stack.stop()
        shutil.rmtree(stack.pcscd.work_dir, ignore_errors=True)


def _reaches(stack: VpcdStack) -> bool:
    from drivers.smartcard import list_readers
    from drivers.smartcard_protocol import PcscUnavailable

    try:
        names = list_readers()
    except PcscUnavailable as e:
        log.debug("listing simulated readers failed: %s", e.detail)
        return False
    return set(stack.readers) <= set(names)
