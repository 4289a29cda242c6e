"""``POST /v1/licences/lookup``: electronic licences (电子证照) of a resident, to prefill forms.

A POST, so the ID number travels in the body and never in a URL (URLs end up in
access logs and proxies). Bound to an identity event of the current session: see
:mod:`offline_queue.server.routers.identity`.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from offline_queue.server.deps import DbDep, KioskDep
from offline_queue.server.routers.identity import ID_NUMBER_RE, SESSION_RE, require_identity
from offline_queue.server.sample_data import LICENCES

router = APIRouter(prefix="/v1/licences", tags=["licences"])


class LicenceQuery(BaseModel):
    id_number: str = Field(pattern=ID_NUMBER_RE)
    #: From this session's identity event (routers/identity.py): no token, no look-up.
    identity_token: str = Field(min_length=1, max_length=128)
    session_id: str = Field(pattern=SESSION_RE)


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


@router.post(
    "/lookup",
    response_model=LicenceList,
    responses={403: {"description": "no live identity event of this resident at this kiosk"}},
)
def lookup(query: LicenceQuery, request: Request, kiosk: KioskDep, db: DbDep) -> LicenceList:
    """Licences held by the resident with this ID number (an empty list if none).

    Only for the resident identified in this kiosk's current session: the query must
    carry the identity token the platform issued at that identity event.
    """
    require_identity(db, kiosk, query.identity_token, query.session_id, query.id_number)
    items = _licences(request).get(query.id_number.upper(), [])
    return LicenceList(licences=[LicenceOut(**i) for i in items])
