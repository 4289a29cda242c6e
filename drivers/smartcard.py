"""Smart card readers over PC/SC (pyscard): social security cards, with hot-plug.

The driver watches every reader (or those matching a name filter) with its own
``SCardGetStatusChange`` loop instead of pyscard's ``ReaderMonitor`` /
``CardMonitor``: those threads stop for good when pcscd restarts or the last
reader goes away. Our loop treats a lost service as a normal event: it releases
the context, reports the readers gone, and a supervisor starts it again with a
short backoff until pcscd answers, then picks the readers and cards up again.

Each inserted card is read on its own worker thread (several readers work at
once, and the watcher keeps seeing removals while a card is being read). The
outcome is one event: :class:`SocialSecurityCardRead`, :class:`UnsupportedCard`
or :class:`CardReadFailed`; :class:`CardInserted` and :class:`CardRemoved`
bracket it. Card data never goes to the log.

The card protocol (APDUs, TLV, status words) is in :mod:`drivers.smartcard_protocol`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from smartcard import scard

from drivers.base import (
    Device,
    DeviceEvent,
    DeviceStatus,
    Health,
    SelfTestLevel,
    SelfTestResult,
)
from drivers.smartcard_protocol import (
    CardCommunicationError,
    CardRemovedDuringRead,
    CardStatusError,
    NoReader,
    NotSocialSecurityCard,
    PcscUnavailable,
    ReadStrategy,
    SmartCardError,
    SocialSecurityCardData,
    read_social_security_card,
)

log = logging.getLogger(__name__)

PNP_READER = "\\\\?PnP?\\Notification"

#: ATRs under which a Chinese resident ID card shows up on a PC/SC contactless
#: reader (pcsc-tools smartcard_list.txt): its content needs the ID card reader's SAM.
RESIDENT_ID_ATRS = frozenset(
    bytes.fromhex(atr).hex().upper()
    for atr in (
        "3B 86 80 01 80 4F 03 F0 01 00 3A",
        "3B 88 80 01 D1 03 86 05 00 80 80 00 58",
        "3B 8F 80 01 80 4F 0C A0 00 00 03 06 07 FF B0 00 00 00 00 20",
    )
)


# --- events -------------------------------------------------------------------------


@dataclass(frozen=True)
class CardInserted(DeviceEvent):
    reader: str = ""
    atr: str = ""


@dataclass(frozen=True)
class SocialSecurityCardRead(DeviceEvent):
    """A social security card was read. ``card`` holds personal data (masked repr)."""

    reader: str = ""
    card: SocialSecurityCardData | None = None
    apdus: int = 0
    elapsed_s: float = 0.0

    def wipe(self) -> None:
        """Clear the card data once it has been turned into an identity document."""
        if self.card is not None:
            self.card.wipe()


@dataclass(frozen=True)
class UnsupportedCard(DeviceEvent):
    """A card that is not a social security card ("this card is not supported here")."""

    reader: str = ""
    atr: str = ""
    #: What it probably is: "resident_id" (goes on the ID card reader) or "".
    guess: str = ""
    detail: str = ""
    resident_message: str = NotSocialSecurityCard.resident_message


@dataclass(frozen=True)
class CardReadFailed(DeviceEvent):
    """Reading failed: card pulled, unreadable record, refused command…"""

    reader: str = ""
    error: str = ""  # the error class name, e.g. "CardRemovedDuringRead"
    detail: str = ""
    resident_message: str = SmartCardError.resident_message
    sw: int | None = None


@dataclass(frozen=True)
class CardRemoved(DeviceEvent):
    reader: str = ""


@dataclass(frozen=True)
class ReadersChanged(DeviceEvent):
    """The set of (matching) readers changed, or the PC/SC service came or went."""

    readers: tuple[str, ...] = ()
    service: bool = True


# --- one card, any channel ---------------------------------------------------------------

UNSUPPORTED_RESIDENT_ID_MESSAGE = "这是居民身份证，请将它放在身份证阅读区。"


def process_card(
    channel: Any,
    reader: str,
    atr: bytes,
    protocol: str = "",
    strategy: ReadStrategy = ReadStrategy.SELECT,
) -> DeviceEvent:
    """Read one inserted card and turn the outcome into the event to publish.

    Shared by the PC/SC driver and the in-process simulator. Never raises for
    anything the card does.
    """
    started = time.perf_counter()
    try:
        result = read_social_security_card(channel, strategy, atr, protocol)
    except NotSocialSecurityCard as e:
        guess = "resident_id" if atr.hex().upper() in RESIDENT_ID_ATRS else ""
        message = UNSUPPORTED_RESIDENT_ID_MESSAGE if guess else e.resident_message
        log.info("reader %s: not a social security card (%s)", reader, e.detail)
        return UnsupportedCard(
            reader=reader,
            atr=atr.hex().upper(),
            guess=guess,
            detail=e.detail,
            resident_message=message,
        )
    except SmartCardError as e:
        log.warning("reader %s: read failed: %s: %s", reader, type(e).__name__, e.detail)
        return CardReadFailed(
            reader=reader,
            error=type(e).__name__,
            detail=e.detail,
            resident_message=e.resident_message,
            sw=e.sw if isinstance(e, CardStatusError) else None,
        )
    elapsed = time.perf_counter() - started
    log.info(
        "reader %s: social security card v%s region %s read (%d APDUs, %.0f ms)",
        reader,
        result.card.card_version,
        result.card.region,
        result.apdus,
        elapsed * 1000,
    )
    return SocialSecurityCardRead(
        reader=reader, card=result.card, apdus=result.apdus, elapsed_s=elapsed
    )


# --- PC/SC plumbing ----------------------------------------------------------------------

_SERVICE_LOST = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_F_COMM_ERROR,
}
_CARD_GONE = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
}


def _err(hresult: int) -> str:
    return f"{scard.SCardGetErrorMessage(hresult).strip()} (0x{hresult & 0xFFFFFFFF:08X})"


def establish_context() -> Any:
    """A PC/SC context; :class:`PcscUnavailable` when pcscd does not answer."""
    hresult, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscUnavailable(f"PC/SC service unavailable: {_err(hresult)}")
    return ctx


def release_context(ctx: Any) -> None:
    try:
        scard.SCardReleaseContext(ctx)
    except Exception:  # releasing a context of a dead pcscd may fail; nothing to do
        log.debug("SCardReleaseContext failed", exc_info=True)


def _list(ctx: Any) -> list[str]:
    hresult, readers = scard.SCardListReaders(ctx, [])
    if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
        return []
    if hresult != scard.SCARD_S_SUCCESS:
        raise PcscUnavailable(f"cannot list readers: {_err(hresult)}")
    return list(readers)


def list_readers(name_filter: str = "") -> list[str]:
    """Reader names (containing ``name_filter``), or :class:`PcscUnavailable`."""
    ctx = establish_context()
    try:
        return [r for r in _list(ctx) if name_filter in r]
    finally:
        release_context(ctx)


@dataclass(frozen=True)
class ReaderState:
    name: str
    present: bool
    atr: str = ""


def reader_states(name_filter: str = "") -> list[ReaderState]:
    """Each (matching) reader and whether a card is in it; :class:`PcscUnavailable`."""
    ctx = establish_context()
    try:
        readers = [r for r in _list(ctx) if name_filter in r]
        if not readers:
            return []
        hresult, result = scard.SCardGetStatusChange(
            ctx, 0, [(r, scard.SCARD_STATE_UNAWARE) for r in readers]
        )
        if hresult != scard.SCARD_S_SUCCESS:
            raise PcscUnavailable(f"cannot get reader states: {_err(hresult)}")
        return [
            ReaderState(
                name,
                bool(event & scard.SCARD_STATE_PRESENT),
                bytes(atr).hex().upper() if event & scard.SCARD_STATE_PRESENT else "",
            )
            for name, event, atr in result
        ]
    finally:
        release_context(ctx)


def wait_for_card(name_filter: str = "", timeout_s: float = 10.0) -> str | None:
    """The first matching reader holding a card within ``timeout_s`` (None if none)."""
    deadline = time.monotonic() + timeout_s
    while True:
        for state in reader_states(name_filter):
            if state.present:
                return state.name
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.1)


class PcscChannel:
    """APDU exchange with a connected card; tells a pulled card from a failing one."""

    def __init__(self, ctx: Any, hcard: Any, protocol: int, reader: str) -> None:
        self.ctx = ctx
        self.hcard = hcard
        self.protocol = protocol
        self.reader = reader

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        hresult, response = scard.SCardTransmit(self.hcard, self.protocol, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            if hresult in _CARD_GONE or not self._still_present():
                raise CardRemovedDuringRead(f"card removed during read: {_err(hresult)}")
            raise CardCommunicationError(f"APDU exchange failed: {_err(hresult)}")
        if len(response) < 2:
            # vpcd (and some readers) report a pulled card as an empty "successful" answer.
            if not self._still_present():
                raise CardRemovedDuringRead("card removed during read: empty response")
            raise CardCommunicationError(f"response of {len(response)} bytes has no status word")
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]

    def _still_present(self, settle_s: float = 1.0) -> bool:
        # A failed exchange with a pulled card reaches us before pcscd's presence
        # poll (400 ms) notices: wait a little for the reader state to settle.
        state = scard.SCARD_STATE_PRESENT
        deadline = time.monotonic() + settle_s
        while time.monotonic() < deadline:
            hresult, result = scard.SCardGetStatusChange(self.ctx, 200, [(self.reader, state)])
            if hresult == scard.SCARD_E_TIMEOUT:
                continue
            if hresult != scard.SCARD_S_SUCCESS:
                return False
            state = result[0][1] & ~scard.SCARD_STATE_CHANGED
            if not state & scard.SCARD_STATE_PRESENT:
                return False
        return True


def protocol_name(protocol: int) -> str:
    return {scard.SCARD_PROTOCOL_T0: "T=0", scard.SCARD_PROTOCOL_T1: "T=1"}.get(
        protocol, f"0x{protocol:X}"
    )


def read_card_in_reader(reader: str, strategy: ReadStrategy = ReadStrategy.SELECT) -> DeviceEvent:
    """Connect to the card in ``reader`` (T=0 or T=1, as its ATR allows) and read it.

    Returns the event describing the outcome; raises only :class:`PcscUnavailable`.
    """
    ctx = establish_context()
    try:
        hresult, hcard, active = scard.SCardConnect(
            ctx, reader, scard.SCARD_SHARE_SHARED, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hresult != scard.SCARD_S_SUCCESS:
            error: SmartCardError
            if hresult in _CARD_GONE:
                error = CardRemovedDuringRead(f"connect: {_err(hresult)}")
            else:
                error = CardCommunicationError(f"connect: {_err(hresult)}")
            return CardReadFailed(
                reader=reader,
                error=type(error).__name__,
                detail=error.detail,
                resident_message=error.resident_message,
            )
        try:
            hresult, _, _, _, atr = scard.SCardStatus(hcard)
            atr_bytes = bytes(atr) if hresult == scard.SCARD_S_SUCCESS else b""
            # A transaction keeps other PC/SC clients from interleaving APDUs.
            scard.SCardBeginTransaction(hcard)
            try:
                channel = PcscChannel(ctx, hcard, active, reader)
                return process_card(channel, reader, atr_bytes, protocol_name(active), strategy)
            finally:
                scard.SCardEndTransaction(hcard, scard.SCARD_LEAVE_CARD)
        finally:
            scard.SCardDisconnect(hcard, scard.SCARD_LEAVE_CARD)
    finally:
        release_context(ctx)


# --- the watcher: supervised reader/card monitor --------------------------------------------


@dataclass
class _ReaderState:
    present: bool = False
    counter: int = -1  # pcsc-lite's card event counter (high word of dwEventState)
    generation: int = 0
    atr: str = ""


@dataclass
class WatcherStatus:
    service: bool = False
    readers: tuple[str, ...] = ()
    cards: tuple[str, ...] = ()
    restarts: int = 0
    last_error: str = ""
    running: bool = False
    extra: dict[str, str] = field(default_factory=dict)


class ReaderWatcher:
    """Watches readers and cards; restarts itself whenever the PC/SC service is lost."""

    def __init__(
        self,
        on_event: Callable[[DeviceEvent], None],
        reader_filter: str = "",
        strategy: ReadStrategy = ReadStrategy.SELECT,
        poll_timeout_ms: int = 500,
        backoff_max_s: float = 2.0,
    ) -> None:
        self.on_event = on_event
        self.reader_filter = reader_filter
        self.strategy = strategy
        self.poll_timeout_ms = poll_timeout_ms
        self.backoff_max_s = backoff_max_s
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._ctx: Any = None
        self._states: dict[str, _ReaderState] = {}
        self._status = WatcherStatus()

    # -- lifecycle --
    def start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._supervise, name="smartcard-watch", daemon=True
            )
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        with self._lock:
            ctx, thread = self._ctx, self._thread
        if ctx is not None:
            scard.SCardCancel(ctx)  # wakes a blocked SCardGetStatusChange
        if thread is not None:
            thread.join(timeout)

    def status(self) -> WatcherStatus:
        with self._lock:
            s = self._status
            return WatcherStatus(
                service=s.service,
                readers=s.readers,
                cards=tuple(r for r, st in self._states.items() if st.present),
                restarts=s.restarts,
                last_error=s.last_error,
                running=self._thread is not None and self._thread.is_alive(),
            )

    # -- supervision --
    def _supervise(self) -> None:
        backoff = 0.1
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                self._watch()
            except Exception as e:  # a bug here must not end hot-plug for good
                log.exception("smartcard watcher crashed; restarting")
                self._set_error(f"watcher crashed: {e!r}")
            if self._stop.is_set():
                break
            self._service_lost()
            with self._lock:
                self._status.restarts += 1
            if time.monotonic() - started > 5:
                backoff = 0.1
            self._stop.wait(backoff)
            backoff = min(backoff * 2, self.backoff_max_s)
        self._service_lost(publish=False)

    def _set_error(self, message: str) -> None:
        with self._lock:
            self._status.last_error = message

    def _service_lost(self, publish: bool = True) -> None:
        """Every card counts as removed and every reader as gone."""
        with self._lock:
            was_up = self._status.service
            removed = [r for r, st in self._states.items() if st.present]
            self._states.clear()
            self._status.service = False
            self._status.readers = ()
        for reader in removed:
            self.on_event(CardRemoved(reader=reader))
        if was_up and publish:
            self.on_event(ReadersChanged(readers=(), service=False))

    def _watch(self) -> None:
        try:
            ctx = establish_context()
        except PcscUnavailable as e:
            self._set_error(e.detail)
            return
        with self._lock:
            self._ctx = ctx
        try:
            self._loop(ctx)
        finally:
            with self._lock:
                self._ctx = None
            release_context(ctx)

    def _loop(self, ctx: Any) -> None:
        try:
            readers = self._matching(_list(ctx))
        except PcscUnavailable as e:
            self._set_error(e.detail)
            return
        self._set_readers(readers, service=True)
        query: dict[str, int] = {r: scard.SCARD_STATE_UNAWARE for r in readers}
        pnp_state = scard.SCARD_STATE_UNAWARE
        while not self._stop.is_set():
            request = [(PNP_READER, pnp_state), *list(query.items())]
            hresult, result = scard.SCardGetStatusChange(ctx, self.poll_timeout_ms, request)
            if hresult in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
                continue
            if hresult in _SERVICE_LOST:
                self._set_error(f"PC/SC service lost: {_err(hresult)}")
                return
            relist = hresult == scard.SCARD_E_UNKNOWN_READER
            if hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_UNKNOWN_READER):
                self._set_error(f"SCardGetStatusChange: {_err(hresult)}")
                return
            for reader, event, atr in result if hresult == scard.SCARD_S_SUCCESS else []:
                if reader == PNP_READER:
                    relist |= bool(event & scard.SCARD_STATE_CHANGED)
                    pnp_state = event & ~scard.SCARD_STATE_CHANGED
                    continue
                if event & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                    relist = True
                elif event & scard.SCARD_STATE_CHANGED:
                    self._card_state(reader, event, bytes(atr))
                query[reader] = event & ~scard.SCARD_STATE_CHANGED
            if relist:
                try:
                    readers = self._matching(_list(ctx))
                except PcscUnavailable as e:
                    self._set_error(e.detail)
                    return
                for gone in set(query) - set(readers):
                    del query[gone]
                    self._reader_gone(gone)
                for new in set(readers) - set(query):
                    query[new] = scard.SCARD_STATE_UNAWARE
                self._set_readers(readers, service=True)

    def _matching(self, readers: list[str]) -> list[str]:
        return [r for r in readers if self.reader_filter in r]

    def _set_readers(self, readers: list[str], service: bool) -> None:
        with self._lock:
            changed = self._status.readers != tuple(readers) or self._status.service != service
            self._status.readers = tuple(readers)
            self._status.service = service
            self._status.last_error = "" if readers else self._status.last_error
        if changed:
            log.info("smartcard readers: %s", ", ".join(readers) or "none")
            self.on_event(ReadersChanged(readers=tuple(readers), service=service))

    def _reader_gone(self, reader: str) -> None:
        with self._lock:
            st = self._states.pop(reader, None)
        if st is not None and st.present:
            self.on_event(CardRemoved(reader=reader))

    def _card_state(self, reader: str, event: int, atr: bytes) -> None:
        present = bool(event & scard.SCARD_STATE_PRESENT) and not event & scard.SCARD_STATE_MUTE
        counter = (event >> 16) & 0xFFFF
        with self._lock:
            st = self._states.setdefault(reader, _ReaderState())
            # Same "present" but a new event counter: pulled and reinserted between polls.
            swapped = present and st.present and st.counter not in (-1, counter)
            was_present = st.present
            st.counter = counter
        if was_present and (not present or swapped):
            with self._lock:
                st.present = False
            self.on_event(CardRemoved(reader=reader))
        if present and (not was_present or swapped):
            with self._lock:
                st.present = True
                st.generation += 1
                st.atr = atr.hex().upper()
                generation = st.generation
            self.on_event(CardInserted(reader=reader, atr=atr.hex().upper()))
            threading.Thread(
                target=self._read,
                args=(reader, generation),
                name=f"smartcard-read-{reader}",
                daemon=True,
            ).start()
        elif event & scard.SCARD_STATE_MUTE and not was_present:
            self.on_event(
                CardReadFailed(
                    reader=reader,
                    error="CardMute",
                    detail="card does not answer reset (mute)",
                    resident_message="卡片无响应，请检查插卡方向后重新插入。",
                )
            )

    def _read(self, reader: str, generation: int) -> None:
        try:
            event = read_card_in_reader(reader, self.strategy)
        except PcscUnavailable as e:
            event = CardReadFailed(
                reader=reader,
                error=type(e).__name__,
                detail=e.detail,
                resident_message=e.resident_message,
            )
        except Exception as e:  # keep the worker from dying silently
            log.exception("reader %s: read crashed", reader)
            event = CardReadFailed(reader=reader, error="InternalError", detail=repr(e))
        with self._lock:
            st = self._states.get(reader)
            stale = st is None or st.generation != generation
        if stale and not isinstance(event, CardReadFailed):
            log.info("reader %s: dropping the result of a card already replaced", reader)
            return
        self.on_event(event)


# --- the device ------------------------------------------------------------------------------


class SmartCardReader(Device):
    """PC/SC smart card reader(s) reading social security cards, with hot-plug."""

    kind = "smartcard"

    def __init__(
        self,
        name: str | None = None,
        reader_filter: str = "",
        strategy: ReadStrategy = ReadStrategy.SELECT,
        poll_timeout_ms: int = 500,
    ) -> None:
        super().__init__(name)
        self.reader_filter = reader_filter
        self.strategy = strategy
        self.watcher = ReaderWatcher(self.emit, reader_filter, strategy, poll_timeout_ms)

    def open(self) -> None:
        """Check pcscd answers, then start the (self-restarting) watcher."""
        ctx = establish_context()
        release_context(ctx)
        self.watcher.start()

    def close(self) -> None:
        try:
            self.watcher.stop()
        except Exception:  # contract: close never raises
            log.exception("smartcard watcher did not stop cleanly")

    def status(self) -> Health:
        s = self.watcher.status()
        if not s.running:
            return Health(DeviceStatus.FAULT, "reader watcher not running")
        if not s.service:
            return Health(DeviceStatus.ABSENT, s.last_error or "PC/SC service not reachable")
        if not s.readers:
            what = f" matching '{self.reader_filter}'" if self.reader_filter else ""
            return Health(DeviceStatus.ABSENT, f"no card reader{what}")
        cards = f", card in {', '.join(s.cards)}" if s.cards else ""
        restarts = f", watcher restarts: {s.restarts}" if s.restarts else ""
        return Health.ok(f"{len(s.readers)} reader(s): {', '.join(s.readers)}{cards}{restarts}")

    def readers(self) -> tuple[str, ...]:
        return self.watcher.status().readers

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        """INTERNAL: service and readers. EXTERNAL: also read the card if one is inserted."""
        try:
            readers = list_readers(self.reader_filter)
        except PcscUnavailable as e:
            return SelfTestResult(False, level, e.detail)
        if not readers:
            return SelfTestResult(False, level, NoReader("no reader").detail)
        facts = {"readers": ", ".join(readers)}
        if level == SelfTestLevel.INTERNAL:
            return SelfTestResult(True, level, f"{len(readers)} reader(s)", facts)
        cards = self.watcher.status().cards
        if not cards:
            return SelfTestResult(True, level, "readers OK; insert a card to test reading", facts)
        event = read_card_in_reader(cards[0], self.strategy)
        if isinstance(event, SocialSecurityCardRead) and event.card is not None:
            facts.update(
                version=event.card.card_version, region=event.card.region, apdus=str(event.apdus)
            )
            return SelfTestResult(True, level, "social security card read", facts)
        if isinstance(event, UnsupportedCard):
            return SelfTestResult(
                True, level, "reader OK; card is not a social security card", facts
            )
        detail = event.detail if isinstance(event, CardReadFailed) else type(event).__name__
        return SelfTestResult(False, level, f"card read failed: {detail}", facts)
