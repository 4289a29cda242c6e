"""App-code login: the QR code a resident shows from the government app (政务 App 亮码).

The payload format of provincial and national app codes is not public
(shared/specs/peripherals.md §8), so the scanned string is an opaque token: the
kiosk checks only its length and character set, then asks the platform, which
answers with the identity (or says the token is unknown, expired or used — tokens
are single use). The identity comes back as the same
:class:`~kiosk.identity.document.IdentityDocument` the card readers produce, with
``card_type = CardType.APP_CODE``.

Without the platform there is no app-code login at all — nothing in the token
can be trusted locally — and the error says so and points to the card.

:meth:`AppCodeLogin.login` does network I/O: call it from a worker thread,
never from the UI thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable

from drivers.qr_scanner import mask_code
from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.identity.document import (
    CardType,
    Gender,
    IdentityDocument,
    IdentityProof,
    InvalidIdNumber,
    validate_id_number,
)
from offline_queue.app_codes import (
    AppCodeClient,
    AppCodeExpired,
    AppCodeIdentity,
    AppCodeMalformed,
    AppCodeUnknown,
    AppCodeUsed,
)
from offline_queue.errors import PlatformError

log = logging.getLogger(__name__)

#: Characters a token may hold: URL-safe and standard base64, JWT dots, "~".
TOKEN_CHARSET_RE = re.compile(r"^[A-Za-z0-9._~+/=-]+$")


class AppCodeLoginError(KioskError):
    """App-code login failed; the message says why and what to do instead."""

    resident_message = "扫码登录未成功，请重新亮码或使用身份证办理。"
    #: The screen should offer the card readers instead.
    offer_card: bool = True


class MalformedAppCode(AppCodeLoginError):
    """Not an app code at all (length or characters), or the platform says malformed."""

    resident_message = "未能识别该二维码，请打开政务服务App的“亮码”页面后重新扫码。"


class AppCodeRejected(AppCodeLoginError):
    """The platform does not know this token."""

    resident_message = "二维码无效，请确认使用的是政务服务App的亮码功能，或使用身份证办理。"


class AppCodeExpiredError(AppCodeLoginError):
    resident_message = "二维码已过期，请在App中刷新后重新扫码。"


class AppCodeAlreadyUsed(AppCodeLoginError):
    resident_message = "该二维码已使用过，请在App中刷新后重新扫码。"


class AppCodeIdentityInvalid(AppCodeLoginError):
    """The platform answered with an identity that fails our checks."""

    resident_message = "身份信息校验未通过，请使用身份证办理或联系工作人员。"


class AppCodeLoginUnavailable(AppCodeLoginError):
    """No platform (offline, error, terminal not authorised): QR login cannot work."""

    resident_message = "网络暂时不可用，扫码登录暂停使用，请刷身份证或社保卡办理。"


def check_token_format(text: str, min_length: int = 16, max_length: int = 512) -> str:
    """The token with surrounding whitespace removed; raise :class:`MalformedAppCode`.

    Nothing else is concluded locally: a well-formed token may still be unknown,
    expired or used, which only the platform can tell.
    """
    token = text.strip()
    if not min_length <= len(token) <= max_length:
        raise MalformedAppCode(f"app code length {len(token)} outside {min_length}..{max_length}")
    if not TOKEN_CHARSET_RE.match(token):
        raise MalformedAppCode("app code holds characters outside the token charset")
    return token


def identity_from_platform(
    ident: AppCodeIdentity, today: dt.date | None = None
) -> IdentityDocument:
    """The platform's answer as the kiosk's identity model (CardType.APP_CODE)."""
    try:
        gender = Gender(ident.gender)
    except ValueError:
        gender = Gender.UNKNOWN
    birth: dt.date | None = None
    if ident.birth_date:
        try:
            birth = dt.date.fromisoformat(ident.birth_date)
        except ValueError:
            raise AppCodeIdentityInvalid(
                f"platform birth date {ident.birth_date!r} is not ISO"
            ) from None
    number = ident.id_number.strip().upper()
    if ident.id_type in ("resident_id", "hmt_residence_permit", "foreign_permanent_2023"):
        try:
            validate_id_number(number, today, birth, gender)
        except InvalidIdNumber as e:
            raise AppCodeIdentityInvalid(f"platform identity: {e.detail}") from None
    doc = IdentityDocument(
        card_type=CardType.APP_CODE,
        name=ident.name,
        id_number=number,
        gender=gender,
        birth_date=birth,
        ethnicity=ident.ethnicity,
        address=ident.address,
        extra={"id_type": ident.id_type, "verified_at": ident.verified_at},
    )
    doc.validate(today)
    return doc


class AppCodeLogin:
    """Scanned text → verified identity, through the platform (blocking; worker thread)."""

    def __init__(
        self,
        client: AppCodeClient,
        kiosk_id: str,
        min_length: int = 16,
        max_length: int = 512,
        is_online: Callable[[], bool] | None = None,
        session_id: Callable[[], str] | None = None,
    ) -> None:
        self.client = client
        self.kiosk_id = kiosk_id
        self.min_length = min_length
        self.max_length = max_length
        self.is_online = is_online
        # The current session's id: the platform binds its identity token to it.
        self.session_id = session_id

    @classmethod
    def from_config(
        cls,
        config: KioskConfig,
        is_online: Callable[[], bool] | None = None,
        session_id: Callable[[], str] | None = None,
    ) -> AppCodeLogin:
        from kiosk.platform.settings import platform_settings

        client = AppCodeClient(platform_settings(config))
        q = config.devices.qr_scanner
        return cls(
            client,
            config.kiosk.id,
            q.app_code_min_length,
            q.app_code_max_length,
            is_online,
            session_id,
        )

    def close(self) -> None:
        self.client.close()

    def login(self, scanned: str) -> IdentityDocument:
        """Verify ``scanned`` with the platform and return the resident's identity.

        Raises a subclass of :class:`AppCodeLoginError` naming the cause.
        """
        token = check_token_format(scanned, self.min_length, self.max_length)
        shown = mask_code(token)
        if self.is_online is not None and not self.is_online():
            raise AppCodeLoginUnavailable("platform offline (network watcher): app-code login off")
        session = self.session_id() if self.session_id is not None else None
        try:
            ident = self.client.verify_app_code(token, self.kiosk_id, session)
        except AppCodeMalformed as e:
            raise MalformedAppCode(f"platform: {e.detail}") from None
        except AppCodeUnknown as e:
            raise AppCodeRejected(f"platform: {e.detail}") from None
        except AppCodeExpired as e:
            raise AppCodeExpiredError(f"platform: {e.detail}") from None
        except AppCodeUsed as e:
            raise AppCodeAlreadyUsed(f"platform: {e.detail}") from None
        except PlatformError as e:
            # Offline, timeout, 5xx, bad kiosk token: nothing can be verified.
            log.warning("app-code login unavailable for %s: %s", shown, e.detail)
            raise AppCodeLoginUnavailable(f"platform unavailable: {e.detail}") from None
        doc = identity_from_platform(ident)
        if ident.identity_token and session is not None:
            doc.proof = IdentityProof(identity_token=ident.identity_token, session_id=session)
        log.info("app-code login %s: %s", shown, doc.masked()["id_number"])
        return doc
