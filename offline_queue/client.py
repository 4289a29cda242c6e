"""HTTP client for the platform API (see docs/platform-api.yaml).

Every failure is turned into one of the :mod:`offline_queue.errors` platform
classes, which is what the sync worker's retry/dead-letter decision rests on:

* transport errors, timeouts, TLS failures, dropped connections → PlatformUnavailable
* 5xx, 408, 409, 429 (with Retry-After) → PlatformBusy (retry)
* 401, 403 → PlatformAuthError (retry: a token is a terminal problem, not the submission's)
* any other 4xx → PlatformRejected (permanent, the server's reason kept)
"""

from __future__ import annotations

import email.utils
import logging
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from offline_queue.errors import (
    IdentityNotProven,
    PlatformAuthError,
    PlatformBusy,
    PlatformError,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnavailable,
    PlatformUnreachable,
)
from offline_queue.redact import redact
from offline_queue.tls import verify_for

log = logging.getLogger(__name__)

API_PREFIX = "/v1"
RETRYABLE_4XX = {408, 409, 429}


@dataclass(frozen=True)
class PlatformSettings:
    """Where the platform is and how to reach it safely."""

    url: str
    token: str = ""
    ca_path: Path | None = None
    verify_tls: bool = True
    timeout_s: float = 10.0


@dataclass(frozen=True)
class Acceptance:
    """The platform's answer to a submission."""

    acceptance_no: str
    duplicate: bool


@dataclass(frozen=True)
class DeviceHealth:
    """One device's state in a heartbeat."""

    name: str
    status: str
    detail: str = ""


@dataclass(frozen=True)
class Heartbeat:
    """What a kiosk reports periodically (no personal data)."""

    kiosk_id: str
    app_version: str
    config_version: str = ""
    devices: tuple[DeviceHealth, ...] = ()
    queue_pending: int = 0
    queue_dead: int = 0
    oldest_pending_age_s: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kiosk_id": self.kiosk_id,
            "app_version": self.app_version,
            "config_version": self.config_version,
            "devices": [
                {"name": d.name, "status": d.status, "detail": d.detail} for d in self.devices
            ],
            "queue": {
                "pending": self.queue_pending,
                "dead": self.queue_dead,
                "oldest_pending_age_s": self.oldest_pending_age_s,
            },
        }


@dataclass(frozen=True)
class Licence:
    """An electronic licence (电子证照) used to prefill forms."""

    licence_type: str
    title: str
    number: str
    issuer: str
    valid_until: str | None
    fields: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CaseStatus:
    """Where a case stands, looked up by its acceptance number."""

    acceptance_no: str
    service_code: str
    status: str
    status_text: str
    certificate_ready: bool
    updated_at: str


@dataclass(frozen=True)
class Catalog:
    """The service catalog/config as served by the platform (``None`` body: not modified)."""

    etag: str
    body: dict[str, Any] | None


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _reason(resp: httpx.Response) -> str:
    try:
        body = resp.json()
    except ValueError:
        return redact(resp.text[:300] or resp.reason_phrase)
    if isinstance(body, dict) and "detail" in body:
        return redact(str(body["detail"]))
    return redact(str(body)[:300])


def classify_response(resp: httpx.Response, what: str) -> PlatformError:
    """The error class for a non-2xx answer."""
    status = resp.status_code
    reason = f"{what}: HTTP {status}: {_reason(resp)}"
    if status in (401, 403):
        return PlatformAuthError(reason, status=status)
    if status >= 500 or status in RETRYABLE_4XX:
        return PlatformBusy(
            reason, status=status, retry_after_s=parse_retry_after(resp.headers.get("retry-after"))
        )
    if status == 404:
        return PlatformNotFound(reason, status=status)
    return PlatformRejected(reason, status=status)


class PlatformClient:
    """Synchronous client (used from the sync worker's thread, never the UI thread)."""

    def __init__(self, settings: PlatformSettings, transport: httpx.BaseTransport | None = None):
        self.settings = settings
        verify: ssl.SSLContext | bool
        if settings.url.startswith("https://") and not settings.verify_tls:
            log.warning("TLS verification is OFF for %s", settings.url)
            verify = False
        else:
            # Plain HTTP (loopback, tests) loads no CA bundle (~150 ms a restarting
            # worker should not pay for nothing); HTTPS shares the process's context.
            verify = verify_for(settings.url, settings.ca_path)
        headers = {"User-Agent": "kiosk-offline-queue/1"}
        if settings.token:
            headers["Authorization"] = f"Bearer {settings.token}"
        self._client_kw: dict[str, Any] = dict(
            base_url=settings.url.rstrip("/") + API_PREFIX,
            headers=headers,
            timeout=settings.timeout_s,
            verify=verify,
            transport=transport,
        )
        self._client: httpx.Client | None = None
        self._client_lock = threading.Lock()

    @property
    def _http(self) -> httpx.Client:
        """The HTTP client, made on first use: making one imports httpcore (90-370 ms),
        which must happen on the worker's thread, not on the UI thread at start-up."""
        with self._client_lock:
            if self._client is None:
                self._client = httpx.Client(**self._client_kw)
            return self._client

    def close(self) -> None:
        with self._client_lock:
            if self._client is not None:
                self._client.close()

    def __enter__(self) -> PlatformClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, path: str, what: str, **kw: Any) -> httpx.Response:
        try:
            return self._http.request(method, path, **kw)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as e:
            raise PlatformUnreachable(f"{what}: cannot connect: {type(e).__name__}: {e}") from None
        except httpx.TimeoutException as e:
            raise PlatformUnavailable(f"{what}: timeout ({type(e).__name__})") from None
        except httpx.TransportError as e:
            # Connection refused, reset, dropped mid-response, TLS verification failure…
            raise PlatformUnavailable(f"{what}: {type(e).__name__}: {e}") from None

    def _checked(self, method: str, path: str, what: str, **kw: Any) -> httpx.Response:
        resp = self._request(method, path, what, **kw)
        if resp.status_code >= 300 and resp.status_code != 304:
            raise classify_response(resp, what)
        return resp

    # --- submissions ------------------------------------------------------------------

    def has_attachment(self, sha256: str) -> bool:
        """HEAD: does the platform already hold this attachment?"""
        resp = self._request("HEAD", f"/attachments/{sha256}", f"HEAD attachment {sha256[:12]}")
        if resp.status_code == 404:
            return False
        if resp.status_code >= 300:
            raise classify_response(resp, f"HEAD attachment {sha256[:12]}")
        return True

    def put_attachment(self, sha256: str, data: bytes, content_type: str = "application/octet-stream") -> bool:  # fmt: skip
        """Upload an attachment by its sha256; True if the platform already had it."""
        resp = self._checked(
            "PUT",
            f"/attachments/{sha256}",
            f"PUT attachment {sha256[:12]}",
            content=data,
            headers={"Content-Type": "application/octet-stream", "X-Content-Type": content_type},
        )
        return bool(resp.json().get("already_present", resp.status_code == 200))

    def submit(self, envelope_json: bytes, idempotency_key: str) -> Acceptance:
        """POST the envelope; the same key twice returns the same acceptance number."""
        resp = self._checked(
            "POST",
            "/submissions",
            f"POST submission {idempotency_key}",
            content=envelope_json,
            headers={"Content-Type": "application/json", "Idempotency-Key": idempotency_key},
        )
        try:
            body = resp.json()
            return Acceptance(str(body["acceptance_no"]), bool(body.get("duplicate", False)))
        except (ValueError, KeyError, TypeError):
            raise PlatformBusy(
                f"POST submission {idempotency_key}: malformed answer", status=resp.status_code
            ) from None

    # --- other calls --------------------------------------------------------------------

    def heartbeat(self, hb: Heartbeat) -> None:
        self._checked("POST", "/heartbeat", "POST heartbeat", json=hb.to_json())

    def fetch_catalog(self, etag: str | None = None) -> Catalog:
        """The service catalog and terminal config; ``body`` is None when ``etag`` still holds."""
        headers = {"If-None-Match": etag} if etag else {}
        resp = self._checked("GET", "/catalog", "GET catalog", headers=headers)
        if resp.status_code == 304:
            return Catalog(etag or "", None)
        return Catalog(resp.headers.get("etag", ""), resp.json())

    def fetch_config(self, kiosk_id: str) -> dict[str, Any]:
        """Per-terminal settings published by the platform."""
        return dict(self._checked("GET", f"/kiosks/{kiosk_id}/config", "GET config").json())

    def identity_event(self, kiosk_id: str, session_id: str, attestation: dict[str, Any]) -> str:
        """A SAM-attested card read → the platform's identity token for this session.

        ``attestation`` holds ``id_number``, ``reader_key``, ``read_at_ms``, ``nonce`` and
        ``signature`` (``drivers/idcard/attest.py``). Raises :class:`IdentityNotProven`
        when the platform refuses the attestation.
        """
        body = {"kiosk_id": kiosk_id, "session_id": session_id, **attestation}
        resp = self._request("POST", "/identity-events", "identity event", json=body)
        self._raise_unproven(resp, "identity event")
        if resp.status_code >= 300:
            raise classify_response(resp, "identity event")
        return str(resp.json()["identity_token"])

    def lookup_licences(
        self, id_number: str, identity_token: str, session_id: str
    ) -> list[Licence]:
        """Electronic licences of the resident identified in this session.

        POST, so the ID number is not in any URL log; the platform answers only with
        the identity token of this kiosk's session for this ID number.
        """
        query = {"id_number": id_number, "identity_token": identity_token, "session_id": session_id}
        resp = self._request("POST", "/licences/lookup", "licence lookup", json=query)
        self._raise_unproven(resp, "licence lookup")
        if resp.status_code >= 300:
            raise classify_response(resp, "licence lookup")
        return [
            Licence(
                licence_type=item["licence_type"],
                title=item["title"],
                number=item["number"],
                issuer=item["issuer"],
                valid_until=item.get("valid_until"),
                fields=dict(item.get("fields", {})),
            )
            for item in resp.json().get("licences", [])
        ]

    @staticmethod
    def _raise_unproven(resp: httpx.Response, what: str) -> None:
        """A 403 naming a reason is the identity binding's refusal, not a bad kiosk token."""
        if resp.status_code != 403:
            return
        try:
            detail = resp.json().get("detail")
        except (ValueError, AttributeError):
            return
        if isinstance(detail, dict) and detail.get("code"):
            raise IdentityNotProven(f"{what}: HTTP 403: {detail['code']}", status=403)

    def case_status(self, acceptance_no: str) -> CaseStatus:
        """Status of a case by acceptance number (from a receipt QR code)."""
        body = self._checked("GET", f"/cases/{acceptance_no}", "case status").json()
        return CaseStatus(
            acceptance_no=body["acceptance_no"],
            service_code=body["service_code"],
            status=body["status"],
            status_text=body["status_text"],
            certificate_ready=bool(body["certificate_ready"]),
            updated_at=body["updated_at"],
        )
