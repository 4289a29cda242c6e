"""``kiosk --demo``: a local video desk (视频帮办 staff console) the demo's calls go to.

The desk runs in this process on a free 127.0.0.1 port, with one demo staff account
whose password is random per run (said in the log, so the demo can be answered
from a local browser) and this terminal enrolled with a fresh credential, written
0600 into the demo's data directory.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from kiosk.app.terminal import Terminal
from kiosk.assist.settings import write_credential
from video_desk.app import DeskConfig
from video_desk.auth import credential_hash, hash_password, new_terminal_credential
from video_desk.runner import DeskThread

log = logging.getLogger(__name__)

DEMO_STAFF_ID = "demo"


@dataclass
class DemoDesk:
    """The demo's desk: where it listens and how to log in to its console."""

    thread: DeskThread
    staff_id: str
    staff_password: str

    @property
    def url(self) -> str:
        return self.thread.url

    def stop(self) -> None:
        """Stop serving (the terminal's stop calls it)."""
        self.thread.stop()


def start_demo_desk(terminal: Terminal) -> DemoDesk:
    """Start the desk, enrol this terminal, and point the terminal's video help at it."""
    config = terminal.config
    data_dir = config.resolved_paths.data_dir
    credential = new_terminal_credential()
    cred_path = Path(data_dir) / "keys" / "video-desk.credential"
    write_credential(cred_path, credential)
    password = secrets.token_urlsafe(9)
    desk_config = DeskConfig(
        staff_password_hashes={DEMO_STAFF_ID: hash_password(password)},
        terminal_credential_hashes={config.kiosk.id: credential_hash(credential)},
        audit_path=Path(data_dir) / "video-desk-audit.sqlite3",
    )
    thread = DeskThread(desk_config).start()
    terminal.config = config.model_copy(
        update={
            "assist": config.assist.model_copy(
                update={
                    "enabled": True,
                    "signalling_url": thread.ws_url,
                    "credential_file": cred_path,
                }
            )
        }
    )
    desk = DemoDesk(thread, DEMO_STAFF_ID, password)
    terminal.services["video_desk"] = desk
    log.warning(
        "demo video desk: open %s/ and log in as %s / %s to answer 视频帮办 calls",
        thread.url,
        DEMO_STAFF_ID,
        password,
    )
    return desk
