"""``kiosk --demo``: a local video desk (视频帮办 staff console) the demo's calls go to.

The desk runs in the demo servers' child process (:mod:`kiosk.app.demo_servers`)
on a free 127.0.0.1 port, with one demo staff account whose password is random
per run (said in the log, so the demo can be answered from a local browser) and
this terminal enrolled with a fresh credential, written 0600 into the demo's
data directory.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.app.demo_servers import DemoServers, Served
from kiosk.app.terminal import Terminal

log = logging.getLogger(__name__)

DEMO_STAFF_ID = "demo"


@dataclass
class DemoDesk:
    """The demo's desk: where it listens and how to log in to its console."""

    thread: Served
    staff_id: str
    staff_password: str

    @property
    def url(self) -> str:
        return self.thread.url

    def stop(self) -> None:
        """Stop serving (the terminal's stop calls it)."""
        self.thread.stop()


def desk_spec(terminal: Terminal) -> dict[str, Any]:
    """What the child needs to serve the desk for ``terminal``."""
    data_dir = Path(terminal.config.resolved_paths.data_dir)
    return {
        "kiosk_id": terminal.config.kiosk.id,
        "credential_file": str(data_dir / "keys" / "video-desk.credential"),
        "audit_path": str(data_dir / "video-desk-audit.sqlite3"),
    }


def serve_desk(spec: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """In the demo servers' child: the desk, this terminal enrolled, one staff account."""
    from kiosk.assist.settings import write_credential
    from video_desk.app import DeskConfig
    from video_desk.auth import credential_hash, hash_password, new_terminal_credential
    from video_desk.runner import DeskThread

    credential = new_terminal_credential()
    write_credential(Path(spec["credential_file"]), credential)
    password = secrets.token_urlsafe(9)
    desk_config = DeskConfig(
        staff_password_hashes={DEMO_STAFF_ID: hash_password(password)},
        terminal_credential_hashes={spec["kiosk_id"]: credential_hash(credential)},
        audit_path=Path(spec["audit_path"]),
    )
    thread = DeskThread(desk_config).start()
    return thread, {"url": thread.url, "ws_url": thread.ws_url, "staff_password": password}


def point_desk(terminal: Terminal, servers: DemoServers) -> DemoDesk:
    """Point the terminal's video help at the child's desk."""
    config = terminal.config
    served = servers.served("desk")
    terminal.config = config.model_copy(
        update={
            "assist": config.assist.model_copy(
                update={
                    "enabled": True,
                    "signalling_url": served.ws_url,
                    "credential_file": Path(desk_spec(terminal)["credential_file"]),
                }
            )
        }
    )
    password = servers.info["desk"]["staff_password"]
    desk = DemoDesk(served, DEMO_STAFF_ID, password)
    terminal.services["video_desk"] = desk
    log.warning(
        "demo video desk: open %s/ and log in as %s / %s to answer 视频帮办 calls",
        served.url,
        DEMO_STAFF_ID,
        password,
    )
    return desk
