"""Signature pads: a serial point-stream pad (our own protocol) and the on-screen pad.

No commercial pad documents its wire protocol (Wacom's STU interface is SDK-only;
Chinese pads ship a plugin returning a finished bitmap), so the serial pad speaks
a small line protocol of our own, documented in ``docs/signature-pad-protocol.md``.
An integrator wraps a vendor pad with a tiny adapter that speaks it.

Summary of the protocol (ASCII lines, ``\\r\\n``-terminated, NMEA-style checksum)::

    pad → host   $P,<t_ms>,<state>,<x>,<y>,<p>*HH   a pen sample; state D (down, first
                                                     point of a stroke), M (move), U (up)
                 $B,<t_ms>,<button>*HH              a pad button: OK, CLEAR, CANCEL
                 $I,<model>,<fw>,<w>,<h>,<pmax>,<hz>*HH   answer to INFO
                 $A,<command>*HH / $E,<command>,<reason>*HH   ack / error
    host → pad   $C,INFO*HH  $C,START*HH  $C,STOP*HH  $C,CLEAR*HH  $C,PING*HH

Pieces here: :func:`frame`/:func:`parse_line` (the codec), :class:`SerialSignaturePad`
(the real driver over pyserial), and :class:`ScreenSignaturePad` (the
device standing for the on-screen pad, whose input comes from Qt in ``screens/``).
Plain Python; nothing of ours but :mod:`drivers.base`.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

import serial

from drivers.base import (
    Device,
    DeviceAbsent,
    DeviceError,
    DeviceEvent,
    DeviceStatus,
    DeviceTimeout,
    Health,
    SelfTestLevel,
    SelfTestResult,
)

log = logging.getLogger(__name__)

MAX_LINE = 128  # longer lines are garbage (or a wrong baud rate)


class ProtocolError(DeviceError):
    """A line that does not follow the protocol (bad checksum, field, length)."""


class PenState(StrEnum):
    DOWN = "D"
    MOVE = "M"
    UP = "U"


class PadButton(StrEnum):
    OK = "OK"
    CLEAR = "CLEAR"
    CANCEL = "CANCEL"


@dataclass(frozen=True)
class PadInfo:
    """What the pad says about itself in answer to INFO."""

    model: str
    firmware: str
    width: int
    height: int
    max_pressure: int
    rate_hz: int


@dataclass(frozen=True)
class PenSample(DeviceEvent):
    """One pen sample in pad units; ``pressure`` in 0..``PadInfo.max_pressure``."""

    t_ms: int = 0
    state: PenState = PenState.MOVE
    x: int = 0
    y: int = 0
    pressure: int = 0


@dataclass(frozen=True)
class PadButtonPressed(DeviceEvent):
    button: PadButton = PadButton.OK
    t_ms: int = 0


@dataclass(frozen=True)
class PadCleared(DeviceEvent):
    """The pad's own screen was cleared (CLEAR button or command)."""


# --- codec -----------------------------------------------------------------------------


def checksum(body: str) -> str:
    """XOR of the body's bytes as two upper-case hex digits (as NMEA 0183)."""
    c = 0
    for b in body.encode("ascii"):
        c ^= b
    return f"{c:02X}"


def frame(*fields: object) -> bytes:
    """``frame("P", 10, "D", 1, 2, 3)`` → ``b"$P,10,D,1,2,3*HH\\r\\n"``."""
    body = ",".join(str(f) for f in fields)
    return f"${body}*{checksum(body)}\r\n".encode("ascii")


def parse_line(line: bytes) -> list[str]:
    """Check framing and checksum of one line (without ``\\r\\n``); return its fields."""
    if len(line) > MAX_LINE:
        raise ProtocolError(f"line too long ({len(line)} bytes)")
    try:
        text = line.decode("ascii")
    except UnicodeDecodeError:
        raise ProtocolError("non-ASCII bytes in line") from None
    if not text.startswith("$") or len(text) < 5 or text[-3] != "*":
        raise ProtocolError(f"bad framing: {text[:40]!r}")
    body, cs = text[1:-3], text[-2:].upper()
    if checksum(body) != cs:
        raise ProtocolError(f"bad checksum {cs} (expected {checksum(body)})")
    return body.split(",")


def _int(value: str, lo: int, hi: int, what: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise ProtocolError(f"{what} is not a number: {value!r}") from None
    if not lo <= n <= hi:
        raise ProtocolError(f"{what} {n} out of range {lo}..{hi}")
    return n


def decode_message(fields: Sequence[str], info: PadInfo | None) -> DeviceEvent | PadInfo | None:
    """Turn the fields of a pad→host line into a sample, a button, an info, or None (ack)."""
    kind = fields[0]
    w = info.width - 1 if info else 65535
    h = info.height - 1 if info else 65535
    pmax = info.max_pressure if info else 65535
    if kind == "P":
        if len(fields) != 6:
            raise ProtocolError(f"P needs 5 fields, got {len(fields) - 1}")
        try:
            state = PenState(fields[2])
        except ValueError:
            raise ProtocolError(f"unknown pen state {fields[2]!r}") from None
        return PenSample(
            t_ms=_int(fields[1], 0, 2**32 - 1, "t_ms"),
            state=state,
            x=_int(fields[3], 0, w, "x"),
            y=_int(fields[4], 0, h, "y"),
            pressure=_int(fields[5], 0, pmax, "pressure"),
        )
    if kind == "B":
        if len(fields) != 3:
            raise ProtocolError("B needs 2 fields")
        try:
            button = PadButton(fields[2])
        except ValueError:
            raise ProtocolError(f"unknown button {fields[2]!r}") from None
        return PadButtonPressed(button=button, t_ms=_int(fields[1], 0, 2**32 - 1, "t_ms"))
    if kind == "I":
        if len(fields) != 7:
            raise ProtocolError("I needs 6 fields")
        return PadInfo(
            model=fields[1],
            firmware=fields[2],
            width=_int(fields[3], 16, 65535, "width"),
            height=_int(fields[4], 16, 65535, "height"),
            max_pressure=_int(fields[5], 1, 65535, "max_pressure"),
            rate_hz=_int(fields[6], 1, 10000, "rate_hz"),
        )
    if kind == "A":
        return None
    if kind == "E":
        raise ProtocolError(f"pad refused {','.join(fields[1:])}")
    raise ProtocolError(f"unknown message type {kind!r}")


# --- the serial driver -------------------------------------------------------------------


@dataclass
class _Pending:
    """A command waiting for its answer (set by the reader thread)."""

    command: str
    done: threading.Event = field(default_factory=threading.Event)
    answer: PadInfo | None = None
    error: str = ""


class SerialSignaturePad(Device):
    """The real driver: pyserial, a reader thread, events for samples and buttons.

    ``open()`` asks the pad for INFO (size, pressure levels) and STARTs the
    stream; samples arrive as :class:`PenSample` events on the reader thread.
    A malformed line is counted and skipped, never fatal; an unplugged pad makes
    ``status()`` report ABSENT and the manager reopens it.
    """

    kind: ClassVar[str] = "signature_pad"

    def __init__(
        self,
        port: str,
        baud: int = 115200,
        name: str | None = None,
        timeout_s: float = 2.0,
    ) -> None:
        super().__init__(name)
        self.port = port
        self.baud = baud
        self.timeout_s = timeout_s
        self.info: PadInfo | None = None
        self.bad_lines = 0
        self._serial: serial.Serial | None = None
        self._reader: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pending: _Pending | None = None
        self._error: DeviceError | None = None
        self._last_rx = 0.0

    # --- lifecycle ---------------------------------------------------------------------
    def open(self) -> None:
        self.close()
        try:
            ser = serial.Serial(self.port, self.baud, timeout=0.1, write_timeout=self.timeout_s)
        except serial.SerialException as e:
            if not os.path.exists(self.port):
                raise DeviceAbsent(f"signature pad port {self.port} not present") from None
            raise DeviceError(f"cannot open {self.port}: {e}") from None
        ser.reset_input_buffer()
        self._serial = ser
        self._error = None
        self._stop.clear()
        self._reader = threading.Thread(
            target=self._read_loop, name=f"pad-{self.name}", daemon=True
        )
        self._reader.start()
        try:
            self.info = self._command("INFO", expect_info=True)
            self._command("START")
        except DeviceError:
            self.close()
            raise

    def close(self) -> None:
        self._stop.set()
        ser, self._serial = self._serial, None
        if ser is not None:
            try:
                ser.close()
            except Exception:
                log.debug("closing %s raised", self.port, exc_info=True)
        reader, self._reader = self._reader, None
        if reader is not None and reader is not threading.current_thread():
            reader.join(1.0)

    def status(self) -> Health:
        if self._serial is None:
            return Health(DeviceStatus.ABSENT, "not open")
        if self._error is not None:
            return Health(self._error.status, self._error.detail)
        info = self.info
        desc = f"{info.model} {info.width}x{info.height} p{info.max_pressure}" if info else "?"
        if self.bad_lines:
            desc += f", {self.bad_lines} bad lines"
        return Health.ok(desc)

    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        """PING the pad and time the answer."""
        try:
            t0 = time.monotonic()
            self._command("PING")
            rtt = (time.monotonic() - t0) * 1000
        except DeviceError as e:
            return SelfTestResult(False, level, e.detail)
        info = self.info
        facts = {"port": self.port, "rtt_ms": f"{rtt:.1f}", "bad_lines": str(self.bad_lines)}
        if info:
            facts.update(
                model=info.model,
                firmware=info.firmware,
                size=f"{info.width}x{info.height}",
                pressure_levels=str(info.max_pressure + 1),
                rate_hz=str(info.rate_hz),
            )
        return SelfTestResult(True, level, "pad answers", facts)

    def clear(self) -> None:
        """Clear the pad's own screen (after the resident pressed clear on the kiosk)."""
        self._command("CLEAR")

    # --- commands ----------------------------------------------------------------------
    def _write(self, data: bytes) -> None:
        ser = self._serial
        if ser is None:
            raise DeviceAbsent("signature pad not open")
        try:
            ser.write(data)
            ser.flush()
        except serial.SerialTimeoutException:
            raise DeviceTimeout(f"write to {self.port} timed out") from None
        except (serial.SerialException, OSError) as e:
            raise DeviceAbsent(f"signature pad {self.port} gone: {e}") from None

    def _command(self, command: str, expect_info: bool = False) -> PadInfo | None:
        pending = _Pending(command)
        with self._lock:
            self._pending = pending
        try:
            self._write(frame("C", command))
            if not pending.done.wait(self.timeout_s):
                raise DeviceTimeout(f"pad did not answer {command} within {self.timeout_s:.1f} s")
        finally:
            with self._lock:
                self._pending = None
        if pending.error:
            raise DeviceError(f"pad refused {command}: {pending.error}")
        if expect_info and pending.answer is None:
            raise ProtocolError(f"pad answered {command} without INFO")
        return pending.answer

    def _complete(self, answer: PadInfo | None = None, error: str = "") -> None:
        with self._lock:
            pending = self._pending
        if pending is not None:
            pending.answer, pending.error = answer, error
            pending.done.set()

    # --- reader thread ---------------------------------------------------------------------
    def _read_loop(self) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            ser = self._serial
            if ser is None:
                return
            try:
                chunk = ser.read(ser.in_waiting or 1)
            except (serial.SerialException, OSError, TypeError) as e:
                if not self._stop.is_set():
                    self._error = DeviceAbsent(f"signature pad {self.port} gone: {e}")
                    log.warning("signature pad %s: %s", self.port, e)
                return
            if not chunk:
                continue
            self._last_rx = time.monotonic()
            buf.extend(chunk)
            while True:
                end = buf.find(b"\n")
                if end < 0:
                    if len(buf) > MAX_LINE:
                        # No terminator in sight: drop the garbage, keep the newest bytes.
                        self.bad_lines += 1
                        del buf[: len(buf) - 1]
                    break
                line = bytes(buf[:end]).rstrip(b"\r")
                del buf[: end + 1]
                if line:
                    self._handle(line)

    def _handle(self, line: bytes) -> None:
        try:
            fields = parse_line(line)
            if fields[0] == "E":
                self._complete(error=",".join(fields[1:]))
                return
            message = decode_message(fields, self.info)
        except ProtocolError as e:
            self.bad_lines += 1
            log.debug("signature pad: skipped line: %s", e.detail)
            return
        if isinstance(message, PadInfo):
            self._complete(answer=message)
        elif message is None:
            self._complete()
        else:
            self.emit(message)


# --- the on-screen pad --------------------------------------------------------------------


class ScreenSignaturePad(Device):
    """The touch screen (or a HID tablet seen as one) as the signature pad.

    Input is captured by the signature widget in ``screens/`` through Qt tablet,
    touch and mouse events; this device only stands in the device list so that
    diagnostics shows what signs.
    """

    kind: ClassVar[str] = "signature_pad"

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def status(self) -> Health:
        return Health.ok("on-screen pad (touch / tablet / mouse)")
