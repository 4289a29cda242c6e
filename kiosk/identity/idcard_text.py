"""From what the ID card reader returns to an :class:`~kiosk.identity.document.IdentityDocument`.

Decodes the 256-byte UCS-2 LE text block of the three card families a GA 467
reader returns (spec §1.6–1.7): the resident ID card, the Hong Kong / Macau /
Taiwan residence permit ('J'), and the foreign permanent resident ID card in its
2017 ('I') and 2023 ('Y') layouts. For the 2023 layout, which the spec marks
uncertain, only the fields shared with the resident layout (name, gender, birth,
number, validity) are interpreted; the rest stays in ``IdentityDocument.raw``.

Decoding does not judge the card: call ``IdentityDocument.validate()`` to refuse
an invalid number or an expired card.
"""

from __future__ import annotations

import datetime as dt

from drivers.idcard.events import CardRead
from drivers.idcard.textblock import TextLayout, split_fields
from kiosk.identity.document import CardType, Gender, IdentityDocument, IdentityError, Photo

LONG_TERM = "长期"

#: GB 3304 nation codes (spec §1.6). Display form appends 族 except for 97/98.
ETHNICITIES: dict[str, str] = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤",
    "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西", "28": "景颇",
    "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗",
    "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米",
    "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春",
    "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺", "97": "其他", "98": "外国血统中国籍人士",
}  # fmt: skip

#: Number prefixes of HK/Macau/Taiwan residence permits (spec §1.7, single source).
HMT_REGIONS = {"810000": "香港", "820000": "澳门", "830000": "台湾"}


class UnreadableCardText(IdentityError):
    """A field the document cannot do without is missing or malformed."""

    resident_message = "证件信息读取不完整，请取下证件后重新放置。"


def ethnicity_name(code: str) -> str:
    """``"01"`` → ``"汉族"``; ``"97"`` → ``"其他"``; an unknown code → ``""``."""
    name = ETHNICITIES.get(code.strip().zfill(2) if code.strip() else "")
    if name is None:
        return ""
    return name if code.strip().zfill(2) in ("97", "98") else name + "族"


def _gender(code: str) -> Gender:
    try:
        return Gender(code.strip())
    except ValueError:
        return Gender.UNKNOWN


def _date(value: str, field: str, required: bool = True) -> dt.date | None:
    v = value.strip()
    if not v:
        if required:
            raise UnreadableCardText(f"{field}: empty")
        return None
    if len(v) != 8 or not v.isdigit():
        raise UnreadableCardText(f"{field}: not YYYYMMDD ({len(v)} characters)")
    try:
        return dt.date(int(v[:4]), int(v[4:6]), int(v[6:]))
    except ValueError:
        raise UnreadableCardText(f"{field}: no such date") from None


def _validity(fields: dict[str, str]) -> tuple[dt.date | None, dt.date | None, bool]:
    start = _date(fields.get("valid_from", ""), "valid_from")
    end_raw = fields.get("valid_to", "").strip()
    if end_raw == LONG_TERM:
        return start, None, True
    return start, _date(end_raw, "valid_to"), False


def decode_text_block(block: bytes) -> IdentityDocument:
    """Decode a text block into a document (not yet validated).

    Raises :class:`UnreadableCardText` when a required field is empty or malformed.
    """
    layout, f = split_fields(bytes(block))
    if layout is TextLayout.FOREIGN_2017:
        return _foreign_2017(f)
    valid_from, valid_to, long_term = _validity(f)
    name = f.get("name", "")
    number = f.get("id_number", "").upper()
    if not name or not number:
        raise UnreadableCardText(f"{layout.name} card: name or number empty")
    doc = IdentityDocument(
        card_type=CardType.RESIDENT_ID,
        name=name,
        id_number=number,
        gender=_gender(f.get("gender", "")),
        birth_date=_date(f.get("birth", ""), "birth"),
        valid_from=valid_from,
        valid_to=valid_to,
        long_term=long_term,
    )
    if layout is TextLayout.RESIDENT:
        doc.ethnicity = ethnicity_name(f.get("nation", ""))
        doc.address = f.get("address", "")
        doc.issuer = f.get("issuer", "")
        if f.get("nation") and not doc.ethnicity:
            doc.raw["nation_code"] = f["nation"]
    elif layout is TextLayout.HMT:
        doc.card_type = CardType.HMT_RESIDENCE_PERMIT
        doc.address = f.get("address", "")
        doc.issuer = f.get("issuer", "")
        if f.get("pass_number"):
            doc.extra["pass_number"] = f["pass_number"]
        if f.get("issue_count"):
            doc.extra["issue_count"] = f["issue_count"]
        region = HMT_REGIONS.get(number[:6])
        if region:
            doc.extra["region"] = region
    else:  # 2023 foreign permanent resident card ('Y'): uncertain fields stay raw
        doc.card_type = CardType.FOREIGN_PERMANENT_2023
        english = (f.get("english_name_1", "") + f.get("english_name_2", "")).strip()
        for key, value in (
            ("english_name", english),
            ("nationality_code", f.get("nationality_code", "")),
            ("renewal_count", f.get("renewal_count", "")),
            ("reserved_158", f.get("reserved_158", "")),
            ("old_number_link", f.get("old_number_link", "")),
        ):
            if value:
                doc.raw[key] = value
    return doc


def _foreign_2017(f: dict[str, str]) -> IdentityDocument:
    valid_from, valid_to, long_term = _validity(f)
    english = f.get("english_name", "")
    chinese = f.get("chinese_name", "")
    number = f.get("id_number", "").upper()
    if not (english or chinese) or not number:
        raise UnreadableCardText("foreign 2017 card: name or number empty")
    doc = IdentityDocument(
        card_type=CardType.FOREIGN_PERMANENT_2017,
        name=chinese or english,
        id_number=number,
        gender=_gender(f.get("gender", "")),
        birth_date=_date(f.get("birth", ""), "birth"),
        valid_from=valid_from,
        valid_to=valid_to,
        long_term=long_term,
    )
    for key, value in (
        ("english_name", english),
        ("nationality", f.get("nationality", "")),
        ("card_version", f.get("card_version", "")),
        ("authority_code", f.get("authority_code", "")),
    ):
        if value:
            doc.extra[key] = value
    return doc


def document_from_card(read: CardRead) -> IdentityDocument:
    """The document for a :class:`CardRead` event, with its photo.

    The photo is the decoded image when the reader's WLT decoder could decode it;
    otherwise the raw WLT bytes (``Photo.format == "wlt"``, ``is_image`` false) and
    ``extra["photo_status"]`` says why, so face login knows to fall back.
    """
    doc = decode_text_block(bytes(read.text))
    if read.photo_image is not None:
        doc.photo = Photo(read.photo_image.format, bytearray(read.photo_image.data))
        doc.extra["photo_status"] = "decoded"
    else:
        doc.photo = Photo("wlt", bytearray(read.photo))
        doc.extra["photo_status"] = f"unavailable: {read.photo_problem or 'not decoded'}"
    if read.fingerprint is not None:
        doc.extra["fingerprint_bytes"] = str(len(read.fingerprint))
    return doc
