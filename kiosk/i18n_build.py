"""Build the Qt translations: extract (.ts), fill, compile (.qm).

Source strings are Simplified Chinese (zh_CN) in ``self.tr()`` calls. This step:

1. runs ``pyside6-lupdate`` over screens/ and kiosk/ui/ to refresh the .ts files;
2. fills zh_TW with OpenCC (s2twp: Taiwan phrasing) and en from the reviewed
   dictionary ``screens/translations/en.toml`` (source → English);
3. runs ``pyside6-lrelease`` to produce the .qm files the app loads.

Run by install.sh; ``python -m kiosk.i18n_build --check`` lists untranslated
English strings (the test suite fails on any).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from kiosk.tw_phrasing import to_traditional

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "screens" / "translations"
SOURCES = [ROOT / "screens", ROOT / "kiosk" / "ui"]
LANGS = ("zh_TW", "en")


def _tool(name: str) -> str:
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    if exe.exists():
        return str(exe)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found (is PySide6 installed in this venv?)")
    return found


def _run(cmd: list[str]) -> None:
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{Path(cmd[0]).name} failed:\n{done.stdout}\n{done.stderr}")


def source_files() -> list[Path]:
    return sorted(p for d in SOURCES for p in d.rglob("*.py") if "translations" not in p.parts)


def english() -> dict[str, str]:
    path = TS_DIR / "en.toml"
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.get("strings", {}).items()}


def _fill(ts_path: Path, lang: str) -> list[str]:
    tree = ET.parse(ts_path)
    missing: list[str] = []
    translate: Callable[[str], str]
    if lang == "zh_TW":
        translate = to_traditional
    else:
        table = english()

        def translate(s: str) -> str:
            return table.get(s, "")

    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        tr = message.find("translation")
        if tr is None:
            tr = ET.SubElement(message, "translation")
        text = translate(source)
        # Plural messages (tr with %n) hold their text in <numerusform> children;
        # Chinese has one form and our English table gives one too.
        target = tr
        if message.get("numerus") == "yes":
            for child in list(tr):
                tr.remove(child)
            tr.text = None
            target = ET.SubElement(tr, "numerusform")
        if text:
            target.text = text
            tr.attrib.pop("type", None)
        else:
            target.text = ""
            tr.set("type", "unfinished")
            missing.append(source)
    # Obsolete entries (strings removed from the code) are dropped.
    for context in tree.iter("context"):
        for message in list(context.findall("message")):
            tr = message.find("translation")
            if tr is not None and tr.get("type") in ("obsolete", "vanished"):
                context.remove(message)
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


def build(quiet: bool = False) -> dict[str, list[str]]:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    files = [str(p) for p in source_files()]
    missing: dict[str, list[str]] = {}
    for lang in LANGS:
        ts = TS_DIR / f"kiosk_{lang}.ts"
        _run(
            [
                _tool("lupdate"),
                *files,
                "-no-obsolete",
                "-source-language",
                "zh_CN",
                "-target-language",
                lang,
                "-ts",
                str(ts),
            ],
        )
        missing[lang] = _fill(ts, lang)
        _run([_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))])
        if not quiet:
            print(f"{ts.name}: {len(missing[lang])} untranslated")
    return missing


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--check", action="store_true", help="exit 1 if any string is untranslated")
    args = ap.parse_args()
    missing = build(quiet=args.quiet)
    if args.check:
        for lang, items in missing.items():
            for s in items:
                print(f"{lang}: untranslated: {s}")
        sys.exit(1 if any(missing.values()) else 0)


if __name__ == "__main__":
    main()
