"""REST/JSON department back end behind OAuth2 client credentials (RFC 6749 §4.4).

``POST /oauth/token`` (form: grant_type=client_credentials, client_id,
client_secret) gives a bearer token valid ``token_ttl_s``; every ``/api`` call
needs it. Submissions carry an ``Idempotency-Key``: the same key returns the
same case (``duplicate: true``). One instance is a province's platform, another
the national hub for cross-region (跨省通办) items.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Form, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from department_servers.admin import add_item_admin
from department_servers.faults import FaultInjector, Faults, faults_from_json
from department_servers.store import CaseStore, SessionHolders, load_items_file


@dataclass
class RestSettings:
    """One REST department server."""

    db_path: Path
    clients: dict[str, str] = field(default_factory=dict)  # client_id → secret
    admin_token: str = "admin"
    token_ttl_s: float = 3600.0
    items_file: Path | None = None
    case_prefix: str = "R"
    name: str = "rest"
    #: Region and promised days of this back end (the hub's differ from the province's).
    region: str = "350100"
    seed: int | None = None


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int


class OAuthError(BaseModel):
    error: str


B64 = r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"


class AttachmentIn(BaseModel):
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    content_type: str = Field(max_length=100)
    #: Standard base64 (RFC 4648 §4), padded: the schema says what the server decodes.
    data_b64: str = Field(pattern=B64)


class CaseIn(BaseModel):
    business_key: str = Field(min_length=1, max_length=64)
    service_code: str = Field(min_length=1, max_length=64)
    payload: dict[str, Any] = Field(default_factory=dict)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)


class CaseAck(BaseModel):
    case_id: str
    duplicate: bool


class CaseOut(BaseModel):
    case_id: str
    business_key: str
    service_code: str
    status: str


class ResultOut(BaseModel):
    case_id: str
    result_name: str
    data: dict[str, Any]


class LicenceQuery(BaseModel):
    holder_id: str = Field(min_length=1, max_length=32)
    licence_type: str = Field(min_length=1, max_length=64)
    #: The terminal's session of the identified resident: one session, one holder.
    session_id: str = Field(min_length=1, max_length=64)


class LicenceOut(BaseModel):
    licence_type: str
    number: str
    fields: dict[str, str]


class ItemsOut(BaseModel):
    version: int
    full: bool
    items: list[dict[str, Any]]


class Detail(BaseModel):
    detail: Any


def create_rest_app(settings: RestSettings, faults: Faults | None = None) -> Any:
    """The FastAPI app wrapped in fault injection; ``app.state`` holds store and faults."""
    store = CaseStore(settings.db_path, settings.case_prefix)
    store.load_items(load_items_file(settings.items_file))
    faults = faults or Faults()
    tokens: dict[str, float] = {}  # token → monotonic expiry
    lock = threading.Lock()
    app = FastAPI(title=f"Department REST API ({settings.name})", version="1.0")
    app.state.store, app.state.faults, app.state.tokens = store, faults, tokens
    app.state.token_requests = 0
    holders = app.state.licence_sessions = SessionHolders()

    def bearer(authorization: Annotated[str | None, Header()] = None) -> None:
        tok = (authorization or "").removeprefix("Bearer ").strip()
        with lock:
            exp = tokens.get(tok)
        if exp is None or exp < time.monotonic():
            raise HTTPException(401, "invalid or expired token", {"WWW-Authenticate": "Bearer"})

    def admin(x_admin_token: Annotated[str | None, Header()] = None) -> None:
        if not x_admin_token or not secrets.compare_digest(x_admin_token, settings.admin_token):
            raise HTTPException(401, "admin token required")

    auth: dict[int | str, dict[str, Any]] = {401: {"model": Detail}}

    @app.post(
        "/oauth/token",
        response_model=TokenOut,
        responses={400: {"model": OAuthError}, 401: {"model": OAuthError}},
    )
    def token(
        # Documented as the one grant we support; another value gets RFC 6749's 400.
        grant_type: Annotated[
            str, Form(min_length=1, json_schema_extra={"enum": ["client_credentials"]})
        ],
        client_id: Annotated[str, Form(min_length=1, max_length=128)],
        client_secret: Annotated[str, Form(min_length=1, max_length=256)],
    ) -> Any:
        app.state.token_requests += 1
        if grant_type != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, 400)
        known = settings.clients.get(client_id)
        if known is None or not secrets.compare_digest(known, client_secret):
            return JSONResponse({"error": "invalid_client"}, 401)
        tok = secrets.token_urlsafe(24)
        with lock:
            tokens[tok] = time.monotonic() + settings.token_ttl_s
        return TokenOut(access_token=tok, expires_in=int(settings.token_ttl_s))

    @app.get("/api/items", response_model=ItemsOut, responses=auth, dependencies=[Depends(bearer)])
    def items(since_version: Annotated[int, Query(ge=0)] = 0) -> ItemsOut:
        version, changed = store.items_since(since_version)
        return ItemsOut(version=version, full=since_version == 0, items=changed)

    @app.post(
        "/api/licences/lookup",
        response_model=LicenceOut,
        responses={
            **auth,
            404: {"model": Detail},
            403: {"model": Detail, "description": "this session looked up another holder"},
        },
        dependencies=[Depends(bearer)],
    )
    def licence(q: LicenceQuery) -> LicenceOut:
        if not holders.bind(q.session_id, q.holder_id):
            raise HTTPException(403, "this session is bound to another holder")
        # Fictional rule: holders whose number ends in an even digit have every licence.
        if not q.holder_id[-1:].isdigit() or int(q.holder_id[-1]) % 2:
            raise HTTPException(404, "no such licence")
        return LicenceOut(
            licence_type=q.licence_type,
            number=f"{settings.region}-{q.licence_type}-{q.holder_id[-4:]}",
            fields={"issuer": settings.name, "valid_until": "2030-12-31"},
        )

    @app.post(
        "/api/cases",
        response_model=CaseAck,
        status_code=201,
        responses={
            **auth,
            200: {"model": CaseAck, "description": "duplicate"},
            400: {"model": Detail},
        },
        dependencies=[Depends(bearer)],
    )
    def submit(
        case: CaseIn, idempotency_key: Annotated[str, Header(min_length=1, max_length=64)]
    ) -> Any:
        for a in case.attachments:
            try:
                base64.b64decode(a.data_b64, validate=True)
            except ValueError:
                raise HTTPException(400, "attachment is not base64") from None
        body = json.dumps(case.model_dump(), sort_keys=True).encode()
        stored, dup = store.add(case.business_key, case.service_code, body, idempotency_key)
        return JSONResponse({"case_id": stored.case_id, "duplicate": dup}, 200 if dup else 201)

    @app.get(
        "/api/cases/{case_id}",
        response_model=CaseOut,
        responses={**auth, 404: {"model": Detail}},
        dependencies=[Depends(bearer)],
    )
    def status(case_id: str) -> CaseOut:
        c = store.get(case_id)
        if c is None:
            raise HTTPException(404, "no such case")
        return CaseOut(
            case_id=c.case_id,
            business_key=c.business_key,
            service_code=c.service_code,
            status=c.status,
        )

    @app.get(
        "/api/cases/{case_id}/result",
        response_model=ResultOut,
        responses={**auth, 404: {"model": Detail}},
        dependencies=[Depends(bearer)],
    )
    def result(case_id: str) -> ResultOut:
        c = store.get(case_id)
        if c is None or c.status == "cancelled":
            raise HTTPException(404, "no result")
        return ResultOut(
            case_id=c.case_id, result_name=f"{c.service_code} 办理结果", data={"status": "办结"}
        )

    @app.post(
        "/api/cases/{case_id}/cancel",
        response_model=CaseOut,
        responses={**auth, 404: {"model": Detail}},
        dependencies=[Depends(bearer)],
    )
    def cancel(case_id: str) -> CaseOut:
        c = store.set_status(case_id, "cancelled")
        if c is None:
            raise HTTPException(404, "no such case")
        return CaseOut(
            case_id=c.case_id,
            business_key=c.business_key,
            service_code=c.service_code,
            status=c.status,
        )

    add_item_admin(app, store, admin)

    @app.put("/admin/faults", status_code=204, responses=auth, dependencies=[Depends(admin)])
    async def set_faults(request: Request) -> None:
        try:
            faults_from_json(faults, await request.body())
        except (TypeError, ValueError) as e:
            raise HTTPException(422, f"bad faults: {e}") from None

    @app.post(
        "/admin/revoke-tokens", status_code=204, responses=auth, dependencies=[Depends(admin)]
    )
    def revoke() -> None:
        with lock:
            tokens.clear()

    wrapped = FaultInjector(app, faults, settings.seed)
    wrapped.state = app.state  # type: ignore[attr-defined]
    return wrapped
