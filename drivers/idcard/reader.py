"""The GA 467 ID card reader driver over a serial port (pyserial).

One worker thread polls the reader (find → select → read) no faster than every
``poll_interval_s`` (≥ 0.3 s, as the protocol asks) and emits
:mod:`drivers.idcard.events`. After a read — successful or not — the same card is
not read again until it has left the reader; removal is detected with a *select*
probe once *find* stops seeing a fresh card.

Transport faults (garbage, half frames, bad checksums, wrong lengths, timeouts)
are retried a bounded number of times; the decoder resynchronises on the next
preamble. If the port disappears, the worker reports ABSENT and reopens it every
``reconnect_interval_s`` until it comes back.

Without the worker (``auto_poll=False``, as the CLI uses it) :meth:`read_card`
reads one card synchronously.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import asdict, dataclass
from enum import StrEnum

import serial

from drivers.base import (
    Device,
    DeviceEvent,
    DeviceStatus,
    Health,
    HealthChanged,
    SelfTestLevel,
    SelfTestResult,
)
from drivers.idcard.attest import CardAttestor
from drivers.idcard.errors import (
    LINK_FAULT_CODES,
    SAM_FAULT_CODES,
    ChecksumMismatch,
    FrameError,
    IdCardError,
    NoCard,
    PayloadError,
    ReaderAbsent,
    ReaderTimeout,
    SamStatusError,
    TruncatedFrame,
    error_for_status,
)
from drivers.idcard.events import CardPresent, CardRead, CardReadFailed, CardRemoved
from drivers.idcard.payload import CardData, parse_base_info
from drivers.idcard.protocol import (
    SW3_FOUND,
    SW3_OK,
    Cmd,
    FrameDecoder,
    Response,
    encode_request,
    wire_seconds,
)
from drivers.idcard.wlt import PhotoUnavailable, WltDecoder

log = logging.getLogger(__name__)

#: Silence after part of a frame that means the rest is not coming.
_FRAME_GAP_S = 0.5

#: Largest answer each command can bring (bytes), to size its timeout at low baud rates.
_EXPECTED_MAX = {Cmd.READ_BASE: 1295, Cmd.READ_BASE_FP: 2321, Cmd.READ_ADDRESS: 150}


class CardState(StrEnum):
    """What the worker believes is on the reader."""

    NONE = "none"  # nothing, or nothing readable: keep finding
    HELD = "held"  # read (or failed) and still there: wait for removal


@dataclass
class ReaderStats:
    """Counters for diagnostics and the benchmark (never personal data)."""

    frames_sent: int = 0
    frames_received: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    retries: int = 0
    checksum_errors: int = 0
    length_errors: int = 0
    timeouts: int = 0
    garbage_bytes: int = 0
    reads_ok: int = 0
    reads_failed: int = 0
    reconnects: int = 0

    def as_facts(self) -> dict[str, str]:
        return {k: str(v) for k, v in asdict(self).items()}


class _Closing(IdCardError):
    """Internal: the reader is being closed while a transaction waits."""


class ReadInterrupted(IdCardError):
    """The reader vanished (port gone, its process killed) or fell silent mid-read."""

    resident_message = "读卡失败，请重新放置。"


class IdCardReader(Device):
    """GA 467 SAM reader on a serial port."""

    kind = "idcard"

    def __init__(
        self,
        port: str,
        name: str | None = None,
        baud: int = 115200,
        poll_interval_s: float = 0.3,
        read_timeout_s: float = 3.0,
        retries: int = 2,
        read_fingerprint: bool = False,
        wlt_decoder: WltDecoder | None = None,
        auto_poll: bool = True,
        reconnect_interval_s: float = 1.0,
        reset_on_open: bool = True,
        attestor: CardAttestor | None = None,
    ) -> None:
        super().__init__(name)
        # The SAM that signs each read for the platform (None: reads are not attested).
        self.attestor = attestor
        if poll_interval_s < 0.3:
            raise ValueError("GA 467 readers must not be polled faster than every 0.3 s")
        self.port = port
        self.baud = baud
        self.poll_interval_s = poll_interval_s
        self.read_timeout_s = read_timeout_s
        self.retries = retries
        self.read_fingerprint = read_fingerprint
        self.wlt_decoder = wlt_decoder
        self.auto_poll = auto_poll
        self.reconnect_interval_s = reconnect_interval_s
        self.reset_on_open = reset_on_open
        self.stats = ReaderStats()
        self.sam_id: str = ""
        self.card_state = CardState.NONE
        #: ``time.monotonic()`` when the card last answered on the reader (a read or a
        #: presence probe); ``None`` while no card is held. The identify flow accepts
        #: a login only if this is fresh.
        self.presence_confirmed_at: float | None = None
        #: Overall deadline of the read in progress: a read fails within a bounded
        #: time, however many retries are left.
        self._deadline: float | None = None
        self._ser: serial.Serial | None = None
        self._io_lock = threading.RLock()
        self._stop = threading.Event()
        self._worker: threading.Thread | None = None
        self._health = Health(DeviceStatus.ABSENT, "not opened")
        self._health_lock = threading.Lock()

    # --- Device contract ----------------------------------------------------------
    def open(self) -> None:
        """Open the port, reset the SAM, check its status and read its id; start polling."""
        with self._io_lock:
            self._connect()
        self._set_health(Health.ok(self._ok_detail()))
        if self.auto_poll:
            self._stop.clear()
            self._worker = threading.Thread(
                target=self._run, name=f"idcard-{self.name}", daemon=True
            )
            self._worker.start()

    def close(self) -> None:
        self._stop.set()
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(self.read_timeout_s + self.poll_interval_s + 2.0)
        self._worker = None
        with self._io_lock:
            self._drop_port()
        self._set_health(Health(DeviceStatus.ABSENT, "closed"))

    def status(self) -> Health:
        """The worker's latest view; without a worker, a SAM status exchange."""
        if self._worker is not None and self._worker.is_alive():
            with self._health_lock:
                return self._health
        with self._io_lock:
            if self._ser is None:
                raise ReaderAbsent(f"port {self.port} is not open")
            self._transact(Cmd.SAM_STATUS)
        return Health.ok(self._ok_detail())

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        """SAM status + SAM id exchange; facts are the link counters (no card data)."""
        facts = {"port": self.port, "baud": str(self.baud), **self.stats.as_facts()}
        try:
            with self._io_lock:
                if self._ser is None:
                    raise ReaderAbsent(f"port {self.port} is not open")
                self._transact(Cmd.SAM_STATUS)
                self.sam_id = self._transact(Cmd.SAM_ID).data.hex().upper()
        except IdCardError as e:
            return SelfTestResult(False, level, e.detail, facts)
        facts["sam_id"] = self.sam_id
        return SelfTestResult(True, level, f"SAM OK, id {self.sam_id}", facts)

    # --- one-shot reading (no worker) ---------------------------------------------
    def read_card(self, timeout_s: float = 5.0) -> CardRead:
        """Wait up to ``timeout_s`` for a card and read it (find → select → read).

        Raises :class:`NoCard` when none appears in time, or the named error of
        whatever failed. For use without the polling worker (CLI, tests).
        """
        deadline = time.monotonic() + timeout_s
        while True:
            started = time.monotonic()
            with self._io_lock:
                if self._ser is None:
                    raise ReaderAbsent(f"port {self.port} is not open")
                found = self._transact(Cmd.FIND, check=False)
                if found.sw3 == SW3_FOUND:
                    return self._read_found(started)
                if found.sw3 != NoCard.sw3:
                    raise error_for_status(found.sw3, "find card")
            if time.monotonic() + self.poll_interval_s > deadline:
                raise NoCard(f"no card within {timeout_s:g} s")
            time.sleep(max(0.0, started + self.poll_interval_s - time.monotonic()))

    # --- health --------------------------------------------------------------------
    def _set_health(self, health: Health) -> None:
        with self._health_lock:
            was_usable = self._health.usable
            self._health = health
        if was_usable != health.usable and self._worker is not None:
            self.emit(HealthChanged(self.name))  # the supervisor looks now, not in 5 s

    def _ok_detail(self) -> str:
        return f"SAM {self.sam_id or '?'} on {self.port} @ {self.baud}"

    # --- port ----------------------------------------------------------------------
    def _connect(self) -> None:
        self._drop_port()
        try:
            self._ser = serial.Serial(
                self.port, self.baud, timeout=0.05, write_timeout=max(1.0, self.read_timeout_s)
            )
        except (serial.SerialException, OSError, ValueError) as e:
            self._ser = None
            raise self._port_error(e, "open") from None
        try:
            self._ser.reset_input_buffer()
            if self.reset_on_open:
                self._transact(Cmd.RESET)
            self._transact(Cmd.SAM_STATUS)
            self.sam_id = self._transact(Cmd.SAM_ID).data.hex().upper()
        except IdCardError:
            self._drop_port()
            raise
        self.card_state = CardState.NONE

    def _drop_port(self) -> None:
        ser, self._ser = self._ser, None
        if ser is not None:
            try:
                ser.close()
            except Exception:  # close() must never raise (contract)
                log.debug("closing %s raised", self.port, exc_info=True)

    def _port_error(self, e: BaseException, what: str) -> IdCardError:
        errno = getattr(e, "errno", None)
        text = f"{what} {self.port}: {e}"
        if errno in (2, 5, 6, 19) or "No such file" in str(e) or "readiness to read" in str(e):
            return ReaderAbsent(text)
        if errno == 13:
            return IdCardError(f"{text} (permission denied: is the user in group dialout?)")
        return ReaderAbsent(text)

    # --- transactions --------------------------------------------------------------
    def _transact(self, cmd: Cmd, check: bool = True) -> Response:
        """Send ``cmd`` and return the answer, retrying transport faults ``retries`` times.

        With ``check`` a non-success SW3 raises its named error.
        """
        frame = encode_request(cmd)
        last: IdCardError | None = None
        resp: Response | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                if self._deadline is not None and time.monotonic() >= self._deadline:
                    break  # the read's time is up: fail now, not after every retry
                self.stats.retries += 1
            try:
                resp = self._exchange(cmd, frame)
            except (FrameError, ReaderTimeout) as e:
                last = e
                continue
            if resp.sw3 in LINK_FAULT_CODES:  # our frame reached the SAM damaged: resend
                last = error_for_status(resp.sw3, cmd.name)
                resp = None
                continue
            break
        if resp is None:
            assert last is not None
            raise last
        if check and not resp.ok:
            raise error_for_status(resp.sw3, cmd.name)
        return resp

    def _exchange(self, cmd: Cmd, frame: bytes) -> Response:
        ser = self._ser
        if ser is None:
            raise ReaderAbsent(f"port {self.port} is not open")
        decoder = FrameDecoder()
        timeout = self.read_timeout_s + wire_seconds(_EXPECTED_MAX.get(cmd, 64), self.baud)
        try:
            # Bytes still in the buffer belong to an earlier, abandoned answer.
            stale = ser.in_waiting
            if stale:
                ser.reset_input_buffer()
                self.stats.garbage_bytes += stale
            ser.write(frame)
            self.stats.frames_sent += 1
            self.stats.bytes_sent += len(frame)
            deadline = time.monotonic() + timeout
            if self._deadline is not None:
                deadline = min(deadline, self._deadline)
            # A frame whose bytes stop arriving is cut short: say so after a gap,
            # not after the whole timeout (a SAM sends a frame in one go).
            gap = _FRAME_GAP_S + wire_seconds(64, self.baud)
            last_rx = time.monotonic()
            while True:
                if self._stop.is_set() and threading.current_thread() is self._worker:
                    raise _Closing("reader closing")
                chunk = ser.read(max(decoder.wanted(), ser.in_waiting))
                if chunk:
                    last_rx = time.monotonic()
                    self.stats.bytes_received += len(chunk)
                    decoder.feed(chunk)
                    try:
                        resp = decoder.next_response()
                    except ChecksumMismatch:
                        self.stats.checksum_errors += 1
                        raise
                    except FrameError:
                        self.stats.length_errors += 1
                        raise
                    finally:
                        self.stats.garbage_bytes += decoder.skipped
                        decoder.skipped = 0
                    if resp is not None:
                        self.stats.frames_received += 1
                        if resp.sw3 == SW3_FOUND and cmd is not Cmd.FIND:
                            continue  # a late answer to an earlier find: not ours
                        return resp
                now = time.monotonic()
                if decoder.buffered and now - last_rx > gap:
                    self.stats.timeouts += 1
                    raise TruncatedFrame(
                        f"{cmd.name}: {decoder.buffered} bytes of a frame, then silence"
                    )
                if now > deadline:
                    self.stats.timeouts += 1
                    if decoder.buffered:
                        raise TruncatedFrame(
                            f"{cmd.name}: only {decoder.buffered} bytes of a frame in {timeout:.1f} s"
                        )
                    raise ReaderTimeout(f"{cmd.name}: no answer in {timeout:.1f} s")
        except (serial.SerialException, OSError) as e:
            self._drop_port()
            raise self._port_error(e, "I/O on") from None

    def _read_found(self, started: float) -> CardRead:
        """Select and read a card that *find* just reported, within a bounded time."""
        cmd = Cmd.READ_BASE_FP if self.read_fingerprint else Cmd.READ_BASE
        self._deadline = (
            time.monotonic()
            + self.read_timeout_s
            + wire_seconds(_EXPECTED_MAX[cmd], self.baud)
            + 2 * _FRAME_GAP_S  # room for one retry after a cut-short frame
        )
        try:
            read = self._select_and_read(cmd, started)
        finally:
            self._deadline = None
        self.presence_confirmed_at = time.monotonic()
        return read

    def _select_and_read(self, cmd: Cmd, started: float) -> CardRead:
        self._transact(Cmd.SELECT)
        resp = self._transact(cmd)
        card: CardData | None = None
        for attempt in range(self.retries + 1):
            try:
                card = parse_base_info(resp.data, self.read_fingerprint)
                break
            except PayloadError:
                # A frame that is well-formed but the wrong shape (e.g. a wrong LEN
                # that happened to checksum): ask again, like any transport fault.
                if attempt == self.retries:
                    raise
                self.stats.retries += 1
                resp = self._transact(cmd)
        assert card is not None
        image = None
        problem = ""
        if self.wlt_decoder is not None:
            try:
                image = self.wlt_decoder.decode(bytes(card.photo))
            except PhotoUnavailable as e:
                problem = e.detail
            except Exception as e:  # a vendor library must not kill the reader thread
                problem = f"WLT decoder crashed: {type(e).__name__}"
        else:
            problem = "no WLT decoder configured"
        return CardRead(
            device=self.name,
            text=card.text,
            photo=card.photo,
            fingerprint=card.fingerprint,
            photo_image=image,
            photo_problem=problem,
            elapsed_s=time.monotonic() - started,
            attestation=None if self.attestor is None else self.attestor.attest(bytes(card.text)),
        )

    # --- the polling worker ----------------------------------------------------------
    def _run(self) -> None:
        next_poll = time.monotonic()
        strikes = 0
        while not self._stop.is_set():
            wait = next_poll - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                break
            next_poll = time.monotonic() + self.poll_interval_s
            events: list[DeviceEvent] = []
            try:
                with self._io_lock:
                    if self._ser is None:
                        self._connect()
                        self.stats.reconnects += 1
                        log.info("idcard %s: reconnected on %s", self.name, self.port)
                    self._poll_once(events)
                strikes = 0
                self._set_health(Health.ok(self._ok_detail()))
            except _Closing:
                break
            except ReaderAbsent as e:
                self._lost_card(events, "reader disconnected")
                # The port is gone: definite, shown at once (no strikes).
                self._set_health(Health(DeviceStatus.ABSENT, e.detail, definite=True))
                next_poll = time.monotonic() + self.reconnect_interval_s
            except SamStatusError as e:
                if e.code in SAM_FAULT_CODES:
                    self._lost_card(events, "reader fault")
                    self._set_health(Health(DeviceStatus.FAULT, e.detail))
                    with self._io_lock:  # a fresh connection resets the SAM next time round
                        self._drop_port()
                    next_poll = time.monotonic() + self.reconnect_interval_s
                else:
                    strikes += 1
                    self._set_health(Health(DeviceStatus.DEGRADED, e.detail))
            except IdCardError as e:
                # Link trouble that survived the retries: not yet a fault (hysteresis
                # lives in the device manager), but say so.
                strikes += 1
                status = DeviceStatus.FAULT if strikes >= 3 else DeviceStatus.DEGRADED
                self._set_health(Health(status, e.detail))
            except Exception as e:  # a bug must not silently stop card reading
                log.exception("idcard %s: poll crashed", self.name)
                self._set_health(Health(DeviceStatus.FAULT, f"poll crashed: {e!r}"))
            for ev in events:
                self.emit(ev)

    def _lost_card(self, events: list[DeviceEvent], reason: str) -> None:
        self.presence_confirmed_at = None
        if self.card_state is CardState.HELD:
            self.card_state = CardState.NONE
            if any(isinstance(ev, CardReadFailed) for ev in events):
                return  # the read failed already: "读卡失败" stays on screen
            events.append(CardRemoved(self.name, reason))

    def _poll_once(self, events: list[DeviceEvent]) -> None:
        started = time.monotonic()
        found = self._transact(Cmd.FIND, check=False)
        if found.sw3 == SW3_FOUND:
            if self.card_state is CardState.HELD:  # swapped between two polls
                events.append(CardRemoved(self.name, "replaced"))
            self.card_state = CardState.HELD
            # Deliver "present" before the slow read so the screen can say "reading…".
            self.emit(CardPresent(self.name))
            try:
                read = self._read_found(started)
            except _Closing:
                raise
            except ReaderAbsent as e:
                # The reader vanished mid-read: the resident is told at once.
                self.stats.reads_failed += 1
                events.append(CardReadFailed(self.name, ReadInterrupted(e.detail)))
                raise
            except SamStatusError as e:
                if e.code in SAM_FAULT_CODES:
                    raise
                self.stats.reads_failed += 1
                events.append(CardReadFailed(self.name, e))
                return
            except IdCardError as e:
                self.stats.reads_failed += 1
                events.append(CardReadFailed(self.name, e))
                return
            self.stats.reads_ok += 1
            events.append(read)
        elif found.sw3 == NoCard.sw3:
            if self.card_state is CardState.HELD:
                probe = self._transact(Cmd.SELECT, check=False)
                if probe.sw3 != SW3_OK:
                    self.card_state = CardState.NONE
                    self.presence_confirmed_at = None
                    events.append(CardRemoved(self.name))
                else:
                    self.presence_confirmed_at = time.monotonic()
        else:
            raise error_for_status(found.sw3, "find card")
