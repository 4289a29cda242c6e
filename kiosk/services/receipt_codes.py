"""Acceptance-receipt QR codes: their payload, and "scan your receipt" to follow a case.

Payload (the ``track_url`` field of ``printer_templates``' acceptance receipt):

* ``<receipt_track_url>?n=<acceptance number>`` once the platform has accepted the
  submission (the printing templates' sample uses the same ``n`` parameter);
* ``<receipt_track_url>?s=<submission id>&k=<kiosk id>`` for a receipt printed
  while the terminal was offline (the acceptance number does not exist yet; the
  submission id is the outbox's, known at once).

It is a URL so that a resident's phone camera opens the tracking page; a kiosk
reads the parameters back with :func:`parse_receipt_code`. Build payloads with
:func:`receipt_track_url` — ``printer_templates`` imports nothing of ours, so the
code composing the receipt data (the core) calls it and passes the result as
``track_url``.

:class:`ReceiptLookup` finds the case: from the platform when it answers, else from
the local outbox (a submission queued here and not synced yet, or acknowledged
here before the network went down), and says whether a certificate is ready. The
certificate itself is released by the platform only to its holder:
:meth:`ReceiptLookup.certificate_for_reprint` takes the identity the resident just
proved at the terminal. Lookups do network I/O: call them from a worker thread.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from kiosk.errors import KioskError
from kiosk.identity.document import IdentityDocument
from kiosk.privacy import mask_id_number
from offline_queue.client import CaseStatus
from offline_queue.errors import (
    PlatformError,
    PlatformNotFound,
    QueueError,
    SubmissionNotFound,
)
from offline_queue.models import State, SubmissionInfo
from offline_queue.receipt_client import (
    CertificateNotReady,
    IssuedCertificate,
    NotTheApplicant,
    ReceiptClient,
)

log = logging.getLogger(__name__)

#: Acceptance numbers and submission ids: letters, digits and dashes only.
# Always used with fullmatch: "$" would let a trailing newline through (and on into
# an httpx.InvalidURL outside our error classes).
_NUMBER_RE = re.compile(r"[A-Za-z0-9-]{6,40}")
_KIOSK_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")


class ReceiptCodeError(KioskError):
    resident_message = "未能查询办理进度，请稍后再试或咨询工作人员。"


class NotAReceiptCode(ReceiptCodeError):
    resident_message = "这不是本平台的受理回执二维码，请扫描回执上的二维码。"


class CaseNotFound(ReceiptCodeError):
    resident_message = "未查询到该回执对应的办理记录，请核对回执或咨询工作人员。"


class CaseLookupUnavailable(ReceiptCodeError):
    resident_message = "网络暂时不可用，暂时无法查询办理进度，请稍后再试。"


class ReprintRefused(ReceiptCodeError):
    """The certificate cannot be re-printed (not ready, not the applicant, offline)."""

    resident_message = "暂时无法打印证明，请稍后再试或咨询工作人员。"


@dataclass(frozen=True)
class ReceiptCode:
    """What a receipt's QR code says."""

    acceptance_no: str | None = None
    submission_id: str | None = None
    kiosk_id: str | None = None


def receipt_track_url(
    base_url: str,
    acceptance_no: str | None = None,
    submission_id: str | None = None,
    kiosk_id: str | None = None,
) -> str:
    """The receipt QR payload (see the module docstring for the format)."""
    if acceptance_no:
        _check_number(acceptance_no, "acceptance number")
        if not submission_id:
            return f"{base_url}?{urlencode({'n': acceptance_no})}"
        # The submission id is the receipt's unguessable token: another kiosk reads the
        # case with it (the sequential acceptance number opens nothing there).
        _check_number(submission_id, "submission id")
        return f"{base_url}?{urlencode({'n': acceptance_no, 's': submission_id})}"
    if not submission_id:
        raise ValueError("a receipt code needs an acceptance number or a submission id")
    _check_number(submission_id, "submission id")
    params = {"s": submission_id}
    if kiosk_id:
        params["k"] = kiosk_id
    return f"{base_url}?{urlencode(params)}"


def _check_number(value: str, what: str) -> None:
    if not _NUMBER_RE.fullmatch(value):
        raise ValueError(f"{what} {value!r} has characters a receipt code cannot carry")


def parse_receipt_code(text: str, base_url: str) -> ReceiptCode:
    """Read a scanned receipt code back; raise :class:`NotAReceiptCode` otherwise.

    The scheme may differ (http/https) and the host is compared without case, so a
    code printed by any terminal of the same platform is accepted.
    """
    text = text.strip()
    try:
        got = urlsplit(text)
        want = urlsplit(base_url)
    except ValueError:
        raise NotAReceiptCode("not a URL") from None
    if (
        got.scheme not in ("http", "https")
        or got.netloc.lower() != want.netloc.lower()
        or got.path.rstrip("/") != want.path.rstrip("/")
    ):
        raise NotAReceiptCode(f"not a receipt URL ({len(text)} chars)")
    q = parse_qs(got.query, keep_blank_values=False)

    def one(key: str) -> str | None:
        values = q.get(key)
        return values[0] if values else None

    acceptance_no, submission_id, kiosk_id = one("n"), one("s"), one("k")
    if acceptance_no is not None and not _NUMBER_RE.fullmatch(acceptance_no):
        raise NotAReceiptCode("receipt URL with a malformed acceptance number")
    if submission_id is not None and not _NUMBER_RE.fullmatch(submission_id):
        raise NotAReceiptCode("receipt URL with a malformed submission id")
    if kiosk_id is not None and not _KIOSK_RE.fullmatch(kiosk_id):
        kiosk_id = None
    if acceptance_no is None and submission_id is None:
        raise NotAReceiptCode("receipt URL without n= or s=")
    return ReceiptCode(acceptance_no, submission_id, kiosk_id)


def is_receipt_code(text: str, base_url: str) -> bool:
    """True when ``text`` is one of our receipt codes (used to route a scan)."""
    try:
        parse_receipt_code(text, base_url)
    except NotAReceiptCode:
        return False
    return True


class CaseSource(StrEnum):
    PLATFORM = "platform"
    LOCAL_OUTBOX = "local_outbox"


#: What the resident sees for a submission still in this terminal's outbox.
LOCAL_STATUS_TEXT = {
    State.PENDING: "已在本终端保存，网络恢复后将自动提交",
    State.SENDING: "正在提交至政务服务平台",
    State.ACKNOWLEDGED: "已提交至政务服务平台",
    State.DEAD: "提交未成功，请咨询工作人员",
}


@dataclass(frozen=True)
class CaseView:
    """A case's status as shown to the resident, wherever it came from."""

    source: CaseSource
    status: str
    status_text: str
    acceptance_no: str | None = None
    submission_id: str | None = None
    service_code: str = ""
    certificate_ready: bool = False
    updated_at: str = ""

    @property
    def can_reprint(self) -> bool:
        """A certificate can be re-printed (after the resident identifies)."""
        return self.certificate_ready and self.acceptance_no is not None


class ReceiptLookup:
    """Scanned receipt → case status (platform first, local outbox as fallback)."""

    def __init__(self, client: ReceiptClient | None, outbox: Any | None, base_url: str) -> None:
        self.client = client
        self.outbox = outbox
        self.base_url = base_url

    def lookup_text(self, scanned: str) -> CaseView:
        return self.lookup(parse_receipt_code(scanned, self.base_url))

    def lookup(self, code: ReceiptCode) -> CaseView:
        local = self._local(code)
        acceptance_no = code.acceptance_no or (local.acceptance_no if local else None)
        offline_reason = "no platform client"
        if self.client is not None:
            try:
                if code.submission_id:
                    return _from_platform(self.client.case_by_submission(code.submission_id), code)
                assert acceptance_no is not None
                return _from_platform(self.client.case_status(acceptance_no), code)
            except PlatformNotFound as e:
                if local is None:
                    raise CaseNotFound(f"platform has no case: {e.detail}") from None
                offline_reason = e.detail  # ours, not synced yet: the outbox knows better
            except PlatformError as e:
                offline_reason = e.detail
        if local is not None:
            return _from_outbox(local)
        if code.kiosk_id and code.submission_id:
            # Printed offline at another terminal that has not synced it yet.
            raise CaseLookupUnavailable(
                f"submission {code.submission_id} of kiosk {code.kiosk_id} unknown here"
                f" ({offline_reason})",
                "该申请尚未上传至政务服务平台（在受理终端排队提交中），请稍后再查询。",
            )
        raise CaseLookupUnavailable(f"platform unavailable and not in the outbox: {offline_reason}")

    def _local(self, code: ReceiptCode) -> SubmissionInfo | None:
        if self.outbox is None:
            return None
        try:
            if code.submission_id:
                return self.outbox.get(code.submission_id)
            for info in self.outbox.list(State.ACKNOWLEDGED, limit=100_000):
                if info.acceptance_no == code.acceptance_no:
                    return info
        except SubmissionNotFound:
            return None
        except QueueError as e:
            log.warning("receipt lookup: outbox unavailable: %s", e.detail)
        return None

    def certificate_for_reprint(
        self, case: CaseView, resident: IdentityDocument
    ) -> IssuedCertificate:
        """The issued certificate of ``case``, for ``resident`` (who has just identified).

        The platform checks that the resident is the holder; the kiosk only asks.
        """
        if not case.can_reprint or case.acceptance_no is None:
            raise ReprintRefused(
                "no certificate ready for this case", CertificateNotReady.resident_message
            )
        if self.client is None:
            raise ReprintRefused("no platform client", CaseLookupUnavailable.resident_message)
        try:
            cert = self.client.certificate_for_reprint(
                case.acceptance_no, resident.id_number, case.submission_id
            )
        except (NotTheApplicant, CertificateNotReady) as e:
            raise ReprintRefused(
                f"{e.detail} (resident {mask_id_number(resident.id_number)})", e.resident_message
            ) from None
        except PlatformNotFound as e:
            raise CaseNotFound(e.detail) from None
        except PlatformError as e:
            raise ReprintRefused(
                f"platform unavailable: {e.detail}",
                "网络暂时不可用，暂时无法打印证明，请稍后再试。",
            ) from None
        log.info("certificate of %s released for re-print", case.acceptance_no)
        return cert


def _from_platform(case: CaseStatus, code: ReceiptCode) -> CaseView:
    return CaseView(
        source=CaseSource.PLATFORM,
        status=case.status,
        status_text=case.status_text,
        acceptance_no=case.acceptance_no,
        submission_id=code.submission_id,
        service_code=case.service_code,
        certificate_ready=case.certificate_ready,
        updated_at=case.updated_at,
    )


def _from_outbox(info: SubmissionInfo) -> CaseView:
    return CaseView(
        source=CaseSource.LOCAL_OUTBOX,
        status=f"outbox_{info.state.value}",
        status_text=LOCAL_STATUS_TEXT[info.state],
        acceptance_no=info.acceptance_no,
        submission_id=info.id,
        service_code=info.service_code,
        certificate_ready=False,  # only the platform knows about certificates
        updated_at="",
    )
