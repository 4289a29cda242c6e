"""Admin routes shared by the reference servers: publishing item-list changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request

from department_servers.store import CaseStore


def add_item_admin(app: FastAPI, store: CaseStore, admin: Callable[..., None]) -> None:
    """``POST /admin/items`` with ``[{"code": ...}, ...]``: a new version of the list.

    Tests and benchmarks publish changes through it to exercise incremental sync;
    ``{"code": ..., "withdrawn": true}`` withdraws an item.
    """

    @app.post(
        "/admin/items",
        status_code=204,
        responses={401: {"description": "admin token required"}, 422: {"description": "bad list"}},
        dependencies=[Depends(admin)],
    )
    async def publish_items(request: Request) -> None:
        try:
            items: Any = json.loads(await request.body())
        except ValueError:
            raise HTTPException(422, "not JSON") from None
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and isinstance(i.get("code"), str) for i in items
        ):
            raise HTTPException(422, "a JSON array of items with a code")
        store.load_items(items)
