"""Connector b: a legacy SOAP WebService through zeep, against the department's WSDL.

The system has no idempotency key. Exactly-once without server help: before any
submission the connector asks ``QueryCaseByBusinessKey`` with our business key
(the outbox submission id); if the case is there, that is the acknowledgement
(``duplicate``), otherwise it submits. The query-then-submit runs only from the
single sync worker that owns the outbox, so no two of ours race on one key.
"""

from __future__ import annotations

import base64
import json
import threading
from pathlib import Path
from typing import Any

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
    MalformedResponse,
    check_grant,
)
from offline_queue.errors import (
    PlatformBusy,
    PlatformNotFound,
    PlatformRejected,
    PlatformUnavailable,
    PlatformUnreachable,
)

BINDING = "{urn:housing-fund:case:1}HousingCaseBinding"


class SoapConnector:
    """Housing-fund style SOAP 1.1 service; see department_servers/soap.py."""

    style = ConnectorStyle.SOAP

    def __init__(
        self,
        name: str,
        url: str,
        wsdl: Path,
        *,
        timeout_s: float = 10.0,
        identity: IdentityBinding | None = None,
    ) -> None:
        self.name = name
        self.identity = identity
        self.url = url.rstrip("/")
        self._wsdl = wsdl
        self._timeout_s = timeout_s
        # The zeep client (zeep, requests and lxml imported, the WSDL parsed: ~70 ms)
        # is made at the first call, on the sync worker's thread, not at the terminal's
        # start before its first paint (issue 18).
        self._lock = threading.Lock()
        self._session: Any = None
        self._service: Any = None
        #: Submissions found already there by the pre-submit query (diagnostics, tests).
        self.found_by_query = 0

    def _svc(self) -> Any:
        with self._lock:
            if self._service is None:
                import requests
                import zeep
                from zeep.transports import Transport

                session = requests.Session()
                transport = Transport(
                    session=session, timeout=self._timeout_s, operation_timeout=self._timeout_s
                )
                client = zeep.Client(str(self._wsdl), transport=transport)
                self._service = client.create_service(BINDING, f"{self.url}/soap/housing")
                self._session = session
            return self._service

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                self._session.close()

    def _op(self, op: str, **kw: Any) -> Any:
        import requests
        import zeep.exceptions
        from lxml import etree

        what = f"{self.name} {op}"
        try:
            return getattr(self._svc(), op)(**kw)
        except zeep.exceptions.Fault as f:
            code = str(getattr(f, "code", "") or "")
            kinds = [etree.QName(el).localname for el in f.detail if isinstance(el.tag, str)] if f.detail is not None else []  # fmt: skip
            detail = f"{what}: SOAP fault {code} {'/'.join(kinds)}: {f.message}"
            if "NoSuchCase" in kinds:  # the WSDL's declared fault for an unknown CaseId
                raise PlatformNotFound(detail) from None
            if code.endswith("Client"):
                raise PlatformRejected(detail) from None
            raise PlatformBusy(detail, status=500) from None
        except zeep.exceptions.TransportError as e:
            if e.status_code == 200:  # a 200 that is not a SOAP envelope
                raise MalformedResponse(f"{what}: unreadable answer (not SOAP)") from None
            raise PlatformBusy(f"{what}: HTTP {e.status_code}", status=e.status_code) from None
        except (
            zeep.exceptions.XMLSyntaxError,
            etree.XMLSyntaxError,
            zeep.exceptions.ValidationError,
        ) as e:
            raise MalformedResponse(f"{what}: unreadable answer: {e}") from None
        except requests.ConnectionError as e:
            if "Connection refused" in str(e) or "Failed to establish" in str(e):
                raise PlatformUnreachable(f"{what}: cannot connect") from None
            raise PlatformUnavailable(f"{what}: connection failed: {type(e).__name__}") from None
        except requests.Timeout:
            raise PlatformUnavailable(f"{what}: timeout") from None
        except requests.RequestException as e:  # dropped mid-answer, broken chunking…
            raise PlatformUnavailable(f"{what}: connection failed: {type(e).__name__}") from None

    def fetch_items(self, since_version: int = 0) -> ItemPage:
        r = self._op("FetchItems", SinceVersion=since_version)
        try:
            items = json.loads(r.ItemsJson)
        except (ValueError, TypeError):
            raise MalformedResponse(f"{self.name} FetchItems: ItemsJson is not JSON") from None
        return ItemPage(int(r.Version), since_version == 0, tuple(items))

    def lookup_licence(self, grant: LicenceGrant, licence_type: str) -> Licence | None:
        check_grant(grant, self.identity, f"{self.name} licence")  # refused alike everywhere
        return None  # this system issues no e-licences (nothing is sent)

    def find(self, business_key: str) -> CaseStatus | None:
        r = self._op("QueryCaseByBusinessKey", BusinessKey=business_key)
        return CaseStatus(str(r.CaseId), str(r.Status)) if r.Found else None

    def submit(self, case: CaseIn) -> CaseAck:
        # Query first, every time: an earlier attempt may have landed (a dropped
        # answer, a crash between send and record); there is no key to dedupe on.
        there = self.find(case.business_key)
        if there is not None:
            self.found_by_query += 1
            return CaseAck(there.case_id, True)
        payload = json.dumps(
            {
                "payload": case.payload,
                "attachments": [
                    {
                        "sha256": a.sha256,
                        "content_type": a.content_type,
                        "data_b64": base64.b64encode(a.data).decode(),
                    }
                    for a in case.attachments
                ],
            },
            ensure_ascii=False,
        )
        r = self._op(
            "SubmitCase",
            BusinessKey=case.business_key,
            ServiceCode=case.service_code,
            PayloadJson=payload,
        )
        return CaseAck(str(r), False)

    def query_status(self, case_id: str) -> CaseStatus:
        r = self._op("QueryCase", CaseId=case_id)
        return CaseStatus(str(r.CaseId), str(r.Status))

    def fetch_result(self, case_id: str) -> CaseResult:
        st = self.query_status(case_id)
        return CaseResult(st.case_id, "住房公积金业务办理结果", {"status": st.status})

    def cancel(self, case_id: str) -> CaseStatus:
        r = self._op("CancelCase", CaseId=case_id)
        return CaseStatus(str(r.CaseId), str(r.Status))
