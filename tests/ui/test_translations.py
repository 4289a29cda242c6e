"""Full translations (issue 16, item 6): the catalog's per-language texts, English
search, and switching language mid-form.

The walkthrough-wide checks (no Simplified-only character in zh_TW, no CJK in
English) are in test_translations_walkthrough.py.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from department_servers.items_gen import generate
from kiosk.services.catalog import (
    CatalogError,
    Guide,
    Material,
    catalog_from_dict,
    load_catalog,
)
from kiosk.services.catalog_build import CATALOG, english_dictionary, render
from kiosk.services.catalog_i18n import DEFAULTS, missing_english, text_paths, to_traditional
from kiosk.session.machine import SessionState
from kiosk.ui.core_texts import resident_text
from kiosk.ui.walkthrough import steps
from kiosk.ui.walkthrough.harness import demo_ui
from tests.ui.test_session_care import to_form
from tests.ui.test_translations_walkthrough import problems_in, widget_texts

ROOT = Path(__file__).resolve().parents[2]
TITLE_EN = "Fill in the form"  # 填写信息 in screens/translations/en.toml


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CATALOG)


# --- the catalog's data ------------------------------------------------------------------
def test_shipped_catalog_is_built_from_the_reviewed_dictionary() -> None:
    text = CATALOG.read_text(encoding="utf-8")
    # What catalog_build writes is what is committed (run it after editing either file).
    assert render(text, english_dictionary()) == text


def test_every_shipped_text_has_english_and_zh_tw(catalog) -> None:
    for s in catalog.services:
        paths = dict(text_paths(s))
        assert set(s.i18n["en"]) == set(paths), s.code
        assert set(s.i18n["zh_TW"]) == set(paths), s.code
    for c in catalog.categories:
        assert c.i18n["en"]["name"] and c.i18n["zh_TW"]["name"], c.code


def test_no_ampersand_in_english_texts(catalog) -> None:
    """A button shows "Social & medical" as "Social _medical" (& marks a shortcut key)."""
    texts = [c.name_in("en") for c in catalog.categories]
    for s in catalog.services:
        for text in s.i18n["en"].values():
            texts.extend(text if isinstance(text, list) else [text])
    for server in generate().values():
        for item in server:
            for text in item["i18n"]["en"].values():
                texts.extend(text if isinstance(text, list) else [text])
    assert len(texts) > 40_000  # 274 shipped texts and every generated one
    assert [t for t in texts if "&" in t] == []


def test_defaults_of_the_walker_are_the_models_defaults() -> None:
    assert DEFAULTS["guide"] == {
        "fee": Guide.model_fields["fee"].default,
        "result_delivery": Guide.model_fields["result_delivery"].default,
    }
    assert DEFAULTS["materials"] == {"source": Material.model_fields["source"].default}


def test_zh_tw_is_opencc_with_the_reviewed_fixes() -> None:
    # s2twp alone gives 視窗 (a computer window) and 登出 (log out) for these.
    assert to_traditional("未满16周岁请由监护人到窗口办理") == "未滿16週歲請由監護人到窗口辦理"
    assert to_traditional("个体工商户注销登记") == "個體工商戶註銷登記"
    assert to_traditional("户口簿本人页") == "戶口簿本人頁"


def test_the_mixed_script_line_is_gone(catalog) -> None:
    """户口簿本人页（可用電子證照免交）: the name stayed Simplified in zh_TW."""
    s = catalog.get("ZM-WFZJL").localized("zh_TW")
    m = s.materials[0]
    assert (m.name, m.source) == ("戶口簿本人頁", "申請人自備")
    assert catalog.get("ZM-WFZJL").materials[0].name == "户口簿本人页"  # canonical kept


def test_localized_keeps_codes_rules_and_canonical_values(catalog) -> None:
    s = catalog.get("ZM-WFZJL")
    en = s.localized("en")
    assert en.name == "Certificate of No Criminal Record"
    assert en.department == "Fuzhou Public Security Bureau (sample)"
    purpose = next(f for f in en.form if f.key == "purpose")
    assert purpose.choices == ["Employment", "Travel abroad", "Other"]
    assert purpose.label == "Purpose"
    assert en.guide.conditions == [
        "City household registration or a city residence permit",
        "Apply in person with a valid ID",
    ]
    assert (en.code, en.certificate, en.impl_code) == (s.code, s.certificate, s.impl_code)
    assert [r.kind for r in en.instant_rules] == [r.kind for r in s.instant_rules]
    assert s.localized("zh_CN") is s
    assert next(f for f in s.form if f.key == "purpose").choices == ["就业", "出国（境）", "其他"]


def test_a_translation_that_does_not_fit_is_refused(catalog) -> None:
    data = {
        "categories": [{"code": "c", "name": "证明"}],
        "services": [
            {
                "code": "X-1",
                "name": "测试事项",
                "department": "测试部门",
                "category": "c",
                "guide": {"conditions": ["条件一"], "legal_basis": "依据", "time_limit": "即时"},
                "i18n": {"en": {"guide.conditions": ["one", "two"]}},
            }
        ],
    }
    with pytest.raises(CatalogError, match=r"'guide.conditions' has 2 entries, its source 1"):
        catalog_from_dict(data)
    data["services"][0]["i18n"] = {"en": {"guide.nonsense": "x"}}
    with pytest.raises(CatalogError, match=r"unknown text path 'guide.nonsense'"):
        catalog_from_dict(data)
    data["services"][0]["i18n"] = {"fr": {"name": "x"}}
    with pytest.raises(CatalogError, match=r"unknown language 'fr'"):
        catalog_from_dict(data)


def test_a_hand_made_item_gets_zh_tw_at_build(catalog) -> None:
    data = {
        "categories": [{"code": "c", "name": "证明"}],
        "services": [
            {
                "code": "X-1",
                "name": "户籍证明",
                "department": "测试部门",
                "category": "c",
                "guide": {"conditions": ["本市户籍"], "legal_basis": "依据", "time_limit": "即时"},
            }
        ],
    }
    cat = catalog_from_dict(data)
    s = cat.get("X-1")
    assert s.name_in("zh_TW") == "戶籍證明"
    assert s.localized("zh_TW").guide.conditions == ["本市戶籍"]
    assert s.name_in("en") == "户籍证明"  # no English given: the zh_CN name
    assert cat.categories[0].name_in("zh_TW") == "證明"


def test_generated_items_have_english_composed_from_parts() -> None:
    items = [i for server in generate().values() for i in server]
    assert len(items) == 2000
    assert missing_english(items) == []
    for i in items:
        assert set(i["i18n"]["zh_TW"]) == {p for p, _ in text_paths(i)}, i["code"]
    by_name = {i["name"]: i for i in items}
    assert by_name["居住证延续"]["i18n"]["en"]["name"] == "Residence permit renewal"
    assert by_name["居住证延续"]["i18n"]["zh_TW"]["name"] == "居住證延續"
    cross = next(i for i in items if i.get("handled_by"))
    assert cross["i18n"]["en"]["name"].endswith(" (cross-province)")
    # Seeded: the same texts on every run.
    again = [i for server in generate().values() for i in server]
    assert [i["i18n"] for i in again] == [i["i18n"] for i in items]


def test_catalog_load_imports_neither_opencc_nor_pypinyin() -> None:
    code = (
        "import sys; from pathlib import Path; from kiosk.services.catalog import load_catalog;"
        f"c = load_catalog(Path({str(CATALOG)!r})); c.search('crim', lang='en');"
        "c.get('ZM-WFZJL').localized('zh_TW');"
        "print(sorted(m for m in ('opencc', 'pypinyin') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"


# --- search -------------------------------------------------------------------------------
def test_english_search_matches_word_prefixes_case_insensitive(catalog) -> None:
    codes = [s.code for s in catalog.search("crim rec", lang="en")]
    assert codes == ["ZM-WFZJL"]
    assert [s.code for s in catalog.search("CERTIFICATE OF NO", lang="en")][:2] == [
        "ZM-WFZJL",
        "ZM-WZFBT",
    ]
    # Word prefixes only: "riminal" starts no word.
    assert catalog.search("riminal", lang="en") == []
    # Best first: a name that starts with the query before one that has its words.
    housing = [s.name_in("en") for s in catalog.search("housing fund", lang="en")]
    assert housing[:2] == [
        "Housing Fund Withdrawal (Rent)",
        "Housing Fund Contribution Certificate",
    ]


def test_english_search_keeps_pinyin_after_english_names(catalog) -> None:
    # No English name has a word starting "wfz": the initials of 无犯罪记录证明 still
    # work for a resident who reads Chinese (ranked after any English match).
    assert [s.code for s in catalog.search("wfz", lang="en")] == ["ZM-WFZJL"]


def test_chinese_search_unchanged_and_traditional_names_match(catalog) -> None:
    assert [s.code for s in catalog.search("wfz")][:1] == ["ZM-WFZJL"]
    assert [s.code for s in catalog.search("无犯罪")] == ["ZM-WFZJL"]
    assert [s.code for s in catalog.search("無犯罪", lang="zh_TW")] == ["ZM-WFZJL"]
    assert catalog.search("無犯罪") == []  # zh_CN: Traditional text is not its key
    assert catalog.search("crim rec") == []  # zh_CN: no English index


# --- the core's messages ------------------------------------------------------------------
def test_core_messages_are_translated_with_their_catalog_parts(qapp, catalog) -> None:
    from kiosk.ui.i18n import LanguageSwitcher

    service = catalog.get("ZM-WFZJL")
    switcher = LanguageSwitcher()
    try:
        assert switcher.set_language("en")
        assert resident_text("请填写“证明用途”", service) == "Please fill in “Purpose”"
        assert resident_text("无犯罪记录证明已即时办结。", service) == (
            "Certificate of No Criminal Record: completed on the spot."
        )
        assert switcher.set_language("zh_TW")
        assert resident_text("请填写“联系电话”", service) == "請填寫“聯絡電話”"
        assert resident_text("未知的消息", service) == "未知的消息"  # no template: as is
    finally:
        switcher.set_language("zh_CN")


# --- switching mid-form -------------------------------------------------------------------
@pytest.fixture
def wt(qapp, tmp_path: Path):
    with demo_ui(tmp_path / "shots") as wt:
        yield wt


def test_switching_language_mid_form_retranslates_everything(wt) -> None:
    to_form(wt)  # 无犯罪记录证明, card read, guide passed
    window = wt.ui.window
    form = window.screens[SessionState.FORM]
    form.inputs["phone"].setText("13800138000")
    form.choices["purpose"].buttons()[1].click()
    form.submit()  # the choice is made and the phone is valid: on to the next step?
    steps.expect(wt, SessionState.MATERIALS)
    wt.ui.ctl.back()
    steps.expect(wt, SessionState.FORM)
    form.inputs["phone"].setText("")
    form.submit()  # the phone error shows, in zh_CN
    assert form.errors["phone"].text() == "请填写“联系电话”"

    window._switch_language("en")
    wt.pump()
    assert form.heading.text() == "Certificate of No Criminal Record"
    assert form._titles["purpose"].text() == "Purpose"
    assert [b.text() for b in form.choices["purpose"].buttons()] == [
        "Employment",
        "Travel abroad",
        "Other",
    ]
    assert form.errors["phone"].text() == "Please fill in “Phone number”"
    assert form.choices["purpose"].checkedButton().text() == "Travel abroad"
    assert form.values()["purpose"] == "出国（境）"  # canonical value submitted
    assert window.title_label.text() == TITLE_EN
    resident = {wt.terminal.session.data.identity.name}
    from kiosk.privacy import mask_name

    resident.add(mask_name(wt.terminal.session.data.identity.name))
    shown = [
        (n, t) for n, t in widget_texts(window) if not n.startswith(("key_word_", "candidate"))
    ]
    assert problems_in(shown, "en", resident | {"简体", "繁體"}) == []

    window._switch_language("zh_TW")
    wt.pump()
    assert form.heading.text() == "無犯罪記錄證明"
    assert form.errors["phone"].text() == "請填寫“聯絡電話”"
    assert problems_in(widget_texts(window), "zh_TW", resident | {"简体"}) == []

    form.inputs["phone"].setText("13800138000")
    form.submit()
    steps.expect(wt, SessionState.MATERIALS)
    assert wt.terminal.session.data.form_values["purpose"] == "出国（境）"


def test_every_core_template_still_matches_the_core(qapp) -> None:
    """A reworded core message would silently stay zh_CN: each template's fixed parts
    must still be in the core's source (string literals, implicit joins undone)."""
    import re

    from kiosk.ui.core_texts import CoreTexts

    core = [
        p
        for p in (ROOT / "kiosk").rglob("*.py")
        if p.name != "core_texts.py" and "ui" not in p.relative_to(ROOT / "kiosk").parts[:1]
    ]
    # The devices' messages reach the screens inside the core's (a print failure's
    # reason), and the controllers build a few results of their own (a paid case).
    core += [*(ROOT / "drivers").rglob("*.py"), *(ROOT / "kiosk/ui/controllers").rglob("*.py")]
    source = "".join(p.read_text(encoding="utf-8") for p in core)
    source = re.sub(r'"\s*\n\s*f?"', "", source)  # "…" "…" split over lines
    templates = CoreTexts().templates()
    assert len(templates) > 40
    stale = [
        zh
        for zh, _ in templates
        # (the core adds "（reasons）" separately: the parentheses are not in its literals)
        if any(part.strip("（）") not in source for part in re.split(r"\{\d\}", zh) if part)
    ]
    assert stale == []


def test_a_new_window_does_not_inherit_the_last_language(qapp) -> None:
    """The translator is the application's: a terminal built after another (the next
    test, the next walkthrough) starts in zh_CN even if the last one ended in English."""
    from PySide6.QtCore import QCoreApplication

    from kiosk.ui.i18n import LanguageSwitcher, current_language

    first = LanguageSwitcher()
    assert first.set_language("en")
    assert QCoreApplication.translate("CatalogScreen", "上一页") == "Previous"
    second = LanguageSwitcher()  # the next terminal's, never switched before
    assert second.set_language("zh_CN")
    assert QCoreApplication.translate("CatalogScreen", "上一页") == "上一页"
    assert current_language() == "zh_CN"


# --- the fee schedule ----------------------------------------------------------------------
FEES = ROOT / "config" / "fees.toml"


def test_every_shipped_fee_text_has_zh_tw_and_english() -> None:
    from kiosk.payments.fees import load_fee_schedule

    fees = load_fee_schedule(FEES)
    texts = [(f, k) for f in fees.fees for k in f.TEXTS] + [
        (r, k) for r in fees.exemptions for k in r.TEXTS
    ]
    assert len(texts) == 2 * len(fees.fees) + len(fees.exemptions) >= 6
    for model, key in texts:
        zh = getattr(model, key)
        # zh_TW is OpenCC's, with the catalog's reviewed fixes: 免缴对象 is not 物件.
        assert model.i18n["zh_TW"][key] == to_traditional(zh), key
        english = model.i18n["en"][key]
        assert english and not any("\u3400" <= c <= "\u9fff" for c in english), english
    assert fees.fees[0].text("item", "en") == "Driving licence fee"
    assert fees.fees[0].text("item", "zh_CN") == "机动车驾驶证工本费"  # canonical
    assert fees.exemptions[1].text("label", "zh_TW") == "最低生活保障對象（低保）"


@pytest.mark.parametrize(
    ("translation", "error"),
    [
        ('[fees.i18n.en]\nname="X"\n', "unknown text 'name'"),  # a field no fee has
        ('[fees.i18n.fr]\nitem="X"\n', "i18n"),  # a language the terminal does not offer
    ],
)
def test_a_fee_translation_must_name_a_known_text(
    tmp_path: Path, translation: str, error: str
) -> None:
    from kiosk.payments.errors import FeeScheduleError
    from kiosk.payments.fees import load_fee_schedule

    bad = tmp_path / "fees.toml"
    bad.write_text(
        '[[fees]]\nservice="A"\nitem="x"\namount_fen=1\nlegal_basis="b"\n' + translation,
        encoding="utf-8",
    )
    with pytest.raises(FeeScheduleError, match=error):
        load_fee_schedule(bad)


def test_the_fee_summary_follows_a_language_switch(wt) -> None:
    import datetime as dt

    from kiosk.ui.controllers.payment import PayPage

    ui = wt.ui
    ui.identify.start()
    steps.expect(wt, SessionState.IDENTIFY)
    steps.idcard(wt).place_card(steps.LOCAL_RESIDENT)
    steps.expect(wt, SessionState.CATALOG)
    date = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    steps._to_review(wt, steps.FEE_SERVICE, {"phone": "13800138000", "date": date})
    ui.service.confirm_submit()
    steps.expect(wt, SessionState.PAYMENT)
    pay = ui.service.payment
    assert wt.wait_for(lambda: pay.view.page == PayPage.SUMMARY, 10)
    screen = ui.window.screens[SessionState.PAYMENT]
    assert screen.amount.text() == "机动车驾驶证工本费：10.00 元"

    ui.window._switch_language("en")
    wt.pump()
    assert screen.amount.text() == "Driving licence fee: 10.00 yuan"
    assert "residents aged 70 or over" in screen.exempt.text()
    ui.window._switch_language("zh_TW")
    wt.pump()
    assert screen.amount.text() == "機動車駕駛證工本費：10.00 元"
    assert "最低生活保障對象（低保）" in screen.exempt.text()
    assert pay.view.fee is not None and pay.view.fee.item == "机动车驾驶证工本费"  # the order's


# --- the address picker's division names -----------------------------------------------------
def test_division_names_are_built_from_the_shipped_data() -> None:
    """Rebuilding one province gives the shipped names and street lists (the whole
    build is ``python -m kiosk.handoff.divisions_i18n``)."""
    import json

    from kiosk.handoff import divisions_i18n as b

    divisions = json.loads(b.DIVISIONS.read_text(encoding="utf-8"))
    streets = json.loads(b.STREETS.read_text(encoding="utf-8"))
    names, lists = b.build(divisions, streets, provinces=("350000",))
    shipped = json.loads(b.OUT.read_text(encoding="utf-8"))
    for lang in ("zh_TW", "en"):
        assert names[lang] and all(shipped[lang][c] == n for c, n in names[lang].items())
        on_disk = json.loads(b.STREETS_OUT[lang].read_text(encoding="utf-8"))["districts"]
        assert lists[lang]["districts"] and all(
            on_disk[c] == v for c, v in lists[lang]["districts"].items()
        )
    every = json.loads(b.OUT.read_text(encoding="utf-8"))["en"]
    codes = {p["code"] for p in divisions["provinces"]}
    assert codes <= set(every)


def test_division_names_read_as_place_names() -> None:
    from kiosk.handoff.divisions import load_divisions
    from tests.ui.test_translations_walkthrough import simplified_only

    d = load_divisions()
    assert d.shown_name("350000", "en") == "Fujian"
    assert d.shown_name("350100", "en") == "Fuzhou"
    assert d.shown_name("350102", "en") == "Gulou District"
    assert d.shown_name("350112", "en") == "Changle District"
    assert d.shown_name("350181", "en") == "Fuqing City"
    assert d.shown_name("150000", "en") == "Inner Mongolia"
    assert d.shown_name("610100", "en") == "Xi'an"
    assert d.shown_name("350102", "zh_TW") == "鼓樓區"
    assert d.shown_name("350102", "zh_CN") == "鼓楼区"
    streets = d.streets("350102")
    assert d.shown_streets("350102", "en")[streets.index("东街街道")] == "Dongjie Subdistrict"
    assert d.shown_streets("350102", "zh_TW")[streets.index("东街街道")] == "東街街道"
    # The address of a courier order stays the zh_CN one.
    assert (
        d.address("350102", "鼓屏路88号", "东街街道").full_text().startswith("福建省福州市鼓楼区")
    )
    # No Simplified-only character in any zh_TW name, no CJK in any English one.
    import json

    from kiosk.handoff import divisions_i18n as b

    tw = list(json.loads(b.OUT.read_text(encoding="utf-8"))["zh_TW"].values())
    tw += [s for v in json.loads(b.STREETS_OUT["zh_TW"].read_text(encoding="utf-8"))["districts"].values() for s in v]  # fmt: skip
    table = simplified_only()
    assert [t for t in tw if any(c in table for c in t)] == []


def test_division_names_load_neither_opencc_nor_pypinyin() -> None:
    code = (
        "import sys; from kiosk.handoff.divisions import load_divisions; d = load_divisions();"
        "d.shown_name('350102', 'en'); d.shown_streets('350102', 'zh_TW');"
        "print(sorted(m for m in ('opencc', 'pypinyin') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "[]"
