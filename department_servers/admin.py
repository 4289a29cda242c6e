"""Admin routes shared by the reference servers: publishing item-list changes."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Depends, FastAPI
from pydantic import BaseModel, ConfigDict, Field

from department_servers.store import CaseStore


class ItemPatch(BaseModel):
    """An item as published: its code, and whatever else the item list carries."""

    model_config = ConfigDict(extra="allow")
    code: str = Field(min_length=1, max_length=64)
    withdrawn: bool = False


def add_item_admin(app: FastAPI, store: CaseStore, admin: Callable[..., None]) -> None:
    """``POST /admin/items`` with ``[{"code": ...}, ...]``: a new version of the list.

    Tests and benchmarks publish changes through it to exercise incremental sync;
    ``{"code": ..., "withdrawn": true}`` withdraws an item.
    """

    @app.post(
        "/admin/items",
        status_code=204,
        responses={401: {"description": "admin token required"}},
        dependencies=[Depends(admin)],
    )
    def publish_items(items: list[ItemPatch]) -> None:
        store.load_items([i.model_dump(exclude_defaults=True) | {"code": i.code} for i in items])
