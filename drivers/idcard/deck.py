"""A deck of fictional cards for the SAM emulator, loaded from a JSON file.

Format (``config/idcard_deck.json``)::

    {"cards": [
      {"label": "居民身份证 男",
       "layout": "resident",            # resident | J | I | Y (the text-block layouts)
       "fields": {"name": "…", …},      # raw strings, field names of that layout
       "photo": "sim/idcard/a.jpg",     # relative to the deck file; ≤ 1024 bytes
       "fingerprint": false}            # true: the card carries 1024 bytes of fingerprints
    ]}

Field values are the raw card strings (``"19900101"``, ``"长期"``, gender ``"1"``,
nation ``"01"``), exactly what the card holds.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from drivers.idcard.payload import PHOTO_LEN
from drivers.idcard.textblock import LAYOUTS, TextLayout, encode_text_block


class DeckError(ValueError):
    """The deck file is missing or malformed (the message names the card and field)."""


@dataclass(repr=False)
class SimCard:
    """One fictional card as the emulator serves it."""

    label: str
    layout: TextLayout
    text: bytes
    photo: bytes  # exactly 1024 bytes (image + zero padding)
    fingerprint: bytes | None = None
    serial: bytes = field(default=b"\0" * 8)

    def __repr__(self) -> str:
        return f"SimCard({self.label!r}, {self.layout.name})"


def make_card(
    label: str,
    layout: TextLayout,
    fields: dict[str, str],
    photo: bytes = b"",
    fingerprint: bool = False,
) -> SimCard:
    """Build a card from raw fields (used by the deck loader and by tests)."""
    if len(photo) > PHOTO_LEN:
        raise DeckError(f"card {label!r}: photo is {len(photo)} bytes, the slot holds {PHOTO_LEN}")
    try:
        text = encode_text_block(layout, fields)
    except ValueError as e:
        raise DeckError(f"card {label!r}: {e}") from None
    digest = hashlib.sha256(label.encode()).digest()
    fp = None
    if fingerprint:
        # Fingerprint templates are not public: deterministic filler of the right size.
        fp = hashlib.shake_256(b"fp:" + label.encode()).digest(1024)
    return SimCard(
        label=label,
        layout=layout,
        text=text,
        photo=photo + b"\0" * (PHOTO_LEN - len(photo)),
        fingerprint=fp,
        serial=digest[:8],
    )


def load_deck(path: Path) -> list[SimCard]:
    """Load and check a deck file; raise :class:`DeckError` with a clear reason."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DeckError(f"deck file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DeckError(f"cannot read deck file {path}: {e}") from None
    except json.JSONDecodeError as e:
        raise DeckError(f"{path}: JSON error at line {e.lineno}: {e.msg}") from None
    entries = doc.get("cards") if isinstance(doc, dict) else None
    if not isinstance(entries, list) or not entries:
        raise DeckError(f"{path}: needs a non-empty list 'cards'")
    cards = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise DeckError(f"{path}: card #{i} is not an object")
        label = str(entry.get("label") or f"card {i}")
        try:
            layout = TextLayout(entry.get("layout", "resident"))
        except ValueError:
            names = ", ".join(t.value for t in LAYOUTS)
            raise DeckError(f"card {label!r}: layout must be one of {names}") from None
        fields = entry.get("fields", {})
        if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
            raise DeckError(f"card {label!r}: 'fields' must map names to strings")
        photo = b""
        if entry.get("photo"):
            photo_path = path.parent / str(entry["photo"])
            try:
                photo = photo_path.read_bytes()
            except OSError as e:
                raise DeckError(f"card {label!r}: cannot read photo {photo_path}: {e}") from None
        cards.append(make_card(label, layout, fields, photo, bool(entry.get("fingerprint"))))
    return cards
