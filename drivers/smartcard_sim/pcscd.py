"""Run a private pcscd with vpcd virtual readers (tests, benchmark, ``kiosk --demo``).

pcsc-lite 1.9.9's daemon has no option for its socket path: it always serves
``/run/pcscd/pcscd.comm`` (clients honour ``PCSCLITE_CSOCK_NAME``, the daemon
does not). To run one next to a system pcscd, or several at once (engineers
running tests concurrently), pcscd is started in its own mount namespace
(``unshare --mount``, root only) with a private directory bind-mounted on
``/run``; its socket then appears at ``<run_dir>/pcscd/pcscd.comm`` for us. Where
that is impossible, the system path is used if no pcscd is there.

pcscd reads its readers from ``-c <dir>``: we write a reader.conf for vpcd with
a free TCP port, so no fixed global port is involved either. It runs in the
foreground (``--foreground``) and is stopped by PID.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

VPCD_DRIVER_CANDIDATES = (
    Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so"),
    Path("/usr/local/lib/pcsc/drivers/serial/libifdvpcd.so"),
)
SYSTEM_SOCKET = Path("/run/pcscd/pcscd.comm")
#: vpcd as packaged by Debian creates two slots per reader.conf entry: PORT and PORT + 1.
VPCD_SLOTS = 2
SOCKET_ENV = "PCSCLITE_CSOCK_NAME"


class PcscdUnavailable(RuntimeError):
    """pcscd (or vpcd) cannot be started here; the message says why."""


@dataclass(frozen=True)
class PcscdSupport:
    pcscd: str | None
    vpcd_driver: Path | None
    can_unshare: bool

    @property
    def missing(self) -> str:
        if self.pcscd is None:
            return "pcscd is not installed (apt install pcscd)"
        if self.vpcd_driver is None:
            return "the vpcd reader driver is not installed (apt install vsmartcard-vpcd)"
        return ""


def detect_support() -> PcscdSupport:
    pcscd = shutil.which("pcscd") or next(
        (p for p in ("/usr/sbin/pcscd", "/sbin/pcscd") if os.access(p, os.X_OK)), None
    )
    driver = next((p for p in VPCD_DRIVER_CANDIDATES if p.exists()), None)
    can_unshare = os.geteuid() == 0 and shutil.which("unshare") is not None
    return PcscdSupport(pcscd, driver, can_unshare)


def socket_alive(path: Path) -> bool:
    """True when something accepts connections on the Unix socket ``path``."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(0.5)
    try:
        s.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_port_block(count: int = VPCD_SLOTS, attempts: int = 50) -> int:
    """A base port such that ``base … base+count-1`` are all free right now."""
    for _ in range(attempts):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        ok = True
        for port in range(base, base + count):
            with socket.socket() as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind(("0.0.0.0", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise PcscdUnavailable("no free block of TCP ports for vpcd")


def _port_listening(port: int) -> bool:
    """Whether a TCP socket listens on ``port`` (from /proc/net/tcp).

    Not probed with connect(): vpcd listens with a backlog of 0 and would take a
    probe for a card, delaying the real one by a presence poll.
    """
    needle = f":{port:04X} "
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f:
                    cols = line.split()
                    if len(cols) > 3 and (cols[1] + " ").endswith(needle) and cols[3] == "0A":
                        return True
        except OSError:
            continue
    return False


def _die_with_parent() -> None:  # pragma: no cover - runs in the child
    # If the kiosk process dies without cleaning up, do not leave pcscd behind.
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


class PcscdProcess:
    """One pcscd in the foreground with a vpcd reader.conf of our own."""

    def __init__(
        self,
        work_dir: Path,
        port: int | None = None,
        private: bool | None = None,
        debug: bool = True,
        reader_label: str = "Virtual PCD",
    ) -> None:
        self.work_dir = Path(work_dir)
        self.support = detect_support()
        if self.support.missing:
            raise PcscdUnavailable(self.support.missing)
        if private is None:
            private = self.support.can_unshare
        if private and not self.support.can_unshare:
            raise PcscdUnavailable("a private pcscd needs root and unshare(1)")
        self.private = private
        self.port = port
        self.debug = debug
        #: pcscd names the slots "<label> 00 00", "<label> 00 01".
        self.reader_label = reader_label
        self.proc: subprocess.Popen[bytes] | None = None
        self._log_file: Path = self.work_dir / "pcscd.log"

    @property
    def run_dir(self) -> Path:
        return self.work_dir / "run"

    @property
    def socket_path(self) -> Path:
        return self.run_dir / "pcscd" / "pcscd.comm" if self.private else SYSTEM_SOCKET

    @property
    def slot_ports(self) -> list[int]:
        assert self.port is not None
        return [self.port + i for i in range(VPCD_SLOTS)]

    @property
    def reader_names(self) -> list[str]:
        return [f"{self.reader_label} 00 {i:02X}" for i in range(VPCD_SLOTS)]

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self._log_file.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _write_config(self) -> Path:
        conf_dir = self.work_dir / "reader.conf.d"
        conf_dir.mkdir(parents=True, exist_ok=True)
        assert self.port is not None and self.support.vpcd_driver is not None
        (conf_dir / "vpcd").write_text(
            f'FRIENDLYNAME "{self.reader_label}"\n'
            f"DEVICENAME   /dev/null:{self.port}\n"
            f"LIBPATH      {self.support.vpcd_driver}\n"
            f"CHANNELID    {self.port}\n"
        )
        return conf_dir

    def start(self, timeout: float = 10.0) -> None:
        """Start pcscd and wait until its socket and the vpcd ports answer."""
        if self.alive():
            return
        if not self.private and socket_alive(SYSTEM_SOCKET):
            raise PcscdUnavailable(
                f"a pcscd already serves {SYSTEM_SOCKET} and a private one needs root + unshare"
            )
        self.work_dir.mkdir(parents=True, exist_ok=True)
        if self.port is None:
            self.port = free_port_block()
        conf_dir = self._write_config()
        assert self.support.pcscd is not None
        pcscd = [self.support.pcscd, "--foreground", "-c", str(conf_dir)]
        if self.debug:
            pcscd.append("--debug")
        if self.private:
            self.run_dir.mkdir(parents=True, exist_ok=True)
            stale = self.run_dir / "pcscd"
            if stale.exists():
                shutil.rmtree(stale, ignore_errors=True)
            # exec keeps one PID all along: unshare → sh → pcscd.
            argv = [
                "unshare",
                "--mount",
                "--",
                "sh",
                "-c",
                'mount --bind "$0" /run && exec "$@"',
                str(self.run_dir),
                *pcscd,
            ]
        else:
            argv = pcscd
        preexec = (
            _die_with_parent if threading.current_thread() is threading.main_thread() else None
        )
        with open(self._log_file, "ab") as out:
            self.proc = subprocess.Popen(
                argv,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=preexec,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.log_tail()
                self.proc = None
                raise PcscdUnavailable(f"pcscd exited at start-up:\n{tail}")
            if socket_alive(self.socket_path) and all(map(_port_listening, self.slot_ports)):
                log.info(
                    "pcscd pid %d serving %s, vpcd ports %s",
                    self.proc.pid,
                    self.socket_path,
                    self.slot_ports,
                )
                return
            time.sleep(0.05)
        tail = self.log_tail()
        self.stop()
        raise PcscdUnavailable(f"pcscd did not come up in {timeout:.0f} s:\n{tail}")

    def stop(self, timeout: float = 5.0) -> None:
        """Stop pcscd by PID (TERM, then KILL)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout)

    def kill(self) -> None:
        """Crash pcscd (SIGKILL), as a test of surviving a service failure."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        # A killed pcscd leaves its socket and pid file behind: a restart must clean them.
        if self.private:
            shutil.rmtree(self.run_dir / "pcscd", ignore_errors=True)
