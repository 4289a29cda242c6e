"""Dependencies shared by every router: the database, settings, kiosk and admin auth."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from offline_queue.server.db import ServerDB
from offline_queue.server.settings import ServerSettings

_bearer = HTTPBearer(auto_error=False)


# The dependencies are ``async`` on purpose: they do no I/O, and FastAPI would run
# sync ones in the thread pool (a thread hop each, per request).


async def get_db(request: Request) -> ServerDB:
    """The server database handle (``db.connection()`` / ``db.transaction()`` in the endpoint)."""
    db: ServerDB = request.app.state.db
    return db


async def get_settings(request: Request) -> ServerSettings:
    settings: ServerSettings = request.app.state.settings
    return settings


@dataclass(frozen=True)
class Kiosk:
    """The authenticated caller: a kiosk id, or ``*`` for a token valid for any kiosk."""

    kiosk_id: str

    def may_act_for(self, kiosk_id: str) -> bool:
        return self.kiosk_id in ("*", kiosk_id)

    def check(self, kiosk_id: str) -> None:
        """403 unless this token belongs to ``kiosk_id``."""
        if not self.may_act_for(kiosk_id):
            raise HTTPException(403, f"token does not belong to kiosk {kiosk_id}")


BearerCreds = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
#: ``settings: SettingsDep`` in an endpoint signature.
SettingsDep = Annotated[ServerSettings, Depends(get_settings)]
#: ``db: DbDep`` in an endpoint signature.
DbDep = Annotated[ServerDB, Depends(get_db)]


async def require_kiosk(creds: BearerCreds, settings: SettingsDep) -> Kiosk:
    """Bearer token → kiosk; 401 when missing or unknown (open server: anyone is ``*``)."""
    if not settings.tokens:
        return Kiosk("*")
    if creds is None or creds.scheme.lower() != "bearer":
        raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
    for token, kiosk_id in settings.tokens.items():
        if hmac.compare_digest(token.encode(), creds.credentials.encode()):
            return Kiosk(kiosk_id)
    raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})


async def require_admin(creds: BearerCreds, settings: SettingsDep) -> None:
    """The admin token; admin endpoints do not exist (404) when none is configured."""
    if not settings.admin_token:
        raise HTTPException(404, "admin endpoints are disabled")
    if creds is None or not hmac.compare_digest(
        creds.credentials.encode(), settings.admin_token.encode()
    ):
        raise HTTPException(401, "admin token required", headers={"WWW-Authenticate": "Bearer"})


#: ``kiosk: KioskDep`` in an endpoint signature: the authenticated kiosk.
KioskDep = Annotated[Kiosk, Depends(require_kiosk)]
#: ``_admin: AdminDep`` (or ``dependencies=[Depends(require_admin)]`` on the router).
AdminDep = Annotated[None, Depends(require_admin)]
