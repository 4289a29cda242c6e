"""A reference platform that seals certificates, for tests that print one.

The platform holds the seal; a terminal's configuration gets only its public key
(written where ``[devices.document_printer] platform_seal_key`` points) and the
platform's address and token, as a factory image would provide them.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from kiosk.config import KioskConfig
from kiosk.devices.factories.document_printer import seal_key_path
from offline_queue.client import PlatformClient, PlatformSettings
from offline_queue.ids import new_id
from offline_queue.server import ServerSettings, ServerThread

TOKEN = "kiosk-token-seal"


class SealingPlatform:
    """A :class:`ServerThread` approving ``services`` on the spot, sealing their certificates."""

    def __init__(self, db_path: Path, kiosk_id: str, services: frozenset[str]) -> None:
        self.kiosk_id = kiosk_id
        self.server = ServerThread(
            ServerSettings(db_path=db_path, tokens={TOKEN: kiosk_id}, instant_services=services)
        )

    def __enter__(self) -> SealingPlatform:
        self.server.start()
        return self

    def __exit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.stop()

    def public_pem(self) -> str:
        r = httpx.get(f"{self.server.url}/v1/seal/public-key")
        r.raise_for_status()
        return r.text

    def provision(self, config: KioskConfig) -> KioskConfig:
        """``config`` pointed at this platform, its public seal key in place."""
        path = seal_key_path(config)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.public_pem(), encoding="ascii")
        platform = config.platform.model_copy(update={"url": self.server.url, "token": TOKEN})
        return config.model_copy(update={"platform": platform})

    def file_case(self, service_code: str, applicant: dict[str, Any]) -> str:
        """Submit a case as the terminal would; its acceptance number."""
        sid = new_id()
        body = {
            "id": sid,
            "service_code": service_code,
            "kiosk_id": self.kiosk_id,
            "created_at": "2026-11-22T10:00:00+00:00",
            "form": {},
            "applicant": applicant,
            "attachments": [],
        }
        with PlatformClient(PlatformSettings(self.server.url, TOKEN)) as c:
            raw = json.dumps(body, ensure_ascii=False).encode()
            return c.submit(raw, sid).acceptance_no
