"""Platform client calls of app-code login (see docs/platform-api.yaml, ``/app-codes``).

:class:`AppCodeClient` is the platform client plus two calls: ``verify_app_code``
(kiosk token; token → identity, single use) and ``mint_app_code`` (admin token;
the reference server's stand-in for the government app). Transport failures and
5xx come out as the platform client's own errors (``PlatformUnavailable`` …); the
answers specific to app codes come out as the classes below, each naming what
went wrong so that the kiosk can tell the resident exactly that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import httpx

from offline_queue.client import PlatformClient, classify_response
from offline_queue.errors import PlatformError, PlatformRejected


class AppCodeError(PlatformRejected):
    """The platform refused the app code (a permanent answer about this token)."""

    resident_message = "二维码无效，请在政务服务App中重新亮码，或使用身份证办理。"


class AppCodeMalformed(AppCodeError):
    resident_message = "二维码无法识别，请在政务服务App中重新亮码。"


class AppCodeUnknown(AppCodeError):
    resident_message = "二维码无效，请确认使用的是政务服务App的亮码功能。"


class AppCodeExpired(AppCodeError):
    resident_message = "二维码已过期，请在App中刷新后重新扫码。"


class AppCodeUsed(AppCodeError):
    resident_message = "该二维码已使用过，请在App中刷新后重新扫码。"


_BY_CODE: dict[str, type[AppCodeError]] = {
    "malformed": AppCodeMalformed,
    "unknown": AppCodeUnknown,
    "expired": AppCodeExpired,
    "used": AppCodeUsed,
}


@dataclass(frozen=True)
class AppCodeIdentity:
    """The identity the platform returned (plain strings; the kiosk builds its model)."""

    id_type: str
    name: str = field(repr=False)
    id_number: str = field(repr=False)
    gender: str
    birth_date: str | None
    ethnicity: str = ""
    address: str = field(default="", repr=False)
    phone: str = field(default="", repr=False)
    expires_at: str = ""
    verified_at: str = ""
    #: The platform's proof of this identity event, for this session's look-ups.
    identity_token: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class MintedAppCode:
    token: str = field(repr=False)
    expires_at: dt.datetime


def _error_code(resp: httpx.Response) -> str:
    try:
        detail = resp.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return str(detail.get("code", "")) if isinstance(detail, dict) else ""


class AppCodeClient(PlatformClient):
    """:class:`PlatformClient` with the app-code calls."""

    def verify_app_code(
        self, token: str, kiosk_id: str, session_id: str | None = None
    ) -> AppCodeIdentity:
        """Token → identity. Consumes the token on the platform (single use).

        With ``session_id`` the answer carries the identity token of this session
        (the proof the e-licence look-up needs).
        """
        what = "verify app code"
        query = {"token": token, "kiosk_id": kiosk_id}
        if session_id is not None:
            query["session_id"] = session_id
        resp = self._request("POST", "/app-codes/verify", what, json=query)
        if resp.status_code in (400, 404, 410):
            code = _error_code(resp)
            cls = _BY_CODE.get(code)
            if cls is not None:
                raise cls(f"{what}: HTTP {resp.status_code}: {code}", status=resp.status_code)
        if resp.status_code >= 300:
            raise classify_response(resp, what)
        try:
            body: dict[str, Any] = resp.json()
            ident = body["identity"]
            return AppCodeIdentity(
                id_type=str(ident.get("id_type", "resident_id")),
                name=str(ident["name"]),
                id_number=str(ident["id_number"]),
                gender=str(ident.get("gender", "0")),
                birth_date=ident.get("birth_date"),
                ethnicity=str(ident.get("ethnicity", "")),
                address=str(ident.get("address", "")),
                phone=str(ident.get("phone", "")),
                expires_at=str(body.get("expires_at", "")),
                verified_at=str(body.get("verified_at", "")),
                identity_token=body.get("identity_token"),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            raise PlatformError(f"{what}: malformed answer", status=resp.status_code) from None

    def mint_app_code(self, identity: dict[str, Any], ttl_s: float = 120.0) -> MintedAppCode:
        """Mint a token (reference server only; needs the admin token as this client's token)."""
        body = self._checked(
            "POST", "/admin/app-codes", "mint app code", json={"identity": identity, "ttl_s": ttl_s}
        ).json()
        return MintedAppCode(body["token"], dt.datetime.fromisoformat(body["expires_at"]))
