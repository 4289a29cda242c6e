"""Write the translations into the shipped catalog (``config/catalog.toml``).

Each ``[[categories]]`` and ``[[services]]`` entry gets its ``i18n`` tables, made at
build time so the terminal never runs OpenCC at start-up:

- ``zh_TW`` by OpenCC (``s2twp``) with the reviewed fixes of
  :data:`kiosk.tw_phrasing.TW_FIXES`;
- ``en`` from the reviewed dictionary ``config/catalog_i18n.toml`` (zh_CN → English).

The rest of the file (comments, order, the items themselves) is kept as it is; the
tables are rewritten in place, at the end of their entry.

    python -m kiosk.services.catalog_build            # rewrite config/catalog.toml
    python -m kiosk.services.catalog_build --check    # exit 1 if it is out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from kiosk.services.catalog_i18n import LANGS, fill_category, fill_translations, missing_english

ROOT = Path(__file__).resolve().parent.parent.parent
CATALOG = ROOT / "config" / "catalog.toml"
DICTIONARY = ROOT / "config" / "catalog_i18n.toml"

_ENTRY = re.compile(r"^\[\[(categories|services)\]\]\s*$")
_HEADER = re.compile(r"^\[")
_OURS = re.compile(r"^\[(categories|services)\.i18n[.\]]")


class CatalogBuildError(RuntimeError):
    """The catalog cannot be translated (a text without English)."""


def english_dictionary(path: Path = DICTIONARY) -> dict[str, str]:
    """The reviewed zh_CN → English table."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.get("en", {}).items()}


def _value(v: Any) -> str:
    # JSON strings and arrays of strings are valid TOML basic strings and arrays.
    return json.dumps(v, ensure_ascii=False)


def _tables(kind: str, i18n: dict[str, dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    for lang in LANGS:
        overlay = i18n.get(lang)
        if not overlay:
            continue
        lines.append(f"[{kind}.i18n.{lang}]")
        for path, text in overlay.items():
            key = path if re.fullmatch(r"[a-z_]+", path) else _value(path)
            lines.append(f"{key} = {_value(text)}")
    return lines


def _strip_ours(lines: list[str]) -> list[str]:
    """The lines without any existing ``[*.i18n.*]`` table."""
    out: list[str] = []
    skipping = False
    for line in lines:
        if _HEADER.match(line):
            skipping = bool(_OURS.match(line))
        # Blank and comment lines after a table belong to what follows it.
        if not skipping or not line.strip() or line.lstrip().startswith("#"):
            out.append(line)
    return out


def render(text: str, english: dict[str, str]) -> str:
    """``text`` (the catalog TOML) with every entry's i18n tables (re)written."""
    data = tomllib.loads(text)
    fresh = [{k: v for k, v in s.items() if k != "i18n"} for s in data.get("services", [])]
    missing = missing_english([fill_translations(s, english) for s in fresh]) + sorted(
        c["name"] for c in data.get("categories", []) if c["name"] not in english
    )
    if missing:
        raise CatalogBuildError("no English for: " + ", ".join(missing))
    lines = _strip_ours(text.splitlines())
    # Entry boundaries: each [[categories]]/[[services]] runs to the next one (the
    # comment lines just before the next one belong to it).
    starts = [i for i, line in enumerate(lines) if _ENTRY.match(line)]
    counters = {"categories": 0, "services": 0}
    out: list[str] = lines[: starts[0]] if starts else lines
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[start:end]
        cut = len(body)
        while cut > 1 and (not body[cut - 1].strip() or body[cut - 1].lstrip().startswith("#")):
            cut -= 1
        kind = _ENTRY.match(lines[start]).group(1)  # type: ignore[union-attr]
        # Made afresh from the dictionary and OpenCC: the tables in the file are output.
        raw = {k: v for k, v in data[kind][counters[kind]].items() if k != "i18n"}
        counters[kind] += 1
        built = (
            fill_category(raw, english) if kind == "categories" else fill_translations(raw, english)
        )
        out.extend(body[:cut])
        out.extend(_tables(kind, built["i18n"]))
        out.extend(body[cut:])
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", type=Path, default=CATALOG)
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    args = ap.parse_args(argv)
    text = args.catalog.read_text(encoding="utf-8")
    try:
        new = render(text, english_dictionary())
    except CatalogBuildError as e:
        print(e, file=sys.stderr)
        return 1
    if args.check:
        if new != text:
            print(f"{args.catalog} is out of date: run python -m kiosk.services.catalog_build")
            return 1
        return 0
    args.catalog.write_text(new, encoding="utf-8")
    print(f"{args.catalog}: translations written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
