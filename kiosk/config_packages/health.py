"""``kiosk config check``: is the running configuration sound?"""

from __future__ import annotations

import hashlib

from kiosk.config import KioskConfig
from kiosk.config_packages.active import trusted_keys_dir
from kiosk.config_packages.errors import PackageError
from kiosk.config_packages.keys import load_trusted_keys
from kiosk.config_packages.manager import ConfigPackages
from kiosk.errors import ConfigError


def release_integrity(packages: ConfigPackages) -> list[str]:
    """Files of the active release that are missing or differ from its manifest."""
    release = packages.store.active()
    if release is None:
        return []
    problems = []
    for entry in release.manifest.files:
        p = release.path / entry.path
        try:
            digest = hashlib.sha256(p.read_bytes()).hexdigest()
        except OSError as e:
            problems.append(f"release {release.name}: {entry.path} unreadable ({e.strerror})")
            continue
        if digest != entry.sha256:
            problems.append(f"release {release.name}: {entry.path} modified on disk")
    return problems


def check_configuration(base: KioskConfig) -> tuple[list[str], list[str]]:
    """Problems (the terminal should not run like this) and notes (worth knowing)."""
    problems: list[str] = []
    notes: list[str] = []
    packages = ConfigPackages(base)
    try:
        release = packages.store.active()
    except PackageError as e:
        return [e.detail], notes
    notes.append(
        f"active release: {release.name} (v{release.version})"
        if release
        else "active release: none (factory configuration)"
    )
    problems += release_integrity(packages)
    try:
        config = packages.effective()
    except ConfigError as e:
        problems.append(e.detail)
        return problems, notes
    from kiosk.ops.admin import PIN_HASH_PROBLEMS, PinHashStatus, assess_pin_hash
    from kiosk.ops.enrolment import enrolled_pin_path, read_enrolled_pin

    pin_status = assess_pin_hash(config.admin.pin_hash)
    if pin_status is PinHashStatus.EMPTY:
        first_boot = read_enrolled_pin(enrolled_pin_path(config.resolved_paths.data_dir))
        if first_boot and assess_pin_hash(first_boot) is PinHashStatus.OK:
            pin_status = PinHashStatus.OK
            notes.append("technician PIN: enrolled at first boot with the one-time code")
    if pin_status is not PinHashStatus.OK:
        waiting = (
            "; a one-time enrolment code is configured: enrol at the technician screen"
            if config.admin.enrolment_code_hash
            else ""
        )
        problems.append(
            f"admin.pin_hash: {PIN_HASH_PROBLEMS[pin_status]}; the technician screen stays "
            "closed until a PIN is enrolled (admin_pin_hash.txt in a configuration package)"
            + waiting
        )
    from kiosk.services.catalog import CatalogError, load_catalog

    catalog_path = config.data_file(config.catalog.path)
    try:
        catalog = load_catalog(catalog_path)
        notes.append(f"catalog: {catalog_path} ({len(catalog.services)} services)")
    except CatalogError as e:
        problems.append(f"catalog: {e.detail}")
    keys, key_problems = load_trusted_keys(trusted_keys_dir(config))
    problems += [f"trusted keys: {p}" for p in key_problems if "not found" not in p]
    if not keys:
        notes.append("WARNING: no trusted public key installed; no package can be applied")
    for k in keys:
        demo = "  WARNING: DEMO key, remove it on a real terminal" if k.is_demo else ""
        notes.append(f"trusted key {k.key_id} ({k.label}){demo}")
    marker = packages.store.boot_marker()
    if marker is not None:
        notes.append(f"release {marker.release} not yet confirmed by a good start")
    return problems, notes
