"""Verifying a package on behalf of another terminal (the fleet service's upload check).

The fleet service refuses an unsigned, tampered or downgraded package at upload,
with the same pipeline a terminal runs on a USB stick: this module only builds the
:class:`VerifyContext` for "a terminal with this id and region, at this installed
version", so the service never forks the checks.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import DEFAULT_CONFIG_PATH, KioskIdentity, load_config
from kiosk.config_packages.checks import VerificationReport
from kiosk.config_packages.keys import load_trusted_keys
from kiosk.config_packages.verify import VerifyContext, verify_package


def context_for_terminal(
    kiosk_id: str,
    region: str,
    keys_dir: Path,
    installed_version: int = 0,
    base_config: Path | None = None,
) -> VerifyContext:
    """A verification context as the named terminal would build it from its base config."""
    base = load_config(base_config or DEFAULT_CONFIG_PATH)
    identity = KioskIdentity(id=kiosk_id, region=region)
    base = base.model_copy(update={"kiosk": identity})
    keys, problems = load_trusted_keys(keys_dir)
    return VerifyContext(
        base=base, trusted_keys=keys, installed_version=installed_version, key_problems=problems
    )


def verify_for_terminal(data: bytes, ctx: VerifyContext, name: str) -> VerificationReport:
    """Run the full pipeline on package bytes; never raises for a bad package."""
    return verify_package(data, ctx, name=name)
