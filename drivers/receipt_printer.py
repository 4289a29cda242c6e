"""ESC/POS thermal receipt printer driver (plain socket, pyserial and pyusb transports).

The printer URI says how to reach it:

* ``tcp://HOST[:PORT]`` — network printer (port 9100 by default);
* ``serial:///dev/ttyUSB0?baud=9600`` — serial (RS-232 or USB-serial);
* ``usb://VID:PID`` (hex, e.g. ``usb://0fe6:811e``) — USB printer class via pyusb;
* ``file:///dev/usb/lp0`` — the kernel's usblp device (write only: no status).

Status comes from the real-time ``DLE EOT n`` queries (answered even while the
printer is offline): n=1 online, n=2 cover open / stopped by paper end, n=3
cutter and unrecoverable errors, n=4 paper sensor. A job is checked before it
is sent (nothing is sent to a printer that cannot print), sent, then confirmed
with ``GS r 1``: that command is processed only after the job's data has been
printed, so a missing answer means the job stopped part-way, and a fresh
``DLE EOT`` says why. A failed job always raises :class:`PrintFailed`; it is
never silently lost.

Receipt bytes come from the caller (``printer_templates``); this module imports
nothing of ours but :mod:`drivers.base`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import select
import socket
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, urlsplit

from drivers.base import (
    Device,
    DeviceAbsent,
    DeviceError,
    DeviceStatus,
    DeviceTimeout,
    Health,
    SelfTestLevel,
    SelfTestResult,
)

log = logging.getLogger(__name__)

DLE_EOT = b"\x10\x04"
GS_R_PAPER = b"\x1d\x72\x01"


class PaperLevel(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


@dataclass(frozen=True)
class PrinterState:
    """The printer's real-time status, decoded from the four ``DLE EOT`` answers."""

    online: bool
    cover_open: bool
    paper: PaperLevel
    stopped_by_paper_end: bool
    error: bool
    cutter_error: bool
    unrecoverable_error: bool
    auto_recoverable_error: bool

    @classmethod
    def from_bytes(cls, s1: int, s2: int, s3: int, s4: int) -> PrinterState:
        for value in (s1, s2, s3, s4):
            # Fixed bits: bit 1 and bit 4 set, bit 0 and bit 7 clear.
            if value & 0x93 != 0x12:
                raise ValueError(f"not a DLE EOT status byte: 0x{value:02x}")
        if s4 & 0x60 == 0x60:
            paper = PaperLevel.OUT
        elif s4 & 0x0C == 0x0C:
            paper = PaperLevel.NEAR_END
        else:
            paper = PaperLevel.OK
        return cls(
            online=not s1 & 0x08,
            cover_open=bool(s2 & 0x04),
            paper=paper,
            stopped_by_paper_end=bool(s2 & 0x20),
            error=bool(s2 & 0x40),
            cutter_error=bool(s3 & 0x08),
            unrecoverable_error=bool(s3 & 0x20),
            auto_recoverable_error=bool(s3 & 0x40),
        )

    def problem(self) -> str | None:
        """The most important reason the printer cannot print now, or None."""
        if self.cover_open:
            return "cover open"
        if self.paper is PaperLevel.OUT or self.stopped_by_paper_end:
            return "paper out"
        if self.cutter_error:
            return "autocutter error"
        if self.unrecoverable_error:
            return "unrecoverable error"
        if self.auto_recoverable_error:
            return "auto-recoverable error (head temperature?)"
        if self.error:
            return "error"
        if not self.online:
            return "offline"
        return None

    def health(self) -> Health:
        problem = self.problem()
        if problem is not None:
            # The printer's own sensors said so: definite, reported at once.
            return Health(DeviceStatus.FAULT, problem, definite=True)
        if self.paper is PaperLevel.NEAR_END:
            return Health(DeviceStatus.DEGRADED, "paper near end")
        return Health.ok("ready")


class ReceiptPrinterError(DeviceError):
    """Base of receipt printer failures."""

    resident_message = "凭条打印机暂时无法使用，请记下受理编号或联系工作人员。"


class PaperOut(ReceiptPrinterError):
    resident_message = "凭条打印纸已用完，请记下受理编号，可凭编号查询或稍后补打。"


class CoverOpen(ReceiptPrinterError):
    resident_message = "凭条打印机仓盖未关好，请联系工作人员。"


class PrintFailed(ReceiptPrinterError):
    """A job that did not print completely (or at all)."""

    resident_message = "凭条未能完整打印，请记下受理编号，可凭编号查询或稍后补打。"

    def __init__(
        self,
        detail: str,
        *,
        sent: bool,
        state: PrinterState | None = None,
        resident_message: str | None = None,
    ) -> None:
        super().__init__(detail, resident_message)
        #: Whether any byte of the job reached the printer (a partial print is possible).
        self.sent = sent
        self.state = state


def _error_for(state: PrinterState, detail: str) -> ReceiptPrinterError:
    if state.cover_open:
        return CoverOpen(detail)
    if state.paper is PaperLevel.OUT or state.stopped_by_paper_end:
        return PaperOut(detail)
    return ReceiptPrinterError(detail)


@dataclass(frozen=True)
class PrintReport:
    """A job the printer confirmed as printed."""

    job_id: str
    bytes_sent: int
    seconds: float
    state: PrinterState


# --- transports -----------------------------------------------------------------


@dataclass(frozen=True)
class PrinterUri:
    scheme: str  # tcp | serial | usb | file
    target: str  # host, device path or VID:PID
    port: int = 9100
    baud: int = 9600

    @classmethod
    def parse(cls, uri: str) -> PrinterUri:
        parts = urlsplit(uri)
        query = parse_qs(parts.query)
        scheme = parts.scheme.lower()
        try:
            if scheme == "tcp":
                if not parts.hostname:
                    raise ValueError("no host")
                return cls("tcp", parts.hostname, parts.port or 9100)
            if scheme == "serial":
                path = parts.path or parts.netloc
                if not path:
                    raise ValueError("no device path")
                return cls("serial", path, baud=int(query.get("baud", ["9600"])[0]))
            if scheme == "usb":
                vid, _, pid = parts.netloc.partition(":")
                int(vid, 16), int(pid, 16)
                return cls("usb", f"{vid}:{pid}")
            if scheme == "file":
                if not parts.path:
                    raise ValueError("no path")
                return cls("file", parts.path)
        except ValueError as e:
            raise DeviceError(f"bad receipt printer URI {uri!r}: {e}") from None
        raise DeviceError(
            f"bad receipt printer URI {uri!r}: scheme must be tcp, serial, usb or file"
        )


class _Transport(ABC):
    """A byte pipe to the printer, plus timed reads of its one-byte answers.

    Plain sockets, pyserial and pyusb: the receipt bytes are rendered by the caller,
    so python-escpos only passed them through, and importing it cost 250–360 ms of
    YAML parsing per start (its capabilities cache went to a fresh temp dir every
    time, leaving the dir behind). Dropped: the printer imports in < 5 ms.
    """

    can_read = True

    @abstractmethod
    def open(self) -> None:
        """Connect; raises :class:`DeviceAbsent` when the printer is not there."""

    @abstractmethod
    def write(self, data: bytes) -> None:
        """Send all of ``data``."""

    @abstractmethod
    def read_byte(self, timeout: float) -> int | None:
        """One byte of the printer's answer, or None when none came within ``timeout``."""

    def drain(self) -> None:
        """Discard stale answers (e.g. a late reply to a query that timed out)."""
        while self.read_byte(0.0) is not None:
            pass

    @abstractmethod
    def close(self) -> None:
        """Release the connection (never raises)."""


class _TcpTransport(_Transport):
    def __init__(self, host: str, port: int, timeout_s: float) -> None:
        self.host, self.port, self.timeout_s = host, port, timeout_s
        self.sock: socket.socket | None = None

    def open(self) -> None:
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout_s)
        except OSError as e:
            raise DeviceAbsent(f"receipt printer not reachable: {e}") from None
        # Status queries are 3-byte writes: without NODELAY, Nagle + delayed ACK
        # add ~40 ms to every query.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock = sock

    def _sock(self) -> socket.socket:
        if self.sock is None:
            raise ConnectionResetError("printer connection is closed")
        return self.sock

    def write(self, data: bytes) -> None:
        self._sock().sendall(data)

    def read_byte(self, timeout: float) -> int | None:
        sock = self._sock()
        ready, _, _ = select.select([sock], [], [], timeout)
        if not ready:
            return None
        data = sock.recv(1)
        if not data:
            raise ConnectionResetError("printer closed the connection")
        return data[0]

    def close(self) -> None:
        if self.sock is not None:
            with contextlib.suppress(OSError):
                self.sock.close()
            self.sock = None


class _SerialTransport(_Transport):
    def __init__(self, port: str, baud: int, timeout_s: float) -> None:
        self.port, self.baud, self.timeout_s = port, baud, timeout_s
        self.ser: Any = None

    def open(self) -> None:
        import serial

        try:
            # dsrdtr off: many kiosk printers (and pseudo-terminals) do not drive DSR.
            self.ser = serial.Serial(
                self.port, baudrate=self.baud, timeout=self.timeout_s, dsrdtr=False
            )
        except (ValueError, serial.SerialException) as e:
            reason = " ".join(str(e).split())
            raise DeviceAbsent(f"receipt printer not found: {reason}") from None

    def write(self, data: bytes) -> None:
        if self.ser is None:
            raise ConnectionResetError("printer port is closed")
        self.ser.write(data)
        self.ser.flush()

    def read_byte(self, timeout: float) -> int | None:
        if self.ser is None:
            raise ConnectionResetError("printer port is closed")
        self.ser.timeout = timeout
        data = self.ser.read(1)
        return data[0] if data else None

    def close(self) -> None:
        if self.ser is not None:
            with contextlib.suppress(Exception):
                self.ser.close()
            self.ser = None


class _UsbTransport(_Transport):
    """USB printer class through pyusb: bulk OUT for the job, bulk IN for answers."""

    def __init__(self, vid: int, pid: int, timeout_s: float) -> None:
        self.vid, self.pid = vid, pid
        self.timeout_ms = max(1, int(timeout_s * 1000))
        self.dev: Any = None
        self.out_ep: Any = None
        self.in_ep: Any = None

    def open(self) -> None:
        import usb.core
        import usb.util

        where = f"{self.vid:04x}:{self.pid:04x}"
        try:
            dev = usb.core.find(idVendor=self.vid, idProduct=self.pid)
            if dev is None:
                raise DeviceAbsent(f"receipt printer not found: no USB device {where}")
            with contextlib.suppress(NotImplementedError, usb.core.USBError):
                if dev.is_kernel_driver_active(0):
                    dev.detach_kernel_driver(0)  # usblp holds it otherwise
            with contextlib.suppress(usb.core.USBError):
                dev.set_configuration()
            intf = dev.get_active_configuration()[(0, 0)]

            def direction(d: int) -> Callable[[Any], bool]:
                return lambda ep: usb.util.endpoint_direction(ep.bEndpointAddress) == d

            self.out_ep = usb.util.find_descriptor(intf, custom_match=direction(usb.util.ENDPOINT_OUT))  # fmt: skip
            self.in_ep = usb.util.find_descriptor(intf, custom_match=direction(usb.util.ENDPOINT_IN))  # fmt: skip
        except usb.core.USBError as e:
            raise DeviceAbsent(f"receipt printer {where} not usable: {e}") from None
        if self.out_ep is None:
            raise DeviceAbsent(f"receipt printer {where} has no bulk OUT endpoint")
        self.can_read = self.in_ep is not None
        self.dev = dev

    def write(self, data: bytes) -> None:
        if self.dev is None:
            raise ConnectionResetError("printer is closed")
        self.out_ep.write(data, self.timeout_ms)

    def read_byte(self, timeout: float) -> int | None:
        import usb.core

        if self.dev is None or self.in_ep is None:
            return None
        try:
            data = self.in_ep.read(16, int(timeout * 1000) or 1)
        except usb.core.USBTimeoutError:
            return None
        return data[0] if len(data) else None

    def close(self) -> None:
        if self.dev is not None:
            import usb.util

            with contextlib.suppress(Exception):
                usb.util.dispose_resources(self.dev)
            self.dev = None


class _FileTransport(_Transport):
    """The kernel's usblp character device (or any file): write only."""

    can_read = False

    def __init__(self, path: str) -> None:
        self.path = path
        self.fd: int | None = None

    def open(self) -> None:
        try:
            self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as e:
            raise DeviceAbsent(f"receipt printer not found: {e}") from None

    def write(self, data: bytes) -> None:
        if self.fd is None:
            raise ConnectionResetError("printer file is closed")
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def read_byte(self, timeout: float) -> int | None:
        return None

    def close(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


def _make_transport(uri: PrinterUri, timeout_s: float) -> _Transport:
    if uri.scheme == "tcp":
        return _TcpTransport(uri.target, uri.port, timeout_s)
    if uri.scheme == "serial":
        return _SerialTransport(uri.target, uri.baud, timeout_s)
    if uri.scheme == "usb":
        vid, pid = (int(x, 16) for x in uri.target.split(":"))
        return _UsbTransport(vid, pid, timeout_s)
    return _FileTransport(uri.target)


# --- the device ---------------------------------------------------------------------

MINIMAL_TEST_PAGE = (
    b"\x1b@\x1ba\x01RECEIPT PRINTER TEST\n\x1ba\x00" + b"0123456789" * 4 + b"\n\x1bd\x03\x1dVB\x03"
)


class ReceiptPrinter(Device):
    """An ESC/POS receipt printer behind a URI (see the module docstring)."""

    kind = "receipt_printer"

    def __init__(
        self,
        uri: str,
        name: str | None = None,
        status_timeout_s: float = 2.0,
        job_timeout_s: float = 30.0,
        chunk_size: int = 4096,
        test_page: Callable[[], bytes] | None = None,
    ) -> None:
        super().__init__(name)
        self.uri = PrinterUri.parse(uri)
        self.status_timeout_s = status_timeout_s
        self.job_timeout_s = job_timeout_s
        self.chunk_size = chunk_size
        self._test_page = test_page
        self._transport: _Transport | None = None
        self._lock = threading.RLock()
        #: Answer to the last GS r 1 (job confirmation), once it arrived.
        self._paper_answer: int | None = None

    # --- connection -------------------------------------------------------------
    def open(self) -> None:
        with self._lock:
            self._close_transport()
            transport = _make_transport(self.uri, self.status_timeout_s)
            transport.open()
            self._transport = transport

    def close(self) -> None:
        with self._lock:
            self._close_transport()

    def _close_transport(self) -> None:
        if self._transport is not None:
            self._transport.close()
            self._transport = None

    def _connected(self) -> _Transport:
        if self._transport is None:
            self.open()
        assert self._transport is not None
        return self._transport

    def _broken(self, e: BaseException) -> DeviceError:
        """The link failed: forget it (the next operation reconnects) and say why."""
        self._close_transport()
        return DeviceAbsent(f"receipt printer connection lost: {e}")

    # --- status -----------------------------------------------------------------
    def query_state(self, drain: bool = True) -> PrinterState:
        """Ask the four real-time statuses. Raises DeviceTimeout if the printer is silent."""
        with self._lock:
            t = self._connected()
            if not t.can_read:
                raise DeviceError(f"{self.uri.scheme} transport cannot read printer status")
            try:
                if drain:
                    t.drain()
                    self._paper_answer = None
                answers = []
                for n in (1, 2, 3, 4):
                    t.write(DLE_EOT + bytes([n]))
                    value = self._read_status_answer(t)
                    if value is None:
                        raise DeviceTimeout(f"no answer to DLE EOT {n}")
                    answers.append(value)
            except DeviceError:
                raise
            except Exception as e:  # socket/serial/USB errors
                raise self._broken(e) from None
            return PrinterState.from_bytes(*answers)

    def _read_status_answer(self, t: _Transport) -> int | None:
        """Read a DLE EOT answer, setting aside a GS r answer that arrives meanwhile.

        The two are told apart by their bits: a DLE EOT answer always has bits 1
        and 4 set and bits 0 and 7 clear; a GS r 1 answer (0x00, 0x03, 0x0C,
        0x0F) never has bit 4 set.
        """
        deadline = time.monotonic() + self.status_timeout_s
        while True:
            value = t.read_byte(max(0.0, deadline - time.monotonic()))
            if value is None:
                return None
            if value & 0x93 == 0x12:
                return value
            self._paper_answer = value

    def status(self) -> Health:
        with self._lock:
            if self._transport is not None and not self._transport.can_read:
                return Health.ok("write-only transport: status unknown")
            return self.query_state().health()

    # --- printing -----------------------------------------------------------------
    def print_job(self, data: bytes, job_id: str = "") -> PrintReport:
        """Print ESC/POS ``data``; return once the printer confirms it, or raise.

        Raises :class:`PaperOut` / :class:`CoverOpen` / :class:`ReceiptPrinterError`
        *before sending anything* if the printer cannot print, and
        :class:`PrintFailed` (``sent=True``) if the job stopped part-way.
        """
        start = time.monotonic()
        with self._lock:
            t = self._connected()
            state: PrinterState | None = None
            if t.can_read:
                state = self.query_state()
                problem = state.problem()
                if problem is not None:
                    raise _error_for(state, f"job {job_id or '-'} not sent: {problem}")
            sent = 0
            try:
                for i in range(0, len(data), self.chunk_size):
                    t.write(data[i : i + self.chunk_size])
                    sent += len(data[i : i + self.chunk_size])
            except Exception as e:
                broken = self._broken(e)
                raise PrintFailed(
                    f"job {job_id or '-'}: link failed after {sent}/{len(data)} bytes: {e}",
                    sent=sent > 0,
                ) from broken
            if not t.can_read:
                return PrintReport(job_id, sent, time.monotonic() - start, _UNKNOWN_STATE)
            self._confirm(t, job_id, len(data))
            final = self.query_state()
            return PrintReport(job_id, sent, time.monotonic() - start, final)

    def _confirm(self, t: _Transport, job_id: str, size: int) -> None:
        """Wait for the answer to GS r 1, processed only after the job is printed."""
        self._paper_answer = None
        try:
            t.write(GS_R_PAPER)
            deadline = time.monotonic() + self.job_timeout_s
            while self._paper_answer is None:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PrintFailed(
                        f"job {job_id or '-'}: not confirmed within {self.job_timeout_s:.0f} s",
                        sent=True,
                    )
                value = t.read_byte(min(remaining, 0.5))
                if value is not None:
                    if value & 0x93 != 0x12:
                        self._paper_answer = value
                    continue
                # Still printing, or stopped part-way? Real-time status tells.
                state = self.query_state(drain=False)
                if state.problem() is not None and self._paper_answer is None:
                    raise PrintFailed(
                        f"job {job_id or '-'} ({size} bytes) stopped: {state.problem()}",
                        sent=True,
                        state=state,
                    )
        except PrintFailed:
            raise
        except DeviceError as e:
            raise PrintFailed(f"job {job_id or '-'}: {e.detail}", sent=True) from e
        except Exception as e:
            broken = self._broken(e)
            raise PrintFailed(f"job {job_id or '-'}: link failed: {e}", sent=True) from broken

    # --- self-test ------------------------------------------------------------------
    def self_test(self, level: SelfTestLevel = SelfTestLevel.INTERNAL) -> SelfTestResult:
        try:
            state = self.query_state() if self._connected().can_read else None
        except DeviceError as e:
            return SelfTestResult(False, level, e.detail)
        facts = {"uri": f"{self.uri.scheme}://{self.uri.target}"}
        if state is not None:
            facts |= {"paper": state.paper.value, "cover_open": str(state.cover_open)}
            health = state.health()
            if level is SelfTestLevel.INTERNAL or not health.usable:
                return SelfTestResult(
                    health.usable, level, f"{health.status}: {health.detail}", facts
                )
        if level is SelfTestLevel.INTERNAL:
            return SelfTestResult(True, level, "write-only transport", facts)
        page = self._test_page() if self._test_page else MINIMAL_TEST_PAGE
        try:
            report = self.print_job(page, job_id="self-test")
        except DeviceError as e:
            return SelfTestResult(False, level, f"test print failed: {e.detail}", facts)
        facts["bytes"] = str(report.bytes_sent)
        return SelfTestResult(True, level, f"test page printed in {report.seconds:.2f} s", facts)


_UNKNOWN_STATE = PrinterState(
    online=True,
    cover_open=False,
    paper=PaperLevel.OK,
    stopped_by_paper_end=False,
    error=False,
    cutter_error=False,
    unrecoverable_error=False,
    auto_recoverable_error=False,
)
