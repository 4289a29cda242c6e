"""Factories of the ID card reader (kind ``idcard``): drivers ``serial`` and ``sim``.

* ``serial`` — the GA 467 pyserial driver on the configured port.
* ``sim`` — the SAM emulator on a pty, loaded with the configured deck, plus the
  *real* serial driver talking to it (so the demo exercises the real driver). The
  emulator is left in ``ctx.extras["idcard_emulator"]``: ``place_card(i)``,
  ``remove_card()``, ``cards`` (labels), ``inject(Fault…)``, ``unplug()``/``replug()``.

The lead's identify screen listens for :mod:`drivers.idcard.events` and turns a
``CardRead`` into a document with :func:`kiosk.identity.idcard_text.document_from_card`.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from drivers.idcard.attest import CardAttestor, SimulatedSam
from drivers.idcard.deck import DeckError, load_deck
from drivers.idcard.emulator import SamEmulator
from drivers.idcard.errors import IdCardError
from drivers.idcard.reader import IdCardReader
from drivers.idcard.wlt import ChainDecoder, CtypesWltDecoder, SimPhotoDecoder, WltDecoder
from kiosk.config import IdCardReaderConfig, KioskConfig
from kiosk.devices.manager import DeviceContext


def wlt_decoder(cfg: IdCardReaderConfig, config: KioskConfig, sim: bool) -> WltDecoder:
    """The photo decoder: the vendor library when configured; the sim decoder for sim cards.

    Raises :class:`~drivers.idcard.wlt.PhotoUnavailable` (a DeviceError) when a
    configured library cannot be loaded: a wrong path must be seen, not ignored.
    """
    decoders: list[WltDecoder] = []
    if sim:
        decoders.append(SimPhotoDecoder())
    if cfg.wlt_decoder_path is not None:
        decoders.append(
            CtypesWltDecoder(config.data_file(cfg.wlt_decoder_path), cfg.wlt_decoder_function)
        )
    return ChainDecoder(decoders)


def reader(
    cfg: IdCardReaderConfig,
    decoder: WltDecoder,
    name: str,
    port: str,
    attestor: CardAttestor | None = None,
) -> IdCardReader:
    """The real driver built from the configuration."""
    return IdCardReader(
        port,
        name=name,
        baud=cfg.baud,
        poll_interval_s=cfg.poll_interval_s,
        read_timeout_s=cfg.read_timeout_s,
        retries=cfg.retries,
        read_fingerprint=cfg.read_fingerprint,
        wlt_decoder=decoder,
        attestor=attestor,
    )


def start_emulator(cfg: IdCardReaderConfig, config: KioskConfig) -> SamEmulator:
    """Load the deck and start the emulator behind a stable link path (for unplug/replug)."""
    try:
        cards = load_deck(config.data_file(cfg.sim_deck))
    except DeckError as e:
        raise IdCardError(f"ID card simulator: {e}") from None
    link = Path(tempfile.mkdtemp(prefix="kiosk-idcard-")) / "ttyIDCARD"
    emulator = SamEmulator(cards, baud=cfg.baud, pace=cfg.sim_pace, link_path=link)
    emulator.start()

    def cleanup() -> None:
        emulator.stop()
        shutil.rmtree(link.parent, ignore_errors=True)

    atexit.register(cleanup)
    return emulator


def serial(ctx: DeviceContext) -> IdCardReader:
    cfg: IdCardReaderConfig = ctx.settings
    return reader(cfg, wlt_decoder(cfg, ctx.config, sim=False), ctx.name, cfg.port)


def sim(ctx: DeviceContext) -> IdCardReader:
    cfg: IdCardReaderConfig = ctx.settings
    emulator = ctx.extras.get("idcard_emulator")
    if emulator is None:
        emulator = start_emulator(cfg, ctx.config)
        ctx.extras["idcard_emulator"] = emulator
    # The simulated SAM's key lives in memory only; the demo registers its public
    # half with the platform (a real SAM's is registered at enrolment).
    sam = ctx.extras.setdefault("idcard_sam", SimulatedSam())
    return reader(cfg, wlt_decoder(cfg, ctx.config, sim=True), ctx.name, emulator.port, sam)
