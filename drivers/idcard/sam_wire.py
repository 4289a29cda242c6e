"""The emulator's own GA 467 wire codec, written from the spec, not from the driver.

Why a second codec: a simulator that borrows the driver's constants agrees with
any wrong value in them (a mutated ``SW3_FOUND`` or baud table would pass every
pty test). Everything here is transcribed from ``shared/specs/idcard-sam-protocol.md``
(§1.2 frame layout, §1.3 commands, §1.4 status codes, §1.5 base-info payload);
an import-linter contract in ``pyproject.toml`` forbids importing
:mod:`drivers.idcard.protocol`, :mod:`drivers.idcard.payload` or the reader here.

Frame, both directions (§1.2)::

    AA AA AA 96 69 | LEN_H LEN_L | body... | CHK

LEN is big-endian and counts the body plus CHK; CHK is the XOR of LEN_H … last body byte.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

SYNC = bytes((0xAA, 0xAA, 0xAA, 0x96, 0x69))  # §1.2: 3 sync bytes, then 96 69

# §1.4 SW3 codes the emulator answers with.
OK = 0x90
NO_CONTENT = 0x91
FIND_OK = 0x9F
HOST_CHECKSUM = 0x10
HOST_LENGTH = 0x11
BAD_COMMAND = 0x21
UNRECOGNISED = 0x24
NOT_FOUND_YET = 0x34
READ_FAILED = 0x41
SELF_TEST_FAILED = 0x60
FIND_FAILED = 0x80
SELECT_FAILED = 0x81

#: A request body is CMD PARA (+ data); with CHK the smallest LEN is 3 (§1.3: ``00 03``).
MIN_REQUEST_LEN = 3
#: Requests are short (the longest in §1.3 has no data); anything long is corruption.
MAX_REQUEST_LEN = 0x0100


class SamCommand(Enum):
    """Commands the emulated SAM knows, as (CMD, PARA) from the table of spec §1.3."""

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


_BY_PAIR: list[tuple[tuple[int, int], SamCommand]] = [(c.value, c) for c in SamCommand]

#: §1.1 / §1.3: the set-UART commands and the line speed each selects.
BAUD_OF: list[tuple[SamCommand, int]] = [
    (SamCommand.BAUD_115200, 115200),
    (SamCommand.BAUD_57600, 57600),
    (SamCommand.BAUD_38400, 38400),
    (SamCommand.BAUD_19200, 19200),
    (SamCommand.BAUD_9600, 9600),
]


def command_of(cmd: int, para: int) -> SamCommand | None:
    """The command a (CMD, PARA) pair names, or None if the SAM does not know it."""
    for pair, command in _BY_PAIR:
        if pair == (cmd, para):
            return command
    return None


def baud_of(command: SamCommand | None) -> int | None:
    """The line speed a set-UART command selects (None for any other command)."""
    for c, baud in BAUD_OF:
        if c is command:
            return baud
    return None


def xor(data: bytes | bytearray) -> int:
    """CHK of §1.2: a plain byte-by-byte XOR (deliberately not the driver's folding trick)."""
    c = 0
    for b in data:
        c ^= b
    return c


def response_frame(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A complete SAM → host frame: SW1 SW2 SW3 DATA with LEN and CHK (§1.2)."""
    body = bytes((sw1, sw2, sw3)) + data
    length = len(body) + 1
    head = bytes((length >> 8, length & 0xFF))
    return SYNC + head + body + bytes((xor(head + body),))


def base_info(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """Read-base-info data of §1.5: big-endian lengths, then text, photo (and fingerprints)."""
    out = bytearray()
    out += len(text).to_bytes(2, "big")
    out += len(photo).to_bytes(2, "big")
    if fingerprint is not None:
        out += len(fingerprint).to_bytes(2, "big")
    out += text + photo
    if fingerprint is not None:
        out += fingerprint
    return bytes(out)


def line_seconds(n_bytes: int, baud: int) -> float:
    """Time on an 8N1 line: 1 start + 8 data + 1 stop bit per byte (§1.1)."""
    return n_bytes * 10 / baud


@dataclass(frozen=True)
class HostRequest:
    """One host → SAM frame as the emulator received it."""

    cmd: int
    para: int
    data: bytes = b""

    @property
    def command(self) -> SamCommand | None:
        return command_of(self.cmd, self.para)


class WireFault(Exception):
    """A host frame the SAM cannot accept; ``sw3`` is what the SAM answers (§1.4)."""

    def __init__(self, sw3: int, detail: str) -> None:
        super().__init__(detail)
        self.sw3 = sw3


class RequestReader:
    """Collects host bytes and cuts them into requests, skipping noise before SYNC.

    A frame with a bad LEN or CHK raises :class:`WireFault` (0x11 / 0x10) once the
    reader has stepped past its first byte, so the next frame is still found.
    """

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> None:
        self._buf += data

    @property
    def pending(self) -> int:
        return len(self._buf)

    def next(self) -> HostRequest | None:
        """The next complete request, None if more bytes are needed."""
        buf = self._buf
        start = buf.find(SYNC)
        if start < 0:
            # Keep what may be the first bytes of a SYNC split across reads.
            keep = 0
            for k in range(len(SYNC) - 1, 0, -1):
                if len(buf) >= k and buf[-k:] == SYNC[:k]:
                    keep = k
                    break
            del buf[: len(buf) - keep]
            return None
        del buf[:start]
        if len(buf) < 7:
            return None
        length = buf[5] * 256 + buf[6]
        if not MIN_REQUEST_LEN <= length <= MAX_REQUEST_LEN:
            del buf[:1]
            raise WireFault(HOST_LENGTH, f"LEN {length}")
        total = 7 + length
        if len(buf) < total:
            return None
        frame = bytes(buf[:total])
        if xor(frame[5:-1]) != frame[-1]:
            del buf[:1]
            raise WireFault(HOST_CHECKSUM, "CHK")
        del buf[:total]
        return HostRequest(frame[7], frame[8], frame[9:-1])
