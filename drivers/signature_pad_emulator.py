"""A signature pad on a pseudo-terminal, speaking the KSP-1 line protocol.

The protocol is our own (``docs/signature-pad-protocol.md``); this emulator keeps
its own framing and checksum, written from that document, and imports nothing
from :mod:`drivers.signature_pad` (an import-linter contract keeps it so): a
shared codec would let a wrong checksum or field order pass every test.
"""

from __future__ import annotations

import math
import os
import select
import threading
import time
import tty
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: docs/signature-pad-protocol.md: "At most 128 bytes per line".
LINE_LIMIT = 128
#: The buttons of a pad (``B`` messages).
BUTTONS = ("OK", "CLEAR", "CANCEL")


class LineError(ValueError):
    """A host line the pad cannot accept (answered with ``$E,?,<reason>``)."""


@dataclass(frozen=True)
class EmulatedPadInfo:
    """What the emulated pad reports to ``INFO``."""

    model: str
    firmware: str
    width: int
    height: int
    max_pressure: int
    rate_hz: int


def nmea_xor(body: bytes) -> str:
    """The checksum of the document: XOR of the body's bytes, two upper-case hex digits."""
    c = 0
    for b in body:
        c ^= b
    return format(c, "02X")


def frame(*fields: object) -> bytes:
    """``$<body>*<HH>\\r\\n`` with the fields joined by commas."""
    body = ",".join(str(f) for f in fields).encode("ascii")
    return b"$" + body + b"*" + nmea_xor(body).encode("ascii") + b"\r\n"


def parse_line(line: bytes) -> list[str]:
    """The fields of one host line (without its line end); :class:`LineError` if malformed."""
    if len(line) > LINE_LIMIT:
        raise LineError(f"line of {len(line)} bytes")
    star = line.rfind(b"*")
    if not line.startswith(b"$") or star != len(line) - 3:
        raise LineError("bad framing")
    body, given = line[1:star], line[star + 1 :].decode("ascii", "replace").upper()
    if nmea_xor(body) != given:
        raise LineError(f"bad checksum {given}")
    try:
        return body.decode("ascii").split(",")
    except UnicodeDecodeError:
        raise LineError("non-ASCII line") from None


PointInput = tuple[float, float, float]  # x, y in pad units; pressure 0..1


class SignaturePadEmulator:
    """A signature pad on a pseudo-terminal: the real driver opens ``port`` and talks to it.

    It answers commands like a pad and, once STARTed, sends the strokes given to
    :meth:`draw` as timed samples, and buttons given to :meth:`press`. ``unplug()``
    closes the pty master, as pulling the USB cable removes the tty.
    """

    def __init__(
        self,
        width: int = 2000,
        height: int = 1000,
        max_pressure: int = 1023,
        rate_hz: int = 200,
        model: str = "KSP-1",
        firmware: str = "1.0",
    ) -> None:
        self.info = EmulatedPadInfo(model, firmware, width, height, max_pressure, rate_hz)
        self._master, self._slave = os.openpty()
        tty.setraw(self._master)
        tty.setraw(self._slave)
        self.port = os.ttyname(self._slave)
        self.streaming = False
        self.commands: list[str] = []
        self._t0 = time.monotonic()
        self._wlock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="pad-emulator", daemon=True)
        self._thread.start()

    def now_ms(self) -> int:
        return int((time.monotonic() - self._t0) * 1000) & 0xFFFFFFFF

    def send(self, data: bytes) -> None:
        with self._wlock:
            if self._master < 0:
                return
            view = memoryview(data)
            while view:
                n = os.write(self._master, view)
                view = view[n:]

    def _serve(self) -> None:
        buf = bytearray()
        while not self._stop.is_set():
            fd = self._master
            # select with a timeout, never a blocking read: a thread blocked in read()
            # keeps the fd alive after close(), and unplug() would not hang up the tty.
            try:
                ready, _, _ = select.select([fd], [], [], 0.05)
            except (OSError, ValueError):
                return
            if not ready:
                continue
            try:
                chunk = os.read(fd, 256)
            except OSError:
                # EIO while no one has the slave side open; keep serving until unplugged.
                time.sleep(0.02)
                continue
            if not chunk:
                time.sleep(0.01)
                continue
            buf.extend(chunk)
            while b"\n" in buf:
                line, _, rest = bytes(buf).partition(b"\n")
                buf = bytearray(rest)
                self._on_command(line.rstrip(b"\r"))

    def _on_command(self, line: bytes) -> None:
        try:
            fields = parse_line(line)
        except LineError as e:
            self.send(frame("E", "?", str(e).replace(",", " ")[:40]))
            return
        if fields[0] != "C" or len(fields) != 2:
            self.send(frame("E", fields[0], "not a command"))
            return
        cmd = fields[1]
        self.commands.append(cmd)
        i = self.info
        if cmd == "INFO":
            self.send(frame("I", i.model, i.firmware, i.width, i.height, i.max_pressure, i.rate_hz))
        elif cmd in ("START", "STOP", "CLEAR", "PING"):
            if cmd == "START":
                self.streaming = True
            elif cmd == "STOP":
                self.streaming = False
            self.send(frame("A", cmd))
        else:
            self.send(frame("E", cmd, "unknown command"))

    def sample_lines(self, strokes: Iterable[Sequence[PointInput]], t_start: int) -> list[bytes]:
        """The lines a pad sends for ``strokes`` (timestamps at the pad's rate)."""
        lines: list[bytes] = []
        t = t_start
        step = max(1, round(1000 / self.info.rate_hz))
        for stroke in strokes:
            pts = list(stroke)
            for k, (x, y, p) in enumerate(pts):
                state = "D" if k == 0 else ("U" if k == len(pts) - 1 else "M")
                xi = min(self.info.width - 1, max(0, round(x)))
                yi = min(self.info.height - 1, max(0, round(y)))
                pi = 0 if state == "U" else round(max(0.0, min(1.0, p)) * self.info.max_pressure)
                lines.append(frame("P", t, state, xi, yi, pi))
                t += step
            t += 150  # the pen travels in the air between strokes
        return lines

    def draw(self, strokes: Iterable[Sequence[PointInput]], realtime: bool = False) -> None:
        """Send strokes as pen samples (only while the host has the stream STARTed)."""
        if not self.streaming:
            return
        lines = self.sample_lines(strokes, self.now_ms())
        for line in lines:
            self.send(line)
            if realtime:
                time.sleep(1 / self.info.rate_hz)

    def demo_strokes(self) -> list[list[PointInput]]:
        """A plausible two-stroke scribble filling the middle of the pad (for ``--demo``)."""
        w, h = self.info.width, self.info.height
        first = [
            (w * (0.2 + 0.5 * i / 60), h * (0.5 + 0.18 * math.sin(i / 5)), 0.4 + 0.4 * i / 60)
            for i in range(61)
        ]
        second = [(w * 0.3 + i * w * 0.004, h * (0.3 + 0.4 * i / 30), 0.7) for i in range(31)]
        return [first, second]

    def press(self, button: object) -> None:
        """Press a pad button: ``OK``, ``CLEAR`` or ``CANCEL`` (a string, or an enum of them)."""
        name = str(getattr(button, "value", button))
        if name not in BUTTONS:
            raise ValueError(f"the pad has no button {name!r}")
        self.send(frame("B", self.now_ms(), name))

    def unplug(self) -> None:
        """Close the master side: the driver's reads fail, as with a pulled cable."""
        self._stop.set()
        if self._thread is not threading.current_thread():
            self._thread.join(1.0)
        with self._wlock:
            fd, self._master = self._master, -1
        if fd >= 0:
            os.close(fd)

    def close(self) -> None:
        self.unplug()
        if self._slave >= 0:
            os.close(self._slave)
            self._slave = -1
