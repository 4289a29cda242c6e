"""Every UI string has an English and a Traditional Chinese translation."""

from kiosk.i18n_build import build


def test_every_string_is_translated() -> None:
    missing = build(quiet=True)
    assert missing["zh_TW"] == []
    assert missing["en"] == [], "add these to screens/translations/en.toml: " + ", ".join(
        missing["en"]
    )


def test_taiwan_ui_strings_use_government_words() -> None:
    """The UI's zh_TW .ts gets the same reviewed fixes as the catalog: 窗口 is a counter."""
    from kiosk.i18n_build import TS_DIR
    from kiosk.tw_phrasing import TW_FIXES

    build(quiet=True)
    ts = (TS_DIR / "kiosk_zh_TW.ts").read_text(encoding="utf-8")
    wrong = [w for w, _ in TW_FIXES if w in ts]
    assert wrong == [], f"OpenCC's computer words left in kiosk_zh_TW.ts: {wrong}"
    assert "窗口" in ts  # the resident is sent to a counter somewhere in the UI
