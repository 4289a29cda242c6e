"""A private coturn (Debian's ``turnserver``) on 127.0.0.1 for one test: free port, temp config, SIGKILL at the end."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USER, PASSWORD, REALM = "kiosk", "relay-only-test-secret", "kiosk.test"


@dataclass(frozen=True)
class Turn:
    """A running coturn: its URL, credentials and log."""

    port: int
    log: Path

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in self.log.parent.glob("turn*.log"))


def _free_udp_tcp_port() -> int:
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            u.bind(("127.0.0.1", 0))
            port = int(u.getsockname()[1])
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as t:
                try:
                    t.bind(("127.0.0.1", port))
                except OSError:
                    continue
        return port
    raise RuntimeError("no free port for coturn")


def _answers_stun(port: int) -> bool:
    # A STUN binding request (RFC 5389 header, magic cookie 0x2112A442): coturn answers it.
    req = bytes.fromhex("0001 0000 2112a442") + os.urandom(12)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.5)
        try:
            s.sendto(req, ("127.0.0.1", port))
            data = s.recv(2048)
        except OSError:
            return False
    return data[:2] == b"\x01\x01" and data[8:20] == req[8:20]


@contextlib.contextmanager
def coturn(tmp: Path) -> Iterator[Turn]:
    """Start coturn with long-term credentials, no TLS, loopback peers allowed, no CLI."""
    binary = shutil.which("turnserver") or "/usr/bin/turnserver"
    if not Path(binary).exists():
        pytest.skip("coturn is not installed (./install.sh --dev installs it)")
    d = tmp / "coturn"
    d.mkdir()
    log = d / "turn.log"
    for _attempt in range(3):
        port = _free_udp_tcp_port()
        conf = d / "turnserver.conf"
        conf.write_text(
            "\n".join([
                "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", f"listening-port={port}",
                "min-port=40000", "max-port=60000",
                "lt-cred-mech", f"user={USER}:{PASSWORD}", f"realm={REALM}",
                "no-tls", "no-dtls", "no-cli", "allow-loopback-peers", "fingerprint",
                f"userdb={d / 'turndb.sqlite'}", f"pidfile={d / 'turn.pid'}",
                f"log-file={log}", "simple-log", "verbose", "no-stdout-log",
            ]) + "\n"
        )  # fmt: skip
        proc = subprocess.Popen(
            [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 30
        while proc.poll() is None and not _answers_stun(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        if proc.poll() is None and _answers_stun(port):
            break
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    else:
        raise RuntimeError("coturn did not start:\n" + (log.read_text() if log.exists() else ""))
    try:
        yield Turn(port, log)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
