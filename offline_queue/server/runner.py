"""Running the reference server: in the foreground (CLI) or in a thread (tests, benchmarks).

The socket is bound before uvicorn starts, so port 0 gives an ephemeral port that
is known to the caller at once (tests run side by side and never share a port).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import uvicorn

from offline_queue.server.app import create_app
from offline_queue.server.settings import ServerSettings


@dataclass(frozen=True)
class TlsFiles:
    certfile: Path
    keyfile: Path


def bind_socket(host: str = "127.0.0.1", port: int = 0) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose
    # proto says TCP, and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def make_server(
    settings: ServerSettings, tls: TlsFiles | None = None, log_level: str = "warning"
) -> uvicorn.Server:
    kwargs: dict[str, Any] = {}
    if tls is not None:
        kwargs = {"ssl_certfile": str(tls.certfile), "ssl_keyfile": str(tls.keyfile)}
    config = uvicorn.Config(
        create_app(settings),
        log_level=log_level,
        access_log=False,  # URLs carry no personal data, but there is no need for the noise
        lifespan="off",
        timeout_graceful_shutdown=2,
        **kwargs,
    )
    return uvicorn.Server(config)


class ServerThread:
    """The reference server on 127.0.0.1 in a background thread.

    >>> with ServerThread(ServerSettings(db_path=tmp / "p.db")) as srv:
    ...     srv.url  # http://127.0.0.1:<ephemeral port>
    """

    def __init__(
        self,
        settings: ServerSettings,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: TlsFiles | None = None,
    ) -> None:
        self.settings = settings
        self.sock = bind_socket(host, port)
        self.port = self.sock.getsockname()[1]
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{'localhost' if tls else host}:{self.port}"
        self.server = make_server(settings, tls)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True, name="platform"
        )

    def start(self) -> ServerThread:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("reference platform server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)
        with contextlib.suppress(OSError):
            self.sock.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
