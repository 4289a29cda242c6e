"""One certificate-verifying TLS context per CA file, shared by every HTTP client of the process.

Each ``httpx.Client`` made with the default ``verify=True`` builds its own
``ssl.SSLContext`` and loads the whole CA bundle into it: about 20 ms each, and
the terminal makes one per department connector, the gateway, the courier and
the platform, before its first screen (100 ms of ``kiosk --demo``'s start, issue
18). A context holds no per-connection state, so one serves them all.
"""

from __future__ import annotations

import functools
import ssl
from pathlib import Path


@functools.lru_cache(maxsize=8)
def tls_context(ca_path: Path | None = None) -> ssl.SSLContext:
    """Certificate-verifying context: the configured CA file, else the system's trust store."""
    if ca_path is not None:
        return ssl.create_default_context(cafile=str(ca_path))
    return ssl.create_default_context()


def verify_for(url: str, ca_path: Path | None = None) -> ssl.SSLContext | bool:
    """``verify=`` for an httpx client of ``url``: the shared context; nothing for plain HTTP.

    A plain ``http://`` base URL (loopback, the demo, tests) makes no TLS
    connection, so no CA bundle is loaded for it.
    """
    if not url.startswith("https://"):
        return False
    return tls_context(ca_path)
