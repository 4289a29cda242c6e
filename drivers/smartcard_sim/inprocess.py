"""In-process fallback: virtual readers with the same card logic, without pcscd.

Used where pcscd cannot run (no root for a private instance and a system one in
the way, or pcscd/vpcd not installed). The card is the same
:class:`~drivers.smartcard_sim.card.VirtualCard`, read by the same
:func:`drivers.smartcard.process_card`, so the events are the same as with the
real stack; only PC/SC itself (pcscd, protocol negotiation, presence polling)
is skipped.
"""

from __future__ import annotations

import logging
import threading

from drivers.base import Device, DeviceStatus, Health
from drivers.smartcard import (
    CardInserted,
    CardRemoved,
    ReadersChanged,
    process_card,
)
from drivers.smartcard_protocol import CardRemovedDuringRead, ReadStrategy
from drivers.smartcard_sim.card import Deck, VirtualCard

log = logging.getLogger(__name__)

READER_NAME = "Kiosk In-Process Reader {:02d}"


class _Slot:
    def __init__(self, index: int) -> None:
        self.index = index
        self.card: VirtualCard | None = None
        self.pull_after: int | None = None
        self.generation = 0

    @property
    def reader(self) -> str:
        return READER_NAME.format(self.index)


class _Channel:
    """APDUs straight into the virtual card, failing like PC/SC when it is pulled."""

    def __init__(self, owner: InProcessSmartCardReader, slot: _Slot, generation: int) -> None:
        self.owner = owner
        self.slot = slot
        self.generation = generation

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        with self.owner._lock:
            slot = self.slot
            if slot.pull_after is not None:
                if slot.pull_after <= 0:
                    slot.card = None
                    slot.pull_after = None
                    pulled = True
                else:
                    slot.pull_after -= 1
                    pulled = False
            else:
                pulled = False
            card = slot.card if slot.generation == self.generation else None
        if pulled:
            self.owner._emit_removed(slot)
        if card is None:
            raise CardRemovedDuringRead("card removed during read (in-process simulator)")
        response = card.process(apdu)
        return response[:-2], int.from_bytes(response[-2:], "big")


class InProcessSmartCardReader(Device):
    """A smart card "reader" whose cards are inserted by :meth:`insert`; no PC/SC involved."""

    kind = "smartcard"
    mode = "in-process"

    def __init__(
        self,
        deck: Deck,
        name: str | None = None,
        slots: int = 2,
        strategy: ReadStrategy = ReadStrategy.SELECT,
        initial_card: str | None = None,
    ) -> None:
        super().__init__(name)
        self.deck = deck
        self.initial_card = initial_card
        self.strategy = strategy
        self._slots = [_Slot(i) for i in range(slots)]
        self._lock = threading.Lock()
        self._open = False

    @property
    def readers(self) -> list[str]:
        return [s.reader for s in self._slots]

    # -- Device --
    def open(self) -> None:
        first = not self._open
        self._open = True
        self.emit(ReadersChanged(readers=tuple(self.readers), service=True))
        if first and self.initial_card and not self.inserted(0):
            self.insert(self.initial_card)

    def close(self) -> None:
        self._open = False

    def status(self) -> Health:
        if not self._open:
            return Health(DeviceStatus.ABSENT, "in-process simulator closed")
        cards = [f"{s.reader}: {s.card.profile.id}" for s in self._slots if s.card]
        return Health.ok(
            f"in-process simulator (no pcscd), {len(self._slots)} readers"
            + (f"; {', '.join(cards)}" if cards else "")
        )

    # -- control (same API as the vpcd stack) --
    def inserted(self, slot: int = 0) -> str | None:
        with self._lock:
            card = self._slots[slot].card
            return card.profile.id if card else None

    def insert(self, card_id: str, slot: int = 0, pull_after_apdus: int | None = None) -> None:
        """Insert a deck card; it is read on a worker thread like a real insertion."""
        profile = self.deck.get(card_id)
        s = self._slots[slot]
        if self.inserted(slot):
            self.remove(slot)
        card = VirtualCard(profile)
        with self._lock:
            s.card = card
            s.pull_after = pull_after_apdus
            s.generation += 1
            generation = s.generation
        self.emit(CardInserted(reader=s.reader, atr=card.atr.hex().upper()))
        threading.Thread(
            target=self._read, args=(s, card, generation), name=f"sim-read-{slot}", daemon=True
        ).start()

    def remove(self, slot: int = 0) -> None:
        s = self._slots[slot]
        with self._lock:
            had = s.card is not None
            s.card = None
            s.pull_after = None
        if had:
            self.emit(CardRemoved(reader=s.reader))

    def close_control(self) -> None:
        for i in range(len(self._slots)):
            self.remove(i)

    def _emit_removed(self, slot: _Slot) -> None:
        self.emit(CardRemoved(reader=slot.reader))

    def _read(self, slot: _Slot, card: VirtualCard, generation: int) -> None:
        protocol = "T=1" if card.profile.protocol == "T1" else "T=0"
        channel = _Channel(self, slot, generation)
        self.emit(process_card(channel, slot.reader, card.atr, protocol, self.strategy))
