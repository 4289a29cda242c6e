"""Named errors of the ID card reader: framing faults and every SW3 status code.

Every error is a :class:`drivers.base.DeviceError`, so it carries a short Chinese
``resident_message`` (safe to show on screen) and a technician ``detail`` (safe to
log: it never contains card data). Status codes come from spec §1.4.
"""

from __future__ import annotations

from typing import ClassVar

from drivers.base import DeviceAbsent, DeviceError, DeviceStatus, DeviceTimeout


class IdCardError(DeviceError):
    """Base class of every ID card reader failure."""

    resident_message = "身份证读取失败，请取下证件后重新放置。"


# --- transport: the link between the host and the reader ------------------------------
class ReaderAbsent(IdCardError, DeviceAbsent):
    """The serial port is missing or vanished (reader unplugged)."""

    resident_message = "身份证读卡器未连接，请联系工作人员。"
    status = DeviceStatus.ABSENT


class ReaderTimeout(IdCardError, DeviceTimeout):
    """The reader did not send a complete answer in time."""

    resident_message = "身份证读卡器响应超时，请稍后再试。"


class FrameError(IdCardError):
    """A frame that cannot be accepted (base of every framing fault)."""

    resident_message = "身份证读卡器通信异常，请稍后再试。"


class NoFrame(FrameError):
    """No preamble ``AA AA AA 96 69`` where a frame should start."""


class TruncatedFrame(FrameError):
    """The bytes end before the frame does (half a frame)."""


class BadLength(FrameError):
    """The LEN field is outside what the protocol allows."""


class ChecksumMismatch(FrameError):
    """The XOR checksum does not match the frame's bytes."""


class TrailingBytes(FrameError):
    """Bytes follow a complete frame where none were expected."""


class PayloadError(FrameError):
    """A well-formed frame whose data does not have the expected structure."""


# --- SW3 status codes: what the SAM itself reports ---------------------------------------
class SamStatusError(IdCardError):
    """The reader answered with a non-success SW3 status code."""

    sw3: ClassVar[int] = -1
    meaning: ClassVar[str] = "unknown status"

    def __init__(
        self, detail: str = "", resident_message: str | None = None, sw3: int = -1
    ) -> None:
        code = sw3 if sw3 >= 0 else type(self).sw3
        self.code = code
        text = f"SW3=0x{code:02X} ({self.meaning})"
        super().__init__(f"{text}: {detail}" if detail else text, resident_message)


class HostChecksumError(SamStatusError):
    sw3 = 0x10
    meaning = "SAM received a host frame with a bad checksum"
    resident_message = "身份证读卡器通信异常，请稍后再试。"


class HostLengthError(SamStatusError):
    sw3 = 0x11
    meaning = "SAM received a host frame with a bad length, or timed out"
    resident_message = "身份证读卡器通信异常，请稍后再试。"


class CommandRejected(SamStatusError):
    sw3 = 0x21
    meaning = "command error: bad values or invalid combination"
    resident_message = "身份证读卡器通信异常，请稍后再试。"


class OperationNotPermitted(SamStatusError):
    sw3 = 0x23
    meaning = "operation not permitted"


class UnrecognisedSamError(SamStatusError):
    sw3 = 0x24
    meaning = "unrecognised error"


class CardRejectedReader(SamStatusError):
    sw3 = 0x31
    meaning = "card failed to authenticate the reader"
    resident_message = "证件认证未通过，请取下证件后重新放置。"


class ReaderRejectedCard(SamStatusError):
    sw3 = 0x32
    meaning = "reader failed to authenticate the card"
    resident_message = "证件认证未通过，请确认使用的是有效证件。"


class VerificationFailed(SamStatusError):
    sw3 = 0x33
    meaning = "information verification error"
    resident_message = "证件信息校验未通过，请取下证件后重新放置。"


class CardNotFoundYet(SamStatusError):
    sw3 = 0x34
    meaning = "no card found yet; card operation refused"
    resident_message = "未检测到证件，请将身份证放在感应区。"


class UnknownCardType(SamStatusError):
    sw3 = 0x40
    meaning = "unrecognised card type"
    resident_message = "无法识别该卡片，请放置居民身份证或居住证。"


class ReadFailed(SamStatusError):
    sw3 = 0x41
    meaning = "read failed (card moved or pulled?)"
    resident_message = "读取证件失败，请取下证件后重新放置，读卡完成前请勿移动。"


class RandomFailed(SamStatusError):
    sw3 = 0x47
    meaning = "get-random failed"


class WriteFailed(SamStatusError):
    sw3 = 0x50
    meaning = "write failed"


class SamSelfTestFailed(SamStatusError):
    sw3 = 0x60
    meaning = "SAM self-test failed; no commands accepted"
    resident_message = "身份证读卡器故障，请联系工作人员。"


class SamLoginFailed(SamStatusError):
    sw3 = 0x61
    meaning = "user login failed"
    resident_message = "身份证读卡器故障，请联系工作人员。"


class SamNotAuthorised(SamStatusError):
    sw3 = 0x66
    meaning = "SAM not authorised (no production keys)"
    resident_message = "身份证读卡器未授权，请联系工作人员。"


class NoCard(SamStatusError):
    sw3 = 0x80
    meaning = "find card failed (no card on the reader)"
    resident_message = "未检测到证件，请将身份证放在感应区。"


class SelectFailed(SamStatusError):
    sw3 = 0x81
    meaning = "select card failed"
    resident_message = "选卡失败，请取下证件后重新放置。"


class NoContent(SamStatusError):
    sw3 = 0x91
    meaning = "no content for this item"
    resident_message = "证件中无此项信息。"


class UnknownStatus(SamStatusError):
    """An SW3 value the specification does not list."""

    meaning = "status code not in the specification"


#: SW3 → error class. Success codes (0x90, 0x9F) are not here.
STATUS_ERRORS: dict[int, type[SamStatusError]] = {
    cls.sw3: cls
    for cls in (
        HostChecksumError,
        HostLengthError,
        CommandRejected,
        OperationNotPermitted,
        UnrecognisedSamError,
        CardRejectedReader,
        ReaderRejectedCard,
        VerificationFailed,
        CardNotFoundYet,
        UnknownCardType,
        ReadFailed,
        RandomFailed,
        WriteFailed,
        SamSelfTestFailed,
        SamLoginFailed,
        SamNotAuthorised,
        NoCard,
        SelectFailed,
        NoContent,
    )
}

#: Codes that mean the SAM module itself is unusable (not the card, not the link).
SAM_FAULT_CODES = frozenset({0x60, 0x61, 0x66})
#: Codes that mean our frame did not reach the SAM intact: resending may help.
LINK_FAULT_CODES = frozenset({0x10, 0x11})


def error_for_status(sw3: int, context: str = "") -> SamStatusError:
    """The named error for a non-success SW3 (``context`` names the command)."""
    cls = STATUS_ERRORS.get(sw3)
    if cls is None:
        return UnknownStatus(context, sw3=sw3)
    return cls(context)
