"""Masking of personal data for logs, screens and messages.

ID numbers keep their first 6 and last 4 characters (the region code and the
check digits are what a technician needs); names keep their first character;
phone numbers their first 3 and last 4 digits; passport and permit numbers their
first and last 2 characters.

What :func:`scrub_text` finds by pattern: resident ID numbers (18 and 15 digits,
foreign permanent-resident numbers), written with full-width digits or with spaces
between the groups too; mainland mobile and landline numbers; passports and the
Hong Kong / Macau / Taiwan permits (a letter or two and 7–10 digits, and any number
after a word such as 证件号码 / 通行证 / 护照 / passport / permit); submission ids,
which are case-read tokens. What has no pattern (names) is registered in
:data:`SENSITIVE` by whoever learns it; the registry masks the Traditional-character
forms and spaced forms of a name too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# 18-character resident/permit numbers (last may be X), 15-digit first-generation
# numbers, and the 2017 foreign permanent-resident number (3 letters + 12 digits).
# Look-arounds keep us from masking the middle of longer digit runs such as
# acceptance numbers, which are not personal.
ID_NUMBER_RE = re.compile(r"(?<![0-9])(?:\d{17}[0-9Xx]|\d{15}|[A-Z]{3}\d{12})(?![0-9])")

# Full-width ASCII (digits, letters, ＋) and the ideographic space, as typed by a
# Chinese input method: folded to ASCII before the patterns run.
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_SEP = r"[ \t]?"  # one optional space between digit groups: "110101 19900101 0015"
_SPACED_ID_RE = re.compile(
    r"(?<![0-9])(?:"
    rf"\d(?:{_SEP}\d){{16}}{_SEP}[0-9Xx]"  # 18 characters
    rf"|\d(?:{_SEP}\d){{14}}"  # 15 digits
    rf"|[A-Z]{{3}}(?:{_SEP}\d){{12}}"  # foreign permanent resident
    r")(?![0-9])"
)
# Mainland mobiles (1[3-9] + 9 digits, optional +86), written 138 0013 8000 or
# 138-0013-8000 too; landlines with an area code and a separator: 0591-87654321.
PHONE_RE = re.compile(
    r"(?<![0-9A-Za-z+])(?:\+?86[ -]?)?(?:1[3-9]\d(?:[ -]?\d){8}|0\d{2,3}[ -]\d{7,8})(?![0-9A-Za-z])"
)
# Passports (E/G/D/P/S + 8 digits, EA1234567), permits to/from Hong Kong, Macau and
# Taiwan (H/M home-return permits, C and L exit permits, 8–10 digits).
DOCUMENT_NUMBER_RE = re.compile(r"(?<![0-9A-Za-z])[CDEGHKLMPST][A-Z]?\d{7,10}(?![0-9A-Za-z])")
# Any number written after a word that says it is a document number (a Taiwan
# compatriot permit is 8 bare digits: only its label gives it away).
_LABELLED_RE = re.compile(
    r"(证件号码|证件号|證件號碼|身份证号码|身份证号|身分證號|证号|號碼|号码|通行证|通行證|台胞证|台胞證|"
    r"护照|護照|passport|permit|document)"
    r"((?:\s*(?:no\.?|number|#))?\s*[:：=]?\s*)"
    r"([A-Za-z0-9][A-Za-z0-9()（）-]{5,17})",
    re.IGNORECASE,
)

# Submission ids (ULID: 10 characters of time, then 16 random ones). The random part
# makes the id the case-read token of the receipt's QR (``by-submission/<id>``): a
# secret, logged only as its time prefix and a short hash (to tell two apart).
CASE_TOKEN_RE = re.compile(r"(?<![0-9A-Za-z])[0-9A-HJKMNP-TV-Z]{26}(?![0-9A-Za-z])")


def mask_case_token(value: str) -> str:
    """``01JD3Q8V7X4M2N6P8R0S2T4V6W`` → ``01JD3Q8V7X…#07f9`` (the time, 16 bits of a hash)."""
    return f"{value[:10]}…#{hashlib.sha256(value.encode()).hexdigest()[:4]}"


def mask_id_number(value: str) -> str:
    """``110101199001010015`` → ``110101********0015``."""
    v = value.strip()
    if len(v) <= 10:
        return "*" * len(v)
    return v[:6] + "*" * (len(v) - 10) + v[-4:]


def mask_name(value: str) -> str:
    """``张三丰`` → ``张**``; ``ZHANG SAN`` → ``Z********``."""
    v = value.strip()
    if not v:
        return ""
    return v[0] + "*" * (len(v) - 1) if len(v) > 1 else "*"


def mask_phone(value: str) -> str:
    """``13800138000`` → ``138****8000``."""
    v = value.strip()
    return v[:3] + "****" + v[-4:] if len(v) >= 11 else "*" * len(v)


def mask_document_number(value: str) -> str:
    """``E12345678`` → ``E******78`` (passports, permits: first and last two kept)."""
    v = value.strip()
    if len(v) <= 4:
        return "*" * len(v)
    return v[0] + "*" * (len(v) - 3) + v[-2:]


def fold_fullwidth(text: str) -> str:
    """Full-width digits, letters and the ideographic space as their ASCII forms."""
    return text.translate(_FULLWIDTH)


#: Script conversions of a value, each a function str → str: to Traditional (OpenCC
#: standard, Taiwan, Hong Kong) and to Simplified. Built once per process.
_CONVERTERS: list[Callable[[str], str]] | None = None
_CONVERTERS_LOCK = threading.Lock()

#: Traditional → Taiwan variants. OpenCC ships s2tw, which loads the 900 KB phrase
#: dictionary a second time (+16 MB); s2t then these variants is the same on every
#: CJK character, for 0.3 MB. (t2hk, shipped, does the same for Hong Kong.)
_T2TW_DICTS = ("TWVariantsPhrases.ocd2", "TWVariants.ocd2")


def _opencc_t2tw(opencc: Any) -> Any:
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    dicts = [{"type": "ocd2", "file": str(share / name)} for name in _T2TW_DICTS]
    config = {
        "name": "Traditional Chinese to Taiwan variants (kiosk)",
        "conversion_chain": [
            {"dict": {"type": "group", "match_policy": "short_circuit", "dicts": dicts}}
        ],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump(config, f)  # OpenCC reads its configuration from a file only
        f.flush()
        return opencc.OpenCC(f.name)


def _build_converters() -> list[Callable[[str], str]]:
    """s2t, s2tw, s2hk and t2s as functions (about 29 MB of OpenCC dictionaries).

    Each OpenCC constructor holds the GIL (20-90 ms of CPU): between them the
    building thread lets the others run.
    """
    import opencc

    s2t = opencc.OpenCC("s2t")
    time.sleep(0)
    t2tw = _opencc_t2tw(opencc)
    time.sleep(0)
    t2hk = opencc.OpenCC("t2hk")
    time.sleep(0)
    t2s = opencc.OpenCC("t2s")
    return [
        s2t.convert,
        lambda v: str(t2tw.convert(s2t.convert(v))),
        lambda v: str(t2hk.convert(s2t.convert(v))),
        t2s.convert,
    ]


def _converters() -> list[Callable[[str], str]]:
    global _CONVERTERS
    with _CONVERTERS_LOCK:
        if _CONVERTERS is None:
            try:
                _CONVERTERS = _build_converters()
            except Exception:  # masking must work without OpenCC's data
                log.warning("OpenCC unavailable: names are masked in the script given only")
                _CONVERTERS = []
        return _CONVERTERS


def prepare_converters() -> threading.Thread:
    """Build the converters on a thread of their own (the terminal's start does).

    Built on first use instead, they took 3.3 s of the UI thread on a loaded
    machine, at the first card read. A name registered while they are being
    built waits for them.
    """
    thread = threading.Thread(target=_converters, name="opencc-build", daemon=True)
    thread.start()
    return thread


def script_variants(value: str) -> list[set[str]]:
    """For each character of ``value``, its Simplified and Traditional forms."""
    convs = _converters()
    whole = [value] + [c(value) for c in convs]
    out: list[set[str]] = []
    for i, ch in enumerate(value):
        forms = {ch}
        for w in whole:
            if len(w) == len(value):
                forms.add(w[i])
        for c in convs:
            one = c(ch)
            if len(one) == 1:
                forms.add(one)
        out.append(forms)
    return out


def _value_pattern(value: str) -> re.Pattern[str]:
    """Matches ``value`` in either script, with spaces between its characters or not."""
    parts = []
    for forms in script_variants(value):
        if forms == {" "}:
            parts.append(r"\s*")
            continue
        parts.append("[" + "".join(re.escape(f) for f in sorted(forms)) + "]")
    return re.compile(r"\s?".join(parts), re.IGNORECASE)


class SensitiveValues:
    """Values known to be personal for the current session (names above all).

    A name cannot be recognised by a pattern, so whoever learns one (the identify
    step) registers it here; the log filter then masks it wherever it appears. The
    registry is cleared by the session wipe.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: dict[str, str] = {}
        self._patterns: dict[str, re.Pattern[str]] = {}

    def add(self, value: str, masked: str | None = None) -> None:
        v = fold_fullwidth(value).strip()
        if len(v) < 2:  # a single character would mask half the log
            return
        pattern = _value_pattern(v)
        with self._lock:
            self._values[v] = masked if masked is not None else mask_name(v)
            self._patterns[v] = pattern

    def add_many(self, values: Iterable[str]) -> None:
        for v in values:
            self.add(v)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._patterns.clear()

    def scrub(self, text: str) -> str:
        """``text`` with every registered value (any script, spaced or not) masked."""
        with self._lock:
            items = sorted(self._values.items(), key=lambda kv: -len(kv[0]))
            patterns = dict(self._patterns)
        for value, masked in items:
            if value in text:
                text = text.replace(value, masked)
            pattern = patterns.get(value)
            if pattern is not None:
                text = pattern.sub(masked, text)
        return text

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)


#: Process-wide registry used by the logging filter.
SENSITIVE = SensitiveValues()


def _unspaced(m: re.Match[str]) -> str:
    return re.sub(r"[ \t-]", "", m.group(0))


def scrub_identifiers(text: str) -> str:
    """Mask every identifier found by pattern (IDs, phones, passports, permits)."""
    if any(0xFF01 <= ord(c) <= 0xFF5E or c == "\u3000" for c in text):
        text = fold_fullwidth(text)
    text = CASE_TOKEN_RE.sub(lambda m: mask_case_token(m.group(0)), text)
    text = _SPACED_ID_RE.sub(lambda m: mask_id_number(_unspaced(m)), text)
    text = PHONE_RE.sub(lambda m: mask_phone(_unspaced(m)), text)
    text = DOCUMENT_NUMBER_RE.sub(lambda m: mask_document_number(m.group(0)), text)
    return _LABELLED_RE.sub(
        lambda m: (
            m.group(1)
            + m.group(2)
            + (m.group(3) if "*" in m.group(3) else mask_document_number(m.group(3)))
        ),
        text,
    )


def scrub_text(text: str, registry: SensitiveValues | None = None) -> str:
    """Mask every identifier and every registered personal value in ``text``."""
    text = scrub_identifiers(text)
    return (registry if registry is not None else SENSITIVE).scrub(text)
