"""A legacy SOAP 1.1 WebService (housing-fund centre) serving ``wsdl/housing.wsdl``.

Deliberately without idempotency: every ``SubmitCase`` creates a case, so a
client that resubmits blindly makes duplicates (the test counts them). Faults
are SOAP faults (HTTP 500, ``soap:Client`` / ``soap:Server``).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from fastapi import Depends, FastAPI, Header, HTTPException, Request, Response
from lxml import etree

from department_servers.admin import add_item_admin
from department_servers.faults import FaultInjector, Faults, faults_from_json
from department_servers.store import CaseStore, load_items_file

WSDL = Path(__file__).parent / "wsdl" / "housing.wsdl"
NS = "urn:housing-fund:case:1"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
#: The request elements of the WSDL's operations (the portType's inputs).
OPERATIONS = ("SubmitCase", "QueryCaseByBusinessKey", "QueryCase", "CancelCase", "FetchItems")


@dataclass
class SoapSettings:
    db_path: Path
    admin_token: str = "admin"
    items_file: Path | None = None
    case_prefix: str = "H"
    name: str = "soap"
    seed: int | None = None


def _envelope(inner: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="{SOAP_ENV}">'
        f"<soap:Body>{inner}</soap:Body></soap:Envelope>"
    ).encode()


def _fault(kind: str, text: str, code: str = "Client") -> Response:
    """A SOAP 1.1 fault (HTTP 500) with its declared detail element ``kind`` (see the WSDL)."""
    detail = f'<t:{kind} xmlns:t="{NS}"><t:Message>{escape(text)}</t:Message></t:{kind}>'
    body = _envelope(
        f"<soap:Fault><faultcode>soap:{code}</faultcode><faultstring>{escape(text)}</faultstring>"
        f"<detail>{detail}</detail></soap:Fault>"
    )
    return Response(body, 500, media_type="text/xml; charset=utf-8")


def _schema() -> etree.XMLSchema:
    """The WSDL's own XSD, so the server refuses exactly what the contract forbids."""
    wsdl = etree.parse(str(WSDL), etree.XMLParser(resolve_entities=False, no_network=True))
    (schema,) = wsdl.getroot().iterfind(f"{{{WSDL_NS}}}types/{{{XSD_NS}}}schema")
    return etree.XMLSchema(etree.fromstring(etree.tostring(schema)))


def _ok(tag: str, fields: dict[str, Any]) -> Response:
    inner = "".join(f"<t:{k}>{escape(str(v))}</t:{k}>" for k, v in fields.items() if v is not None)
    return Response(
        _envelope(f'<t:{tag} xmlns:t="{NS}">{inner}</t:{tag}>'),
        200,
        media_type="text/xml; charset=utf-8",
    )


def create_soap_app(settings: SoapSettings, faults: Faults | None = None) -> Any:
    store = CaseStore(settings.db_path, settings.case_prefix)
    store.load_items(load_items_file(settings.items_file))
    faults = faults or Faults()
    app = FastAPI(title=f"Housing SOAP service ({settings.name})", version="1.0")
    app.state.store, app.state.faults = store, faults
    schema = _schema()

    def admin(x_admin_token: str | None = Header(default=None)) -> None:
        if not x_admin_token or not secrets.compare_digest(x_admin_token, settings.admin_token):
            raise HTTPException(401, "admin token required")

    @app.get("/soap/housing/wsdl", include_in_schema=False)
    def wsdl(request: Request) -> Response:
        here = str(request.base_url).rstrip("/") + "/soap/housing"
        text = WSDL.read_text("utf-8").replace("http://127.0.0.1:0/soap/housing", here)
        return Response(text, media_type="text/xml; charset=utf-8")

    @app.post("/soap/housing", include_in_schema=False)
    async def soap(request: Request) -> Response:
        try:
            root = etree.fromstring(
                await request.body(), etree.XMLParser(resolve_entities=False, no_network=True)
            )
        except (etree.XMLSyntaxError, ValueError):
            return _fault("InvalidRequest", "malformed XML")
        body = root.find(f"{{{SOAP_ENV}}}Body") if root.tag == f"{{{SOAP_ENV}}}Envelope" else None
        ops = [el for el in body if isinstance(el.tag, str)] if body is not None else []
        if len(ops) != 1:
            return _fault("InvalidRequest", "the SOAP body must hold one operation element")
        op = ops[0]
        qname = etree.QName(op)
        if qname.namespace != NS or qname.localname not in OPERATIONS:
            return _fault("InvalidRequest", f"unknown operation {qname.text}")
        if not schema.validate(op):
            err = schema.error_log.last_error
            return _fault(
                "InvalidRequest", f"does not match the WSDL: {err.message if err else ''}"
            )
        # Valid against the XSD: every element is there, once, with a value of its type.
        v = {
            etree.QName(el).localname: "".join(el.itertext())
            for el in op
            if isinstance(el.tag, str)
        }
        name = qname.localname
        if name == "SubmitCase":
            try:
                json.loads(v["PayloadJson"])
            except ValueError:
                return _fault("BadPayload", "PayloadJson is not JSON")
            payload = v["PayloadJson"].encode()
            c, _ = store.add(v["BusinessKey"], v["ServiceCode"], payload, None)
            return _ok("SubmitCaseResponse", {"CaseId": c.case_id})
        if name == "QueryCaseByBusinessKey":
            found = store.by_business_key(v["BusinessKey"])
            if found is None:
                return _ok("CaseInfo", {"Found": "false"})
            return _ok(
                "CaseInfo", {"Found": "true", "CaseId": found.case_id, "Status": found.status}
            )
        if name in ("QueryCase", "CancelCase"):
            cid = v["CaseId"]
            got = store.set_status(cid, "cancelled") if name == "CancelCase" else store.get(cid)
            if got is None:
                return _fault("NoSuchCase", f"no case {cid}")
            return _ok("CaseInfo", {"Found": "true", "CaseId": got.case_id, "Status": got.status})
        version, items = store.items_since(int(v["SinceVersion"]))  # FetchItems
        return _ok(
            "ItemList", {"Version": version, "ItemsJson": json.dumps(items, ensure_ascii=False)}
        )

    add_item_admin(app, store, admin)

    @app.put("/admin/faults", status_code=204, dependencies=[Depends(admin)])
    async def set_faults(request: Request) -> None:
        try:
            faults_from_json(faults, await request.body())
        except (TypeError, ValueError) as e:
            raise HTTPException(422, f"bad faults: {e}") from None

    wrapped = FaultInjector(app, faults, settings.seed)
    wrapped.state = app.state  # type: ignore[attr-defined]
    return wrapped
