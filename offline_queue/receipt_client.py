"""Platform client calls behind receipt QR codes (see docs/platform-api.yaml, ``/cases``).

:class:`ReceiptClient` is the platform client (which already has ``case_status``)
plus: the case of a submission id (receipts printed offline), the issued
certificate for re-printing (applicant only), and — reference server, admin
token — issuing a certificate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx

from offline_queue.client import CaseStatus, PlatformClient, classify_response
from offline_queue.errors import PlatformError, PlatformNotFound, PlatformRejected


class CertificateNotReady(PlatformRejected):
    resident_message = "证明材料尚未出具，请稍后再查询。"


class NotTheApplicant(PlatformRejected):
    resident_message = "只有申请人本人可以打印该证明，请申请人本人刷证后再试。"


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate as issued by the platform: a template name and its fields."""

    acceptance_no: str
    template: str
    data: dict[str, Any] = field(repr=False)
    issued_at: str
    #: The platform's seal over ``data`` (None: issued without one; not printable).
    key_id: str | None = None
    signature: str | None = None


def _case(body: dict[str, Any]) -> CaseStatus:
    return CaseStatus(
        acceptance_no=body["acceptance_no"],
        service_code=body["service_code"],
        status=body["status"],
        status_text=body["status_text"],
        certificate_ready=bool(body["certificate_ready"]),
        updated_at=body["updated_at"],
    )


def _code(resp: httpx.Response) -> str:
    try:
        detail = resp.json().get("detail")
    except (ValueError, AttributeError):
        return ""
    return str(detail.get("code", "")) if isinstance(detail, dict) else ""


def _issued(resp: httpx.Response, what: str) -> IssuedCertificate:
    try:
        body = resp.json()
        return IssuedCertificate(
            body["acceptance_no"],
            body["template"],
            dict(body["data"]),
            body.get("issued_at", ""),
            body.get("key_id"),
            body.get("signature"),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise PlatformError(f"{what}: malformed answer ({e})") from None


class ReceiptClient(PlatformClient):
    """:class:`PlatformClient` with the receipt follow-up calls."""

    def case_by_submission(self, submission_id: str) -> CaseStatus:
        """The case made from a submission id; PlatformNotFound while nobody synced it."""
        body = self._checked(
            "GET", f"/cases/by-submission/{submission_id}", "case by submission"
        ).json()
        try:
            return _case(body)
        except (KeyError, TypeError) as e:
            raise PlatformError(f"case by submission: malformed answer ({e})") from None

    def certificate_for_reprint(
        self, acceptance_no: str, id_number: str, submission_id: str | None = None
    ) -> IssuedCertificate:
        """The issued certificate, if ``id_number`` is its holder's (POST: no ID in URLs).

        ``submission_id`` (from the receipt) proves the receipt is at hand when this
        kiosk did not file the case.
        """
        what = f"certificate of {acceptance_no}"
        query: dict[str, str] = {"id_number": id_number}
        if submission_id:
            query["submission_id"] = submission_id
        resp = self._request("POST", f"/cases/{acceptance_no}/certificate", what, json=query)
        code = _code(resp) if resp.status_code in (403, 404, 409) else ""
        if code == "not_ready":
            raise CertificateNotReady(f"{what}: not issued yet", status=resp.status_code)
        if code == "not_applicant":
            raise NotTheApplicant(f"{what}: resident is not the holder", status=resp.status_code)
        if code == "unknown":
            raise PlatformNotFound(f"{what}: no such case", status=resp.status_code)
        if resp.status_code >= 300:
            raise classify_response(resp, what)
        return _issued(resp, what)

    def issue_instant_certificate(
        self, acceptance_no: str, template: str, data: dict[str, Any]
    ) -> IssuedCertificate:
        """Instant approval: the platform checks, dates and seals the proposed certificate."""
        what = f"seal certificate of {acceptance_no}"
        resp = self._request(
            "POST",
            f"/cases/{acceptance_no}/certificate/issue",
            what,
            json={"template": template, "data": data},
        )
        if resp.status_code >= 300:
            err = classify_response(resp, what)
            code = _code(resp)
            if code:
                err.detail += f" ({code})"
            raise err
        return _issued(resp, what)

    def issue_certificate(
        self,
        acceptance_no: str,
        template: str,
        data: dict[str, Any],
        holder_id_number: str | None = None,
    ) -> CaseStatus:
        """Issue a certificate (reference server; this client's token must be the admin's)."""
        body: dict[str, Any] = {"template": template, "data": data}
        if holder_id_number is not None:
            body["holder_id_number"] = holder_id_number
        return _case(
            self._checked(
                "PUT", f"/admin/cases/{acceptance_no}/certificate", "issue certificate", json=body
            ).json()
        )
