"""Errors of the offline queue.

Every error carries a short, resident-safe Chinese ``resident_message`` and a
technician ``detail`` (same shape as the application's ``KioskError``; this package
imports nothing of ours, so the application wraps or shows these as they are).
"""

from __future__ import annotations


class QueueError(Exception):
    """Base class: a resident-safe message and a technician detail."""

    resident_message: str = "提交暂时无法完成，请稍后重试或联系工作人员。"

    def __init__(self, detail: str, resident_message: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        if resident_message is not None:
            self.resident_message = resident_message

    def __str__(self) -> str:
        return self.detail


class OutboxFull(QueueError):
    """The outbox reached its size cap or the disk is nearly full; nothing queued is touched."""

    resident_message = "终端暂存空间已满，暂时无法受理新的申请，请到窗口办理或稍后再试。"


class OutboxUnavailable(QueueError):
    """The outbox database or directory cannot be opened or written."""

    resident_message = "终端暂时无法保存您的申请，请联系工作人员。"


class KeyFileError(QueueError):
    """The encryption key file is missing (while data exists), unreadable or malformed."""

    resident_message = "终端安全模块异常，暂停受理，请联系工作人员。"


class TamperedData(QueueError):
    """A stored blob failed authentication (modified, swapped or truncated on disk)."""

    resident_message = "终端存储的数据校验失败，请联系工作人员。"


class DuplicateSubmission(QueueError):
    """A submission with this id is stored already; the stored one is left as it was."""

    resident_message = "该申请已保存在本终端，无需重复提交。"


class SubmissionNotFound(QueueError):
    """No submission with that id in the outbox."""

    resident_message = "未找到该申请记录。"


class WorkerLocked(QueueError):
    """Another sync worker (in this or another process) already owns the outbox."""

    resident_message = "同步服务已在运行。"


class PlatformError(QueueError):
    """Base class for failures talking to the platform."""

    resident_message = "暂时无法连接政务服务平台，您的申请已安全保存，恢复后将自动提交。"
    #: Whether a later attempt may succeed (drives retry vs dead-letter).
    retryable: bool = True

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        retry_after_s: float | None = None,
        resident_message: str | None = None,
    ) -> None:
        super().__init__(detail, resident_message)
        self.status = status
        self.retry_after_s = retry_after_s


class PlatformUnavailable(PlatformError):
    """Network error, timeout, TLS failure or dropped connection: retry later."""


class PlatformUnreachable(PlatformUnavailable):
    """No connection could be made at all (refused, DNS, connect timeout, TLS handshake)."""


class PlatformBusy(PlatformError):
    """5xx, 408, 409 or 429 from the platform: retry later (honouring Retry-After)."""


class PlatformAuthError(PlatformError):
    """401/403: the kiosk's token is wrong. Not the submission's fault: retried, never dead."""

    resident_message = "终端认证失败，您的申请已安全保存，请联系工作人员。"


class PlatformRejected(PlatformError):
    """A permanent 4xx: the platform refuses this request; the submission goes to dead."""

    resident_message = "政务服务平台拒绝了该申请，请联系工作人员。"
    retryable = False


class IdentityNotProven(PlatformRejected):
    """403 with a ``detail.code`` on a look-up bound to an identity event: no live proof
    that this resident identified at this kiosk in this session (or it is another's)."""

    resident_message = "暂时无法调取您的电子证照，请手工填写。"


class PlatformNotFound(PlatformRejected):
    """404 on a lookup (case status, licence): nothing there."""

    resident_message = "未查询到相关记录。"
