"""``GET /v1/catalog`` (service catalog, with ETag) and ``GET /v1/kiosks/{id}/config``."""

from __future__ import annotations

import hashlib
import json
import tomllib
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from offline_queue.server.deps import KioskDep, SettingsDep
from offline_queue.server.sample_data import EMPTY_CATALOG
from offline_queue.server.settings import ServerSettings

router = APIRouter(prefix="/v1", tags=["catalog"])


def load_catalog(settings: ServerSettings) -> dict[str, Any]:
    """The catalog file named in the settings (TOML or JSON), or an empty catalog."""
    path = settings.catalog_path
    if path is None:
        return EMPTY_CATALOG
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: the catalog must be a table/object")
    return data


def _catalog(request: Request) -> tuple[str, bytes]:
    cached: tuple[str, bytes] | None = getattr(request.app.state, "catalog", None)
    if cached is None:
        try:
            data = load_catalog(request.app.state.settings)
        except (OSError, ValueError) as e:
            raise HTTPException(503, f"catalog unavailable: {e}") from None
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
        cached = (f'"{hashlib.sha256(body).hexdigest()[:32]}"', body)
        request.app.state.catalog = cached
    return cached


@router.get(
    "/catalog",
    responses={200: {"description": "the catalog (JSON)"}, 304: {"description": "not modified"}},
)
def get_catalog(request: Request, _kiosk: KioskDep) -> Response:
    """The service catalog. Send ``If-None-Match`` with the last ETag to get 304 when unchanged."""
    etag, body = _catalog(request)
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag})
    return Response(body, media_type="application/json", headers={"ETag": etag})


class KioskSettings(BaseModel):
    kiosk_id: str
    heartbeat_interval_s: float
    announcement: str
    catalog_etag: str
    server_time: str


@router.get(
    "/kiosks/{kiosk_id}/config",
    response_model=KioskSettings,
    responses={403: {"description": "the token belongs to another kiosk"}},
)
def get_kiosk_config(
    kiosk_id: str,
    request: Request,
    kiosk: KioskDep,
    settings: SettingsDep,
) -> KioskSettings | JSONResponse:
    """Settings the platform publishes to one terminal."""
    kiosk.check(kiosk_id)
    return KioskSettings(
        kiosk_id=kiosk_id,
        heartbeat_interval_s=settings.heartbeat_interval_s,
        announcement=settings.announcement,
        catalog_etag=_catalog(request)[0],
        server_time=datetime.now(UTC).isoformat(),
    )
