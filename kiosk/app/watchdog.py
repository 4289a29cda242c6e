"""systemd watchdog and readiness notifications (sd_notify protocol, no dependency).

The app calls :func:`notify_watchdog` from a timer on the Qt event loop, so a
frozen UI stops feeding the watchdog and systemd restarts the terminal.
"""

from __future__ import annotations

import os
import socket


def _notify(message: str) -> bool:
    # NOTIFY_SOCKET is systemd's protocol, not configuration: it is set only when
    # the unit is Type=notify, and nothing else in the app reads the environment.
    address = os.environ.get("NOTIFY_SOCKET")
    if not address:
        return False
    if address.startswith("@"):
        address = "\0" + address[1:]
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
            s.connect(address)
            s.sendall(message.encode())
        return True
    except OSError:
        return False


def notify_ready() -> bool:
    return _notify("READY=1")


def notify_watchdog() -> bool:
    return _notify("WATCHDOG=1")


def notify_stopping() -> bool:
    return _notify("STOPPING=1")
