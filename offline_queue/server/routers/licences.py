"""``POST /v1/licences/lookup``: electronic licences (电子证照) of a resident, to prefill forms.

A POST, so the ID number travels in the body and never in a URL (URLs end up in
access logs and proxies).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from offline_queue.server.deps import KioskDep
from offline_queue.server.sample_data import LICENCES

router = APIRouter(prefix="/v1/licences", tags=["licences"])


class LicenceQuery(BaseModel):
    id_number: str = Field(pattern=r"^(\d{17}[0-9X]|\d{15}|[A-Z]{3}\d{12})$")


class LicenceOut(BaseModel):
    licence_type: str
    title: str
    number: str
    issuer: str
    valid_until: str | None = None
    fields: dict[str, str] = {}


class LicenceList(BaseModel):
    licences: list[LicenceOut]


def _licences(request: Request) -> dict[str, list[dict[str, Any]]]:
    cached: dict[str, list[dict[str, Any]]] | None = getattr(request.app.state, "licences", None)
    if cached is None:
        path = request.app.state.settings.licences_path
        cached = LICENCES if path is None else json.loads(path.read_text(encoding="utf-8"))
        request.app.state.licences = cached
    return cached


@router.post("/lookup", response_model=LicenceList)
def lookup(query: LicenceQuery, request: Request, _kiosk: KioskDep) -> LicenceList:
    """Licences held by the resident with this ID number (an empty list if none)."""
    items = _licences(request).get(query.id_number.upper(), [])
    return LicenceList(licences=[LicenceOut(**i) for i in items])
