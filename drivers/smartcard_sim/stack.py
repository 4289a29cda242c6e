"""pcscd + vpcd + our virtual cards: the real PC/SC stack with simulated cards in it."""

from __future__ import annotations

import logging
from pathlib import Path

from drivers.smartcard_sim.card import Deck, VirtualCard
from drivers.smartcard_sim.pcscd import SOCKET_ENV, PcscdProcess, free_port_block
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
