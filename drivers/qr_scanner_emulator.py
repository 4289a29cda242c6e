"""A serial QR scanner emulator on a pseudo-terminal pair, for tests and the demo.

It owns the master side of a pty and writes what a real RS-232 / USB-COM scanner
writes: each code's bytes followed by the terminator (CR by default). The real
driver (:class:`drivers.qr_scanner.SerialQrScanner`) opens the slave side through
pyserial exactly as it would open ``/dev/ttyACM0``.

The pty's slave name changes every time a pty is created, so the emulator also
keeps a stable symlink (as udev's ``/dev/serial/by-id/…`` links do on a real
terminal). :meth:`unplug` closes the master (the driver's next read fails with
EIO, as with a USB-COM device pulled out) and removes the link; :meth:`replug`
creates a new pty and points the link at it, so the driver can reconnect to the
same path.
"""

from __future__ import annotations

import contextlib
import errno
import os
import select
import tempfile
import threading
import time
import tty
from pathlib import Path


class EmulatorError(Exception):
    """The emulator cannot do what it was asked (unplugged, nobody reading)."""


class QrScannerEmulator:
    """A scanner that "reads" the codes it is told to, over a real pty.

    Control API: :meth:`scan`, :meth:`send_raw`, :meth:`unplug`, :meth:`replug`,
    :meth:`close`; :attr:`port` is the stable path to give the driver.
    """

    def __init__(
        self,
        link_dir: Path | None = None,
        link_name: str = "ttyQR0",
        terminator: bytes = b"\r",
        encoding: str = "utf-8",
        pace_baud: int | None = None,
    ) -> None:
        self._own_dir = link_dir is None
        self._dir = Path(tempfile.mkdtemp(prefix="qr-emu-")) if link_dir is None else link_dir
        self.link = self._dir / link_name
        self.terminator = terminator
        self.encoding = encoding
        #: When set, bytes are written at this baud rate (10 bits per byte, 8N1),
        #: as a real serial line would deliver them.
        self.pace_baud = pace_baud
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self.slave_name = ""
        self.sent_codes = 0

    # --- lifecycle -------------------------------------------------------------------
    def start(self) -> str:
        """Create the pty and the link; return the path the driver should open."""
        self.replug()
        return self.port

    @property
    def port(self) -> str:
        return str(self.link)

    @property
    def plugged(self) -> bool:
        with self._lock:
            return self._master is not None

    def replug(self) -> None:
        """Plug the scanner (back) in: a fresh pty, the stable link pointing at it."""
        with self._lock:
            if self._master is not None:
                return
            master, slave = os.openpty()
            # Raw mode: no CR→NL translation and no echo before the driver configures it.
            tty.setraw(slave)
            os.set_blocking(master, False)
            self._master, self._slave = master, slave
            self.slave_name = os.ttyname(slave)
            tmp = self.link.with_name(self.link.name + ".tmp")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(self.slave_name)
            tmp.replace(self.link)

    def unplug(self) -> None:
        """Pull the cable: the link disappears and the driver's reads fail."""
        with self._lock:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()
            for fd in (self._master, self._slave):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._master = self._slave = None

    def close(self) -> None:
        self.unplug()
        if self._own_dir:
            with contextlib.suppress(OSError):
                self._dir.rmdir()

    def __enter__(self) -> QrScannerEmulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- what a scanner sends ----------------------------------------------------------
    def scan(self, text: str, terminator: bytes | None = None, encoding: str | None = None) -> None:
        """Send one code as the scanner would: its bytes, then the terminator."""
        data = text.encode(encoding or self.encoding)
        self.send_raw(data + (self.terminator if terminator is None else terminator))
        self.sent_codes += 1

    def send_raw(self, data: bytes, timeout_s: float = 2.0) -> None:
        """Write bytes on the line as they are (noise, fragments, several codes)."""
        with self._lock:
            master = self._master
            if master is None:
                raise EmulatorError("scanner is unplugged")
            if self.pace_baud:
                step = max(1, self.pace_baud // 1000)  # about a millisecond per chunk
                for i in range(0, len(data), step):
                    chunk = data[i : i + step]
                    _write_all(master, chunk, timeout_s)
                    time.sleep(len(chunk) * 10 / self.pace_baud)
            else:
                _write_all(master, data, timeout_s)


def _write_all(fd: int, data: bytes, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except BlockingIOError:
            n = 0
        except OSError as e:
            if e.errno == errno.EIO:
                raise EmulatorError("pty closed on the other side") from None
            raise
        view = view[n:]
        if view:
            left = deadline - time.monotonic()
            if left <= 0:
                raise EmulatorError("nobody is reading the scanner's port (pty buffer full)")
            select.select([], [fd], [], left)
