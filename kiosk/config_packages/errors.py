"""Errors of the configuration-package tools (each with a resident-safe message)."""

from __future__ import annotations

from kiosk.errors import KioskError


class PackageError(KioskError):
    """A configuration package cannot be built, signed, verified or applied."""

    resident_message = "配置包无法使用，请联系工作人员。"


class KeyFileError(PackageError):
    """A key file is missing, unreadable or not an Ed25519 key."""


class BuildError(PackageError):
    """The source directory cannot be turned into a package (layout, links, sizes)."""


class ApplyError(PackageError):
    """A verified package could not be installed; the running configuration is unchanged."""


class RollbackError(PackageError):
    """There is no earlier release to return to."""
