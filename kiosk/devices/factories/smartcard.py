"""Factories of the smart card reader (kind ``smartcard``): drivers ``pcsc`` and ``sim``.

* ``pcsc`` — the PC/SC driver (pyscard) on the system's pcscd.
* ``sim`` — the real PC/SC driver on a private pcscd whose vpcd readers hold
  virtual cards from the deck (pyscard → pcscd → vpcd → our card). Where pcscd
  cannot run, the in-process simulator with the same card logic stands in, and
  the log says so. Either way the control object is left in
  ``ctx.extras["smartcard_sim"]``: ``mode``, ``readers``, ``deck.ids``,
  ``insert(card_id, slot=0)``, ``remove(slot=0)``, ``inserted(slot=0)``.

The identify screen listens for :mod:`drivers.smartcard` events and turns a
``SocialSecurityCardRead`` into a document with
:func:`kiosk.identity.smartcard.document_from_event`.
"""

from __future__ import annotations

import logging
import threading
from typing import Protocol

from drivers.base import (
    Device,
    DeviceError,
    EventSink,
    Health,
    SelfTestLevel,
    SelfTestResult,
)
from drivers.smartcard import SmartCardReader
from drivers.smartcard_protocol import PcscUnavailable, ReadStrategy
from drivers.smartcard_sim.card import Deck, DeckError, load_deck
from drivers.smartcard_sim.inprocess import InProcessSmartCardReader
from drivers.smartcard_sim.pcscd import PcscdUnavailable
from drivers.smartcard_sim.stack import VpcdStack, process_stack
from kiosk.config import KioskConfig, SmartCardConfig
from kiosk.devices.manager import DeviceContext

log = logging.getLogger(__name__)

EXTRAS_KEY = "smartcard_sim"


class SmartCardSimControl(Protocol):
    """What the demo (and tests) use to insert and pull simulated cards."""

    mode: str
    deck: Deck

    @property
    def readers(self) -> list[str]: ...

    def insert(self, card_id: str, slot: int = 0, pull_after_apdus: int | None = None) -> None: ...

    def remove(self, slot: int = 0) -> None: ...

    def inserted(self, slot: int = 0) -> str | None: ...


def pcsc(ctx: DeviceContext) -> SmartCardReader:
    cfg: SmartCardConfig = ctx.settings
    return SmartCardReader(ctx.name, cfg.reader, ReadStrategy(cfg.read_strategy))


def load_sim_deck(cfg: SmartCardConfig, config: KioskConfig) -> Deck:
    try:
        return load_deck(config.data_file(cfg.sim_deck))
    except DeckError as e:
        raise DeviceError(f"smart card simulator: {e}") from None


class PcscSimDevice(Device):
    """The real PC/SC driver plus the private pcscd it reads from (restarted if it dies)."""

    kind = "smartcard"

    def __init__(self, stack: VpcdStack, reader: SmartCardReader) -> None:
        super().__init__(reader.name)
        self.stack = stack
        self.reader = reader
        self._lock = threading.Lock()

    def set_event_sink(self, sink: EventSink | None) -> None:
        super().set_event_sink(sink)
        self.reader.set_event_sink(sink)

    def open(self) -> None:
        with self._lock:
            if not self.stack.pcscd.alive():
                log.warning("smartcard sim: pcscd not running, starting it again")
                try:
                    self.stack.pcscd.start()
                except PcscdUnavailable as e:
                    raise PcscUnavailable(f"simulated pcscd: {e}") from None
        self.reader.open()

    def close(self) -> None:
        self.reader.close()

    def status(self) -> Health:
        return self.reader.status()

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        return self.reader.self_test(level)

    def shutdown(self) -> None:
        """Stop the reader and the simulated stack (pcscd killed by PID)."""
        self.close()
        self.stack.stop()


def sim(ctx: DeviceContext) -> Device:
    cfg: SmartCardConfig = ctx.settings
    strategy = ReadStrategy(cfg.read_strategy)
    deck = load_sim_deck(cfg, ctx.config)
    if cfg.sim_insert:
        try:
            deck.get(cfg.sim_insert)  # a typo in the config must fail here, clearly
        except DeckError as e:
            raise DeviceError(f"smart card simulator: sim_insert: {e}") from None
    device: Device
    control: SmartCardSimControl
    reason = ""
    if cfg.sim_backend in ("auto", "vpcd"):
        try:
            stack = process_stack(deck)
        except PcscdUnavailable as e:
            if cfg.sim_backend == "vpcd":
                raise DeviceError(f"smart card simulator: pcscd cannot run: {e}") from None
            reason = str(e)
        else:
            log.info(
                "smartcard sim: real PC/SC stack (pcscd pid %s, socket %s, vpcd ports %s)",
                stack.pcscd.pid,
                stack.socket_path,
                stack.pcscd.slot_ports,
            )
            reader_filter = cfg.reader or stack.reader_label
            device = PcscSimDevice(stack, SmartCardReader(ctx.name, reader_filter, strategy))
            control = stack
    if cfg.sim_backend == "inprocess" or reason:
        log.warning(
            "smartcard sim: in-process simulator, no pcscd (%s)",
            reason or "sim_backend = inprocess",
        )
        inproc = InProcessSmartCardReader(
            deck, ctx.name, strategy=strategy, initial_card=cfg.sim_insert or None
        )
        device = control = inproc
    elif cfg.sim_insert:
        # In the reader before the driver starts: found present, like a card left in.
        control.insert(cfg.sim_insert)
    ctx.extras[EXTRAS_KEY] = control
    return device
