"""The street level's builder on a sample in jionlp's location format (the real wheel is
not fetched in tests: ``kiosk/handoff/divisions_build.py`` says how to reproduce)."""

from __future__ import annotations

import json

from kiosk.handoff.divisions import DATA_FILE, STREETS_FILE
from kiosk.handoff.divisions_build import build_streets, read_streets

SAMPLE = (
    "福建省\t350000\t福建\n"
    "\t福州市\t350100\t福州\n"
    "\t\t鼓楼区\t350102\t鼓楼\n"
    "\t\t\t鼓东街道\n"
    "\t\t\t\t华屏社区\n"
    "\t\t\t洪山镇\n"
    "\t\t\t鼓东街道\n"
    "\t\t旧区\t350199\n"  # malformed county line: its streets are not kept
    "\t\t\t某街道\n"
    "\t厦门市\t350200\t厦门\n"
    "\t\t思明区\t350203\t思明\n"
    "\t\t\t莲前街道\n"
)


def test_streets_read_under_their_county_villages_dropped() -> None:
    assert read_streets(SAMPLE) == {"350102": ["鼓东街道", "洪山镇"], "350203": ["莲前街道"]}


def test_only_districts_of_the_tree_keep_a_list() -> None:
    tree = {
        "provinces": [{"cities": [{"districts": [["350102", "鼓楼区"], ["350104", "仓山区"]]}]}]
    }
    out = build_streets(tree, read_streets(SAMPLE))
    assert out["districts"] == {"350102": ["鼓东街道", "洪山镇"]}


def test_shipped_street_lists_match_the_shipped_districts() -> None:
    tree = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    streets = json.loads(STREETS_FILE.read_text(encoding="utf-8"))
    codes = {d[0] for p in tree["provinces"] for c in p["cities"] for d in c["districts"]}
    lists = streets["districts"]
    assert set(lists) <= codes and len(lists) == 2805  # 42 districts newer than jionlp 1.5.31
    assert all(names and len(set(names)) == len(names) for names in lists.values())
    assert streets["source"].startswith("jionlp 1.5.31 (Apache-2.0)")
