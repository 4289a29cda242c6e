"""Connector a: REST/JSON behind OAuth2 client credentials (also the national hub's style)."""

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
from kiosk.platform.http_errors import call, check
from kiosk.platform.oauth import TokenSource
from offline_queue.errors import PlatformAuthError, PlatformNotFound
from offline_queue.tls import verify_for


class RestConnector:
    """``/api/...`` of a REST department server; see department_servers/rest.py."""

    style = ConnectorStyle.REST

    def __init__(
        self,
        name: str,
        url: str,
        client_id: str,
        client_secret: str,
        *,
        token_path: str = "/oauth/token",
        timeout_s: float = 10.0,
        refresh_margin_s: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
        identity: IdentityBinding | None = None,
    ) -> None:
        self.name = name
        self.url = url.rstrip("/")
        #: Who is identified now; without it every e-licence look-up is refused.
        self.identity = identity
        self._http = httpx.Client(base_url=self.url, timeout=timeout_s, verify=verify_for(self.url))
        self.tokens = TokenSource(
            self._http,
            token_path,
            client_id,
            client_secret,
            refresh_margin_s=refresh_margin_s,
            clock=clock,
        )

    def close(self) -> None:
        self._http.close()

    def _request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        """One call with the bearer token; a 401 refreshes the token once and retries once."""
        what = f"{self.name} {method} {path.split('?')[0]}"
        for attempt in (1, 2):
            tok = self.tokens.token()
            headers = {**kw.pop("headers", {}), "Authorization": f"Bearer {tok}"}
            resp = call(what, lambda h=headers: self._http.request(method, path, headers=h, **kw))  # type: ignore[misc]
            if resp.status_code == 401 and attempt == 1:
                self.tokens.invalidate(tok)
                kw["headers"] = {k: v for k, v in headers.items() if k != "Authorization"}
                continue
            return check(resp, what)
        raise PlatformAuthError(f"{what}: refused after a token refresh")  # pragma: no cover

    @staticmethod
    def _json(resp: httpx.Response, what: str) -> dict[str, Any]:
        try:
            data = resp.json()
        except ValueError:
            raise MalformedResponse(f"{what}: not JSON: {resp.text[:80]!r}") from None
        if not isinstance(data, dict):
            raise MalformedResponse(f"{what}: not a JSON object")
        return data

    def fetch_items(self, since_version: int = 0) -> ItemPage:
        d = self._json(self._request("GET", f"/api/items?since_version={since_version}"), "items")
        try:
            return ItemPage(int(d["version"]), bool(d["full"]), tuple(d["items"]))
        except (KeyError, TypeError, ValueError) as e:
            raise MalformedResponse(f"{self.name} items: {e}") from None

    def lookup_licence(self, grant: LicenceGrant, licence_type: str) -> Licence | None:
        check_grant(grant, self.identity, f"{self.name} licence")
        try:
            resp = self._request(
                "POST",
                "/api/licences/lookup",
                json={
                    "holder_id": grant.holder_id,
                    "licence_type": licence_type,
                    "session_id": grant.session_id,
                },
            )
        except PlatformNotFound:
            return None
        except PlatformAuthError as e:
            if e.status != 403:
                raise
            # The department binds one session to one holder (a second one is refused).
            raise LicenceNotBound(e.detail) from None
        d = self._json(resp, "licence")
        return Licence(str(d["licence_type"]), str(d["number"]), dict(d.get("fields", {})))

    def submit(self, case: CaseIn) -> CaseAck:
        body = {
            "business_key": case.business_key,
            "service_code": case.service_code,
            "payload": case.payload,
            "attachments": [
                {
                    "sha256": a.sha256,
                    "content_type": a.content_type,
                    "data_b64": base64.b64encode(a.data).decode(),
                }
                for a in case.attachments
            ],
        }
        resp = self._request(
            "POST", "/api/cases", json=body, headers={"Idempotency-Key": case.business_key}
        )
        d = self._json(resp, "submit")
        try:
            return CaseAck(str(d["case_id"]), bool(d["duplicate"]))
        except KeyError as e:
            raise MalformedResponse(f"{self.name} submit: missing {e}") from None

    def query_status(self, case_id: str) -> CaseStatus:
        d = self._json(self._request("GET", f"/api/cases/{case_id}"), "status")
        return CaseStatus(str(d["case_id"]), str(d["status"]))

    def fetch_result(self, case_id: str) -> CaseResult:
        d = self._json(self._request("GET", f"/api/cases/{case_id}/result"), "result")
        return CaseResult(str(d["case_id"]), str(d["result_name"]), dict(d.get("data", {})))

    def cancel(self, case_id: str) -> CaseStatus:
        d = self._json(self._request("POST", f"/api/cases/{case_id}/cancel"), "cancel")
        return CaseStatus(str(d["case_id"]), str(d["status"]))
