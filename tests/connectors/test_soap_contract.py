"""The SOAP service's WSDL is true: every operation, requests generated from its XSD, live.

For each operation of the shipped WSDL (parsed by zeep), hypothesis draws the
input element's fields from their XSD types (zeep's parsed types; strings of XML
characters, some outside the schema's facets on purpose), zeep builds the
envelope as the connector would, and it goes over real HTTP. The answer must be:

* for a request valid against the WSDL's schema (checked with libxml2 through
  lxml): HTTP 200 with the operation's declared output element, valid against
  the schema, or HTTP 500 with a SOAP fault whose ``<detail>`` holds one of the
  operation's *declared* faults (never ``InvalidRequest``);
* for an invalid one: a soap:Client fault with the declared ``InvalidRequest``.

Never a 5xx without a SOAP envelope, an undeclared element, or a success for a
request the contract forbids. Examples are derandomized: the same ones each run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
import zeep
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from zeep.xsd.types import builtins

from department_servers.soap import WSDL
from tests.connectors.conftest import Servers

BINDING = "{urn:housing-fund:case:1}HousingCaseBinding"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
XSD = "http://www.w3.org/2001/XMLSchema"
#: XML 1.0 characters (§2.2), surrogates excluded: what an xs:string can carry.
XML_TEXT = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs",),
        exclude_characters="".join(chr(c) for c in range(32) if c not in (9, 10, 13))
        + "\ufffe\uffff",
    ),
    max_size=80,  # the keys' maxLength is 64: some drawn keys are too long, on purpose
)
EXAMPLES = 40


def _schema() -> etree.XMLSchema:
    """The XSD inside the WSDL, compiled by libxml2 (independent of zeep and of the server)."""
    root = etree.parse(str(WSDL)).getroot()
    (schema,) = root.iterfind(f"{{http://schemas.xmlsoap.org/wsdl/}}types/{{{XSD}}}schema")
    return etree.XMLSchema(etree.fromstring(etree.tostring(schema)))


def _value(xsd_type: Any, name: str, known: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    """A strategy for one field from its zeep type (a new type in the WSDL fails here)."""
    base = xsd_type
    while not isinstance(base, builtins.BuiltinType) and getattr(base, "base_class", None):
        base = base.base_class()  # a restriction (tns:Key) → its built-in base
    if isinstance(base, builtins.String):
        # Ids the server has issued and JSON payloads, so the success paths are reached too.
        return st.one_of(st.sampled_from(known[name]), XML_TEXT) if known.get(name) else XML_TEXT
    if isinstance(base, builtins.Int):
        return st.integers(-(2**31), 2**31 - 1)
    if isinstance(base, builtins.Boolean):
        return st.booleans()
    raise AssertionError(f"{name}: no strategy for XSD type {xsd_type!r}; add one")


def _request(op: Any, known: dict[str, list[str]]) -> st.SearchStrategy[dict[str, Any]]:
    """The input element's fields; a required one is sometimes left out (SkipValue)."""
    required, optional = {}, {}
    for name, el in op.input.body.type.elements:
        value = _value(el.type, name, known)
        if el.min_occurs:
            # Left out about one time in eight (a plain one_of would drop it half the time).
            required[name] = st.integers(0, 7).flatmap(
                lambda n, v=value: st.just(zeep.xsd.SkipValue) if n == 0 else v
            )
        else:
            optional[name] = value
    return st.fixed_dictionaries(required, optional=optional)


def _check_answer(
    resp: httpx.Response, op: Any, request_ok: bool, schema: etree.XMLSchema
) -> str | None:
    """What is wrong with the answer to one request (None: as the WSDL says)."""
    if not resp.headers.get("content-type", "").startswith("text/xml"):
        return f"HTTP {resp.status_code} {resp.headers.get('content-type')}: {resp.text[:80]!r}"
    try:
        env = etree.fromstring(resp.content)
    except etree.XMLSyntaxError as e:
        return f"HTTP {resp.status_code}: not XML ({e})"
    body = env.find(f"{{{SOAP_ENV}}}Body") if env.tag == f"{{{SOAP_ENV}}}Envelope" else None
    children = [c for c in body if isinstance(c.tag, str)] if body is not None else []
    if len(children) != 1:
        return f"HTTP {resp.status_code}: not a SOAP envelope with one body element"
    (el,) = children
    if resp.status_code == 200:
        if not request_ok:
            return "an invalid request was accepted"
        if el.tag != op.output.body.qname.text:
            return f"output {el.tag}, the WSDL declares {op.output.body.qname.text}"
        return None if schema.validate(el) else f"output invalid: {schema.error_log.last_error}"
    if resp.status_code != 500 or el.tag != f"{{{SOAP_ENV}}}Fault":
        return f"HTTP {resp.status_code} with {el.tag}"
    code = el.findtext("faultcode") or ""
    detail = [d for d in (el.find("detail") if el.find("detail") is not None else []) if isinstance(d.tag, str)]  # fmt: skip
    declared = {
        part.element.qname.text: part.element.qname.localname
        for f in op.faults.values()
        for part in f.abstract.parts.values()
    }
    if len(detail) != 1 or detail[0].tag not in declared:
        return f"fault {code} without a declared detail ({[d.tag for d in detail]})"
    if not schema.validate(detail[0]):
        return f"fault detail invalid: {schema.error_log.last_error}"
    kind = declared[detail[0].tag]
    if request_ok and kind == "InvalidRequest":
        return f"a valid request refused: {el.findtext('faultstring')}"
    if not request_ok and (kind, code) != ("InvalidRequest", "soap:Client"):
        return f"an invalid request answered {code} {kind}"
    return None


@pytest.fixture
def soap_service(servers: Servers) -> tuple[Any, Any, str]:
    srv = servers.soap("housing")
    client = zeep.Client(str(WSDL))
    return client, client.wsdl.bindings[BINDING], srv.url


def test_every_wsdl_operation_answers_as_its_wsdl_says(soap_service: tuple[Any, Any, str]) -> None:
    client, binding, url = soap_service
    schema = _schema()
    svc = client.create_service(BINDING, f"{url}/soap/housing")
    # A few cases issued first, so that generated look-ups also find some.
    ids = [svc.SubmitCase(BusinessKey=f"K{i}", ServiceCode="GJJ-TQ", PayloadJson="{}") for i in range(3)]  # fmt: skip
    payloads = ["{}", '{"payload": {"phone": "13800000000"}, "attachments": []}', '["二", 1]']
    known = {"CaseId": ids, "BusinessKey": ["K0", "K1"], "PayloadJson": payloads}
    http = httpx.Client(base_url=url, timeout=10)
    seen: dict[str, set[str]] = {}

    def exercise(name: str, op: Any) -> Callable[[], None]:
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow],
        )
        @given(_request(op, known))
        def one(fields: dict[str, Any]) -> None:
            try:
                envelope = client.create_message(svc, name, **fields)
            except ValueError:  # zeep refuses it locally: nothing to send
                return
            body = envelope.find(f"{{{SOAP_ENV}}}Body")[0]
            ok = schema.validate(body)
            resp = http.post(
                "/soap/housing",
                content=etree.tostring(envelope, xml_declaration=True, encoding="utf-8"),
                headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": op.soapaction},
            )
            problem = _check_answer(resp, op, ok, schema)
            assert problem is None, f"{name}({fields!r}): {problem}"
            seen.setdefault(name, set()).add(f"{resp.status_code} {'valid' if ok else 'invalid'}")

        return one

    try:
        for name, op in binding._operations.items():
            exercise(name, op)()
    finally:
        http.close()
    assert set(seen) == set(binding._operations)
    # Both sides of the contract were reached for every operation.
    for name, outcomes in seen.items():
        assert {"200 valid", "500 invalid"} <= outcomes, (name, outcomes)
    assert "500 valid" in seen["QueryCase"]  # an unknown CaseId: the declared NoSuchCase


@pytest.mark.parametrize(
    "raw",
    [
        b"<<not xml",
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>',
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        b'<Nope xmlns="urn:housing-fund:case:1"/></soap:Body></soap:Envelope>',
        b'<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        b'<QueryCase xmlns="urn:housing-fund:case:1"><CaseId>H1</CaseId><Extra/></QueryCase>'
        b"</soap:Body></soap:Envelope>",
    ],
    ids=["not-xml", "empty-body", "unknown-operation", "undeclared-element"],
)
def test_malformed_envelopes_get_the_declared_client_fault(
    soap_service: tuple[Any, Any, str], raw: bytes
) -> None:
    _, binding, url = soap_service
    resp = httpx.post(f"{url}/soap/housing", content=raw, headers={"Content-Type": "text/xml"})
    assert _check_answer(resp, binding._operations["QueryCase"], False, _schema()) is None
