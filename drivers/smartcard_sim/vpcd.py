"""A small vpcd client: puts a :class:`VirtualCard` into a vpcd virtual reader slot.

vpcd (Debian ``vsmartcard-vpcd``) is a pcscd reader driver that listens on a TCP
port per slot (``DEVICENAME /dev/null:PORT`` in reader.conf; slot *n* listens on
PORT + *n*, on all interfaces). A connected client *is* the inserted card; closing
the connection pulls it. The wire protocol (vsmartcard ``vpcd.c``): every message
in either direction is a 2-byte big-endian length followed by the payload. vpcd
sends 1-byte control messages — 0x00 power off, 0x01 power on, 0x02 reset (no
answer), 0x04 get ATR (answer: the ATR) — and anything longer is a command APDU,
answered with the response APDU.

Debian's ``vicc`` is not used: it is broken as packaged (see install notes).
"""

from __future__ import annotations

import contextlib
import logging
import socket
import struct
import threading
import time

from drivers.smartcard_sim.card import VirtualCard

log = logging.getLogger(__name__)

VPCD_DEFAULT_PORT = 35963  # 0x8C7B, Debian's /etc/reader.conf.d/vpcd
CTRL_POWER_OFF = 0x00
CTRL_POWER_ON = 0x01
CTRL_RESET = 0x02
CTRL_GET_ATR = 0x04
#: pcscd polls a vpcd slot every 400 ms. After a failed exchange vpcd has already
#: dropped the old connection, so a new card connecting before the next poll would
#: be taken as the same card still inserted (the removal never seen). A new card
#: therefore waits one poll period (plus margin) after the previous one left.
SWAP_GAP_S = 0.6


class _Closed(Exception):
    pass


def encode_message(payload: bytes) -> bytes:
    if len(payload) > 0xFFFF:
        raise ValueError("vpcd messages are at most 65535 bytes")
    return struct.pack(">H", len(payload)) + payload


class VpcdCardSlot:
    """One vpcd reader slot and the card (if any) held in it.

    ``insert()`` connects to vpcd and serves APDUs on a background thread until
    ``remove()``. If vpcd drops the connection while the card is meant to stay
    (pcscd restarted), the slot reconnects, just as a card left in a reader is
    found again when the service comes back.
    """

    def __init__(self, port: int = VPCD_DEFAULT_PORT, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self._cond = threading.Condition()
        self._card: VirtualCard | None = None
        self._pull_after: int | None = None
        self._sock: socket.socket | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        #: Set while vpcd is talking to our card (it asked for the ATR at least once).
        self.seen_by_vpcd = threading.Event()
        self.connections = 0
        self._left_at = -SWAP_GAP_S  # monotonic time the last card left

    # -- control --
    @property
    def card(self) -> VirtualCard | None:
        with self._cond:
            return self._card

    def insert(self, card: VirtualCard, pull_after_apdus: int | None = None) -> None:
        """Insert ``card``; with ``pull_after_apdus``, the card is yanked mid-read."""
        with self._cond:
            if self._closed:
                raise RuntimeError("slot closed")
            self._drop_connection()
            card.reset()
            self._card = card
            self._pull_after = pull_after_apdus
            self.seen_by_vpcd.clear()
            self._cond.notify_all()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name=f"vpcd-slot-{self.port}", daemon=True
                )
                self._thread.start()

    def remove(self) -> None:
        with self._cond:
            self._card = None
            self._pull_after = None
            self._drop_connection()
            self.seen_by_vpcd.clear()
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
        self.remove()
        if self._thread is not None:
            self._thread.join(2)

    def _drop_connection(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            self._left_at = time.monotonic()
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    # -- the connection --
    def _run(self) -> None:
        while True:
            with self._cond:
                while self._card is None and not self._closed:
                    self._cond.wait()
                if self._closed:
                    return
                card = self._card
                gap = self._left_at + SWAP_GAP_S - time.monotonic()
                if gap > 0:
                    self._cond.wait(gap)
                    continue
            assert card is not None
            try:
                sock = socket.create_connection((self.host, self.port), timeout=3.0)
            except OSError:
                # vpcd not listening (pcscd not started yet or restarting): retry.
                with self._cond:
                    self._cond.wait(0.1)
                continue
            with self._cond:
                if self._card is not card or self._closed:
                    sock.close()
                    continue
                self._sock = sock
                self.connections += 1
            try:
                self._serve(sock, card)
            except (_Closed, OSError):
                pass
            finally:
                with self._cond:
                    if self._sock is sock:
                        self._sock = None
                    self._left_at = time.monotonic()
                sock.close()
                card.reset()
            with self._cond:
                self._cond.wait(0.05)

    def _serve(self, sock: socket.socket, card: VirtualCard) -> None:
        sock.settimeout(None)
        # One small message each way per APDU: without NODELAY, Nagle + delayed ACK
        # would add tens of milliseconds to every exchange.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        while True:
            (length,) = struct.unpack(">H", _recv_exact(sock, 2))
            payload = _recv_exact(sock, length)
            if length == 1:
                ctrl = payload[0]
                if ctrl == CTRL_GET_ATR:
                    self.seen_by_vpcd.set()
                    sock.sendall(encode_message(card.atr))
                elif ctrl in (CTRL_POWER_ON, CTRL_RESET, CTRL_POWER_OFF):
                    card.reset()
                else:
                    log.warning("vpcd slot %d: unknown control byte %02X", self.port, ctrl)
                continue
            with self._cond:
                pull = self._pull_after is not None and self._pull_after <= 0
                if self._pull_after is not None:
                    self._pull_after -= 1
                if pull:
                    # The resident pulls the card: no answer, connection gone.
                    self._card = None
                    self._pull_after = None
                    self.seen_by_vpcd.clear()
            if pull:
                raise _Closed()
            sock.sendall(encode_message(card.process(payload)))


_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        if _QUICKACK is not None:
            # vpcd writes the length and the APDU in two send() calls; with Nagle on
            # its side, the second waits for our ACK of the first, which Linux would
            # delay by 40 ms. Quick-ACK is not sticky: set it before every read.
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise _Closed()
        buf += chunk
    return bytes(buf)
