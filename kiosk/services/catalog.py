"""The service catalog: what a resident can do at this terminal, and how.

Each service item carries its standard guide (conditions, materials, legal basis,
time limit, fee, where the result goes), its form schema (with prefill sources),
whether it is approved instantly by rules (秒批) and which certificate it prints,
and whether it may be accepted offline. The catalog is data (``config/catalog.toml``)
validated here; a broken item is refused with its code and the field at fault.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.errors import KioskError
from kiosk.services.catalog_i18n import (
    LANGS,
    check_overlay,
    english_words,
    fill_category,
    fill_translations,
    localized,
    text_paths,
    translated_text,
)
from kiosk.services.catalog_search import Entry, SearchIndex, search_keys
from kiosk.services.item_codes import CodeError, ItemType, check_item_codes


class CatalogError(KioskError):
    """The catalog file is unreadable or an item in it is broken."""

    resident_message = "服务目录暂不可用，请联系工作人员。"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"
    ID_NUMBER = "id_number"
    ADDRESS = "address"


#: Where a prefilled value comes from. ``identity.*`` reads the identity document;
#: ``licence.<type>.<field>`` reads an electronic licence looked up on the platform.
PREFILL_IDENTITY_FIELDS = frozenset(
    {"name", "id_number", "gender", "birth_date", "address", "ethnicity", "age"}
)


class FormField(_Model):
    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    type: FieldType = FieldType.TEXT
    required: bool = True
    prefill: str | None = None
    editable: bool = True
    choices: list[str] = []
    pattern: str | None = None
    min_length: int = 0
    max_length: int = 200
    hint: str = ""

    @model_validator(mode="after")
    def _check(self) -> FormField:
        if self.type == FieldType.CHOICE and not self.choices:
            raise ValueError("a choice field needs choices")
        if self.prefill is not None:
            src, _, rest = self.prefill.partition(".")
            if src == "identity":
                if rest not in PREFILL_IDENTITY_FIELDS:
                    raise ValueError(f"unknown identity field '{rest}'")
            elif src == "licence":
                if rest.count(".") != 1:
                    raise ValueError("licence prefill must be 'licence.<type>.<field>'")
            else:
                raise ValueError("prefill must start with 'identity.' or 'licence.'")
        if self.pattern is not None:
            try:
                re.compile(self.pattern)
            except re.error as e:
                raise ValueError(f"bad pattern: {e}") from None
        return self

    def validate_value(self, value: str) -> str | None:
        """Return a resident-facing error message, or None if the value is acceptable."""
        v = value.strip()
        if not v:
            return f"请填写“{self.label}”" if self.required else None
        if len(v) < self.min_length:
            return f"“{self.label}”至少需要 {self.min_length} 个字"
        if len(v) > self.max_length:
            return f"“{self.label}”不能超过 {self.max_length} 个字"
        if self.type == FieldType.PHONE and not re.fullmatch(r"1\d{10}", v):
            return "请输入 11 位手机号码"
        if self.type == FieldType.NUMBER and not re.fullmatch(r"\d+(\.\d+)?", v):
            return f"“{self.label}”请输入数字"
        if self.type == FieldType.DATE:
            try:
                dt.date.fromisoformat(v)
            except ValueError:
                return f"“{self.label}”请按 年-月-日 填写"
        if self.type == FieldType.CHOICE and v not in self.choices:
            return f"请选择“{self.label}”"
        if self.pattern is not None and not re.fullmatch(self.pattern, v):
            return f"“{self.label}”格式不正确"
        return None


class MaterialMedium(StrEnum):
    PAPER = "paper"
    ELECTRONIC = "electronic"
    EITHER = "either"


class Material(_Model):
    """One material of the implementation list: name, source, copies, medium, required."""

    name: str = Field(min_length=1)
    required: bool = True
    #: An electronic licence of this type (looked up on the platform) replaces the paper.
    e_licence: str | None = None
    pages: int = Field(1, ge=1, le=50)
    note: str = ""
    #: Where the resident gets it (申请人自备, 政府部门核发, …).
    source: str = "申请人自备"
    copies: int = Field(1, ge=1, le=10)
    medium: MaterialMedium = MaterialMedium.PAPER


class Guide(_Model):
    """The standard guide: the implementation-list elements a resident reads first."""

    conditions: list[str] = Field(min_length=1)
    legal_basis: str = Field(min_length=1)
    time_limit: str = Field(min_length=1)
    #: The fee's text and its basis as the item states them (amounts: kiosk.payments).
    fee: str = "不收费"
    fee_basis: str = ""
    result_delivery: str = "现场打印"
    notes: list[str] = []
    #: 实施主体 (empty: the department).
    implementing_body: str = ""
    procedure: list[str] = []
    #: 法定办结时限 / 承诺办结时限, in working days (0: on the spot).
    statutory_days: int | None = Field(None, ge=0, le=365)
    promised_days: int | None = Field(None, ge=0, le=365)
    result_name: str = ""
    place: str = ""
    hours: str = ""
    consult_phone: str = Field("", pattern=r"^[0-9（）()\- ]*$")
    complaint_phone: str = Field("", pattern=r"^[0-9（）()\- ]*$")
    #: Visits to a counter the resident needs (0: none, all done here or online).
    visits: int = Field(0, ge=0, le=1)


class RuleKind(StrEnum):
    MIN_AGE = "min_age"
    MAX_AGE = "max_age"
    FIELD_MIN = "field_min"  # a numeric form field at least value
    FIELD_EQUALS = "field_equals"
    REGION_PREFIX = "region_prefix"  # ID number starts with a region code
    LICENCE_PRESENT = "licence_present"


class ApprovalRule(_Model):
    kind: RuleKind
    value: str
    field: str | None = None
    reason: str = Field(min_length=1, description="shown when the rule is not met")

    @model_validator(mode="after")
    def _check(self) -> ApprovalRule:
        if self.kind in (RuleKind.FIELD_MIN, RuleKind.FIELD_EQUALS) and not self.field:
            raise ValueError(f"rule {self.kind} needs a field")
        if self.kind in (RuleKind.MIN_AGE, RuleKind.MAX_AGE, RuleKind.FIELD_MIN):
            try:
                float(self.value)
            except ValueError:
                raise ValueError(f"rule {self.kind} needs a numeric value") from None
        return self


class Service(_Model):
    # Unknown optional fields are tolerated (another flow may add a flag to some
    # services, e.g. for 邮寄送达) and kept readable as attributes.
    model_config = ConfigDict(extra="allow", frozen=True)

    #: The terminal's local code (flows, receipts); GB/T 39554 codes below.
    code: str = Field(pattern=r"^[A-Z0-9-]{3,32}$")
    name: str = Field(min_length=2)
    department: str = Field(min_length=2)
    category: str
    tags: list[str] = []
    hot: bool = False
    #: For a "一件事" bundle: the codes of the items done together.
    bundle_of: list[str] = []
    guide: Guide
    form: list[FormField] = []
    materials: list[Material] = []
    signature_required: bool = True
    #: Rules for instant approval (秒批); empty = manual review with a receipt.
    instant_rules: list[ApprovalRule] = []
    certificate: str | None = None
    offline_ok: bool = False
    mode: Literal["apply", "print", "query"] = "apply"
    #: The department connector that handles it ('' = the default platform); must be
    #: in the configuration's [[connectors]] (docs/connectors.md).
    connector: str = Field(default="", pattern=r"^([a-z0-9][a-z0-9_-]*)?$")
    #: Where the case is handled, told to the resident (跨省通办: another province's body).
    handled_by: str = ""
    #: Hand-off (issue 21, docs/handoff.md): the result may be sent by post (邮寄送达 in the
    #: result step); paper originals may be left in the document locker (存放材料).
    post_delivery: bool = False
    locker_deposit: bool = False
    item_type: ItemType = ItemType.PUBLIC_SERVICE
    #: GB/T 39554.1 basic and implementation codes (kiosk/services/item_codes.py).
    basic_code: str = ""
    impl_code: str = ""
    #: GB/T 2260 region of the implementing body.
    region: str = Field("", pattern=r"^(\d{6})?$")
    #: Search keys, precomputed at generation or sync (kiosk/services/catalog_search.py).
    pinyin: str = Field("", pattern=r"^[a-z0-9]*$")
    initials: str = Field("", pattern=r"^[a-z0-9]*$")
    #: The item list's version this item came with (0: shipped with the terminal).
    version: int = Field(0, ge=0)
    #: Per language (zh_TW, en), text path → translated text (kiosk/services/catalog_i18n.py).
    #: (Shapes are checked by check_overlay: a typed union here cost pydantic twice the
    #: time of the whole item at 2,000 items.)
    i18n: dict[str, dict[str, Any]] = {}

    @model_validator(mode="after")
    def _check(self) -> Service:
        if self.basic_code or self.impl_code:
            try:
                check_item_codes(self.basic_code, self.impl_code, self.item_type, self.region)
            except CodeError as e:
                raise ValueError(str(e)) from None
        keys = [f.key for f in self.form]
        dup = {k for k in keys if keys.count(k) > 1}
        if dup:
            raise ValueError(f"duplicate form field(s): {', '.join(sorted(dup))}")
        for rule in self.instant_rules:
            if rule.field is not None and rule.field not in keys:
                raise ValueError(f"rule refers to unknown form field '{rule.field}'")
        if self.mode == "print" and not self.certificate:
            raise ValueError("a print service needs a certificate template")
        source = dict(text_paths(self)) if self.i18n else {}
        for lang, overlay in self.i18n.items():
            if lang not in LANGS:
                raise ValueError(f"i18n: unknown language '{lang}'")
            why = check_overlay(source, overlay)
            if why is not None:
                raise ValueError(f"i18n.{lang}: {why}")
        return self

    def localized(self, lang: str) -> Service:
        """This item with its texts in ``lang`` (display only; see catalog_i18n)."""
        out: Service = localized(self, lang)
        return out

    def name_in(self, lang: str) -> str:
        """The item's name in ``lang`` (its zh_CN name if it has no translation)."""
        return translated_text(self, "name", lang)

    @property
    def instant(self) -> bool:
        """Approved on the spot by rules (秒批)."""
        return bool(self.instant_rules)

    @property
    def cross_region(self) -> bool:
        """Handled by another province's platform (跨省通办)."""
        return bool(self.handled_by)


class Category(_Model):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    icon: str = ""
    #: Per language (zh_TW, en): {"name": translated name}.
    i18n: dict[str, dict[str, str]] = {}

    @model_validator(mode="after")
    def _check(self) -> Category:
        for lang, overlay in self.i18n.items():
            if lang not in LANGS or set(overlay) - {"name"}:
                raise ValueError(f"i18n.{lang}: only 'name' may be translated")
        return self

    def name_in(self, lang: str) -> str:
        """The category's name in ``lang`` (its zh_CN name if it has no translation)."""
        return translated_text(self, "name", lang)


class Catalog(_Model):
    """A validated catalog."""

    version: str = "1"
    categories: list[Category] = Field(min_length=1)
    services: list[Service] = Field(min_length=1)

    @model_validator(mode="after")
    def _check(self) -> Catalog:
        cats = {c.code for c in self.categories}
        codes: set[str] = set()
        for s in self.services:
            if s.code in codes:
                raise ValueError(f"service {s.code}: duplicate code")
            codes.add(s.code)
            if s.category not in cats:
                raise ValueError(
                    f"service {s.code}: field 'category': unknown category '{s.category}'"
                )
        for s in self.services:
            for part in s.bundle_of:
                if part not in codes:
                    raise ValueError(
                        f"service {s.code}: field 'bundle_of': unknown service '{part}'"
                    )
        return self

    @cached_property
    def _by_code(self) -> dict[str, Service]:
        return {s.code: s for s in self.services}

    @cached_property
    def _by_category(self) -> dict[str, list[Service]]:
        out: dict[str, list[Service]] = {c.code: [] for c in self.categories}
        for s in self.services:
            out[s.category].append(s)
        return out

    @cached_property
    def index(self) -> SearchIndex:
        """Built once per catalog from the precomputed keys (no pypinyin here)."""
        return SearchIndex(
            [
                Entry(
                    s.name.lower(),
                    s.pinyin,
                    s.initials,
                    "\1".join([*s.tags, s.department]).lower(),
                    s.hot,
                    name_tw=s.name_in("zh_TW"),
                    words_en=english_words(s.name_in("en")) if "en" in s.i18n else "",
                )
                for s in self.services
            ]
        )

    def get(self, code: str) -> Service:
        return self._by_code[code]

    def in_category(self, category: str) -> list[Service]:
        return list(self._by_category.get(category, ()))

    def hot(self) -> list[Service]:
        return [s for s in self.services if s.hot]

    def featured_categories(self, n: int = 8) -> list[Category]:
        """The first ``n`` categories: what the attract screen has room for."""
        return list(self.categories[:n])

    def departments(self) -> list[str]:
        return sorted({s.department for s in self.services})

    def routes(self) -> dict[str, str]:
        """Service code → connector, for the services a connector handles."""
        return {s.code: s.connector for s in self.services if s.connector}

    def search(self, query: str, limit: int | None = None, lang: str = "zh_CN") -> list[Service]:
        """Chinese text, full pinyin or initials ("wfz" finds 无犯罪记录证明), best first.

        In zh_TW the Traditional names match too; in English, the English names by word
        prefixes ("crim rec" finds "Certificate of No Criminal Record") come first.
        """
        return [self.services[i] for i in self.index.search(query, limit, lang)]


def fill_search_keys(item: dict[str, Any]) -> dict[str, Any]:
    """``item`` with its pinyin keys and zh_TW texts, computed if missing.

    Imports pypinyin and OpenCC: where items are built or synced, not on the UI thread.
    """
    if not (item.get("i18n") or {}).get("zh_TW"):
        item = fill_translations(item)
    if item.get("pinyin") and item.get("initials"):
        return item
    name = item.get("name")
    if not isinstance(name, str):
        return item  # the validator names the missing field
    full, initials = search_keys(name)
    return {**item, "pinyin": full, "initials": initials}


def _describe(e: ValidationError, data: Mapping[str, Any]) -> str:
    lines = []
    services = data.get("services", [])
    for err in e.errors():
        loc = list(err["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "services" and isinstance(loc[1], int):
            idx = loc[1]
            code = services[idx].get("code", f"#{idx}") if idx < len(services) else f"#{idx}"
            where = f"service {code}: "
            loc = loc[2:]
        field = ".".join(str(p) for p in loc) or "(item)"
        lines.append(f"{where}field '{field}': {err['msg']}")
    return "; ".join(lines)


def _needs_build(s: Any) -> bool:
    return isinstance(s, dict) and not (
        s.get("pinyin") and s.get("initials") and (s.get("i18n") or {}).get("zh_TW")
    )


def catalog_from_dict(data: Mapping[str, Any], source: str = "<catalog>") -> Catalog:
    services = data.get("services")
    cats = data.get("categories")
    if isinstance(cats, list) and any(
        isinstance(c, dict) and not (c.get("i18n") or {}).get("zh_TW") for c in cats
    ):
        data = {
            **data,
            "categories": [fill_category(c) if isinstance(c, dict) else c for c in cats],
        }
    if isinstance(services, list) and any(_needs_build(s) for s in services):
        # A hand-made catalog without keys: computed now (start-up, not catalog entry).
        data = {
            **data,
            "services": [fill_search_keys(s) if isinstance(s, dict) else s for s in services],
        }
    try:
        return Catalog.model_validate(data)
    except ValidationError as e:
        raise CatalogError(f"{source}: {_describe(e, data)}") from None


def load_catalog(path: Path) -> Catalog:
    """Load and validate a catalog file; raise :class:`CatalogError` naming item and field."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogError(f"catalog not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise CatalogError(f"cannot read catalog {path}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise CatalogError(f"{path}: TOML syntax error: {e}") from None
    return catalog_from_dict(data, str(path))
