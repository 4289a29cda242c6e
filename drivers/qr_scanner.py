"""QR / barcode scanners: serial (RS-232, USB virtual COM) and keyboard-wedge (USB HID).

Facts (shared/specs/peripherals.md §8): in RS-232 / USB-COM mode a scanner sends
each code followed by a terminator, CR by default, CR LF on some models; the baud
rate differs by module (115200 8N1 on the YX-212e, 9600 8N1 on the ZKTeco ZKB200),
so it is configurable. In USB keyboard mode the code arrives as key presses ending
in Enter; that mode is handled in Qt (``kiosk/ui/keyboard_wedge.py``) and handed
to :class:`KeyboardWedgeScanner` here.

Three layers, each testable alone:

* :class:`ScanLineDecoder` — pure: bytes in, codes out. Reassembles codes split
  across reads, splits several codes in one read, drops line noise (NUL, 0xFF,
  stray control bytes, STX/ETX framing), forgets a fragment left dangling by a
  glitch (no byte for ``partial_timeout_s``) and refuses over-long or undecodable
  lines with a named reason.
* :class:`SerialQrScanner` — the real driver: pyserial on its own reader thread,
  events through ``emit()``, and reconnect by itself when the port comes back
  after an unplug (USB-COM scanners vanish and reappear as ``/dev/ttyACM*``).
* :class:`KeyboardWedgeScanner` — a device with no I/O of its own; the Qt event
  filter delivers recognised bursts to it.

The emulator speaking the same wire protocol over a pty is in
``drivers/qr_scanner_emulator.py``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from drivers.base import (
    Device,
    DeviceAbsent,
    DeviceError,
    DeviceEvent,
    DeviceStatus,
    Health,
    SelfTestLevel,
    SelfTestResult,
)

log = logging.getLogger(__name__)

KIND = "qr_scanner"


class Terminator(StrEnum):
    """What ends a code on the serial line."""

    ANY = "any"  # CR, LF or CR LF: whatever the scanner was set to
    CR = "cr"  # factory default of RS-232 / USB-COM mode; LF inside a code is kept
    CRLF = "crlf"
    LF = "lf"


class RejectReason(StrEnum):
    TOO_LONG = "too_long"
    UNDECODABLE = "undecodable"


# --- events ------------------------------------------------------------------------


def mask_code(text: str) -> str:
    """A log-safe form of a scanned code: its length and its first few characters.

    A code may be a login token (a credential) or carry personal data, so it is
    never logged whole.
    """
    head = text[:4]
    return f"{head}…({len(text)} chars)" if len(text) > 4 else f"({len(text)} chars)"


@dataclass(frozen=True)
class CodeScanned(DeviceEvent):
    """A complete code was read. ``source`` is ``"serial"`` or ``"keyboard"``."""

    text: str = ""
    source: str = "serial"

    def __repr__(self) -> str:  # never put a token in a log through repr()
        return f"CodeScanned(device={self.device!r}, {mask_code(self.text)}, source={self.source})"

    __str__ = __repr__


@dataclass(frozen=True)
class ScanRejected(DeviceEvent):
    """A line arrived but could not be taken as a code (resident should scan again)."""

    reason: RejectReason = RejectReason.UNDECODABLE
    detail: str = ""
    resident_message: str = "未能识别二维码，请重新扫描。"


@dataclass(frozen=True)
class ScannerConnection(DeviceEvent):
    """The serial port went away or came back (the driver reconnects by itself)."""

    connected: bool = False
    detail: str = ""


# --- the line decoder ----------------------------------------------------------------

# Bytes that are never part of a code on the wire: C0 controls other than the
# terminators (NUL from a floating line, STX/ETX framing some scanners add, BEL),
# DEL, and 0xFF, which is invalid in both UTF-8 and GB18030 and is what a noisy
# RS-232 line idles into.
_NOISE = bytes(b for b in range(0x20) if b not in (0x0D, 0x0A)) + b"\x7f\xff"
_NOISE_TABLE = bytes.maketrans(b"", b"")


@dataclass
class DecoderStats:
    """Counters shown by diagnostics and the self-test."""

    codes: int = 0
    noise_bytes: int = 0
    stale_fragments: int = 0
    rejected: int = 0


@dataclass
class ScanLineDecoder:
    """Turns a byte stream from a serial scanner into codes (pure logic, no I/O).

    ``feed(data, now)`` returns the events completed by ``data``: :class:`CodeScanned`
    for good codes and :class:`ScanRejected` for lines that are not. ``now`` is a
    monotonic time in seconds; a fragment older than ``partial_timeout_s`` when the
    next bytes arrive is dropped as a glitch instead of being glued to the next code.
    """

    terminator: Terminator = Terminator.ANY
    encoding: str = "utf-8"
    fallback_encoding: str = "gb18030"
    max_code_length: int = 4096
    partial_timeout_s: float = 0.5
    stats: DecoderStats = field(default_factory=DecoderStats)
    _buf: bytearray = field(default_factory=bytearray)
    _last_byte_at: float | None = None
    _overflow: bool = False
    _pending_cr: bool = False

    @property
    def pending(self) -> bytes:
        """The fragment received so far without its terminator."""
        return bytes(self._buf)

    def reset(self) -> None:
        self._buf.clear()
        self._overflow = False
        self._pending_cr = False
        self._last_byte_at = None

    def feed(self, data: bytes, now: float | None = None) -> list[DeviceEvent]:
        now = time.monotonic() if now is None else now
        if (
            self._last_byte_at is not None
            and now - self._last_byte_at > self.partial_timeout_s
            and (self._buf or self._overflow)
        ):
            # A scanner sends a code in one burst; a fragment followed by silence
            # was a glitch (or half a code cut by an unplug).
            self.stats.stale_fragments += 1
            log.debug("qr decoder: dropped a stale fragment of %d bytes", len(self._buf))
            self._buf.clear()
            self._overflow = False
        if self._last_byte_at is not None and now - self._last_byte_at > self.partial_timeout_s:
            self._pending_cr = False
        if data:
            self._last_byte_at = now
        cleaned = data.translate(_NOISE_TABLE, _NOISE)
        self.stats.noise_bytes += len(data) - len(cleaned)
        events: list[DeviceEvent] = []
        for byte in cleaned:
            if self._pending_cr:
                self._pending_cr = False
                if byte == 0x0A:  # the LF of a CR LF pair
                    self._end_line(events)
                    continue
                if self.terminator == Terminator.CRLF:
                    self._append(0x0D)  # a lone CR is content in strict CR LF mode
            if byte == 0x0D:
                if self.terminator == Terminator.CR:
                    self._end_line(events)
                elif self.terminator == Terminator.ANY:
                    self._end_line(events)
                    self._pending_cr = True  # swallow the LF that may follow
                elif self.terminator == Terminator.CRLF:
                    self._pending_cr = True
                else:  # LF mode: a CR is content (stripped at the ends later)
                    self._append(byte)
            elif byte == 0x0A:
                if self.terminator in (Terminator.ANY, Terminator.LF):
                    self._end_line(events)
                else:
                    self._append(byte)
            else:
                self._append(byte)
        return events

    def _append(self, byte: int) -> None:
        if self._overflow:
            return
        if len(self._buf) >= self.max_code_length:
            self._overflow = True
            return
        self._buf.append(byte)

    def _end_line(self, events: list[DeviceEvent]) -> None:
        raw = bytes(self._buf).strip(b" \r\n\t")
        overflow = self._overflow
        self._buf.clear()
        self._overflow = False
        if overflow:
            self.stats.rejected += 1
            events.append(
                ScanRejected(
                    reason=RejectReason.TOO_LONG,
                    detail=f"code longer than {self.max_code_length} bytes",
                )
            )
            return
        if not raw:
            return  # empty line: the LF after a CR in ANY mode, or pure noise
        text = _decode(raw, self.encoding, self.fallback_encoding)
        if text is None:
            self.stats.rejected += 1
            events.append(
                ScanRejected(
                    reason=RejectReason.UNDECODABLE,
                    detail=f"{len(raw)} bytes not valid {self.encoding} or {self.fallback_encoding}",
                )
            )
            return
        self.stats.codes += 1
        events.append(CodeScanned(text=text, source="serial"))


def _decode(raw: bytes, encoding: str, fallback: str) -> str | None:
    for enc in (encoding, fallback):
        if not enc:
            continue
        try:
            text = raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if all(c.isprintable() or c in "\r\n\t" for c in text):
            return text
    return None


# --- the serial driver ---------------------------------------------------------------


@dataclass(frozen=True)
class SerialScannerSettings:
    """What the serial driver needs (the factory fills it from ``QrScannerConfig``)."""

    port: str
    baud: int = 9600
    terminator: Terminator = Terminator.ANY
    encoding: str = "utf-8"
    fallback_encoding: str = "gb18030"
    max_code_length: int = 4096
    partial_timeout_s: float = 0.5
    reconnect_interval_s: float = 0.5
    #: Two identical codes closer than this are one scan (scanners in continuous
    #: mode re-read the code held under them). 0 disables.
    duplicate_window_s: float = 0.0


SerialFactory = Callable[[SerialScannerSettings], Any]


def _open_serial(settings: SerialScannerSettings) -> Any:
    import serial  # pyserial; imported here so keyboard-only terminals do not need it

    return serial.Serial(
        port=settings.port,
        baudrate=settings.baud,
        bytesize=8,
        parity="N",
        stopbits=1,
        timeout=0.5,
        exclusive=True,  # a second kiosk process must not steal half the bytes
    )


class SerialQrScanner(Device):
    """A QR / barcode scanner on a serial or USB-COM port (pyserial).

    ``open()`` opens the port (raising :class:`DeviceAbsent` if it is not there)
    and starts a reader thread. If the scanner is unplugged, the thread closes the
    port, reports ``ABSENT`` and tries to reopen it every ``reconnect_interval_s``
    until it is back; codes then flow again without anyone calling ``open()``.
    """

    kind: ClassVar[str] = KIND

    def __init__(
        self,
        settings: SerialScannerSettings,
        name: str | None = None,
        serial_factory: SerialFactory = _open_serial,
    ) -> None:
        super().__init__(name)
        self.settings = settings
        self._serial_factory = serial_factory
        self._lock = threading.Lock()
        self._serial: Any = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._connected = False
        self._last_error = ""
        self._reconnects = 0
        self._last_code: tuple[str, float] | None = None
        self.decoder = ScanLineDecoder(
            terminator=settings.terminator,
            encoding=settings.encoding,
            fallback_encoding=settings.fallback_encoding,
            max_code_length=settings.max_code_length,
            partial_timeout_s=settings.partial_timeout_s,
        )

    # --- contract ----------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._serial = self._connect()  # raises DeviceAbsent / DeviceError
            self._connected = True
            self._thread = threading.Thread(
                target=self._run, name=f"qr-scanner-{self.name}", daemon=True
            )
            self._thread.start()
        log.info(
            "qr scanner %s: open on %s at %d baud",
            self.name,
            self.settings.port,
            self.settings.baud,
        )

    def close(self) -> None:
        self._stop.set()
        with self._lock:
            ser = self._serial
            thread = self._thread
        if ser is not None:
            with contextlib.suppress(Exception):
                ser.cancel_read()
        if thread is not None and thread is not threading.current_thread():
            thread.join(2.0)
        with self._lock:
            self._close_port()
            self._thread = None
            self._connected = False
        self.decoder.reset()

    def status(self) -> Health:
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            connected = self._connected
            error = self._last_error
        if not running:
            return Health(DeviceStatus.ABSENT, "not open")
        if not connected:
            return Health(DeviceStatus.ABSENT, f"{self.settings.port} gone, reconnecting: {error}")
        return Health.ok(f"{self.settings.port} @ {self.settings.baud} baud")

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        health = self.status()
        s = self.decoder.stats
        facts = {
            "port": self.settings.port,
            "baud": str(self.settings.baud),
            "terminator": str(self.settings.terminator),
            "codes": str(s.codes),
            "rejected": str(s.rejected),
            "noise_bytes": str(s.noise_bytes),
            "stale_fragments": str(s.stale_fragments),
            "reconnects": str(self._reconnects),
        }
        if level == SelfTestLevel.INTERACTIVE:
            detail = f"{health.status}: {health.detail}; scan any code to see it on screen"
        else:
            detail = f"{health.status}: {health.detail}"
        return SelfTestResult(health.usable, level, detail, facts)

    # --- internals -----------------------------------------------------------------
    @property
    def connected(self) -> bool:
        with self._lock:
            return self._connected

    def _connect(self) -> Any:
        port = self.settings.port
        if not os.path.exists(port):
            raise DeviceAbsent(
                f"serial port {port} does not exist", "扫码器未连接，请联系工作人员。"
            )
        try:
            return self._serial_factory(self.settings)
        except Exception as e:  # pyserial raises SerialException(OSError) subclasses
            errno_ = getattr(e, "errno", None)
            if errno_ in (2, 6, 19):  # ENOENT, ENXIO, ENODEV: the device vanished
                raise DeviceAbsent(f"cannot open {port}: {e}") from None
            raise DeviceError(
                f"cannot open {port}: {e}", "扫码器无法使用，请联系工作人员。"
            ) from None

    def _close_port(self) -> None:
        ser = self._serial
        self._serial = None
        if ser is not None:
            with contextlib.suppress(Exception):
                ser.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                ser = self._serial
            if ser is None:
                if self._reconnect_once():
                    continue
                self._stop.wait(self.settings.reconnect_interval_s)
                continue
            try:
                data = ser.read(1)
                if data:
                    waiting = ser.in_waiting
                    if waiting:
                        data += ser.read(waiting)
            except Exception as e:  # SerialException, OSError (EIO after unplug), TypeError
                if self._stop.is_set():
                    break
                self._lost(f"{type(e).__name__}: {e}")
                continue
            if data:
                self._handle(data)
            else:
                # Flush a fragment that went stale while the line was silent.
                self.decoder.feed(b"", time.monotonic())

    def _handle(self, data: bytes) -> None:
        for event in self.decoder.feed(data, time.monotonic()):
            if isinstance(event, CodeScanned):
                if self._is_duplicate(event.text):
                    continue
                log.info("qr scanner %s: code read %s", self.name, mask_code(event.text))
            elif isinstance(event, ScanRejected):
                log.warning("qr scanner %s: line rejected: %s", self.name, event.detail)
            self._safe_emit(event)

    def _is_duplicate(self, text: str) -> bool:
        window = self.settings.duplicate_window_s
        now = time.monotonic()
        last = self._last_code
        self._last_code = (text, now)
        return window > 0 and last is not None and last[0] == text and now - last[1] < window

    def _safe_emit(self, event: DeviceEvent) -> None:
        try:
            self.emit(event)
        except Exception:  # a listener bug must not kill the reader thread
            log.exception("qr scanner %s: event listener failed", self.name)

    def _lost(self, reason: str) -> None:
        with self._lock:
            self._close_port()
            self._connected = False
            self._last_error = reason
        self.decoder.reset()  # half a code from before the unplug is worthless
        log.warning("qr scanner %s: connection lost (%s); reconnecting", self.name, reason)
        self._safe_emit(ScannerConnection(connected=False, detail=reason))

    def _reconnect_once(self) -> bool:
        try:
            ser = self._connect()
        except DeviceError as e:
            with self._lock:
                self._last_error = e.detail
            return False
        with self._lock:
            if self._stop.is_set():
                with contextlib.suppress(Exception):
                    ser.close()
                return False
            self._serial = ser
            self._connected = True
            self._last_error = ""
            self._reconnects += 1
        log.info("qr scanner %s: reconnected on %s", self.name, self.settings.port)
        self._safe_emit(ScannerConnection(connected=True, detail=self.settings.port))
        return True


# --- keyboard wedge ----------------------------------------------------------------------


class KeyboardWedgeScanner(Device):
    """A scanner in USB HID keyboard mode.

    It has no port of its own: the Qt event filter (``kiosk/ui/keyboard_wedge.py``)
    recognises a scan as a fast burst of key presses ending in Enter and calls
    :meth:`deliver`. Presence cannot be probed (it is "just a keyboard"), so the
    status stays OK with a detail saying when the last code arrived.
    """

    kind: ClassVar[str] = KIND

    def __init__(self, name: str | None = None) -> None:
        super().__init__(name)
        self._open = False
        self._codes = 0
        self._last_at: float | None = None
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock:
            self._open = True

    def close(self) -> None:
        with self._lock:
            self._open = False

    def status(self) -> Health:
        with self._lock:
            if not self._open:
                return Health(DeviceStatus.ABSENT, "not open")
            if self._last_at is None:
                return Health.ok("keyboard wedge: presence not detectable, no code yet")
            ago = time.monotonic() - self._last_at
            return Health.ok(f"keyboard wedge: {self._codes} codes, last {ago:.0f} s ago")

    def deliver(self, text: str) -> None:
        """Called by the Qt filter (UI thread) with one recognised scan."""
        with self._lock:
            if not self._open:
                return
            self._codes += 1
            self._last_at = time.monotonic()
        log.info("qr scanner %s: keyboard code %s", self.name, mask_code(text))
        self.emit(CodeScanned(text=text, source="keyboard"))
