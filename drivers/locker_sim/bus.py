"""pymodbus's Modbus RTU server on a pty pair, serving the locker model, behind a relay.

Two pseudo-terminals: the server side (pymodbus's ``ModbusSerialServer`` opens its
slave end through pyserial, as it would open ``/dev/ttyUSB0`` on a gateway) and the
client side (the driver opens a stable symlink to its slave end). A relay thread
copies bytes between the two masters, and is where bus faults happen:

* **no answer** from one unit (its requests are swallowed: a board with a blown
  fuse) or from all of them;
* **unplugged** — the client pty is closed and its link removed, as when the
  USB-RS485 adapter is pulled; :meth:`LockerBusSimulator.replug` brings it back;
* **CRC errors** — pymodbus's server never sends a bad CRC, so the relay flips a
  bit in the last byte of the next answers (the CRC's high byte), which is what
  line noise does;
* **pacing** — optionally the relay holds each frame for the time it takes on the
  wire at the configured baud rate (10 bits per byte, 8N1).

Nothing here imports the driver: frames are forwarded, not parsed, except the
first byte of a request (the unit address, RTU's framing rule) to mute one unit.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import select
import tempfile
import threading
import time
import tty
from pathlib import Path

from pymodbus.constants import ExcCodes
from pymodbus.server import ModbusSerialServer
from pymodbus.simulator import DataType, SimData, SimDevice
from pymodbus.simulator.simutils import SimUtils

from drivers.locker_sim.model import BoardModel, LockerModel

log = logging.getLogger(__name__)

# Modbus function codes (Modbus Application Protocol v1.1b3, §6).
_FC_READ_COILS = 0x01
_FC_READ_DISCRETE_INPUTS = 0x02
_FC_WRITE_SINGLE_COIL = 0x05


class SimulatorError(Exception):
    """The simulator cannot do what it was asked (not started, unplugged)."""


def _pad16(bits: list[bool]) -> list[bool]:
    return bits + [False] * (-len(bits) % 16)


async def _board_action(
    board: BoardModel,
    function_code: int,
    start_address: int,
    address: int,
    count: int,
    current_registers: list[int],
    set_values: list[int] | list[bool] | None,
) -> ExcCodes | None:
    """pymodbus calls this on every access: the model is the truth, registers follow it."""
    if function_code == _FC_READ_DISCRETE_INPUTS:
        regs = SimUtils.bitsToRegisters(_pad16(board.read_inputs()))
        current_registers[: len(regs)] = regs
    elif function_code == _FC_READ_COILS:
        # A pulse is over by the time anyone reads it back: coils read 0.
        for i in range(len(current_registers)):
            current_registers[i] = 0
    elif (
        function_code == _FC_WRITE_SINGLE_COIL
        and set_values
        and bool(set_values[0])
        and not board.pulse(address)
    ):
        return ExcCodes.ILLEGAL_ADDRESS
    return None


def _sim_device(board: BoardModel) -> SimDevice:
    coils = [SimData(0, count=board.locks, values=False, datatype=DataType.BITS)]
    inputs = [SimData(0, count=board.input_count, values=False, datatype=DataType.BITS)]
    # Holding/input registers are unused by lock boards; one invalid cell each
    # keeps pymodbus's block layout happy and answers ILLEGAL ADDRESS if asked.
    regs = [SimData(0, count=1, datatype=DataType.INVALID)]
    return SimDevice(
        id=board.unit,
        simdata=(coils, inputs, list(regs), list(regs)),
        action=functools.partial(_board_action, board),
    )


def _raw_pty() -> tuple[int, int, str]:
    master, slave = os.openpty()
    tty.setraw(slave)
    os.set_blocking(master, False)
    return master, slave, os.ttyname(slave)


class LockerBusSimulator:
    """Boards on a simulated RS-485 bus; :attr:`port` is what the driver opens."""

    def __init__(
        self,
        model: LockerModel,
        link_dir: Path | None = None,
        link_name: str = "ttyLOCK0",
        baudrate: int = 9600,
        pace: bool = False,
    ) -> None:
        self.model = model
        self.baudrate = baudrate
        self.pace = pace
        self._own_dir = link_dir is None
        self._dir = Path(tempfile.mkdtemp(prefix="locker-sim-")) if link_dir is None else link_dir
        self.link = self._dir / link_name
        self._lock = threading.Lock()
        self._client_master: int | None = None
        self._client_slave: int | None = None
        self._server_master: int | None = None
        self._server_slave: int | None = None
        self._stop = threading.Event()
        self._relay: threading.Thread | None = None
        self._server_thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: ModbusSerialServer | None = None
        self._server_ready = threading.Event()
        # Faults.
        self.muted_units: set[int] = set()
        self.mute_all = False
        self.corrupt_answers = 0  # the next N answers get a bad CRC
        self.corrupt_always = False
        # Counters (what the bench and tests look at).
        self.requests = 0
        self.answers = 0
        self.request_bytes = 0
        self.answer_bytes = 0

    @property
    def port(self) -> str:
        return str(self.link)

    # --- lifecycle -------------------------------------------------------------
    def start(self, timeout_s: float = 30.0) -> str:
        """Start pymodbus's server and the relay; return the port for the driver."""
        master, slave, name = _raw_pty()
        self._server_master, self._server_slave = master, slave
        self._server_thread = threading.Thread(
            target=self._run_server, args=(name,), name="locker-sim-server", daemon=True
        )
        self._server_thread.start()
        self.replug()
        self._relay = threading.Thread(target=self._run_relay, name="locker-sim-relay", daemon=True)
        self._relay.start()
        if not self._server_ready.wait(timeout_s):
            raise SimulatorError("pymodbus server did not start")
        return self.port

    def _run_server(self, port: str) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        devices = [_sim_device(b) for b in self.model.boards.values()]

        async def serve() -> None:
            self._server = ModbusSerialServer(
                devices, port=port, baudrate=self.baudrate, ignore_missing_devices=True
            )
            # Listening (the pty opened, its reader registered) before anyone is told
            # the bus is up: a request sent earlier could be flushed by the open.
            await self._server.serve_forever(background=True)
            self._server_ready.set()
            await self._server.serving

        try:
            loop.run_until_complete(serve())
        except Exception:  # the thread must not die silently: the test would hang
            log.exception("locker simulator: pymodbus server stopped")
        finally:
            loop.close()

    def replug(self) -> None:
        """Plug the adapter (back) in: a fresh client pty behind the same link."""
        with self._lock:
            if self._client_master is not None:
                return
            master, slave, name = _raw_pty()
            self._client_master, self._client_slave = master, slave
            tmp = self.link.with_name(self.link.name + ".tmp")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(name)
            tmp.replace(self.link)

    def unplug(self) -> None:
        """Pull the adapter: the link disappears, the driver's port errors out."""
        with self._lock:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()
            for fd in (self._client_master, self._client_slave):
                if fd is not None:
                    with contextlib.suppress(OSError):
                        os.close(fd)
            self._client_master = self._client_slave = None

    def close(self) -> None:
        self._stop.set()
        if self._relay is not None:
            self._relay.join(timeout=5)
        loop, server = self._loop, self._server
        if loop is not None and server is not None and loop.is_running():
            fut = asyncio.run_coroutine_threadsafe(server.shutdown(), loop)
            with contextlib.suppress(Exception):
                fut.result(timeout=5)
        if self._server_thread is not None:
            self._server_thread.join(timeout=5)
        self.unplug()
        for fd in (self._server_master, self._server_slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._server_master = self._server_slave = None
        if self._own_dir:
            with contextlib.suppress(OSError):
                self._dir.rmdir()

    def __enter__(self) -> LockerBusSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- faults ----------------------------------------------------------------
    def set_mute(self, unit: int | None, muted: bool = True) -> None:
        """Make one unit (or, with ``None``, the whole bus) stop answering."""
        if unit is None:
            self.mute_all = muted
        elif muted:
            self.muted_units.add(unit)
        else:
            self.muted_units.discard(unit)

    def corrupt_next(self, n: int = 1) -> None:
        """Give the next ``n`` answers a wrong CRC."""
        with self._lock:
            self.corrupt_answers += n

    # --- the relay -------------------------------------------------------------
    def _wire_delay(self, n: int) -> None:
        if self.pace and n:
            time.sleep(n * 10 / self.baudrate)

    def _run_relay(self) -> None:
        assert self._server_master is not None
        server = self._server_master
        while not self._stop.is_set():
            with self._lock:
                client = self._client_master
            fds = [server] + ([client] if client is not None else [])
            try:
                ready, _, _ = select.select(fds, [], [], 0.05)
            except (OSError, ValueError):
                continue  # the client pty was closed under us (unplug)
            for fd in ready:
                try:
                    data = os.read(fd, 4096)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""  # EIO: the other side of the pty is gone
                if not data:
                    continue
                if fd == server:
                    self._forward_answer(data)
                else:
                    self._forward_request(data)

    def _forward_request(self, data: bytes) -> None:
        self.requests += 1
        self.request_bytes += len(data)
        if self.mute_all or data[0] in self.muted_units:
            return  # swallowed: the board never hears it
        if data[0] not in self.model.boards:
            return  # no board at that address on the bus: nobody answers
        self._wire_delay(len(data))
        _write_all(self._server_master, data)

    def _forward_answer(self, data: bytes) -> None:
        with self._lock:
            client = self._client_master
            corrupt = self.corrupt_always or self.corrupt_answers > 0
            if self.corrupt_answers > 0:
                self.corrupt_answers -= 1
        if client is None:
            return  # unplugged: the answer goes nowhere
        if corrupt:
            data = data[:-1] + bytes([data[-1] ^ 0x5A])
        self.answers += 1
        self.answer_bytes += len(data)
        self._wire_delay(len(data))
        with contextlib.suppress(OSError):
            _write_all(client, data)


def _write_all(fd: int | None, data: bytes, timeout_s: float = 2.0) -> None:
    if fd is None:
        return
    deadline = time.monotonic() + timeout_s
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view)
        except BlockingIOError:
            n = 0
        view = view[n:]
        if view:
            left = deadline - time.monotonic()
            if left <= 0:
                return  # nobody reads the other end: drop, as a wire would
            select.select([], [fd], [], left)
