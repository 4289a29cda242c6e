"""From the ``[assist]`` configuration to what the call needs: ICE servers, the credential.

The schema itself is :class:`kiosk.config.AssistConfig` (the one configuration
schema); this turns it into aiortc's ``RTCConfiguration`` and reads the terminal's
desk credential from the file the configuration names.
"""

from __future__ import annotations

import os
from pathlib import Path

from aiortc import RTCConfiguration, RTCIceServer
from aiortc.rtcconfiguration import RTCIceTransportPolicy

from kiosk.config import AssistConfig
from kiosk.errors import KioskError


class CredentialMissing(KioskError):
    """The terminal has no usable desk credential, so it cannot place a call."""

    resident_message = "视频帮办暂未开通，请联系现场工作人员。"


def rtc_configuration(cfg: AssistConfig) -> RTCConfiguration:
    """aiortc's configuration: the configured servers only (never aiortc's public default STUN)."""
    servers = [
        RTCIceServer(
            urls=list(s.urls),
            username=s.username or None,
            credential=s.credential.get_secret_value() or None,
        )
        for s in cfg.ice_servers
    ]
    policy = (
        RTCIceTransportPolicy.RELAY
        if cfg.ice_transport_policy == "relay"
        else RTCIceTransportPolicy.ALL
    )
    return RTCConfiguration(iceServers=servers, iceTransportPolicy=policy)


def read_credential(path: Path) -> str:
    """The desk credential in ``path`` (must not be readable by others)."""
    try:
        st = path.stat()
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise CredentialMissing(f"desk credential {path}: {exc.strerror}") from None
    if st.st_mode & 0o077:
        raise CredentialMissing(
            f"desk credential {path} is readable by others (mode {st.st_mode & 0o777:o})"
        )
    if len(text) < 8:
        raise CredentialMissing(f"desk credential {path} is empty or too short")
    return text


def write_credential(path: Path, credential: str) -> None:
    """Store a desk credential as a 0600 file (``kiosk --demo`` and tests)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(credential + "\n")
