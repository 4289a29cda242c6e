"""Fixtures: a terminal environment (config file, data dir, trusted key) and package builders."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config import DEFAULT_CONFIG_PATH, KioskConfig, load_config
from kiosk.config_packages import ConfigPackages
from kiosk.config_packages.build import make_manifest
from kiosk.config_packages.keys import make_signature, public_pem
from kiosk.config_packages.manifest import Targets
from kiosk.ops.admin import hash_pin

SECURITY_KEY = Ed25519PrivateKey.generate()
SAMPLE_CATALOG = (DEFAULT_CONFIG_PATH.parent / "catalog.toml").read_bytes()
# The PIN a package enrols, and the one the terminal's base configuration carries
# (outside --demo a terminal without one fails `kiosk config check`).
PIN_HASH = hash_pin("975310")
BASE_PIN_HASH = hash_pin("135790")


@dataclass
class Entry:
    """One raw zip entry, for building packages (tampered ones included) by hand."""

    name: str
    data: bytes
    mode: int = 0o100644
    compress: int = zipfile.ZIP_DEFLATED


def write_zip(path: Path, entries: list[Entry]) -> Path:
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w") as z:
        warnings.simplefilter("ignore")  # duplicate names are written on purpose
        for e in entries:
            info = zipfile.ZipInfo(e.name, date_time=(2020, 1, 1, 0, 0, 0))
            info.create_system = 3
            info.external_attr = (e.mode & 0xFFFF) << 16
            info.compress_type = e.compress
            z.writestr(info, e.data)
    path.write_bytes(buf.getvalue())
    return path


def default_files(version: int) -> dict[str, bytes]:
    """A realistic payload whose effects are visible in the effective configuration."""
    return {
        "config.toml": (
            f"[ui]\nvolume = {10 + version}\n\n[session]\nidle_timeout_s = {100 + version}\n"
        ).encode(),
        "catalog.toml": SAMPLE_CATALOG,
        "admin_pin_hash.txt": (PIN_HASH + "\n").encode(),
        "templates/receipt_footer.txt": f"版本 {version}\n".encode(),
    }


@dataclass
class PackageSpec:
    version: int = 1
    files: dict[str, bytes] = field(default_factory=dict)
    targets: Targets = field(default_factory=lambda: Targets(all=True))
    created_at: datetime | None = None
    valid_for: timedelta = timedelta(days=30)
    kind: str = "update"
    rollback_from: int | None = None
    min_app_version: str = "0"
    package_id: str = "test-pkg"


@dataclass
class Env:
    """A terminal: its config file and data dir, the trusted key, and a package factory."""

    tmp: Path
    config_path: Path
    data_dir: Path
    key: Ed25519PrivateKey
    other_key: Ed25519PrivateKey
    # The higher-privilege key (shipped under trusted/security/): security settings.
    security_key: Ed25519PrivateKey = field(default_factory=Ed25519PrivateKey.generate)

    @property
    def base(self) -> KioskConfig:
        return load_config(self.config_path, self.data_dir)

    def packages(self) -> ConfigPackages:
        return ConfigPackages(self.base)

    @property
    def releases(self) -> Path:
        return self.base.resolved_paths.releases_dir

    @property
    def audit_path(self) -> Path:
        return self.base.resolved_paths.audit_log

    def entries(
        self, spec: PackageSpec, key: Ed25519PrivateKey | None = None
    ) -> tuple[list[Entry], bytes]:
        files = spec.files or default_files(spec.version)
        manifest = make_manifest(
            files,
            package_id=spec.package_id,
            version=spec.version,
            targets=spec.targets,
            valid_for=spec.valid_for,
            created_at=spec.created_at,
            kind=spec.kind,
            rollback_from=spec.rollback_from,
            min_app_version=spec.min_app_version,
        )
        mbytes = manifest.to_bytes()
        sig = make_signature(mbytes, key or self.key)
        entries = [Entry("manifest.json", mbytes)]
        entries += [Entry(n, d) for n, d in sorted(files.items())]
        entries.append(Entry("manifest.sig", sig))
        return entries, mbytes

    def package(
        self,
        name: str = "pkg.zip",
        spec: PackageSpec | None = None,
        key: Ed25519PrivateKey | None = None,
        tamper: Callable[[list[Entry]], list[Entry]] | None = None,
    ) -> Path:
        entries, _ = self.entries(spec or PackageSpec(), key)
        if tamper is not None:
            entries = tamper(entries)
        return write_zip(self.tmp / name, entries)

    def state(self) -> dict[str, Any]:
        """Everything that makes up the running configuration, to compare before/after."""
        root = self.releases
        snapshot: dict[str, Any] = {"effective": self.packages().effective().model_dump_json()}
        if root.exists():
            snapshot["current"] = (
                (root / "current").readlink() if (root / "current").is_symlink() else None
            )
            snapshot["releases"] = sorted(
                (str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest())
                for p in root.rglob("*")
                if p.is_file() and p.name != ".lock"
            )
        return snapshot


def audit_events(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def signing_keys() -> tuple[Ed25519PrivateKey, Ed25519PrivateKey]:
    return Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()


def make_env(tmp: Path, key: Ed25519PrivateKey, other: Ed25519PrivateKey, extra: str = "") -> Env:
    keys = tmp / "trusted"
    keys.mkdir(parents=True, exist_ok=True)
    (keys / "field-staff.pem").write_bytes(public_pem(key))
    security = SECURITY_KEY
    (keys / "security").mkdir(exist_ok=True)
    (keys / "security" / "security-officer.pem").write_bytes(public_pem(security))
    text = DEFAULT_CONFIG_PATH.read_text(encoding="utf-8")
    text = text.replace('trusted_keys_dir = "keys"', f'trusted_keys_dir = "{keys}"')
    assert str(keys) in text
    text = text.replace('pin_hash = ""', f'pin_hash = "{BASE_PIN_HASH}"')
    assert BASE_PIN_HASH in text
    cfg = tmp / "kiosk.toml"
    cfg.write_text(text + extra, encoding="utf-8")
    # The catalog named by the base config resolves next to the config file first.
    shutil.copy(DEFAULT_CONFIG_PATH.parent / "catalog.toml", tmp / "catalog.toml")
    return Env(tmp, cfg, tmp / "var", key, other, security)


@pytest.fixture
def env(tmp_path: Path, signing_keys: tuple[Ed25519PrivateKey, Ed25519PrivateKey]) -> Env:
    return make_env(tmp_path, *signing_keys)


def now() -> datetime:
    return datetime.now(UTC)
