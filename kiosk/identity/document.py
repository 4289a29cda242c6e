"""The identity model shared by every way a resident identifies themselves.

ID card reader, social security card, app QR code and face login all end in an
:class:`IdentityDocument`. It validates itself (GB 11643 check character, birth
date and gender consistent with the number, validity period), masks itself for
logs and screens, and wipes itself at the end of the session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.errors import KioskError
from kiosk.privacy import mask_id_number, mask_name


class CardType(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    FOREIGN_PERMANENT_2017 = "foreign_permanent_2017"  # 外国人永久居留身份证 (2017, 'I')
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"  # 外国人永久居留身份证 (2023, 'Y')
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit"  # 港澳台居民居住证 ('J')
    SOCIAL_SECURITY = "social_security_card"  # 社会保障卡
    APP_CODE = "app_code"  # 政务 app 亮码


CARD_TYPE_NAMES: dict[CardType, str] = {
    CardType.RESIDENT_ID: "居民身份证",
    CardType.FOREIGN_PERMANENT_2017: "外国人永久居留身份证",
    CardType.FOREIGN_PERMANENT_2023: "外国人永久居留身份证",
    CardType.HMT_RESIDENCE_PERMIT: "港澳台居民居住证",
    CardType.SOCIAL_SECURITY: "社会保障卡",
    CardType.APP_CODE: "政务服务 App 码",
}


class Gender(StrEnum):
    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSTATED = "9"

    @property
    def label(self) -> str:
        return {"0": "未知", "1": "男", "2": "女", "9": "未说明"}[self.value]


class IdentityError(KioskError):
    """The document cannot be accepted (invalid number, expired, unreadable)."""

    resident_message = "证件信息无法识别，请重新放置证件或联系工作人员。"


class InvalidIdNumber(IdentityError):
    resident_message = "证件号码校验未通过，请联系工作人员。"


class DocumentExpired(IdentityError):
    resident_message = "证件已过有效期，请使用有效证件办理。"


class DocumentNotYetValid(IdentityError):
    resident_message = "证件尚未生效，请使用有效证件办理。"


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def ascii_digits(text: str) -> bool:
    """True for a non-empty run of 0-9 only.

    ``str.isdigit()`` is also true for superscripts (``²``) and other scripts' digits,
    which ``int()`` then refuses with a ValueError outside our error classes.
    """
    return text.isascii() and text.isdigit()


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits."""
    if len(first17) != 17 or not ascii_digits(first17):
        raise ValueError("need exactly 17 digits")
    s = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[s % 11]


def normalise_id_number(number: str) -> str:
    return number.strip().upper()


def validate_id_number(
    number: str,
    today: dt.date | None = None,
    birth_date: dt.date | None = None,
    gender: Gender | None = None,
) -> dt.date:
    """Validate an 18-character number; return the birth date it encodes.

    Checks the format, the check character, that the birth date is a real date not
    in the future, and — when given — that it matches the card's birth date and
    gender (odd sequence = male).
    """
    n = normalise_id_number(number)
    if len(n) != 18 or not ascii_digits(n[:17]) or not (ascii_digits(n[17]) or n[17] == "X"):
        raise InvalidIdNumber(f"ID number has a bad format (length {len(n)})")
    if id_check_char(n[:17]) != n[17]:
        raise InvalidIdNumber(f"ID number {mask_id_number(n)}: check character mismatch")
    try:
        born = dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise InvalidIdNumber(f"ID number {mask_id_number(n)}: no such birth date") from None
    today = today or dt.date.today()
    if born > today or born.year < 1880:
        raise InvalidIdNumber(f"ID number {mask_id_number(n)}: birth date out of range")
    if birth_date is not None and birth_date != born:
        raise InvalidIdNumber(
            f"ID number {mask_id_number(n)}: birth date differs from the card's birth field"
        )
    if gender in (Gender.MALE, Gender.FEMALE):
        odd = int(n[16]) % 2 == 1
        if odd != (gender == Gender.MALE):
            raise InvalidIdNumber(f"ID number {mask_id_number(n)}: gender digit inconsistent")
    return born


@dataclass
class Photo:
    """A face photo of the holder: raw bytes and their format.

    ``format`` is ``"wlt"`` for an undecoded card photo, else an image type
    (``"jpeg"``, ``"png"``, ``"bmp"``). The buffer is wiped at the end of the session.
    """

    format: str
    data: bytearray

    @property
    def is_image(self) -> bool:
        return self.format in ("jpeg", "png", "bmp")

    def wipe(self) -> None:
        self.data[:] = bytes(len(self.data))
        self.data = bytearray()


@dataclass(frozen=True)
class IdentityProof:
    """What shows the platform that this resident identified at this kiosk just now.

    Either the platform's own identity token (app code: the platform verified the
    code and issued it for ``session_id``) or a card read attested by the reader's
    SAM (``attestation``), which the kiosk exchanges for a token. The e-licence
    look-up needs one (``offline_queue/server/routers/identity.py``).
    """

    identity_token: str | None = field(default=None, repr=False)
    session_id: str | None = None
    attestation: dict[str, Any] | None = field(default=None, repr=False)


@dataclass
class IdentityDocument:
    """One identified resident, whatever the card or login method."""

    card_type: CardType
    name: str
    id_number: str
    gender: Gender = Gender.UNKNOWN
    birth_date: dt.date | None = None
    ethnicity: str = ""
    address: str = ""
    issuer: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None  # None with long_term=True means 长期
    long_term: bool = False
    photo: Photo | None = None
    # Card-type specific facts (card number, region, pass number, nationality,
    # English name, issue count…); kept as strings.
    extra: dict[str, str] = field(default_factory=dict)
    # Raw fields we could not interpret with certainty (2023 foreign card layout).
    raw: dict[str, str] = field(default_factory=dict)
    # The identity event's proof for the platform (None: nothing the platform can check).
    proof: IdentityProof | None = None

    # --- validation -------------------------------------------------------------
    def validate(self, today: dt.date | None = None) -> None:
        """Raise an :class:`IdentityError` subclass if the document is not acceptable."""
        today = today or dt.date.today()
        if self.card_type in (
            CardType.RESIDENT_ID,
            CardType.HMT_RESIDENCE_PERMIT,
            CardType.FOREIGN_PERMANENT_2023,
            CardType.SOCIAL_SECURITY,
        ):
            validate_id_number(self.id_number, today, self.birth_date, self.gender)
        elif self.card_type == CardType.FOREIGN_PERMANENT_2017:
            n = self.id_number.strip().upper()
            if len(n) != 15 or not (n[:3].isascii() and n[:3].isalpha()) or not ascii_digits(n[3:]):
                raise InvalidIdNumber(
                    "foreign permanent resident number must be 3 letters + 12 digits"
                )
        if self.valid_from is not None and self.valid_from > today:
            raise DocumentNotYetValid(f"document valid from {self.valid_from.isoformat()}")
        if not self.long_term and self.valid_to is not None and self.valid_to < today:
            raise DocumentExpired(f"document expired on {self.valid_to.isoformat()}")

    # --- privacy ------------------------------------------------------------------
    def masked(self) -> dict[str, str]:
        """The log- and screen-safe form: no full number, no full name, no address."""
        return {
            "card_type": str(self.card_type),
            "name": mask_name(self.name),
            "id_number": mask_id_number(self.id_number),
            "gender": self.gender.label,
            "valid_to": "long-term" if self.long_term else (_iso(self.valid_to) or ""),
        }

    def sensitive_values(self) -> list[str]:
        """Values the log filter must mask for as long as the session lasts."""
        values = [self.name, self.id_number, self.address]
        for key in ("english_name", "card_number", "pass_number"):
            if key in self.extra:
                values.append(self.extra[key])
            if key in self.raw:  # uncertain layouts (2023 foreign card) keep names raw
                values.append(self.raw[key])
        return [v for v in values if v]

    def to_dict(self, show_personal_data: bool = False) -> dict[str, Any]:
        """The JSON form used by the CLI (same keys whatever the card)."""
        out: dict[str, Any] = {
            "card_type": str(self.card_type),
            "name": self.name if show_personal_data else mask_name(self.name),
            "gender": self.gender.label,
            "ethnicity": self.ethnicity,
            "birth_date": _iso(self.birth_date),
            "address": self.address if show_personal_data else ("***" if self.address else ""),
            "id_number": self.id_number if show_personal_data else mask_id_number(self.id_number),
            "issuer": self.issuer,
            "valid_from": _iso(self.valid_from),
            "valid_to": "long-term" if self.long_term else _iso(self.valid_to),
        }
        for key, value in self.extra.items():
            personal = key in ("english_name", "card_number", "pass_number")
            out[key] = value if show_personal_data or not personal else mask_name(value)
        return out

    @property
    def age_years(self) -> int | None:
        if self.birth_date is None:
            return None
        today = dt.date.today()
        b = self.birth_date
        return today.year - b.year - ((today.month, today.day) < (b.month, b.day))

    def wipe(self) -> None:
        if self.photo is not None:
            self.photo.wipe()
            self.photo = None
        self.name = ""
        self.id_number = ""
        self.address = ""
        self.extra.clear()
        self.raw.clear()
        self.proof = None

    def __repr__(self) -> str:  # never leak personal data through repr() in a log
        m = self.masked()
        return f"IdentityDocument({m['card_type']}, {m['name']}, {m['id_number']})"

    __str__ = __repr__


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None
