"""Faults of the payment gateway, switched at run time (``PUT /admin/faults``).

The transport faults act on the ``/v3`` API only (never on ``/admin`` or
``/sim``): a test must always be able to switch them off and look inside.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
from dataclasses import asdict, dataclass
from typing import Any

from department_servers.faults import _reply  # the same 503/500 answer as the others


@dataclass
class PayFaults:
    """What goes wrong. All off by default."""

    down: bool = False  # 503 for every API call (gateway down)
    fail_rate: float = 0.0  # 500 before the handler runs (nothing done)
    drop_after_commit: float = 0.0  # POST handled and committed, then the connection drops
    delay_after_commit_s: float = 0.0  # POST committed, answer held back (client times out)
    #: micropay answers USERPAYING, and queries keep saying so this many times ...
    userpaying_polls: int = 0
    #: ... then the payment ends like this ("STAY" = the resident never confirms).
    userpaying_outcome: str = "SUCCESS"
    payer_declines: bool = False  # the payer's bank refuses (PAYERROR), nothing charged
    amount_delta_fen: int = 0  # the provider charges and reports total + delta
    currency_override: str = ""  # the provider reports another currency
    notify: bool = True  # send asynchronous notifications at all
    notify_duplicates: int = 0  # extra copies of each notification
    notify_delay_s: float = 0.0  # payment notifications late (after later ones: out of order)
    notify_forged: bool = False  # notifications signed by a key that is not the gateway's

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def apply_faults_json(faults: PayFaults, body: bytes) -> None:
    """Replace every fault with ``body``'s values (unknown keys refused)."""
    fresh = PayFaults(**json.loads(body or b"{}"))
    for k, v in fresh.__dict__.items():
        setattr(faults, k, v)


class _Dropped(Exception):
    pass


class PayFaultInjector:
    """ASGI middleware reading the mutable :class:`PayFaults` at each request."""

    def __init__(self, app: Any, faults: PayFaults, seed: int | None = None) -> None:
        self.app = app
        self.faults = faults
        self.rng = random.Random(seed)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope.get("path", "").startswith("/v3"):
            await self.app(scope, receive, send)
            return
        f = self.faults
        if f.down:
            await _reply(send, 503, b'{"code": "SYSTEM_ERROR", "message": "injected: down"}')
            return
        if f.fail_rate > 0 and self.rng.random() < f.fail_rate:
            await _reply(send, 500, b'{"code": "SYSTEM_ERROR", "message": "injected failure"}')
            return
        post = scope.get("method") == "POST"
        drop = post and f.drop_after_commit > 0 and self.rng.random() < f.drop_after_commit
        delay = f.delay_after_commit_s if post else 0.0
        if not drop and delay <= 0:
            await self.app(scope, receive, send)
            return

        async def wrapped(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                if delay > 0:
                    await asyncio.sleep(delay)
                await send(message)
                if drop:
                    # The head goes out, the body never: the client sees a broken answer
                    # to a request the gateway has committed.
                    raise _Dropped
                return
            await send(message)

        with contextlib.suppress(_Dropped):
            await self.app(scope, receive, wrapped)
