"""Connector c: a 国密 gateway (social security): every call sealed and verified (gm_crypto)."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from typing import Any

import httpx

from kiosk.platform.connector import (
    CaseAck,
    CaseIn,
    CaseResult,
    CaseStatus,
    ConnectorStyle,
    IdentityBinding,
    ItemPage,
    Licence,
    LicenceGrant,
    LicenceNotBound,
    MalformedResponse,
    check_grant,
)
from kiosk.platform.gm_crypto import NonceCache, open_response, seal_request
from kiosk.platform.http_errors import call, check
from offline_queue.errors import PlatformBusy, PlatformNotFound, PlatformRejected
from offline_queue.tls import verify_for


class GmConnector:
    """``POST /gm/api`` of a 国密 gateway; see department_servers/gm.py."""

    style = ConnectorStyle.GM

    def __init__(
        self,
        name: str,
        url: str,
        app_id: str,
        client_private_key: bytes,
        gateway_public_key: bytes,
        *,
        timeout_s: float = 10.0,
        clock: Callable[[], float] = time.time,  # message timestamps are wall time by nature
        identity: IdentityBinding | None = None,
    ) -> None:
        self.name = name
        #: Who is identified now; without it every e-licence look-up is refused.
        self.identity = identity
        self.url = url.rstrip("/")
        self._app_id = app_id
        self._sk = client_private_key
        self._gw_pk = gateway_public_key
        self._clock = clock
        self._nonces = NonceCache()
        self._http = httpx.Client(base_url=self.url, timeout=timeout_s, verify=verify_for(self.url))

    def __repr__(self) -> str:
        return f"GmConnector({self.name!r}, {self.url!r}, app_id={self._app_id!r}, key=***)"

    def close(self) -> None:
        self._http.close()

    def _call(self, action: str, **args: Any) -> dict[str, Any]:
        what = f"{self.name} {action}"
        sealed = seal_request(self._app_id, {"action": action, **args}, self._sk, self._gw_pk, self._clock())  # fmt: skip
        resp = check(call(what, lambda: self._http.post("/gm/api", json=sealed.wire)), what)
        try:
            wire = resp.json()
        except ValueError:
            raise MalformedResponse(f"{what}: not JSON") from None
        body = open_response(wire, sealed, self._gw_pk, self._nonces, self._clock)
        code = body.get("code", "OK")
        if code == "OK":
            return dict(body.get("result") or {})
        detail = f"{what}: {code}: {body.get('message', '')}"
        if code == "NOT_FOUND":
            raise PlatformNotFound(detail)
        if code == "FORBIDDEN":  # a licence look-up for a second holder in one session
            raise LicenceNotBound(detail)
        if code == "BUSY":
            raise PlatformBusy(detail, status=503)
        raise PlatformRejected(detail)

    def fetch_items(self, since_version: int = 0) -> ItemPage:
        r = self._call("items", since_version=since_version)
        return ItemPage(int(r["version"]), bool(r["full"]), tuple(r["items"]))

    def lookup_licence(self, grant: LicenceGrant, licence_type: str) -> Licence | None:
        check_grant(grant, self.identity, f"{self.name} licence")
        try:
            r = self._call(
                "licence",
                holder_id=grant.holder_id,
                licence_type=licence_type,
                session_id=grant.session_id,
            )
        except PlatformNotFound:
            return None
        return Licence(str(r["licence_type"]), str(r["number"]), dict(r.get("fields", {})))

    def submit(self, case: CaseIn) -> CaseAck:
        r = self._call(
            "submit",
            idempotency_key=case.business_key,
            service_code=case.service_code,
            payload=case.payload,
            attachments=[
                {
                    "sha256": a.sha256,
                    "content_type": a.content_type,
                    "data_b64": base64.b64encode(a.data).decode(),
                }
                for a in case.attachments
            ],
        )
        return CaseAck(str(r["case_id"]), bool(r["duplicate"]))

    def query_status(self, case_id: str) -> CaseStatus:
        r = self._call("status", case_id=case_id)
        return CaseStatus(str(r["case_id"]), str(r["status"]))

    def fetch_result(self, case_id: str) -> CaseResult:
        r = self._call("result", case_id=case_id)
        return CaseResult(str(r["case_id"]), str(r["result_name"]), dict(r.get("data", {})))

    def cancel(self, case_id: str) -> CaseStatus:
        r = self._call("cancel", case_id=case_id)
        return CaseStatus(str(r["case_id"]), str(r["status"]))
