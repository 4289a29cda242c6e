"""A virtual smart card answering ISO 7816-4 APDUs, and the deck file it is loaded from.

A social security card has an MF, the SSSE application (selected by DF name)
and its EF05/EF06 files of simple-TLV records; SELECT (by name, by FID), READ
RECORD (by identifier or number, current EF or SFI) and GET RESPONSE answer with
the status words a real card gives (6A82, 6A83, 6982, 6Cxx, 61xx under T=0…).
Any other card (bank card, resident ID on a contactless reader) knows only its
own applications and refuses SSSE.

The same class serves the vpcd client (real pcscd stack) and the in-process
simulator, so both behave alike.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drivers.smartcard_sim.records import (
    CARD_RECORDS,
    EF05,
    EF06,
    RECORD_NAMES,
    SSSE_NAME,
    fid_of_sfi,
    record_at,
    store,
    tlv,
)

SW_OK = 0x9000


class DeckError(ValueError):
    """The deck file is missing or malformed (message names the card and the field)."""


def build_atr(protocol: str, historical: bytes) -> bytes:
    """A minimal valid ATR announcing ``T=0`` or ``T=1`` with these historical bytes."""
    if len(historical) > 15:
        raise DeckError("at most 15 historical bytes")
    if protocol == "T0":
        # TS, T0 (TB1 and TC1 present), TB1 = 00, TC1 = 00: T=0 implicit, no TCK.
        return bytes([0x3B, 0x60 | len(historical), 0x00, 0x00]) + historical
    if protocol == "T1":
        body = bytes([0x80 | len(historical), 0x80, 0x01]) + historical  # TD1 → TD2: T=1
        tck = 0
        for b in body:
            tck ^= b
        return bytes([0x3B]) + body + bytes([tck])
    raise DeckError(f"protocol must be T0 or T1, not {protocol!r}")


@dataclass
class CardProfile:
    """One card of the deck."""

    id: str
    label: str
    kind: str  # "social_security" | "other"
    atr: bytes
    protocol: str
    #: Social security card fields by record name (see :data:`~drivers.smartcard_sim.records.CARD_RECORDS`).
    fields: dict[str, str] = field(default_factory=dict)
    #: Records that answer 6982 without a PSAM (3rd-generation behaviour).
    protected: tuple[str, ...] = ()
    #: Records absent from the card (answer 6A83).
    missing: tuple[str, ...] = ()
    #: Other cards: DF names (hex) they accept; everything else gets ``select_sw``.
    applications: tuple[bytes, ...] = ()
    select_sw: int = 0x6A82

    @property
    def is_social_security(self) -> bool:
        return self.kind == "social_security"


@dataclass
class Deck:
    cards: list[CardProfile]
    source: str = ""

    def get(self, card_id: str) -> CardProfile:
        for c in self.cards:
            if c.id == card_id:
                return c
        known = ", ".join(c.id for c in self.cards)
        raise DeckError(f"no card '{card_id}' in deck {self.source} (cards: {known})")

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.cards]


def load_deck(path: Path) -> Deck:
    """Load and validate a deck file; :class:`DeckError` says what is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeckError(f"card deck not found: {path}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DeckError(f"card deck {path} unreadable: {e}") from None
    return deck_from_dict(data, str(path))


def deck_from_dict(data: Any, source: str = "<dict>") -> Deck:
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        raise DeckError(f"{source}: expected an object with a 'cards' list")
    cards = []
    seen: set[str] = set()
    for i, raw in enumerate(data["cards"]):
        card = _card_from_dict(raw, f"{source}: card #{i + 1}")
        if card.id in seen:
            raise DeckError(f"{source}: duplicate card id '{card.id}'")
        seen.add(card.id)
        cards.append(card)
    if not cards:
        raise DeckError(f"{source}: no cards")
    return Deck(cards, source)


def _card_from_dict(raw: Any, where: str) -> CardProfile:
    if not isinstance(raw, dict):
        raise DeckError(f"{where}: not an object")
    try:
        card_id = str(raw["id"])
        kind = str(raw.get("kind", "social_security"))
        protocol = str(raw.get("protocol", "T0"))
        if kind not in ("social_security", "other"):
            raise DeckError(f"{where} ({card_id}): kind must be social_security or other")
        if "atr" in raw:
            atr = bytes.fromhex(str(raw["atr"]))
        else:
            atr = build_atr(protocol, bytes.fromhex(str(raw.get("historical_bytes", ""))))
        fields = {str(k): str(v) for k, v in dict(raw.get("fields", {})).items()}
        for name in [*fields, *raw.get("protected", []), *raw.get("missing", [])]:
            if name not in RECORD_NAMES:
                raise DeckError(f"{where} ({card_id}): unknown field '{name}'")
        profile = CardProfile(
            id=card_id,
            label=str(raw.get("label", card_id)),
            kind=kind,
            atr=atr,
            protocol=protocol,
            fields=fields,
            protected=tuple(raw.get("protected", ())),
            missing=tuple(raw.get("missing", ())),
            applications=tuple(bytes.fromhex(a) for a in raw.get("applications", ())),
            select_sw=int(str(raw.get("select_sw", "6A82")), 16),
        )
        if profile.is_social_security:
            VirtualCard(profile)  # encodes every record: a bad value fails here, not mid-read
    except KeyError as e:
        raise DeckError(f"{where}: missing {e.args[0]!r}") from None
    except DeckError:
        raise
    except (ValueError, TypeError) as e:
        raise DeckError(f"{where}: {e}") from None
    return profile


# --- the card ------------------------------------------------------------------------------


@dataclass
class _Ef:
    fid: int
    records: list[bytes]  # each a complete simple-TLV record


class VirtualCard:
    """ISO 7816-4 card logic for one :class:`CardProfile` (thread-safe, one APDU at a time)."""

    def __init__(self, profile: CardProfile) -> None:
        self.profile = profile
        self._lock = threading.Lock()
        self.files: dict[int, _Ef] = {}
        if profile.is_social_security:
            for fid in (EF05, EF06):
                records = []
                for spec in CARD_RECORDS:
                    if spec.fid != fid or spec.name in profile.missing:
                        continue
                    value = profile.fields.get(spec.name)
                    if value is None:
                        continue
                    records.append(tlv(spec.tag, store(spec, value)))
                self.files[fid] = _Ef(fid, records)
        self.reset()
        #: The last APDUs received, and how many in all (tests, benchmark).
        self.apdu_log: deque[bytes] = deque(maxlen=256)
        self.apdu_count = 0

    @property
    def atr(self) -> bytes:
        return self.profile.atr

    def reset(self) -> None:
        with self._lock:
            self._df_selected = False
            self._current_ef: int | None = None
            self._pending: bytes = b""

    # -- APDU processing --
    def process(self, apdu: bytes) -> bytes:
        """Answer one command APDU with ``data + SW1 SW2``."""
        with self._lock:
            self.apdu_log.append(bytes(apdu))
            self.apdu_count += 1
            try:
                data, sw = self._dispatch(apdu)
            except _Sw as e:
                data, sw = b"", e.sw
            return data + sw.to_bytes(2, "big")

    def _dispatch(self, apdu: bytes) -> tuple[bytes, int]:
        if len(apdu) < 4:
            raise _Sw(0x6700)
        cla, ins, p1, p2 = apdu[:4]
        _lc, body, le = _parse_lengths(apdu)
        if cla != 0x00:
            raise _Sw(0x6E00)
        if ins == 0xC0:
            return self._get_response(le)
        self._pending = b""
        if ins == 0xA4:
            return self._select(p1, p2, body, le)
        if ins == 0xB2:
            return self._read_record(p1, p2, le)
        raise _Sw(0x6D00)

    def _select(self, p1: int, p2: int, body: bytes, le: int | None) -> tuple[bytes, int]:
        if p1 == 0x04:
            accepted = (
                body == SSSE_NAME
                if self.profile.is_social_security
                else body in self.profile.applications
            )
            if not accepted:
                raise _Sw(self.profile.select_sw if not self.profile.is_social_security else 0x6A82)
            if self.profile.is_social_security:
                self._df_selected = True
                self._current_ef = None
            fci = bytes([0x6F, len(body) + 2, 0x84, len(body)]) + body
            return self._respond(fci, le, p2)
        if p1 in (0x00, 0x02) and len(body) == 2:
            fid = int.from_bytes(body, "big")
            if not self.profile.is_social_security:
                raise _Sw(self.profile.select_sw)
            if fid == 0x3F00:
                self._df_selected = False
                self._current_ef = None
                return b"", SW_OK
            if not self._df_selected or fid not in self.files:
                raise _Sw(0x6A82)
            self._current_ef = fid
            return b"", SW_OK
        raise _Sw(0x6A86)

    def _respond(self, data: bytes, le: int | None, p2: int) -> tuple[bytes, int]:
        if p2 & 0x0C == 0x0C:  # "no response data" requested
            return b"", SW_OK
        if self.profile.protocol == "T0":
            # T=0 cannot return data to a case-4 command: announce it with 61xx.
            self._pending = data
            return b"", 0x6100 | min(len(data), 0xFF)
        if le is None:
            return b"", SW_OK
        return data, SW_OK

    def _get_response(self, le: int | None) -> tuple[bytes, int]:
        if not self._pending:
            raise _Sw(0x6985)
        want = le if le else 256
        data, self._pending = self._pending[:want], self._pending[want:]
        return data, (0x6100 | min(len(self._pending), 0xFF)) if self._pending else SW_OK

    def _read_record(self, p1: int, p2: int, le: int | None) -> tuple[bytes, int]:
        if not self.profile.is_social_security:
            raise _Sw(0x6D00)
        sfi, mode = p2 >> 3, p2 & 0x07
        if sfi:
            fid = fid_of_sfi(sfi)
            if not self._df_selected or fid is None or fid not in self.files:
                raise _Sw(0x6A82)
        else:
            if self._current_ef is None:
                raise _Sw(0x6986)  # command not allowed: no current EF
            fid = self._current_ef
        ef = self.files[fid]
        if mode == 0b100:  # record number P1
            if not 1 <= p1 <= len(ef.records):
                raise _Sw(0x6A83)
            record = ef.records[p1 - 1]
        elif mode == 0b000:  # first record with identifier P1
            record = next((r for r in ef.records if r[0] == p1), b"")
            if not record:
                raise _Sw(0x6A83)
        else:
            raise _Sw(0x6A86)
        spec = record_at(fid, record[0])
        if spec is not None and spec.name in self.profile.protected:
            raise _Sw(0x6982)
        if sfi:
            self._current_ef = fid
        want = le if le else 256
        if want < len(record):
            raise _Sw(0x6C00 | len(record))
        if want > len(record) and le:
            return record, 0x6282  # end of record reached before Le bytes
        return record, SW_OK


class _Sw(Exception):
    def __init__(self, sw: int) -> None:
        super().__init__(f"{sw:04X}")
        self.sw = sw


def _parse_lengths(apdu: bytes) -> tuple[int, bytes, int | None]:
    """(Lc, data, Le) of a short APDU; :class:`_Sw` 6700 when inconsistent."""
    rest = apdu[4:]
    if not rest:
        return 0, b"", None
    if len(rest) == 1:
        return 0, b"", rest[0]
    lc = rest[0]
    if lc == 0:
        raise _Sw(0x6700)  # extended APDUs are not supported by these cards
    if len(rest) == 1 + lc:
        return lc, rest[1:], None
    if len(rest) == 2 + lc:
        return lc, rest[1:-1], rest[-1]
    raise _Sw(0x6700)
