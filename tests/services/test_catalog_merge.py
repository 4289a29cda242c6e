"""Merging synced items into the shipped catalog: what is kept, mapped and left out."""

from __future__ import annotations

from kiosk.config import CONFIG_DIR
from kiosk.services.catalog import load_catalog
from kiosk.services.catalog_cache import ConnectorItems, Snapshot, merge_catalog

SHIPPED = load_catalog(CONFIG_DIR / "catalog.toml")
GUIDE = {"conditions": ["本人办理"], "legal_basis": "示例", "time_limit": "即时"}


def _item(code: str, **kw: object) -> dict:
    return {
        "code": code,
        "name": f"事项{code}",
        "department": "某部门（示例）",
        "category": "household",
        "guide": GUIDE,
        **kw,
    }


def test_merge_keeps_maps_and_leaves_out_with_a_reason() -> None:
    snap = Snapshot(
        {
            "province": ConnectorItems(
                3,
                {
                    "A-0001": _item("A-0001"),
                    "A-0002": _item("A-0002", category="no_such_category"),
                    "A-0003": _item("A-0003", bundle_of=["A-0001", "GONE-1"]),
                    "A-0004": _item("A-0004", bundle_of=["A-0001"]),
                    "ZM-WFZJL": _item("ZM-WFZJL"),  # a shipped code: the shipped one stays
                    "A-0005": _item("A-0005", guide={"conditions": []}),
                },
            )
        }
    )
    cat, problems = merge_catalog(SHIPPED, snap)
    codes = {s.code for s in cat.services}
    assert {"A-0001", "A-0002", "A-0004"} <= codes and not {"A-0003", "A-0005"} & codes
    assert cat.get("A-0001").connector == "province"
    assert cat.get("A-0002").category == "other" and any(c.code == "other" for c in cat.categories)
    assert cat.get("ZM-WFZJL").connector == "" and cat.get("ZM-WFZJL").name == "无犯罪记录证明"
    assert any("A-0003" in p and "bundle_of" in p for p in problems)
    assert any("A-0005" in p and "guide" in p for p in problems)
    assert cat.version.endswith("+province:3")
    assert cat.search("事项A-0004")[0].code == "A-0004"
