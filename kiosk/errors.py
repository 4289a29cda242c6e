"""Base exception carrying two messages: one for the resident, one for the technician."""

from __future__ import annotations


class KioskError(Exception):
    """An error with a resident-safe message and a technician detail.

    ``resident_message`` is short, Chinese, free of personal data and of jargon: it
    is what the screen shows. ``detail`` says what went wrong for the technician and
    goes to the (masked) log and diagnostics.
    """

    resident_message: str = "操作未能完成，请重试或联系工作人员。"

    def __init__(self, detail: str, resident_message: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if resident_message is not None:
            self.resident_message = resident_message

    def __str__(self) -> str:
        return self.detail


class ConfigError(KioskError):
    """The configuration file is missing, unreadable or invalid."""

    resident_message = "终端配置有误，暂停服务，请联系工作人员。"
