"""The terminal's side: verify, apply, roll back, boot confirmation — all audited.

The lead calls :func:`begin_boot` at start-up (it may roll back a release that
never started) and :func:`confirm_boot` once the terminal is up; the CLI and the
USB overlay use :class:`ConfigPackages`.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.config import KioskConfig
from kiosk.config_packages.active import trusted_keys_dir
from kiosk.config_packages.checks import CheckId, CheckResult, CheckStatus, VerificationReport
from kiosk.config_packages.effective import compose_config
from kiosk.config_packages.errors import ApplyError, PackageError, RollbackError
from kiosk.config_packages.keys import TrustedKey, load_security_keys, load_trusted_keys
from kiosk.config_packages.manifest import now_utc
from kiosk.config_packages.releases import BootMarker, HistoryEntry, Release, ReleaseStore
from kiosk.config_packages.tuf import tuf_state_dir
from kiosk.config_packages.verify import VerifyContext, verify_package
from kiosk.errors import ConfigError
from kiosk.ops.audit import AuditLog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApplyOutcome:
    """What ``apply`` did: the verification report, and the new release and config if applied."""

    report: VerificationReport
    release: Release | None = None
    config: KioskConfig | None = None

    @property
    def applied(self) -> bool:
        return self.release is not None


@dataclass(frozen=True)
class BootResult:
    """The configuration to start with, and whether a failed release was rolled back."""

    config: KioskConfig
    release: str | None
    rolled_back_from: str | None = None
    reason: str = ""


class ConfigPackages:
    """Configuration packages of one terminal (``base`` is the un-overlaid configuration)."""

    def __init__(
        self,
        base: KioskConfig,
        now: Callable[[], datetime] = now_utc,
        audit: AuditLog | None = None,
    ) -> None:
        self.base = base
        self.now = now
        self.store = ReleaseStore.for_config(base)
        self._audit = audit

    @property
    def audit(self) -> AuditLog:
        """The terminal's audit log.

        Pass the application's own :class:`AuditLog` when there is one: an AuditLog
        caches the chain's tail, so two instances writing to one file would break the
        chain. Without one, a fresh instance per event re-reads the tail.
        """
        if self._audit is not None:
            return self._audit
        return AuditLog(self.base.resolved_paths.audit_log)

    def effective(self) -> KioskConfig:
        """The running configuration: base overlaid with the active release."""
        release = self.store.active()
        if release is None:
            return self.base
        return compose_config(self.base, release.payload(), f"release {release.name}")

    def _running(self) -> KioskConfig:
        # A release that no longer makes a valid configuration must not stop a new,
        # good package from replacing it: its identity and limits fall back to the base.
        try:
            return self.effective()
        except ConfigError as e:
            log.warning("active release invalid, verifying against the base: %s", e.detail)
            return self.base

    def trusted_keys(self) -> tuple[list[TrustedKey], list[str]]:
        """The field keys (rotatable by a package) plus the shipped security keys."""
        keys, problems = load_trusted_keys(trusted_keys_dir(self._running()))
        # Security keys come from the shipped folder only: no package can add one.
        shipped = self.base.data_file(self.base.config_packages.trusted_keys_dir)
        security, more = load_security_keys(shipped)
        known = {k.key_id for k in security}
        return security + [k for k in keys if k.key_id not in known], problems + more

    def context(self, extra_keys: Sequence[TrustedKey] = ()) -> VerifyContext:
        keys, problems = self.trusted_keys()
        known = {k.key_id for k in keys}
        keys += [k for k in extra_keys if k.key_id not in known]
        return VerifyContext(
            base=self._running(),
            trusted_keys=keys,
            installed_version=self.store.high_water(),
            now=self.now,
            key_problems=problems,
            applied_digests=self.store.applied_digests(),
            tuf_dir=tuf_state_dir(self.base),
            require_tuf=self.base.config_packages.require_tuf,
        )

    def verify(
        self,
        source: Path,
        on_check: Callable[[CheckResult], None] | None = None,
        extra_keys: Sequence[TrustedKey] = (),
        audit_refusal: bool = False,
    ) -> VerificationReport:
        """Run every check on ``source``; nothing is written (except a refusal to the audit log)."""
        report = verify_package(source, self._context_for_verify(extra_keys), on_check)
        if audit_refusal and not report.ok:
            self._audit_refusal(report)
        return report

    def _context_for_verify(self, extra_keys: Sequence[TrustedKey]) -> VerifyContext:
        # Verification is checked against the *base* schema plus the new package's
        # overrides, never on top of the active release's overrides: a package is a
        # whole configuration, not a patch of a patch.
        ctx = self.context(extra_keys)
        ctx.current, ctx.base = ctx.base, self.base
        return ctx

    def _audit_refusal(self, report: VerificationReport) -> None:
        f = report.failure
        m = report.manifest
        self.audit.append(
            "config_package.refused",
            source=Path(report.source).name,
            package_id=m.package_id if m else None,
            version=m.version if m else None,
            check=f.check.value if f else None,
            code=f.code if f else None,
            reason=f.reason_en if f else "incomplete",
        )

    def apply(
        self,
        source: Path,
        on_check: Callable[[CheckResult], None] | None = None,
        tuf_target: str = "",
    ) -> ApplyOutcome:
        """Verify and, if every check passes, install ``source`` as the active release.

        ``tuf_target`` names the TUF target when the fleet agent fetched ``source``
        through TUF already (the network channel). A refused package is audited and
        leaves the running configuration untouched.
        """
        with self.store.locked():
            ctx = self._context_for_verify(())
            ctx.tuf_verified = tuf_target
            report = verify_package(source, ctx, on_check)
            if not report.ok:
                self._audit_refusal(report)
                return ApplyOutcome(report)
            return self._install(report)

    def apply_verified(self, report: VerificationReport) -> ApplyOutcome:
        """Install a package verified earlier (the USB overlay's "apply" button).

        The verified bytes are in the report, so nothing is re-read from the stick; the
        version is checked again under the lock in case another package went in since.
        """
        if not report.ok or report.manifest is None:
            raise ApplyError("the package was not verified")
        with self.store.locked():
            m = report.manifest
            installed = self.store.high_water()
            stale_rollback = m.kind == "rollback" and (
                m.rollback_from != installed
                or hashlib.sha256(report.manifest_bytes).hexdigest() in self.store.applied_digests()
            )
            if (m.version <= installed and m.kind != "rollback") or stale_rollback:
                self.audit.append(
                    "config_package.refused",
                    source=Path(report.source).name,
                    package_id=m.package_id,
                    version=m.version,
                    check=CheckId.VERSION.value,
                    code="downgrade",
                    reason=f"version {m.version} not greater than installed {installed}",
                )
                raise ApplyError(
                    f"version {m.version} is no longer newer than the installed {installed}",
                    resident_message="已有更新的配置，此配置包未应用。",
                )
            return self._install(report)

    def _install(self, report: VerificationReport) -> ApplyOutcome:
        m = report.manifest
        assert m is not None
        previous = self.store.active_name()
        release = self.store.install(
            m,
            report.manifest_bytes,
            report.signature_bytes,
            report.payload,
            report.key_id,
            Path(report.source).name,
        )
        self.audit.append(
            "config_package.applied",
            package_id=m.package_id,
            version=m.version,
            kind=m.kind,
            release=release.name,
            previous=previous,
            key_id=report.key_id,
            source=Path(report.source).name,
        )
        log.info("configuration package applied", extra={"release": release.name})
        return ApplyOutcome(report, release, self.effective())

    def rollback(self, reason: str = "manual") -> Release | None:
        """Return to the previous release (None: factory configuration); audited."""
        with self.store.locked():
            try:
                new, left = self.store.rollback(reason)
            except RollbackError as e:
                self.audit.append("config_package.rollback_refused", reason=e.detail)
                raise
        self.audit.append(
            "config_package.rolled_back",
            reason=reason,
            from_release=left.name,
            from_version=left.version,
            to_release=new.name if new else None,
            to_version=new.version if new else None,
        )
        return new

    def history(self) -> list[HistoryEntry]:
        return self.store.history()

    # --- boot --------------------------------------------------------------------

    def begin_boot(self) -> BootResult:
        """Decide which configuration to start with; roll back a release that failed to start.

        A release applied but never confirmed by :meth:`confirm_boot` within
        ``max_boot_attempts`` starts is rolled back; so is a release whose content no
        longer makes a valid configuration (after a software update, say).
        """
        rolled_from: str | None = None
        reason = ""
        with self.store.locked():
            self.store.recover()
            marker = self.store.boot_marker()
            active = self.store.active_name()
            if marker is not None and marker.release == active:
                if marker.attempts >= self.store.max_boot_attempts:
                    rolled_from, reason = active, "boot_failed"
                    self._auto_rollback(reason)
                else:
                    self.store.set_boot_marker(BootMarker(marker.release, marker.attempts + 1))
            for _ in range(self.store.keep + 1):
                try:
                    config = self.effective()
                    break
                except (ConfigError, PackageError) as e:
                    if self.store.active_name() is None:
                        raise
                    rolled_from = rolled_from or self.store.active_name()
                    reason = f"invalid: {e.detail}"
                    try:
                        self._auto_rollback("invalid_release")
                    except RollbackError:
                        self.store.switch_to_factory()  # nothing older left: factory configuration
                        self.audit.append(
                            "config_package.rolled_back", reason="factory", from_release=active
                        )
            else:  # pragma: no cover - every release broken: the base is all that is left
                config = self.base
        return BootResult(config, self.store.active_name(), rolled_from, reason)

    def _auto_rollback(self, reason: str) -> None:
        new, left = self.store.rollback(reason)
        self.audit.append(
            "config_package.rolled_back",
            reason=reason,
            automatic=True,
            from_release=left.name,
            from_version=left.version,
            to_release=new.name if new else None,
            to_version=new.version if new else None,
        )
        log.warning("configuration release rolled back", extra={"release": left.name})

    def confirm_boot(self) -> None:
        """The terminal started fine with the active release: it is now the known-good one."""
        with self.store.locked():
            marker = self.store.boot_marker()
            if marker is None:
                return
            self.store.set_boot_marker(None)
        if marker.release == self.store.active_name():
            self.audit.append("config_package.boot_confirmed", release=marker.release)


def begin_boot(base: KioskConfig, audit: AuditLog | None = None) -> BootResult:
    """Start-up hook: the configuration to run (``.config``), after any automatic rollback."""
    return ConfigPackages(base, audit=audit).begin_boot()


def confirm_boot(base: KioskConfig, audit: AuditLog | None = None) -> None:
    """Call once the terminal is up and serving: the active release is good."""
    ConfigPackages(base, audit=audit).confirm_boot()


__all__ = [
    "ApplyOutcome",
    "BootResult",
    "CheckStatus",
    "ConfigPackages",
    "begin_boot",
    "confirm_boot",
]
