"""Every UI string has an English and a Traditional Chinese translation."""

from kiosk.i18n_build import build


def test_every_string_is_translated() -> None:
    missing = build(quiet=True)
    assert missing["zh_TW"] == []
    assert missing["en"] == [], "add these to screens/translations/en.toml: " + ", ".join(
        missing["en"]
    )
