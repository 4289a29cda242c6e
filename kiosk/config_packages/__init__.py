"""Signed configuration packages: build, sign, verify, apply atomically, roll back.

See docs/config-packages.md for the format. Entry points:

- :func:`effective_config` — the configuration the terminal runs (base + active release);
- :func:`begin_boot` / :func:`confirm_boot` — start-up hooks with automatic rollback;
- :class:`ConfigPackages` — verify / apply / rollback / history, audited;
- :func:`build_package`, :func:`sign_package`, :func:`generate_keypair` — field-staff tools;
- :class:`UsbWatcher` — notices packages on mounted USB sticks.

May import kiosk.ops (the audit log) and the plumbing modules; never app, ui or services.
"""

from kiosk.config_packages.active import effective_config, overlay_active, trusted_keys_dir
from kiosk.config_packages.build import build_package, sign_package
from kiosk.config_packages.checks import (
    CHECK_TITLES,
    CheckId,
    CheckResult,
    CheckStatus,
    VerificationReport,
)
from kiosk.config_packages.errors import (
    ApplyError,
    BuildError,
    KeyFileError,
    PackageError,
    RollbackError,
)
from kiosk.config_packages.keys import (
    TrustedKey,
    generate_keypair,
    load_private_key,
    load_public_key,
    load_trusted_keys,
)
from kiosk.config_packages.manager import (
    ApplyOutcome,
    BootResult,
    ConfigPackages,
    begin_boot,
    confirm_boot,
)
from kiosk.config_packages.manifest import Manifest, Targets
from kiosk.config_packages.releases import Release, ReleaseStore
from kiosk.config_packages.reload import PendingConfig, changed_sections, needs_restart
from kiosk.config_packages.usb import UsbWatcher
from kiosk.config_packages.verify import VerifyContext, verify_package

__all__ = [
    "CHECK_TITLES",
    "ApplyError",
    "ApplyOutcome",
    "BootResult",
    "BuildError",
    "CheckId",
    "CheckResult",
    "CheckStatus",
    "ConfigPackages",
    "KeyFileError",
    "Manifest",
    "PackageError",
    "PendingConfig",
    "Release",
    "ReleaseStore",
    "RollbackError",
    "Targets",
    "TrustedKey",
    "UsbWatcher",
    "VerificationReport",
    "VerifyContext",
    "begin_boot",
    "build_package",
    "changed_sections",
    "confirm_boot",
    "effective_config",
    "generate_keypair",
    "load_private_key",
    "load_public_key",
    "load_trusted_keys",
    "needs_restart",
    "overlay_active",
    "sign_package",
    "trusted_keys_dir",
    "verify_package",
]
