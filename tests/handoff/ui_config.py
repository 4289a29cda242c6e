"""The terminal configuration of the hand-off UI tests (shared by the in-process UI test
and the UI processes of the power-cut test): the shipped configuration and catalog, with
the walkthrough's service (ZM-WFZJL) offering the locker and the post."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "ZM-WFZJL"


def write_config(folder: Path, extra: str = "") -> Path:
    """``folder/kiosk.toml`` (and its catalog) with ``extra`` TOML appended; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    catalog = (ROOT / "config" / "catalog.toml").read_text(encoding="utf-8")
    flagged = catalog.replace(
        f'code = "{SERVICE}"\n',
        f'code = "{SERVICE}"\npost_delivery = true\nlocker_deposit = true\n',
        1,
    )
    assert flagged != catalog, f"{SERVICE} not in the shipped catalog"
    (folder / "catalog.toml").write_text(flagged, encoding="utf-8")
    conf = (ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    conf = conf.replace('path = "catalog.toml"', f'path = "{folder / "catalog.toml"}"')
    cfg = folder / "kiosk.toml"
    cfg.write_text(conf + "\n" + extra, encoding="utf-8")
    return cfg
