"""A GA 467 SAM/reader emulator on a pseudo-terminal pair.

The emulator owns the master side of a pty and answers the real wire protocol;
the real driver opens the slave side (``emulator.port``) like any serial port.
Cards come from a deck (:mod:`drivers.idcard.deck`); a plain-Python control API
places and removes them, injects faults, and unplugs/replugs the "reader".

Card model (what the driver relies on; a real SAM may differ, the hardware wins):

* a placed card is found (``20 01`` → 9F) until it is selected; after it is read it
  is *halted*: find answers 80 until the card is lifted and placed again;
* select (``20 02``) succeeds on a found or halted card, so it doubles as a
  presence probe; it answers 81 when no card is there;
* read base info (``30 01``/``30 10``) may be repeated while the card stays;
* reset (``10 FF``) power-cycles the RF field: a card on the reader is fresh again.

With ``pace=True`` bytes move at the configured baud rate (10 bits per byte),
as they would on a real serial line.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from drivers.idcard.deck import SimCard
from drivers.idcard.sam_wire import (
    BAD_COMMAND,
    FIND_FAILED,
    FIND_OK,
    NO_CONTENT,
    NOT_FOUND_YET,
    OK,
    READ_FAILED,
    SELECT_FAILED,
    SELF_TEST_FAILED,
    SYNC,
    UNRECOGNISED,
    HostRequest,
    RequestReader,
    SamCommand,
    WireFault,
    base_info,
    baud_of,
    line_seconds,
    response_frame,
)


class Fault(StrEnum):
    """Faults the emulator can inject into its answers."""

    GARBAGE = "garbage"  # junk bytes (with a false preamble start) before the frame
    BAD_CHECKSUM = "bad-checksum"  # CHK byte wrong
    TRUNCATED = "truncated"  # only the first half of the frame is sent
    WRONG_LENGTH = "wrong-length"  # LEN claims more bytes than are sent
    SLOW = "slow"  # answer after a delay
    PULL = "pull"  # the card is pulled between select and read (read → 41)
    SAM_FAULT = "sam-fault"  # SAM self-test failed: every command → 60


class CardSlot(StrEnum):
    NONE = "none"
    PRESENT = "present"  # placed, not yet found
    FOUND = "found"
    SELECTED = "selected"
    HALTED = "halted"  # read (or failed) and still on the reader


@dataclass
class _FaultSpec:
    fault: Fault
    remaining: int  # < 0: until cleared
    command: SamCommand | None
    delay_s: float


@dataclass(frozen=True)
class Exchange:
    """One request/answer pair, as observers see it (no card data)."""

    command: SamCommand | None
    sw3: int
    bytes_in: int
    bytes_out: int
    at: float  # time.monotonic() when the answer's last byte was written


SAM_ID = bytes.fromhex("0501000020240101000000000000CAFE")
_GARBAGE = b"\x00\x13\xfe\xaa\xaa\x96\x55\xaa\xaa\xaa\x96"  # includes near-miss preambles


class SamEmulator:
    """Emulated reader answering GA 467 frames on a pty."""

    def __init__(
        self,
        cards: list[SimCard],
        baud: int = 115200,
        pace: bool = False,
        link_path: Path | None = None,
    ) -> None:
        self.cards = list(cards)
        self.baud = baud
        self.pace = pace
        self.link_path = link_path
        self._lock = threading.RLock()
        self._faults: list[_FaultSpec] = []
        self._card: SimCard | None = None
        self.slot = CardSlot.NONE
        self.sam_fault = False
        self._master: int | None = None
        self._slave: int | None = None
        self.slave_name = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observers: list[Callable[[Exchange], None]] = []
        self.exchanges = 0
        self._new_baud: int | None = None

    # --- lifecycle -------------------------------------------------------------------
    @property
    def port(self) -> str:
        """The path the driver opens (the stable link if one was asked for)."""
        return str(self.link_path) if self.link_path else self.slave_name

    def start(self) -> str:
        """Create the pty pair and start answering; return the port path."""
        self._plug()
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="idcard-emulator", daemon=True)
        self._thread.start()
        return self.port

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
            self._thread = None
        self._unplug_fds()
        if self.link_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link_path.unlink()

    def __enter__(self) -> SamEmulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _plug(self) -> None:
        master, slave = os.openpty()
        # Raw from the start: no echo of host bytes, no line discipline, even before
        # the driver opens the port (pyserial sets raw mode again on open).
        tty.setraw(slave)
        os.set_blocking(master, False)
        name = os.ttyname(slave)
        with self._lock:
            self._master, self._slave, self.slave_name = master, slave, name
        if self.link_path is not None:
            tmp = self.link_path.with_name(self.link_path.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(name)
            os.replace(tmp, self.link_path)

    def _unplug_fds(self) -> None:
        with self._lock:
            fds = (self._master, self._slave)
            self._master = self._slave = None
        for fd in fds:
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def unplug(self) -> None:
        """The reader vanishes: the pty closes (the driver's port breaks) and the link goes."""
        self._unplug_fds()
        if self.link_path is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link_path.unlink()

    def replug(self) -> None:
        """The reader comes back: a new pty behind the same link path."""
        self._plug()

    # --- control API -----------------------------------------------------------------
    def place_card(self, index: int = 0) -> SimCard:
        """Put card ``index`` of the deck on the reader (replacing any card there)."""
        card = self.cards[index]
        with self._lock:
            self._card = card
            self.slot = CardSlot.PRESENT
        return card

    def remove_card(self) -> None:
        with self._lock:
            self._card = None
            self.slot = CardSlot.NONE

    @property
    def card(self) -> SimCard | None:
        return self._card

    def inject(
        self, fault: Fault, times: int = 1, command: SamCommand | None = None, delay_s: float = 0.5
    ) -> None:
        """Apply ``fault`` to the next ``times`` answers (``times < 0``: until cleared).

        ``command`` restricts it to answers to that command. ``PULL`` always applies
        to the next read; ``SAM_FAULT`` is a state (cleared by :meth:`clear_faults`).
        """
        if fault is Fault.SAM_FAULT:
            self.sam_fault = True
            return
        with self._lock:
            self._faults.append(_FaultSpec(fault, times, command, delay_s))

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self.sam_fault = False

    def add_observer(self, fn: Callable[[Exchange], None]) -> None:
        """Call ``fn`` after every answer (on the emulator thread; must not block)."""
        self._observers.append(fn)

    # --- protocol ----------------------------------------------------------------------
    def _take_fault(self, cmd: SamCommand | None) -> _FaultSpec | None:
        with self._lock:
            for spec in self._faults:
                if spec.command is not None and spec.command is not cmd:
                    continue
                if spec.fault is Fault.PULL and cmd not in (
                    SamCommand.READ_BASE,
                    SamCommand.READ_BASE_FP,
                ):
                    continue
                if spec.remaining > 0:
                    spec.remaining -= 1
                    if spec.remaining == 0:
                        self._faults.remove(spec)
                return spec
        return None

    def answer(self, req: HostRequest, fault: _FaultSpec | None = None) -> tuple[int, bytes]:
        """(SW3, data) for one request: the SAM's logic, without the wire."""
        cmd = req.command
        with self._lock:
            if cmd is None:
                return BAD_COMMAND, b""
            if self.sam_fault and cmd is not SamCommand.SAM_ID:
                return SELF_TEST_FAILED, b""
            card = self._card
            if cmd is SamCommand.RESET:
                if card is not None:
                    self.slot = CardSlot.PRESENT
                return OK, b""
            if cmd is SamCommand.SAM_STATUS:
                return OK, b""
            if cmd is SamCommand.SAM_ID:
                return OK, SAM_ID
            if cmd is SamCommand.FIND:
                # A found-but-unselected card still answers (the host may ask again
                # when an answer was lost); a selected or halted one does not.
                if card is not None and self.slot in (CardSlot.PRESENT, CardSlot.FOUND):
                    self.slot = CardSlot.FOUND
                    return FIND_OK, b"\0\0\0\0"
                return FIND_FAILED, b""
            if cmd is SamCommand.SELECT:
                if card is not None and self.slot in (
                    CardSlot.FOUND,
                    CardSlot.SELECTED,
                    CardSlot.HALTED,
                ):
                    if self.slot is CardSlot.FOUND:
                        self.slot = CardSlot.SELECTED
                    return OK, card.serial
                return SELECT_FAILED, b""
            if cmd in (SamCommand.READ_BASE, SamCommand.READ_BASE_FP, SamCommand.READ_ADDRESS):
                if fault is not None and fault.fault is Fault.PULL:
                    self._card = None
                    self.slot = CardSlot.NONE
                    return READ_FAILED, b""
                if card is None:
                    return READ_FAILED, b""
                if self.slot not in (CardSlot.SELECTED, CardSlot.HALTED):
                    return NOT_FOUND_YET, b""
                self.slot = CardSlot.HALTED
                if cmd is SamCommand.READ_ADDRESS:
                    return NO_CONTENT, b""
                fp = None
                if cmd is SamCommand.READ_BASE_FP:
                    fp = card.fingerprint or b""
                return OK, base_info(card.text, card.photo, fp)
            if baud_of(cmd) is not None:
                return OK, b""
            return BAD_COMMAND, b""

    def _respond(
        self, req: HostRequest | None, error_sw3: int | None
    ) -> tuple[bytes, float, SamCommand | None, int]:
        cmd = req.command if req is not None else None
        fault = self._take_fault(cmd)
        if req is None:
            sw3, data = error_sw3 or UNRECOGNISED, b""
        else:
            sw3, data = self.answer(req, fault)
        frame = bytearray(response_frame(sw3, data))
        delay = 0.0
        if fault is not None:
            if fault.fault is Fault.GARBAGE:
                frame[:0] = _GARBAGE
            elif fault.fault is Fault.BAD_CHECKSUM:
                frame[-1] ^= 0x5A
            elif fault.fault is Fault.TRUNCATED:
                del frame[max(len(SYNC) + 3, len(frame) // 2) :]
            elif fault.fault is Fault.WRONG_LENGTH:
                n = int.from_bytes(frame[5:7], "big") + 7
                frame[5:7] = n.to_bytes(2, "big")
            elif fault.fault is Fault.SLOW:
                delay = fault.delay_s
        if req is not None and sw3 == OK:
            self._new_baud = baud_of(cmd)
        return bytes(frame), delay, cmd, sw3

    # --- the I/O thread ------------------------------------------------------------------
    def _write(self, data: bytes) -> None:
        """Write all of ``data`` to the master, paced at the baud rate if asked."""
        t0 = time.monotonic()
        sent = 0
        chunk = 32 if self.pace else len(data)
        while sent < len(data) and not self._stop.is_set():
            master = self._master
            if master is None:
                return
            piece = data[sent : sent + chunk]
            if self.pace:
                due = t0 + line_seconds(sent + len(piece), self.baud)
                wait = due - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
            try:
                n = os.write(master, piece)
            except BlockingIOError:
                time.sleep(0.002)
                continue
            except OSError:
                return
            sent += n

    def _run(self) -> None:
        decoder = RequestReader()
        first_byte_at = 0.0
        master_seen: int | None = None
        while not self._stop.is_set():
            master = self._master
            if master is None:
                time.sleep(0.02)
                continue
            if master != master_seen:  # replugged: forget half-received frames
                decoder = RequestReader()
                master_seen = master
            try:
                ready, _, _ = select.select([master], [], [], 0.05)
                if not ready:
                    continue
                data = os.read(master, 4096)
            except (OSError, ValueError) as e:
                if isinstance(e, OSError) and e.errno == errno.EAGAIN:
                    continue
                time.sleep(0.02)  # unplugged under us
                continue
            if not decoder.pending:
                first_byte_at = time.monotonic()
            decoder.feed(data)
            while True:
                error_sw3: int | None = None
                try:
                    req = decoder.next()
                except WireFault as fault:
                    req, error_sw3 = None, fault.sw3
                if req is None and error_sw3 is None:
                    break
                req_len = 7 + 3 + len(req.data) if req is not None else 10
                if self.pace:
                    wait = first_byte_at + line_seconds(req_len, self.baud) - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                self._new_baud = None
                frame, delay, cmd, sw3 = self._respond(req, error_sw3)
                if delay:
                    self._stop.wait(delay)
                self._write(frame)
                if self._new_baud:
                    self.baud = self._new_baud
                self.exchanges += 1
                ex = Exchange(cmd, sw3, req_len, len(frame), time.monotonic())
                for fn in list(self._observers):
                    fn(ex)
                first_byte_at = time.monotonic()
