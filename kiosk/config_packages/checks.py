"""The named checks of the verification pipeline and their results."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kiosk.config_packages.manifest import Manifest


class CheckId(StrEnum):
    """Every check, in the order the pipeline runs them."""

    ARCHIVE = "archive"
    PATHS = "paths"
    SIZES = "sizes"
    TUF = "tuf"
    SIGNATURE = "signature"
    MANIFEST = "manifest"
    FILES = "files"
    EXPIRY = "expiry"
    TARGET = "target"
    APP_VERSION = "app_version"
    VERSION = "version"
    CONFIG = "config"
    CATALOG = "catalog"


#: Plain titles shown to field staff (Chinese, English).
CHECK_TITLES: dict[CheckId, tuple[str, str]] = {
    CheckId.ARCHIVE: ("文件是完整的压缩包", "the file is a readable zip archive"),
    CheckId.PATHS: ("包内路径安全", "paths inside the package are safe"),
    CheckId.SIZES: ("大小在限度内", "sizes are within bounds"),
    CheckId.TUF: ("TUF 元数据可信（如附带）", "TUF metadata, where carried, is trusted"),
    CheckId.SIGNATURE: ("由受信任的密钥签名", "signed by a trusted key"),
    CheckId.MANIFEST: ("清单格式正确", "the manifest is well-formed"),
    CheckId.FILES: ("文件齐全且未被改动", "every file present, unmodified, nothing extra"),
    CheckId.EXPIRY: ("在有效期内", "not expired"),
    CheckId.TARGET: ("适用于本终端", "meant for this terminal"),
    CheckId.APP_VERSION: ("终端软件版本满足要求", "the terminal software is recent enough"),
    CheckId.VERSION: ("版本比已安装的新", "newer than the installed version"),
    CheckId.CONFIG: ("生成的配置有效", "the resulting configuration is valid"),
    CheckId.CATALOG: ("服务目录有效", "the service catalog is valid"),
}


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check with a plain reason in Chinese and English.

    ``code`` names the precise failure (``hash_mismatch``, ``parent_path``...) so
    that tools and tests can tell refusals apart; ``detail`` is for technicians.
    """

    check: CheckId
    status: CheckStatus
    reason_zh: str
    reason_en: str
    code: str = ""
    detail: str = ""

    @property
    def title_zh(self) -> str:
        return CHECK_TITLES[self.check][0]

    @property
    def title_en(self) -> str:
        return CHECK_TITLES[self.check][1]

    @property
    def passed(self) -> bool:
        return self.status is CheckStatus.PASSED

    def to_dict(self) -> dict[str, str]:
        return {
            "check": self.check.value,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "status": self.status.value,
            "code": self.code,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
            "detail": self.detail,
        }


@dataclass
class VerificationReport:
    """All check results for one package, and the verified content when all passed."""

    source: str
    results: list[CheckResult] = field(default_factory=list)
    manifest: Manifest | None = None
    manifest_bytes: bytes = b""
    signature_bytes: bytes = b""
    key_id: str = ""
    # Signed by a security key (may change security-relevant settings).
    security_key: bool = False
    # path → bytes of every carried file; only trustworthy when ``ok``.
    payload: dict[str, bytes] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return len(self.results) == len(CheckId) and all(r.passed for r in self.results)

    @property
    def failure(self) -> CheckResult | None:
        """The check that refused the package, if any."""
        return next((r for r in self.results if r.status is CheckStatus.FAILED), None)

    def summary_zh(self) -> str:
        f = self.failure
        if f is None:
            return "配置包验证通过" if self.ok else "验证未完成"
        return f"已拒绝：{f.title_zh}——{f.reason_zh}"

    def summary_en(self) -> str:
        f = self.failure
        if f is None:
            return "package verified" if self.ok else "verification incomplete"
        return f"refused: {f.title_en} — {f.reason_en}"

    def to_dict(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "source": self.source,
            "ok": self.ok,
            "package_id": m.package_id if m else None,
            "version": m.version if m else None,
            "key_id": self.key_id or None,
            "summary_zh": self.summary_zh(),
            "summary_en": self.summary_en(),
            "checks": [r.to_dict() for r in self.results],
        }
