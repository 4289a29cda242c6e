"""Start the desk: in a thread on a free 127.0.0.1 port (tests, ``kiosk --demo``) or as a process.

``python -m video_desk --config desk.json [--host H] [--port P]`` runs it on its own;
it prints ``listening <url>`` once the socket is bound, so a parent that started it
on port 0 knows where it is. The configuration file holds only hashes::

    {"staff": {"wang": "<argon2id hash>"}, "terminals": {"FT-01": "<sha256 hex>"},
     "audit": "/var/lib/video-desk/audit.sqlite3", "ice_servers": [{"urls": ["stun:..."]}]}

``python -m video_desk hash-password`` and ``new-terminal`` print the hashes to put there.
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import json
import socket
import sys
import threading
import time
from pathlib import Path

import uvicorn

from video_desk.app import DeskConfig, create_app
from video_desk.auth import credential_hash, hash_password, new_terminal_credential


def _bind(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _server(config: DeskConfig) -> uvicorn.Server:
    cfg = uvicorn.Config(
        create_app(config),
        log_level="warning",
        access_log=False,
        lifespan="off",
        ws="websockets-sansio",
        ws_ping_interval=5,
        ws_ping_timeout=10,
        timeout_graceful_shutdown=2,
    )
    return uvicorn.Server(cfg)


class DeskThread:
    """``with DeskThread(config) as desk: desk.url`` — the desk in a daemon thread."""

    def __init__(self, config: DeskConfig, host: str = "127.0.0.1", port: int = 0) -> None:
        self.config = config
        self.sock = _bind(host, port)
        self.port = int(self.sock.getsockname()[1])
        self.url = f"http://{host}:{self.port}"
        self.ws_url = f"ws://{host}:{self.port}"
        self.server = _server(config)
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True, name="video-desk"
        )

    def start(self) -> DeskThread:
        """Start and wait until the socket serves."""
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("video desk did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Stop serving (open sockets are closed)."""
        self.server.should_exit = True
        self._thread.join(timeout=10)
        with contextlib.suppress(OSError):
            self.sock.close()

    def __enter__(self) -> DeskThread:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def load_config(path: Path) -> DeskConfig:
    """Read a desk configuration file (see the module docstring)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return DeskConfig(
        staff_password_hashes=dict(data["staff"]),
        terminal_credential_hashes=dict(data["terminals"]),
        audit_path=Path(data["audit"]),
        ice_servers=list(data.get("ice_servers", [])),
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: serve, or print a password hash / a new terminal credential."""
    p = argparse.ArgumentParser(prog="video_desk")
    sub = p.add_subparsers(dest="cmd")
    p.add_argument("--config", type=Path)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8790)
    sub.add_parser("hash-password")
    sub.add_parser("new-terminal")
    args = p.parse_args(argv)
    if args.cmd == "hash-password":
        print(hash_password(getpass.getpass("password: ")))
        return 0
    if args.cmd == "new-terminal":
        cred = new_terminal_credential()
        print(f"credential (give to the terminal): {cred}\nhash (put in the desk config): "
              f"{credential_hash(cred)}")  # fmt: skip
        return 0
    if args.config is None:
        p.error("--config is required to serve")
    config = load_config(args.config)
    sock = _bind(args.host, args.port)
    print(f"listening http://{args.host}:{sock.getsockname()[1]}", flush=True)
    _server(config).run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
