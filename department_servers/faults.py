"""Fault injection for the department servers (pure ASGI middleware).

Affects the API paths only (``/api``, ``/soap``, ``/gm``, ``/oauth``), never
``/admin`` (a test must be able to switch faults off) nor the OpenAPI document.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from dataclasses import dataclass
from typing import Any

API_PREFIXES = ("/api", "/soap", "/gm", "/oauth")


@dataclass
class Faults:
    """Mutable at run time through ``PUT /admin/faults``."""

    fail_rate: float = 0.0  # 500 before the handler runs
    drop_after_commit: float = 0.0  # the handler commits, the connection drops
    latency_ms: float = 0.0
    down: bool = False  # 503 for everything: the department is down
    token_down: bool = False  # the OAuth2 token endpoint answers 503
    malformed_rate: float = 0.0  # a 200 whose body is not JSON/XML


class _Dropped(Exception):
    pass


class FaultInjector:
    """Wraps an ASGI app; reads the mutable :class:`Faults` at each request."""

    def __init__(self, app: Any, faults: Faults, seed: int | None = None) -> None:
        self.app = app
        self.faults = faults
        self.rng = random.Random(seed)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith(API_PREFIXES) or path.endswith("wsdl"):
            await self.app(scope, receive, send)
            return
        f = self.faults
        if f.latency_ms > 0:
            await asyncio.sleep(f.latency_ms / 1000)
        if f.down or (f.token_down and path.startswith("/oauth")):
            await _reply(send, 503, b'{"detail": "injected: department down"}')
            return
        if f.fail_rate > 0 and self.rng.random() < f.fail_rate:
            await _reply(send, 500, b'{"detail": "injected failure"}')
            return
        if f.malformed_rate > 0 and self.rng.random() < f.malformed_rate:
            await _reply(send, 200, b"<<not json, not xml", "text/plain")
            return
        drop = (
            scope.get("method") == "POST"
            and f.drop_after_commit > 0
            and self.rng.random() < f.drop_after_commit
        )
        if not drop:
            await self.app(scope, receive, send)
            return

        async def send_then_drop(message: dict[str, Any]) -> None:
            await send(message)
            if message["type"] == "http.response.start" and message["status"] < 300:
                raise _Dropped

        # The body unsent: the client sees a broken response, the case is stored.
        with contextlib.suppress(_Dropped):
            await self.app(scope, receive, send_then_drop)


async def _reply(send: Any, status: int, body: bytes, ctype: str = "application/json") -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", ctype.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def faults_from_json(faults: Faults, body: bytes) -> None:
    """Apply ``{"fail_rate": 0.3, ...}`` to ``faults`` (unknown keys are refused)."""
    data = json.loads(body or b"{}")
    fresh = Faults(**data)
    for k, v in fresh.__dict__.items():
        setattr(faults, k, v)
