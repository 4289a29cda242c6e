"""The configuration the terminal runs: the base file overlaid with the active release.

Apart from :mod:`~kiosk.config_packages.effective` (how an overlay is composed) so that
the release store, which composes overlays, and this lookup of the active release do
not import each other.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import KioskConfig, load_config
from kiosk.config_packages.effective import compose_config
from kiosk.config_packages.layout import TRUSTED_KEYS_DIR
from kiosk.config_packages.releases import ReleaseStore


def overlay_active(base: KioskConfig) -> KioskConfig:
    """``base`` overlaid with the active release (``base`` itself when there is none)."""
    release = ReleaseStore.for_config(base).active()
    if release is None:
        return base
    return compose_config(base, release.payload(), source=f"release {release.name}")


def effective_config(base_path: Path | None = None, data_dir: Path | None = None) -> KioskConfig:
    """Load the base configuration and overlay the active release (what the terminal runs)."""
    return overlay_active(load_config(base_path, data_dir))


def trusted_keys_dir(config: KioskConfig) -> Path:
    """Where the running configuration's trusted keys are: rotated by a release, or shipped."""
    release = ReleaseStore.for_config(config).active()
    # Carried by the release, or inherited from the release before it (see ReleaseStore).
    if release is not None and (release.path / TRUSTED_KEYS_DIR).is_dir():
        return release.path / TRUSTED_KEYS_DIR
    return config.data_file(config.config_packages.trusted_keys_dir)
