"""The catalog screen and the guide at 2,000 items (real UI, offscreen, simulators)."""

from __future__ import annotations

from pathlib import Path

from department_servers.items_gen import generate
from kiosk.services.catalog_cache import CatalogCache, ConnectorItems, Snapshot
from kiosk.session.machine import SessionState as S
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import demo_ui


def _cache_with_generated_items(data_dir: Path) -> None:
    """What a first sync leaves in the data dir: the 2,000 items, per connector."""
    snap = Snapshot(
        {
            name: ConnectorItems(1, {i["code"]: dict(i, version=1) for i in items})
            for name, items in generate().items()
        }
    )
    CatalogCache(data_dir / "catalog-cache.json").save(snap)


def test_catalog_pages_instead_of_building_a_tile_per_item_and_the_guide_is_complete(
    qapp, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _cache_with_generated_items(data)
    with demo_ui(tmp_path / "shots", data_dir=data) as wt:
        # The cached items are read after the first paint, on a thread (issue 19).
        assert wt.terminal.cached_catalog_loaded.wait(60)
        catalog = wt.terminal.catalog
        assert catalog is not None and len(catalog.services) >= 2022
        wt.ui.identify.start()
        steps.expect(wt, S.IDENTIFY)
        steps.identify_with_card(wt)
        scr = steps.screen(wt, S.CATALOG)
        scr._pick("household")
        in_category = catalog.in_category("household")
        assert len(in_category) > 80
        per = scr.per_page()
        assert len(scr.service_buttons) == per  # one page of tiles, not one per item
        pages = -(-len(in_category) // per)
        assert scr.page_label.text() == f"第 1/{pages} 页，共 {len(in_category)} 项"
        first = [b.objectName() for b in scr.service_buttons]
        scr.next_btn.click()
        second = [b.objectName() for b in scr.service_buttons]
        assert scr.page == 1 and not set(first) & set(second)
        assert second == [f"service_{s.code}" for s in in_category[per : 2 * per]]
        for _ in range(pages + 3):  # past the end: stays on the last page
            scr.next_btn.click()
        assert scr.page == pages - 1 and not scr.next_btn.isEnabled()
        # Search over the index: typing resets to the first page.
        scr._toggle_keyboard()
        for key in "wfz":
            scr.keyboard.press(key)
        assert scr.page == 0
        assert scr.service_buttons[0].objectName() == "service_ZM-WFZJL"
        scr._toggle_keyboard()
        # A 跨省通办 item: the guide says who handles it and the time limit there.
        remote = next(s for s in catalog.services if s.cross_region)
        wt.ui.service.choose_service(remote.code)
        steps.expect(wt, S.GUIDE)
        guide = steps.screen(wt, S.GUIDE)
        note = guide.cross_region.text()
        assert remote.handled_by in note and f"{remote.guide.promised_days} 个工作日" in note
        assert guide.cross_region.isVisibleTo(guide)
        texts = "\n".join(w.text() for w in guide.findChildren(type(guide.heading)))
        for expected in (
            remote.impl_code,
            remote.basic_code,
            remote.guide.consult_phone,
            "投诉电话：12345",
            remote.materials[0].source,
            f"法定办结时限：{remote.guide.statutory_days} 个工作日",
        ):
            assert expected in texts, expected
        # The review screen says it again, before the resident confirms.
        review = steps.screen(wt, S.REVIEW)
        review.on_enter()
        where = review.findChild(type(guide.heading), "crossRegionWhere")
        assert where is not None and remote.handled_by in where.text()
        assert f"承诺 {remote.guide.promised_days} 个工作日" in where.text()
