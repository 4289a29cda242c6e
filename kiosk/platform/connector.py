"""The department connector interface: one per back end the shared terminal talks to.

A connector can fetch its item list (full, then incremental by version), look up
e-licences for prefill (for the resident identified in the session under way only:
:class:`LicenceGrant`), submit a case with an idempotency key (or, for a legacy
system without one, query by our business key before any resubmission), query a
case's status, fetch its result and cancel it. Failures are the offline queue's
platform errors (:mod:`offline_queue.errors`), so the sync worker's lane for the
connector can tell "department down" (pause the lane) from "this case refused"
(dead letter); each carries a resident-safe message and a technician detail.

The sync worker (``offline_queue.sync``) knows only its small ``Destination``
protocol; :class:`kiosk.platform.dispatch.ConnectorDestination` adapts a
connector to it. Dispatch stays generic in ``offline_queue`` (which imports
nothing of ours); the kiosk registers connectors into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from kiosk.errors import KioskError
from kiosk.privacy import mask_id_number
from offline_queue.errors import PlatformError


class ConnectorStyle(StrEnum):
    REST = "rest"  # REST/JSON, OAuth2 client credentials
    SOAP = "soap"  # SOAP 1.1 WebService, no idempotency key
    GM = "gm"  # 国密 gateway: SM2 signature over SM3, SM4 body


@dataclass(frozen=True)
class CaseAttachment:
    sha256: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class CaseIn:
    """A case to submit. ``business_key`` is our submission id: the idempotency key."""

    business_key: str
    service_code: str
    payload: dict[str, Any]
    attachments: tuple[CaseAttachment, ...] = ()


@dataclass(frozen=True)
class CaseAck:
    case_id: str
    duplicate: bool


@dataclass(frozen=True)
class CaseStatus:
    case_id: str
    status: str


@dataclass(frozen=True)
class CaseResult:
    case_id: str
    result_name: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Licence:
    licence_type: str
    number: str
    fields: dict[str, str] = field(default_factory=dict)


class LicenceNotBound(KioskError):
    """An e-licence look-up for no one identified now, or for someone other than the resident.

    Never sent: the department is asked only about the resident identified in the
    session under way (their card read or app-code login), never about an ID typed
    or guessed.
    """

    resident_message = "请先核验身份后再查询电子证照。"


@dataclass(frozen=True)
class LicenceGrant:
    """Leave to look up the e-licences of one identified resident in one session.

    Made from the live session (:class:`IdentityBinding`), never from a bare ID;
    every connector checks it against the live session again before sending
    (:func:`check_grant`): a grant kept past its session, or made up for another
    ID, is refused.
    """

    session_id: str
    holder_id: str

    def __repr__(self) -> str:  # no full ID number in logs or tracebacks
        return f"LicenceGrant(session={self.session_id!r}, holder={mask_id_number(self.holder_id)})"


class IdentityBinding(Protocol):
    """Who is identified now: (session id, ID number) of the live session's resident, or None."""

    def current(self) -> tuple[str, str] | None: ...


def check_grant(grant: LicenceGrant, binding: IdentityBinding | None, what: str) -> None:
    """Raise :class:`LicenceNotBound` unless ``grant`` is for the resident identified now."""
    now = binding.current() if binding is not None else None
    if now is None:
        raise LicenceNotBound(f"{what}: no resident identified in a session; not sent")
    if (grant.session_id, grant.holder_id) != now:
        raise LicenceNotBound(
            f"{what}: the grant is not for the resident identified in this session; not sent"
        )


@dataclass(frozen=True)
class ItemPage:
    """What :meth:`Connector.fetch_items` returns: the list's version and changed items."""

    version: int
    full: bool
    items: tuple[dict[str, Any], ...]


class MalformedResponse(PlatformError):
    """The back end answered something we cannot read (bad JSON/XML, missing fields).

    Retried (a PlatformError, not a rejection): the back end is at fault, not the
    case, and nothing of the answer is trusted.
    """

    resident_message = "部门系统返回异常，您的申请已安全保存，恢复后将自动提交。"


class Connector(Protocol):
    """One department back end (see the module docstring)."""

    name: str
    style: ConnectorStyle
    url: str

    def fetch_items(self, since_version: int = 0) -> ItemPage: ...

    def lookup_licence(self, grant: LicenceGrant, licence_type: str) -> Licence | None:
        """The identified resident's licence (None: they have none); see :class:`LicenceGrant`."""
        ...

    def submit(self, case: CaseIn) -> CaseAck: ...

    def query_status(self, case_id: str) -> CaseStatus: ...

    def fetch_result(self, case_id: str) -> CaseResult: ...

    def cancel(self, case_id: str) -> CaseStatus: ...

    def close(self) -> None: ...
