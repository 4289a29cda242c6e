"""Running one service for one resident: prefill, validate, decide, build the submission.

Pure Python. The decisions here (which fields are prefilled and locked, whether
the rules approve on the spot, what happens offline) are what the screens show;
the screens only collect input.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from kiosk.identity.document import IdentityDocument
from kiosk.services.catalog import FormField, RuleKind, Service
from kiosk.session.machine import SERVICE_STEPS, SessionState


class LicenceLookup(Protocol):
    """Electronic-licence lookup on the platform (for the identified resident only)."""

    def lookup(self, identity: IdentityDocument, licence_type: str) -> dict[str, str] | None: ...


@dataclass(frozen=True)
class PrefilledValue:
    value: str
    locked: bool  # prefilled from an authoritative source and not editable
    source: str  # "identity" | "licence" | ""


def identity_value(identity: IdentityDocument | None, name: str) -> str | None:
    if identity is None:
        return None
    if name == "age":
        age = identity.age_years
        return str(age) if age is not None else None
    if name == "gender":
        return identity.gender.label
    if name == "birth_date":
        return identity.birth_date.isoformat() if identity.birth_date else None
    value = getattr(identity, name, None)
    return str(value) if value else None


def prefill(
    service: Service,
    identity: IdentityDocument | None,
    licences: LicenceLookup | None = None,
) -> dict[str, PrefilledValue]:
    """Values for the form's prefilled fields, from the identity and e-licences."""
    out: dict[str, PrefilledValue] = {}
    cache: dict[str, dict[str, str] | None] = {}
    for f in service.form:
        if f.prefill is None:
            continue
        src, _, rest = f.prefill.partition(".")
        value: str | None = None
        if src == "identity":
            value = identity_value(identity, rest)
        elif src == "licence" and licences is not None and identity is not None:
            ltype, _, lfield = rest.partition(".")
            if ltype not in cache:
                try:
                    cache[ltype] = licences.lookup(identity, ltype)
                except Exception:
                    cache[ltype] = None  # offline or failed: the resident types it
            lic = cache[ltype]
            value = lic.get(lfield) if lic else None
        if value:
            out[f.key] = PrefilledValue(value, locked=not f.editable, source=src)
    return out


def validate_form(service: Service, values: dict[str, str]) -> dict[str, str]:
    """field key → resident-facing error message, for every invalid field."""
    errors: dict[str, str] = {}
    for f in service.form:
        msg = f.validate_value(values.get(f.key, ""))
        if msg:
            errors[f.key] = msg
    return errors


def steps_for(service: Service) -> tuple[SessionState, ...]:
    """Which service steps this service uses."""
    skip: set[SessionState] = set()
    if not service.form:
        skip.add(SessionState.FORM)
    if not service.materials:
        skip.add(SessionState.MATERIALS)
    if not service.signature_required:
        skip.add(SessionState.SIGNATURE)
    return tuple(s for s in SERVICE_STEPS if s not in skip)


class Outcome(StrEnum):
    APPROVED = "approved"  # 秒批: certificate printed now
    QUEUED = "queued"  # accepted (online or offline), receipt with acceptance number
    QUERY = "query"  # a lookup service: result shown/printed
    REFUSED = "refused"  # cannot be done here now (offline and not offline-capable)


@dataclass(frozen=True)
class RuleResult:
    passed: bool
    reasons: list[str] = field(default_factory=list)


def evaluate_rules(
    service: Service,
    identity: IdentityDocument | None,
    values: dict[str, str],
    today: dt.date | None = None,
) -> RuleResult:
    """Apply the service's instant-approval rules. No rules → not instant."""
    if not service.instant_rules:
        return RuleResult(False, ["人工审核"])
    reasons: list[str] = []
    age = identity.age_years if identity is not None else None
    for rule in service.instant_rules:
        ok = True
        if rule.kind == RuleKind.MIN_AGE:
            ok = age is not None and age >= float(rule.value)
        elif rule.kind == RuleKind.MAX_AGE:
            ok = age is not None and age <= float(rule.value)
        elif rule.kind == RuleKind.FIELD_MIN:
            try:
                ok = float(values.get(rule.field or "", "")) >= float(rule.value)
            except ValueError:
                ok = False
        elif rule.kind == RuleKind.FIELD_EQUALS:
            ok = values.get(rule.field or "", "") == rule.value
        elif rule.kind == RuleKind.REGION_PREFIX:
            ok = identity is not None and identity.id_number.startswith(rule.value)
        elif rule.kind == RuleKind.LICENCE_PRESENT:
            ok = bool(values.get(f"licence:{rule.value}"))
        if not ok:
            reasons.append(rule.reason)
    return RuleResult(not reasons, reasons)


@dataclass(frozen=True)
class Plan:
    """What will happen on submit, decided before the resident signs."""

    outcome: Outcome
    reasons: list[str]
    certificate: str | None


def plan(
    service: Service,
    identity: IdentityDocument | None,
    values: dict[str, str],
    online: bool,
) -> Plan:
    """Decide the outcome: approved on the spot, queued, a query, or refused offline."""
    if service.mode == "query":
        if not online:
            return Plan(Outcome.REFUSED, ["查询类事项需要联网，请稍后再试或到窗口办理"], None)
        return Plan(Outcome.QUERY, [], None)
    rules = evaluate_rules(service, identity, values)
    if rules.passed:
        if not online and not service.offline_ok:
            return Plan(
                Outcome.REFUSED,
                ["网络暂不可用，本事项需要联网核验后才能出证，请稍后再试或到窗口办理"],
                None,
            )
        return Plan(Outcome.APPROVED, [], service.certificate)
    if not online and not service.offline_ok:
        return Plan(
            Outcome.REFUSED,
            ["网络暂不可用，本事项需要联网办理，请稍后再试或到窗口办理"],
            None,
        )
    reasons = rules.reasons if service.instant_rules else []
    return Plan(Outcome.QUEUED, reasons, None)


def form_summary(service: Service, values: dict[str, str]) -> list[tuple[FormField, str]]:
    return [(f, values.get(f.key, "")) for f in service.form]


def envelope_form(
    service: Service, values: dict[str, str], extra: dict[str, Any]
) -> dict[str, Any]:
    """The form data as submitted (values by key, plus the service's own facts)."""
    return {"service": service.code, "values": dict(values), **extra}
