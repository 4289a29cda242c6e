"""GA 467 frame codec: build and parse frames, XOR checksum, a resynchronising decoder.

Frame layout (spec §1.2), both directions::

    AA AA AA 96 69 | LEN_H LEN_L | CMD PARA | DATA... | CHK     (host → SAM)
    AA AA AA 96 69 | LEN_H LEN_L | SW1 SW2 SW3 | DATA... | CHK  (SAM → host)

LEN is big-endian and counts every byte after itself, CHK included. CHK is the XOR
of every byte from LEN_H to the last data byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from drivers.idcard.errors import (
    BadLength,
    ChecksumMismatch,
    FrameError,
    NoFrame,
    TrailingBytes,
    TruncatedFrame,
)

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2  # preamble + LEN
#: Largest LEN we accept. The biggest real answer (base info + 1024 bytes of
#: fingerprints) has LEN 0x090A; anything far beyond is a corrupted length field.
MAX_LEN = 0x1000
MIN_REQUEST_LEN = 3  # CMD PARA CHK
MIN_RESPONSE_LEN = 4  # SW1 SW2 SW3 CHK

SW3_OK = 0x90
SW3_FOUND = 0x9F
SUCCESS_CODES = frozenset({SW3_OK, SW3_FOUND})


class Cmd(Enum):
    """Commands as (CMD, PARA) pairs (spec §1.3)."""

    RESET = (0x10, 0xFF)
    SAM_STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND = (0x20, 0x01)
    SELECT = (0x20, 0x02)
    READ_BASE = (0x30, 0x01)
    READ_BASE_FP = (0x30, 0x10)
    READ_ADDRESS = (0x30, 0x03)
    BAUD_115200 = (0x60, 0x00)
    BAUD_57600 = (0x60, 0x01)
    BAUD_38400 = (0x60, 0x02)
    BAUD_19200 = (0x60, 0x03)
    BAUD_9600 = (0x60, 0x04)

    @property
    def code(self) -> int:
        return self.value[0]

    @property
    def para(self) -> int:
        return self.value[1]

    @classmethod
    def lookup(cls, code: int, para: int) -> Cmd | None:
        return _CMD_BY_PAIR.get((code, para))


_CMD_BY_PAIR = {c.value: c for c in Cmd}

BAUD_COMMANDS: dict[int, Cmd] = {
    115200: Cmd.BAUD_115200,
    57600: Cmd.BAUD_57600,
    38400: Cmd.BAUD_38400,
    19200: Cmd.BAUD_19200,
    9600: Cmd.BAUD_9600,
}


@dataclass(frozen=True)
class Request:
    """A host → SAM frame."""

    cmd: int
    para: int
    data: bytes = b""

    @property
    def command(self) -> Cmd | None:
        return Cmd.lookup(self.cmd, self.para)


@dataclass(frozen=True, repr=False)
class Response:
    """A SAM → host frame. ``data`` may hold card data: it is kept out of ``repr``."""

    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def ok(self) -> bool:
        return self.sw3 in SUCCESS_CODES

    def __repr__(self) -> str:
        return (
            f"Response(sw=({self.sw1:02X} {self.sw2:02X} {self.sw3:02X}), {len(self.data)} bytes)"
        )


def checksum(body: bytes | bytearray | memoryview) -> int:
    """XOR of every byte. Folds one big integer in halves: O(n) in C, not a Python loop."""
    n = len(body)
    if n == 0:
        return 0
    x = int.from_bytes(body, "big")
    while n > 1:
        half = n // 2
        bits = 8 * half
        x = (x >> bits) ^ (x & ((1 << bits) - 1))
        n -= half
    return x


def _frame(payload: bytes) -> bytes:
    n = len(payload) + 1
    if n > 0xFFFF:
        raise ValueError("frame too long")
    body = n.to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes((checksum(body),))


def encode_request(cmd: Cmd | int, para: int | None = None, data: bytes = b"") -> bytes:
    """A complete host frame, e.g. ``encode_request(Cmd.FIND)`` → ``AA AA AA 96 69 00 03 20 01 22``."""
    if isinstance(cmd, Cmd):
        code, p = cmd.value
    else:
        if para is None:
            raise ValueError("para is required with a numeric command")
        code, p = cmd, para
    return _frame(bytes((code, p)) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A complete SAM frame, e.g. ``encode_response(0x90)`` → ``… 00 04 00 00 90 94``."""
    return _frame(bytes((sw1, sw2, sw3)) + data)


class FrameDecoder:
    """Stream decoder: feed bytes as they arrive, take frames out as they complete.

    Garbage before a preamble is skipped (counted in :attr:`skipped`). A frame with a
    bad length or checksum raises :class:`BadLength` / :class:`ChecksumMismatch` from
    :meth:`next_frame` *after* the decoder has resynchronised past its preamble, so
    the caller can simply catch, count and carry on.
    """

    def __init__(self, min_len: int = MIN_RESPONSE_LEN, max_len: int = MAX_LEN) -> None:
        self.min_len = min_len
        self.max_len = max_len
        self._buf = bytearray()
        self.skipped = 0

    def feed(self, data: bytes | bytearray) -> None:
        self._buf += data

    def clear(self) -> None:
        self.skipped += len(self._buf)
        self._buf.clear()

    @property
    def buffered(self) -> int:
        return len(self._buf)

    def wanted(self) -> int:
        """How many more bytes complete the frame being received (at least 1)."""
        buf = self._buf
        if len(buf) >= HEADER_LEN and buf.startswith(PREAMBLE):
            n = (buf[5] << 8) | buf[6]
            if self.min_len <= n <= self.max_len:
                return max(1, HEADER_LEN + n - len(buf))
        return max(1, HEADER_LEN - len(buf))

    def _sync(self) -> bool:
        buf = self._buf
        i = buf.find(PREAMBLE)
        if i < 0:
            # Keep a tail that may be the start of a preamble split across reads.
            keep = 0
            for k in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
                if buf.endswith(PREAMBLE[:k]):
                    keep = k
                    break
            drop = len(buf) - keep
            self.skipped += drop
            del buf[:drop]
            return False
        if i:
            self.skipped += i
            del buf[:i]
        return True

    def next_frame(self) -> bytes | None:
        """The next complete, checksum-valid frame (LEN … data, without preamble/CHK)."""
        if not self._sync():
            return None
        buf = self._buf
        if len(buf) < HEADER_LEN:
            return None
        n = (buf[5] << 8) | buf[6]
        if n < self.min_len or n > self.max_len:
            self.skipped += 1
            del buf[:1]
            raise BadLength(f"LEN={n} outside {self.min_len}..{self.max_len}")
        end = HEADER_LEN + n
        if len(buf) < end:
            return None
        body = memoryview(buf)[5 : end - 1]
        got = buf[end - 1]
        want = checksum(body)
        if got != want:
            body.release()
            self.skipped += 1
            del buf[:1]
            raise ChecksumMismatch(f"CHK 0x{got:02X}, computed 0x{want:02X} over {n - 1} bytes")
        frame = bytes(body[2:])
        body.release()
        del buf[:end]
        return frame

    def next_response(self) -> Response | None:
        frame = self.next_frame()
        if frame is None:
            return None
        return Response(frame[0], frame[1], frame[2], frame[3:])

    def next_request(self) -> Request | None:
        frame = self.next_frame()
        if frame is None:
            return None
        return Request(frame[0], frame[1], frame[2:])


def _decode_exact(frame: bytes, min_len: int) -> bytes:
    if not frame.startswith(PREAMBLE):
        if len(frame) < len(PREAMBLE) and PREAMBLE.startswith(bytes(frame)):
            raise TruncatedFrame(f"{len(frame)} bytes: preamble incomplete")
        raise NoFrame(f"{len(frame)} bytes do not start with the preamble AA AA AA 96 69")
    dec = FrameDecoder(min_len=min_len)
    dec.feed(frame)
    body = dec.next_frame()
    if body is None:
        raise TruncatedFrame(f"{len(frame)} bytes: frame incomplete")
    if dec.buffered:
        raise TrailingBytes(f"{dec.buffered} bytes after the frame")
    return body


def decode_response(frame: bytes) -> Response:
    """Parse exactly one SAM frame; raise a :class:`FrameError` subclass otherwise."""
    body = _decode_exact(frame, MIN_RESPONSE_LEN)
    return Response(body[0], body[1], body[2], body[3:])


def decode_request(frame: bytes) -> Request:
    """Parse exactly one host frame; raise a :class:`FrameError` subclass otherwise."""
    body = _decode_exact(frame, MIN_REQUEST_LEN)
    return Request(body[0], body[1], body[2:])


def wire_seconds(n_bytes: int, baud: int) -> float:
    """Time ``n_bytes`` take on an 8N1 line (10 bits per byte)."""
    return n_bytes * 10 / baud


__all__ = [
    "BAUD_COMMANDS",
    "MAX_LEN",
    "PREAMBLE",
    "SUCCESS_CODES",
    "SW3_FOUND",
    "SW3_OK",
    "Cmd",
    "FrameDecoder",
    "FrameError",
    "Request",
    "Response",
    "checksum",
    "decode_request",
    "decode_response",
    "encode_request",
    "encode_response",
    "wire_seconds",
]
