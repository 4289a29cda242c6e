from pathlib import Path

import pytest

from kiosk.config import CONFIG_DIR
from kiosk.services.catalog import CatalogError, catalog_from_dict, load_catalog

CATALOG = CONFIG_DIR / "catalog.toml"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CATALOG)


def test_sample_catalog_has_at_least_20_services_and_a_bundle(catalog) -> None:
    assert len(catalog.services) >= 20
    assert any(s.bundle_of for s in catalog.services)
    names = {s.name for s in catalog.services}
    for required in (
        "暂居住年限证明",
        "未享受住房补贴证明",
        "无犯罪记录证明",
        "老年人优待证年审",
        "新生儿医保参保登记",
        "个体工商户设立登记",
        "户籍证明",
    ):
        assert required in names


def test_pinyin_initials_search(catalog) -> None:
    assert catalog.search("wfz")[0].name == "无犯罪记录证明"
    assert "住房公积金提取（租房）" in [s.name for s in catalog.search("zfgjj")]
    assert catalog.search("公积金")[0].category == "housing"
    assert catalog.search("") == []


def _base() -> dict:
    import tomllib

    return tomllib.loads(CATALOG.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["services"][0].update(category="nope"), "ZM-JZNX: field 'category'"),
        (
            lambda d: d["services"][1]["guide"].pop("legal_basis"),
            "ZM-WZFBT: field 'guide.legal_basis'",
        ),
        (lambda d: d["services"][2]["form"][2].update(choices=[]), "ZM-WFZJL: field 'form.2'"),
        (
            lambda d: d["services"][2]["form"][0].update(prefill="identity.shoe_size"),
            "unknown identity field",
        ),
        (
            lambda d: d["services"][0]["instant_rules"][1].update(field="ghost"),
            "unknown form field 'ghost'",
        ),
        (lambda d: d["services"][3].update(code=d["services"][0]["code"]), "duplicate code"),
        (lambda d: d["services"][-1].update(bundle_of=["NOPE-1"]), "unknown service 'NOPE-1'"),
    ],
)
def test_broken_items_refused_with_code_and_field(mutate, expected: str) -> None:
    data = _base()
    mutate(data)
    with pytest.raises(CatalogError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        catalog_from_dict(data, "test")


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "none.toml")
