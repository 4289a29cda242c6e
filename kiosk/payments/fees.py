"""Fees of the catalog's services and who is exempt: data (config/fees.toml), not code.

A fee item carries its amount in fen (an int, never a float), what it is for and
its legal basis. Exemption rules are data too: ``age`` rules are decided from
the birth date on the resident's ID; ``counter`` rules (a 低保 status the
terminal cannot verify) are shown, and the resident who holds one is sent to
the counter instead of paying.

Each text the screens show (a fee's ``item`` and ``legal_basis``, an exemption's
``label``) has its translations beside it, the way the catalog's items carry
theirs (:mod:`kiosk.services.catalog_i18n`)::

    [fees.i18n.en]
    item = "Driving licence fee"

zh_TW is OpenCC's Taiwan phrasing of the zh_CN text, reviewed
(:func:`kiosk.services.catalog_i18n.to_traditional`; the test suite checks the shipped
schedule against it), English by hand. The canonical zh_CN texts stay what the
order, the journal and the slips carry; only the screens read the translations
(:meth:`FeeItem.text`, :meth:`ExemptionRule.text`), and a text without one shows
its zh_CN form. Loading the schedule imports no OpenCC.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.payments.errors import FeeScheduleError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


#: Languages a fee text may be translated into (zh_CN is the source).
LANGS = ("zh_TW", "en")

#: lang → {field: translated text}.
Translations = dict[Literal["zh_TW", "en"], dict[str, str]]


class _Translated(_Model):
    """A model whose ``TEXTS`` fields have translations in ``i18n``."""

    TEXTS: ClassVar[tuple[str, ...]] = ()

    @model_validator(mode="after")
    def _translations_fit(self) -> _Translated:
        i18n: Translations = getattr(self, "i18n", {})
        for lang, table in i18n.items():
            for key, text in table.items():
                if key not in self.TEXTS:
                    raise ValueError(f"i18n.{lang}: unknown text '{key}' (one of {self.TEXTS})")
                if not text.strip() or len(text) > 200:
                    raise ValueError(f"i18n.{lang}.{key}: must be 1 to 200 characters")
        return self

    def text(self, key: str, lang: str) -> str:
        """The text ``key`` in ``lang`` (its zh_CN form where it has no translation)."""
        i18n: Translations = getattr(self, "i18n", {})
        table = i18n.get(lang, {})  # type: ignore[call-overload]
        return str(table.get(key) or getattr(self, key))


class ExemptionRule(_Translated):
    TEXTS: ClassVar[tuple[str, ...]] = ("label",)
    id: str = Field(pattern=r"^[a-z0-9_]{1,32}$")
    label: str = Field(min_length=1, max_length=40)
    source: Literal["age", "counter"]
    age_at_least: int | None = Field(default=None, ge=1, le=150)
    i18n: Translations = {}

    @model_validator(mode="after")
    def _age_rule_has_age(self) -> ExemptionRule:
        if self.source == "age" and self.age_at_least is None:
            raise ValueError(f"exemption {self.id}: an age rule needs age_at_least")
        return self


class FeeItem(_Translated):
    TEXTS: ClassVar[tuple[str, ...]] = ("item", "legal_basis")
    service: str = Field(min_length=1, max_length=64)
    item: str = Field(min_length=1, max_length=40)
    amount_fen: int = Field(gt=0, le=10_000_000, strict=True)
    legal_basis: str = Field(min_length=1, max_length=200)
    exemptions: tuple[str, ...] = ()
    i18n: Translations = {}


class FeeSchedule(_Model):
    fees: tuple[FeeItem, ...] = ()
    exemptions: tuple[ExemptionRule, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> FeeSchedule:
        known = {r.id for r in self.exemptions}
        seen: set[str] = set()
        for f in self.fees:
            if f.service in seen:
                raise ValueError(f"service {f.service} has two fee items")
            seen.add(f.service)
            unknown = set(f.exemptions) - known
            if unknown:
                raise ValueError(f"fee of {f.service} names unknown exemptions {sorted(unknown)}")
        return self

    def fee_of(self, service_code: str) -> FeeItem | None:
        return next((f for f in self.fees if f.service == service_code), None)

    def rules_of(self, fee: FeeItem) -> list[ExemptionRule]:
        by_id = {r.id: r for r in self.exemptions}
        return [by_id[i] for i in fee.exemptions]

    def assess(
        self, service_code: str, birth_date: dt.date | None, today: dt.date
    ) -> FeeDue | None:
        """What the resident owes for ``service_code``; None if it carries no fee."""
        fee = self.fee_of(service_code)
        if fee is None:
            return None
        rules = self.rules_of(fee)
        age = whole_years(birth_date, today) if birth_date else None
        for r in rules:
            if r.source == "age" and age is not None and r.age_at_least is not None and age >= r.age_at_least:  # fmt: skip
                return FeeDue(fee, tuple(rules), exempt_by=r)
        return FeeDue(fee, tuple(rules), exempt_by=None)


@dataclass(frozen=True)
class FeeDue:
    """The fee of one service for one resident."""

    fee: FeeItem
    rules: tuple[ExemptionRule, ...]
    exempt_by: ExemptionRule | None

    @property
    def amount_fen(self) -> int:
        return 0 if self.exempt_by else self.fee.amount_fen

    @property
    def counter_rules(self) -> list[ExemptionRule]:
        """Exemptions the resident must show at the counter (the terminal cannot check them)."""
        return [r for r in self.rules if r.source == "counter"]


def whole_years(born: dt.date, today: dt.date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def birth_date_of(id_number: str) -> dt.date | None:
    """The birth date in an 18-digit resident ID number (GB 11643), or None."""
    if len(id_number) != 18 or not id_number[:17].isdigit():
        return None
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def yuan(fen: int) -> str:
    """``1000`` → ``"10.00"`` (integer arithmetic: no float ever touches an amount)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def load_fee_schedule(path: Path) -> FeeSchedule:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FeeScheduleError(f"fee schedule not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise FeeScheduleError(f"fee schedule {path}: {e}") from None
    try:
        return FeeSchedule.model_validate(data)
    except ValidationError as e:
        lines = [f"{'.'.join(str(p) for p in x['loc'])}: {x['msg']}" for x in e.errors()]
        raise FeeScheduleError(f"fee schedule {path}: " + "; ".join(lines)) from None
