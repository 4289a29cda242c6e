"""Fault injection as a pure ASGI middleware (errors, latency, throttling, dropped connections).

Only ``/v1/`` API paths are affected, never ``/v1/admin/`` (tests must be able to
switch faults off again) nor the OpenAPI document.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

from offline_queue.server.settings import Faults

log = logging.getLogger(__name__)

Scope = dict[str, Any]
Message = dict[str, Any]


class _Dropped(Exception):
    """Raised inside ``send`` to stop the response after its status line."""


class FaultInjector:
    """Wraps the app; reads the (mutable) :class:`Faults` at each request."""

    def __init__(self, app: Any, faults: Faults, seed: int | None = None) -> None:
        self.app = app
        self.faults = faults
        self.rng = random.Random(seed)

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not path.startswith("/v1/") or path.startswith("/v1/admin"):
            await self.app(scope, receive, send)
            return
        f = self.faults
        if f.latency_ms > 0:
            await asyncio.sleep(f.latency_ms / 1000)
        if f.throttle_rate > 0 and self.rng.random() < f.throttle_rate:
            await self._reply(
                send,
                429,
                "injected throttling",
                [(b"retry-after", f"{f.retry_after_s:g}".encode())],
            )
            return
        if f.fail_rate > 0 and self.rng.random() < f.fail_rate:
            await self._reply(send, 500, "injected failure")
            return
        drop = (
            scope.get("method") in ("PUT", "POST")
            and f.drop_after_commit > 0
            and self.rng.random() < f.drop_after_commit
        )
        if not drop:
            await self.app(scope, receive, send)
            return

        async def send_then_drop(message: Message) -> None:
            await send(message)
            # The handler has committed by the time it starts a successful response.
            if message["type"] == "http.response.start" and message["status"] < 300:
                raise _Dropped

        try:
            await self.app(scope, receive, send_then_drop)
        except _Dropped:
            # Returning with the body unsent makes the server close the connection:
            # the client sees a broken response although the record is stored.
            log.info("injected connection drop after commit: %s %s", scope["method"], path)

    @staticmethod
    async def _reply(
        send: Any, status: int, detail: str, headers: list[tuple[bytes, bytes]] | None = None
    ) -> None:
        body = json.dumps({"detail": detail}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    *(headers or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
