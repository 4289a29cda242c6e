"""Social security card (社会保障卡, LD/T 32) application protocol, shared by driver and simulator.

What lives here is pure data handling with no I/O: the APDUs that select the
SSSE application and read its records, the simple-TLV record format, the
decoding of each field, and the mapping of status words to named errors. The
PC/SC driver (:mod:`drivers.smartcard`) and the virtual card
(:mod:`drivers.smartcard_sim.card`) both use it, so the simulator cannot drift
from what the driver sends.

Facts used (see ``shared/specs/social-security-card.md``): SSSE is selected by
name (``"sx1.sh."`` + GBK ``"社会保障"``); EF05 holds card data (tags 01–07),
EF06 holds cardholder data (tags 08–0D); a record is ``tag, len, value``; cn
items are right-padded with ``F`` nibbles, an items with ``00`` bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from drivers.base import DeviceAbsent, DeviceError

# --- application and files ------------------------------------------------------

#: DF name of the social security application (15 bytes: ASCII + GBK).
SSSE_NAME = b"sx1.sh." + "社会保障".encode("gbk")
EF05 = 0xEF05  # card (issuer) data
EF06 = 0xEF06  # cardholder basic data
#: Short file identifiers of the two files (ISO 7816-4: SFI = low 5 bits of the FID).
SFI = {EF05: 0x05, EF06: 0x06}


class FieldFormat(StrEnum):
    BINARY = "b"  # raw bytes, shown as hex
    AN = "an"  # ASCII, right-padded with 00
    CN = "cn"  # BCD digits, right-padded with F nibbles
    GBK = "gbk"  # GBK text, right-padded with 00 (or spaces)
    DATE = "date"  # 4-byte BCD YYYYMMDD


@dataclass(frozen=True)
class RecordSpec:
    """One record of EF05/EF06: its tag (= record identifier), format and value length."""

    file: int
    tag: int
    name: str
    fmt: FieldFormat
    length: int
    #: A card without this record cannot be used (identity needs it).
    required: bool = True


#: Every record defined by the spec. ``READ_RECORDS`` is the subset the kiosk reads.
RECORDS: tuple[RecordSpec, ...] = (
    RecordSpec(EF05, 0x01, "card_id_code", FieldFormat.BINARY, 16),
    RecordSpec(EF05, 0x02, "card_category", FieldFormat.AN, 1, required=False),
    RecordSpec(EF05, 0x03, "card_version", FieldFormat.AN, 4),
    RecordSpec(EF05, 0x04, "institution", FieldFormat.BINARY, 11, required=False),
    RecordSpec(EF05, 0x05, "issue_date", FieldFormat.DATE, 4),
    RecordSpec(EF05, 0x06, "expiry_date", FieldFormat.DATE, 4),
    RecordSpec(EF05, 0x07, "card_number", FieldFormat.AN, 9),
    RecordSpec(EF06, 0x08, "id_number", FieldFormat.AN, 18),
    RecordSpec(EF06, 0x09, "name", FieldFormat.GBK, 30),
    RecordSpec(EF06, 0x0A, "gender", FieldFormat.AN, 1, required=False),
    RecordSpec(EF06, 0x0B, "nation", FieldFormat.CN, 1, required=False),
    RecordSpec(EF06, 0x0C, "birthplace", FieldFormat.CN, 3, required=False),
    RecordSpec(EF06, 0x0D, "birth_date", FieldFormat.DATE, 4, required=False),
    RecordSpec(EF06, 0x4E, "name_extension", FieldFormat.GBK, 20, required=False),
)
RECORDS_BY_NAME = {r.name: r for r in RECORDS}
#: What a read fetches: everything the identity model and the CLI show (10 records).
READ_RECORDS: tuple[RecordSpec, ...] = tuple(
    RECORDS_BY_NAME[n]
    for n in (
        "card_id_code",
        "card_version",
        "issue_date",
        "expiry_date",
        "card_number",
        "id_number",
        "name",
        "gender",
        "nation",
        "birth_date",
    )
)


# --- APDUs ----------------------------------------------------------------------


def select_by_name(name: bytes) -> bytes:
    """``00 A4 04 00 Lc name`` (no Le: the FCI is not needed)."""
    return bytes([0x00, 0xA4, 0x04, 0x00, len(name)]) + name


def select_file(fid: int) -> bytes:
    """``00 A4 02 00 02 FID``: select an EF under the current DF."""
    return bytes([0x00, 0xA4, 0x02, 0x00, 0x02, fid >> 8, fid & 0xFF])


def read_record_by_id(tag: int, le: int, sfi: int = 0) -> bytes:
    """``00 B2 tag P2 Le``: first record whose identifier is ``tag``.

    ``sfi == 0`` reads from the current EF (P2 = 00, as the open samples do);
    otherwise the file is named by its short identifier (P2 = SFI << 3).
    """
    return bytes([0x00, 0xB2, tag, (sfi << 3) & 0xF8, le & 0xFF])


def get_response(le: int) -> bytes:
    return bytes([0x00, 0xC0, 0x00, 0x00, le & 0xFF])


# --- status words → errors --------------------------------------------------------

SW_OK = 0x9000
SW_END_OF_RECORD = 0x6282  # fewer bytes than Le: data is valid


class SmartCardError(DeviceError):
    """Base of every card-level failure (the reader itself may be fine)."""

    resident_message = "读卡失败，请重新插入社会保障卡。"


class CardStatusError(SmartCardError):
    """The card answered a command with an error status word."""

    def __init__(self, sw: int, command: str, resident_message: str | None = None) -> None:
        super().__init__(f"{command}: status word {sw:04X}", resident_message)
        self.sw = sw
        self.command = command


class FileNotFound(CardStatusError):
    resident_message = "卡片数据不完整，无法读取，请到社保经办机构检查卡片。"


class RecordNotFound(FileNotFound):
    pass


class SecurityStatusNotSatisfied(CardStatusError):
    resident_message = "此卡的信息需要专用设备读取，请到人工窗口办理。"


class CardBlocked(CardStatusError):
    resident_message = "此卡已锁定或暂停使用，请到社保经办机构咨询。"


class WrongLength(CardStatusError):
    pass


class UnexpectedStatus(CardStatusError):
    pass


class NotSocialSecurityCard(SmartCardError):
    """The card has no SSSE application: some other card (bank card, ID card, …)."""

    resident_message = "此卡不是社会保障卡，本机暂不支持，请使用社会保障卡或居民身份证。"


class MalformedRecord(SmartCardError):
    """A record's bytes do not follow the TLV format or the field's format."""

    resident_message = "卡片数据无法识别，请到社保经办机构检查卡片。"


class CardRemovedDuringRead(SmartCardError):
    resident_message = "读卡过程中卡片被取出，请重新插入并等待读卡完成。"


class CardCommunicationError(SmartCardError):
    """The reader could not exchange an APDU with the card (card still inserted)."""

    resident_message = "读卡失败，请重新插入社会保障卡。"


class PcscUnavailable(DeviceAbsent):
    """The PC/SC service (pcscd) is not running or not reachable."""

    resident_message = "读卡器暂时无法使用，请联系工作人员。"


class NoReader(DeviceAbsent):
    """No (matching) card reader is connected."""

    resident_message = "读卡器未连接，请联系工作人员。"


_SW_ERRORS: dict[int, type[CardStatusError]] = {
    0x6A82: FileNotFound,
    0x6A83: RecordNotFound,
    0x6982: SecurityStatusNotSatisfied,
    0x6983: CardBlocked,  # authentication method blocked
    0x6A81: CardBlocked,  # function not supported: how blocked applications answer
    0x6283: CardBlocked,  # selected file invalidated
    0x6700: WrongLength,
}


def error_for_status(sw: int, command: str) -> CardStatusError:
    """The named error for a failing status word."""
    return _SW_ERRORS.get(sw, UnexpectedStatus)(sw, command)


# --- simple-TLV records -------------------------------------------------------------


@dataclass(frozen=True)
class TlvItem:
    tag: int
    value: bytes


def parse_tlv(data: bytes) -> list[TlvItem]:
    """Parse ISO 7816-4 simple-TLV: tag (01–FE), length (00–FE, or FF + 2 bytes), value.

    Trailing 00/FF bytes are padding. Any other malformation raises
    :class:`MalformedRecord`; no input makes this raise anything else.
    """
    items: list[TlvItem] = []
    i, n = 0, len(data)
    while i < n:
        tag = data[i]
        if tag in (0x00, 0xFF):
            if any(b not in (0x00, 0xFF) for b in data[i:]):
                raise MalformedRecord(f"TLV: invalid tag {tag:02X} at offset {i}")
            break
        if i + 1 >= n:
            raise MalformedRecord(f"TLV: tag {tag:02X} at offset {i} has no length")
        length = data[i + 1]
        i += 2
        if length == 0xFF:
            if i + 2 > n:
                raise MalformedRecord(f"TLV: tag {tag:02X}: truncated 3-byte length")
            length = int.from_bytes(data[i : i + 2], "big")
            i += 2
        if i + length > n:
            raise MalformedRecord(
                f"TLV: tag {tag:02X} announces {length} bytes, only {n - i} present"
            )
        items.append(TlvItem(tag, bytes(data[i : i + length])))
        i += length
    return items


def encode_tlv(tag: int, value: bytes) -> bytes:
    if not 0x01 <= tag <= 0xFE:
        raise ValueError(f"simple-TLV tag must be 01..FE, not {tag:02X}")
    if len(value) < 0xFF:
        return bytes([tag, len(value)]) + value
    if len(value) > 0xFFFF:
        raise ValueError("value too long for simple-TLV")
    return bytes([tag, 0xFF]) + len(value).to_bytes(2, "big") + value


def parse_record(data: bytes, expected_tag: int) -> bytes:
    """The value of the one record ``expected_tag`` in a READ RECORD response."""
    items = parse_tlv(data)
    if not items:
        raise MalformedRecord(f"record {expected_tag:02X}: empty")
    if items[0].tag != expected_tag:
        raise MalformedRecord(f"record {expected_tag:02X}: card returned tag {items[0].tag:02X}")
    return items[0].value


# --- field formats -----------------------------------------------------------------


def _strip_padding(value: bytes) -> bytes:
    return value.rstrip(b"\x00\xff").rstrip(b" ")


def decode_an(value: bytes, what: str) -> str:
    raw = _strip_padding(value)
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        raise MalformedRecord(f"{what}: not ASCII text") from None
    if not text.isprintable():
        raise MalformedRecord(f"{what}: control characters in text")
    return text.strip()


def decode_gbk(value: bytes, what: str) -> str:
    raw = _strip_padding(value)
    try:
        text = raw.decode("gbk")
    except UnicodeDecodeError:
        raise MalformedRecord(f"{what}: not GBK text") from None
    # Issuers' systems pad (and sometimes space out) names with the full-width
    # space A1A1, which str.isprintable() counts as a separator, not as text.
    text = text.replace("\u3000", "")
    if not text.isprintable():
        raise MalformedRecord(f"{what}: control characters in text")
    return text.strip()


def decode_cn(value: bytes, what: str) -> str:
    digits = value.hex().upper().rstrip("F")
    if not digits.isdigit() and digits:
        raise MalformedRecord(f"{what}: not BCD digits")
    return digits


def decode_date(value: bytes, what: str) -> dt.date | None:
    """4-byte BCD YYYYMMDD; all-zero or all-F means "not set"."""
    if len(value) != 4:
        raise MalformedRecord(f"{what}: date must be 4 bytes, got {len(value)}")
    if value in (b"\x00" * 4, b"\xff" * 4):
        return None
    digits = value.hex()
    if not digits.isdigit():
        raise MalformedRecord(f"{what}: date is not BCD")
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise MalformedRecord(f"{what}: no such date") from None


def encode_field(spec: RecordSpec, value: str | dt.date | None) -> bytes:
    """Encode a field for a card image (used by the virtual card)."""
    if spec.fmt == FieldFormat.DATE:
        if value is None:
            return b"\x00" * 4
        d = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return bytes.fromhex(d.strftime("%Y%m%d"))
    text = "" if value is None else str(value)
    if spec.fmt == FieldFormat.BINARY:
        raw = bytes.fromhex(text)
        return raw.ljust(spec.length, b"\x00")[: spec.length]
    if spec.fmt == FieldFormat.CN:
        digits = text + "F" * (spec.length * 2 - len(text))
        return bytes.fromhex(digits[: spec.length * 2])
    raw = text.encode("gbk" if spec.fmt == FieldFormat.GBK else "ascii")
    if len(raw) > spec.length:
        raise ValueError(f"{spec.name}: {len(raw)} bytes do not fit in {spec.length}")
    return raw.ljust(spec.length, b"\x00")


# --- the card's data -------------------------------------------------------------------


@dataclass
class SocialSecurityCardData:
    """The public basic information of one social security card.

    Holds personal data: ``repr()`` is masked, and :meth:`wipe` clears it at the end
    of the session.
    """

    card_number: str
    id_number: str
    name: str
    gender_code: str = ""
    nation_code: str = ""
    birth_date: dt.date | None = None
    issue_date: dt.date | None = None
    expiry_date: dt.date | None = None
    card_version: str = ""
    card_id_code: str = ""
    #: Issuing region (GB/T 2260 code), from the first 6 digits of the card identification code.
    region: str = ""
    atr: str = ""
    protocol: str = ""
    #: Optional records the card refused to give without a PSAM (3rd-generation cards).
    unreadable: list[str] = field(default_factory=list)

    @property
    def generation(self) -> int | None:
        """1, 2 or 3 from the spec version ("1.00", "2.00", "3.00")."""
        head = self.card_version.split(".", 1)[0]
        return int(head) if head.isdigit() else None

    def wipe(self) -> None:
        self.card_number = self.id_number = self.name = ""
        self.card_id_code = self.atr = ""

    def __repr__(self) -> str:
        masked_id = self.id_number[:6] + "*" * 8 + self.id_number[-4:] if self.id_number else ""
        masked_name = self.name[:1] + "*" * max(0, len(self.name) - 1)
        return (
            f"SocialSecurityCardData(v{self.card_version}, region={self.region}, "
            f"{masked_name}, {masked_id})"
        )

    __str__ = __repr__


def region_from_card_id(card_id_code: str) -> str:
    head = card_id_code[:6]
    return head if len(head) == 6 and head.isdigit() else ""


# --- reading a card over any APDU channel ---------------------------------------------------


class ApduChannel(Protocol):
    """Something that sends one command APDU and returns ``(data, sw)``.

    Implementations raise :class:`CardRemovedDuringRead` or
    :class:`CardCommunicationError` when the exchange itself fails.
    """

    def transmit(self, apdu: bytes) -> tuple[bytes, int]: ...


class ReadStrategy(StrEnum):
    """How records are addressed.

    ``select``: SELECT EF05 / EF06, then READ RECORD by identifier in the current
    EF (what the published samples do; 13 APDUs). ``sfi``: READ RECORD naming the
    file by its short identifier, no SELECT EF (11 APDUs; ISO 7816-4, not confirmed
    on every card generation).
    """

    SELECT = "select"
    SFI = "sfi"


class ApduSession:
    """Counts APDUs and applies the T=0 conventions (61xx GET RESPONSE, 6Cxx resend)."""

    def __init__(self, channel: ApduChannel) -> None:
        self.channel = channel
        self.count = 0

    def _send(self, apdu: bytes) -> tuple[bytes, int]:
        self.count += 1
        return self.channel.transmit(apdu)

    def command(self, apdu: bytes, what: str, want_data: bool = True) -> bytes:
        data, sw = self._send(apdu)
        if sw >> 8 == 0x6C and len(apdu) == 5:  # wrong Le: resend with the exact one
            data, sw = self._send(apdu[:4] + bytes([sw & 0xFF]))
        chunks = [data]
        while sw >> 8 == 0x61 and want_data:  # more data waiting (T=0)
            data, sw = self._send(get_response(sw & 0xFF))
            chunks.append(data)
        if sw >> 8 == 0x61 and not want_data:
            sw = SW_OK
        if sw not in (SW_OK, SW_END_OF_RECORD):
            raise error_for_status(sw, what)
        return b"".join(chunks)


@dataclass
class ReadResult:
    card: SocialSecurityCardData
    apdus: int


def read_social_security_card(
    channel: ApduChannel,
    strategy: ReadStrategy = ReadStrategy.SELECT,
    atr: bytes = b"",
    protocol: str = "",
) -> ReadResult:
    """Select SSSE and read the public basic information.

    Raises :class:`NotSocialSecurityCard` for other cards, a :class:`CardStatusError`
    subclass when a required record cannot be read, :class:`MalformedRecord` when
    its bytes are wrong. Optional records the card protects (6982) are listed in
    ``unreadable`` instead of failing the read.
    """
    session = ApduSession(channel)
    try:
        session.command(select_by_name(SSSE_NAME), "SELECT SSSE", want_data=False)
    except (FileNotFound, UnexpectedStatus, WrongLength) as e:
        # 6A82 (no such application), 6D00/6E00 (command or class unknown), 6A86…:
        # this is not a social security card.
        raise NotSocialSecurityCard(f"SELECT SSSE refused ({e.sw:04X})") from None

    values: dict[str, bytes] = {}
    unreadable: list[str] = []
    current_file = 0
    for spec in READ_RECORDS:
        if strategy == ReadStrategy.SELECT and spec.file != current_file:
            session.command(select_file(spec.file), f"SELECT {spec.file:04X}", want_data=False)
            current_file = spec.file
        sfi = SFI[spec.file] if strategy == ReadStrategy.SFI else 0
        what = f"READ RECORD {spec.file:04X}/{spec.tag:02X} ({spec.name})"
        try:
            raw = session.command(read_record_by_id(spec.tag, spec.length + 2, sfi), what)
        except (SecurityStatusNotSatisfied, RecordNotFound):
            if spec.required:
                raise
            unreadable.append(spec.name)
            continue
        values[spec.name] = parse_record(raw, spec.tag)

    card = _decode(values, unreadable)
    card.atr = atr.hex().upper()
    card.protocol = protocol
    return ReadResult(card, session.count)


def _decode(values: dict[str, bytes], unreadable: list[str]) -> SocialSecurityCardData:
    def get(name: str, decode: Callable[[bytes, str], object]) -> object:
        v = values.get(name)
        return decode(v, name) if v is not None else None

    def text(name: str, decode: Callable[[bytes, str], str]) -> str:
        v = get(name, decode)
        return v if isinstance(v, str) else ""

    def date(name: str) -> dt.date | None:
        v = get(name, decode_date)
        return v if isinstance(v, dt.date) else None

    card_id = values.get("card_id_code", b"").hex().upper()
    card = SocialSecurityCardData(
        card_number=text("card_number", decode_an),
        id_number=text("id_number", decode_an).upper(),
        name=text("name", decode_gbk),
        gender_code=text("gender", decode_an),
        nation_code=text("nation", decode_cn),
        birth_date=date("birth_date"),
        issue_date=date("issue_date"),
        expiry_date=date("expiry_date"),
        card_version=text("card_version", decode_an),
        card_id_code=card_id,
        region=region_from_card_id(card_id),
        unreadable=unreadable,
    )
    if not card.id_number or not card.name:
        raise MalformedRecord("card has an empty ID number or name record")
    return card
