"""The catalog in the resident's language: per-item translations of every text shown.

An item (a service or a category) carries ``i18n``: per language (``zh_TW``, ``en``)
a flat table from a *text path* to the translated text, for instance::

    [services.i18n.en]
    name = "Certificate of No Criminal Record"
    "guide.conditions" = ["Registered resident of the city", "…"]
    "form.purpose.label" = "Purpose"
    "materials.0.name" = "Resident ID card"

The paths are the ones :func:`text_paths` lists (names, department, guide texts,
form labels, hints and choices, material names, sources and notes, rule reasons);
a list must have as many entries as its source. Canonical values (submitted to the
platform, stored in the case) stay zh_CN: only the screens read the translations,
through :func:`localized`.

The translations are made where items are built, never on the UI thread:

- zh_TW by OpenCC with Taiwan phrasing (``s2twp``), when the item list is generated
  (``department_servers/items_gen.py``), written into the shipped ``config/catalog.toml``
  by :mod:`kiosk.services.catalog_build`, or filled at sync for an item that arrives
  without them (:func:`fill_translations`, on the sync thread, like the pinyin keys);
  reviewed corrections of OpenCC's output are :data:`kiosk.tw_phrasing.TW_FIXES`;
- English by hand for the shipped items (``config/catalog_i18n.toml``, ``[en]``: the
  zh_CN text → English, shared by every item that uses it); the generated items
  compose theirs from English parts in the generator.

An item without a translation for a path shows its zh_CN text there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from kiosk.tw_phrasing import to_traditional

#: Languages an item may carry translations for (zh_CN is the source).
LANGS = ("zh_TW", "en")

Text = str | list[str]

#: Text fields of the guide: single strings, then lists of strings.
GUIDE_STRINGS = (
    "legal_basis",
    "time_limit",
    "fee",
    "fee_basis",
    "result_delivery",
    "implementing_body",
    "result_name",
    "place",
    "hours",
)
GUIDE_LISTS = ("conditions", "notes", "procedure")


#: The models' defaults of text fields (kiosk/services/catalog.py), for a raw item
#: that leaves them out: its translation must cover the text the screen will show.
#: (tests/ui/test_translations.py checks they equal the models' defaults.)
DEFAULTS = {
    "guide": {"fee": "不收费", "result_delivery": "现场打印"},
    "materials": {"source": "申请人自备"},
}


def _get(obj: Any, key: str, level: str = "") -> Any:
    """A field of a model or of its raw dict (the walker serves both)."""
    if isinstance(obj, dict):  # not Mapping: the ABC check was a third of a 2,000-item load
        return obj.get(key, DEFAULTS.get(level, {}).get(key))
    return getattr(obj, key, None)


def text_paths(item: Any) -> Iterator[tuple[str, Text]]:
    """Every translatable (path, zh_CN text) of a service (model or dict), in a fixed order."""
    for key in ("name", "department", "handled_by"):
        v = _get(item, key)
        if isinstance(v, str) and v:
            yield key, v
    guide = _get(item, "guide")
    if guide is not None:
        for key in GUIDE_STRINGS:
            v = _get(guide, key, "guide")
            if isinstance(v, str) and v:
                yield f"guide.{key}", v
        for key in GUIDE_LISTS:
            v = _get(guide, key)
            if isinstance(v, list) and v:
                yield f"guide.{key}", list(v)
    for f in _get(item, "form") or []:
        key = _get(f, "key")
        for attr in ("label", "hint"):
            v = _get(f, attr)
            if isinstance(v, str) and v:
                yield f"form.{key}.{attr}", v
        choices = _get(f, "choices")
        if isinstance(choices, list) and choices:
            yield f"form.{key}.choices", list(choices)
    for i, m in enumerate(_get(item, "materials") or []):
        for attr in ("name", "source", "note"):
            v = _get(m, attr, "materials")
            if isinstance(v, str) and v:
                yield f"materials.{i}.{attr}", v
    for i, r in enumerate(_get(item, "instant_rules") or []):
        v = _get(r, "reason")
        if isinstance(v, str) and v:
            yield f"rules.{i}.reason", v


def check_overlay(source: Mapping[str, Text], overlay: Mapping[str, Any]) -> str | None:
    """Why ``overlay`` does not fit the item whose texts are ``source`` (path → text,
    from :func:`text_paths`): an unknown path, a wrong shape; or None."""
    for path, text in overlay.items():
        if path not in source:
            return f"unknown text path '{path}'"
        want = source[path]
        if isinstance(want, list):
            if type(text) is not list or any(type(t) is not str for t in text):
                return f"'{path}' must be a list of texts"
            if len(text) != len(want):
                return f"'{path}' has {len(text)} entries, its source {len(want)}"
        elif type(text) is not str or not text:
            return f"'{path}' must be a non-empty text"
    return None


def localized(service: Any, lang: str) -> Any:
    """A copy of ``service`` with its texts in ``lang`` (``service`` itself for zh_CN).

    Display only: codes, keys, rules and the canonical (zh_CN) values stay as they
    are; a choice's translation is at the same index as its canonical value.
    """
    overlay: Mapping[str, Text] = service.i18n.get(lang) or {}
    if not overlay:
        return service
    top = {k: overlay[k] for k in ("name", "department", "handled_by") if k in overlay}
    guide_up = {
        k: overlay[f"guide.{k}"] for k in (*GUIDE_STRINGS, *GUIDE_LISTS) if f"guide.{k}" in overlay
    }
    form = []
    for f in service.form:
        up = {
            a: overlay[f"form.{f.key}.{a}"]
            for a in ("label", "hint", "choices")
            if f"form.{f.key}.{a}" in overlay
        }
        form.append(f.model_copy(update=up) if up else f)
    materials = []
    for i, m in enumerate(service.materials):
        up = {
            a: overlay[f"materials.{i}.{a}"]
            for a in ("name", "source", "note")
            if f"materials.{i}.{a}" in overlay
        }
        materials.append(m.model_copy(update=up) if up else m)
    rules = [
        r.model_copy(update={"reason": overlay[f"rules.{i}.reason"]})
        if f"rules.{i}.reason" in overlay
        else r
        for i, r in enumerate(service.instant_rules)
    ]
    return service.model_copy(
        update={
            **top,
            "guide": service.guide.model_copy(update=guide_up) if guide_up else service.guide,
            "form": form,
            "materials": materials,
            "instant_rules": rules,
        }
    )


def translated_text(item: Any, path: str, lang: str) -> str:
    """One text of an item (service or category) in ``lang``, its zh_CN one if none."""
    overlay = (_get(item, "i18n") or {}).get(lang) or {}
    v = overlay.get(path)
    return v if isinstance(v, str) else str(_get(item, path) or "")


# --- build time (generation, catalog build, sync thread): OpenCC is imported on first use
# by kiosk.tw_phrasing, whose reviewed corrections the UI's translation build shares.


def _apply(text: Text, fn: Callable[[str], str]) -> Text:
    return [fn(t) for t in text] if isinstance(text, list) else fn(text)


def fill_translations(
    item: dict[str, Any], english: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """``item`` with a zh_TW translation of every text it lacks one for (and English ones
    from ``english``, zh_CN → English, where the item has none).

    Imports OpenCC: call it where items are built, not on the UI thread.
    """
    i18n = {k: dict(v) for k, v in (item.get("i18n") or {}).items() if isinstance(v, dict)}
    tw = i18n.setdefault("zh_TW", {})
    en = i18n.setdefault("en", {})
    for path, text in text_paths(item):
        if path not in tw:
            tw[path] = _apply(text, to_traditional)
        if english is not None and path not in en:
            if isinstance(text, list):
                if all(t in english for t in text):
                    en[path] = [english[t] for t in text]
            elif text in english:
                en[path] = english[text]
    if not en:
        del i18n["en"]
    return {**item, "i18n": i18n}


def fill_category(cat: dict[str, Any], english: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A category with its name in zh_TW (OpenCC) and English (``english``) where missing."""
    i18n = {k: dict(v) for k, v in (cat.get("i18n") or {}).items() if isinstance(v, dict)}
    name = str(cat.get("name", ""))
    i18n.setdefault("zh_TW", {}).setdefault("name", to_traditional(name))
    if english is not None and name in english:
        i18n.setdefault("en", {}).setdefault("name", english[name])
    return {**cat, "i18n": i18n}


_WORD = re.compile(r"[a-z0-9]+")


def english_words(text: str) -> str:
    """The search key of an English name: its lower-case words, one space before each."""
    return "".join(" " + w for w in _WORD.findall(text.lower()))


def missing_english(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """zh_CN texts of ``items`` that have no English translation (the build reports them)."""
    out: list[str] = []
    for item in items:
        en = (item.get("i18n") or {}).get("en") or {}
        for path, text in text_paths(item):
            if path not in en:
                out.extend(text if isinstance(text, list) else [text])
    return sorted(set(out))


def shown_choice(canonical: Any, shown: Any, value: str) -> str:
    """A choice field's canonical ``value`` as the localized field ``shown`` words it."""
    if value in canonical.choices and len(shown.choices) == len(canonical.choices):
        return str(shown.choices[canonical.choices.index(value)])
    return value
