import datetime as dt

import pytest

from kiosk.config import CONFIG_DIR
from kiosk.identity.document import CardType, Gender, IdentityDocument
from kiosk.services.catalog import load_catalog
from kiosk.services.rules import Outcome, plan, prefill, steps_for, validate_form
from kiosk.session.machine import SessionState


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CONFIG_DIR / "catalog.toml")


def person(
    id_number: str = "350102198001010035", born: dt.date = dt.date(1980, 1, 1)
) -> IdentityDocument:
    return IdentityDocument(
        CardType.RESIDENT_ID,
        "张三丰",
        id_number,
        Gender.MALE,
        birth_date=born,
        address="福州市鼓楼区五一北路1号",
    )


class Licences:
    def __init__(self, table):
        self.table = table
        self.calls = 0

    def lookup(self, id_number, licence_type):
        self.calls += 1
        return self.table.get(licence_type)


def test_prefill_from_identity_is_locked(catalog) -> None:
    s = catalog.get("ZM-WFZJL")
    values = prefill(s, person())
    assert values["name"].value == "张三丰" and values["name"].locked
    assert values["id_number"].value == "350102198001010035"
    assert "phone" not in values


def test_prefill_from_licence_and_offline(catalog) -> None:
    s = catalog.get("ZM-JZNX")
    lic = Licences({"residence": {"years": "6"}})
    assert prefill(s, person(), lic)["residence_years"].value == "6"

    class Down:
        def lookup(self, *a):
            raise ConnectionError("offline")

    assert "residence_years" not in prefill(s, person(), Down())


def test_form_validation_messages(catalog) -> None:
    s = catalog.get("ZM-WFZJL")
    errors = validate_form(
        s, {"name": "张三丰", "id_number": "x", "purpose": "旅游", "phone": "123"}
    )
    assert errors["phone"] == "请输入 11 位手机号码"
    assert "purpose" in errors
    ok = validate_form(
        s, {"name": "张", "id_number": "1", "purpose": "就业", "phone": "13800138000"}
    )
    assert ok == {}


def test_instant_approval_and_fallbacks(catalog) -> None:
    s = catalog.get("ZM-WFZJL")
    local = person()
    p = plan(s, local, {}, online=True)
    assert p.outcome == Outcome.APPROVED and p.certificate == "no_criminal_record"
    outsider = person("110101199001010015", dt.date(1990, 1, 1))
    p = plan(s, outsider, {}, online=True)
    # Online, a failed instant rule sends the case to manual review (queued), never a refusal.
    assert p.outcome == Outcome.QUEUED
    assert any("非本市户籍" in r for r in p.reasons)
    # Not offline-capable: refused offline with a clear reason.
    p = plan(s, local, {}, online=False)
    assert p.outcome == Outcome.REFUSED and "网络" in p.reasons[0]


def test_offline_capable_service_is_queued(catalog) -> None:
    s = catalog.get("GJJ-TQ-ZF")
    assert plan(s, person(), {}, online=False).outcome == Outcome.QUEUED
    q = catalog.get("SB-JFJL")
    assert plan(q, person(), {}, online=False).outcome == Outcome.REFUSED
    assert plan(q, person(), {}, online=True).outcome == Outcome.QUERY


def test_age_rule(catalog) -> None:
    s = catalog.get("LN-NJ")
    young = person()
    old = person("350102195001010013", dt.date(1950, 1, 1))
    assert plan(s, old, {}, online=True).outcome == Outcome.APPROVED
    assert plan(s, young, {}, online=True).reasons == ["未满60周岁，不符合年审条件"]


def test_steps_skip_what_a_service_does_not_need(catalog) -> None:
    s = catalog.get("ZM-JZNX")  # no materials, no signature
    steps = steps_for(s)
    assert SessionState.MATERIALS not in steps and SessionState.SIGNATURE not in steps
    assert steps_for(catalog.get("GJJ-TQ-ZF"))[:4] == (
        SessionState.GUIDE,
        SessionState.FORM,
        SessionState.MATERIALS,
        SessionState.SIGNATURE,
    )
