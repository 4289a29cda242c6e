"""Building and signing packages (the field-staff side)."""

from __future__ import annotations

import hashlib
import os
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import ValidationError

from kiosk.config_packages.errors import BuildError, PackageError
from kiosk.config_packages.fsutil import fsync_dir
from kiosk.config_packages.keys import make_signature
from kiosk.config_packages.layout import (
    MANIFEST_NAME,
    SIGNATURE_NAME,
    layout_problem,
    path_problem,
)
from kiosk.config_packages.manifest import FileEntry, Manifest, Targets, now_utc

# Fixed timestamp in the zip entries: the same sources give the same bytes.
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 3
    info.external_attr = (0o100644 & 0xFFFF) << 16
    return info


def collect_sources(src_dir: Path) -> dict[str, bytes]:
    """Read every file under ``src_dir``; refuse links, unsafe names and unknown files."""
    if not src_dir.is_dir():
        raise BuildError(f"source folder not found: {src_dir}")
    files: dict[str, bytes] = {}
    for root, dirs, names in os.walk(src_dir, followlinks=False):
        dirs.sort()
        for d in dirs:
            if (Path(root) / d).is_symlink():
                raise BuildError(f"symbolic link in the sources: {Path(root) / d}")
        for n in sorted(names):
            p = Path(root) / n
            rel = p.relative_to(src_dir).as_posix()
            if p.is_symlink():
                raise BuildError(f"symbolic link in the sources: {rel}")
            if not p.is_file():
                raise BuildError(f"not a regular file: {rel}")
            bad = path_problem(rel)
            if bad is not None:
                raise BuildError(f"unsafe file name: {bad[2]}")
            problem = layout_problem(rel)
            if problem is not None:
                raise BuildError(problem)
            files[rel] = p.read_bytes()
    if not files:
        raise BuildError(f"{src_dir} holds nothing to package")
    return files


def make_manifest(
    files: dict[str, bytes],
    *,
    package_id: str,
    version: int,
    targets: Targets,
    valid_for: timedelta = timedelta(days=30),
    created_at: datetime | None = None,
    min_app_version: str = "0",
    kind: str = "update",
    description: str = "",
    rollback_from: int | None = None,
) -> Manifest:
    created = created_at or now_utc().replace(microsecond=0)
    try:
        return Manifest.model_validate(
            {
                "package_id": package_id,
                "version": version,
                "kind": kind,
                "rollback_from": rollback_from,
                "created_at": created,
                "expires_at": created + valid_for,
                "targets": targets,
                "min_app_version": min_app_version,
                "description": description,
                "files": [
                    FileEntry(path=n, size=len(d), sha256=hashlib.sha256(d).hexdigest())
                    for n, d in sorted(files.items())
                ],
            }
        )
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BuildError(f"manifest invalid at {where}: {first['msg']}") from None


def write_package(
    out: Path,
    manifest_bytes: bytes,
    files: dict[str, bytes],
    signature: bytes | None = None,
) -> None:
    """Write the zip: manifest first, then the files, then the signature (atomic replace)."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with zipfile.ZipFile(tmp, "w") as z:
            z.writestr(_entry(MANIFEST_NAME), manifest_bytes)
            for name in sorted(files):
                z.writestr(_entry(name), files[name])
            if signature is not None:
                z.writestr(_entry(SIGNATURE_NAME), signature)
        with tmp.open("rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise BuildError(f"cannot write {out}: {e.strerror}") from None


def build_package(
    src_dir: Path,
    out: Path,
    *,
    version: int,
    package_id: str,
    targets: Targets,
    valid_for: timedelta = timedelta(days=30),
    min_app_version: str = "0",
    kind: str = "update",
    description: str = "",
    key: Ed25519PrivateKey | None = None,
    rollback_from: int | None = None,
) -> Manifest:
    """Package ``src_dir`` into ``out``; signed when ``key`` is given."""
    files = collect_sources(src_dir)
    manifest = make_manifest(
        files,
        package_id=package_id,
        version=version,
        targets=targets,
        valid_for=valid_for,
        min_app_version=min_app_version,
        kind=kind,
        description=description,
        rollback_from=rollback_from,
    )
    mbytes = manifest.to_bytes()
    write_package(out, mbytes, files, make_signature(mbytes, key) if key else None)
    return manifest


def sign_package(pkg: Path, key: Ed25519PrivateKey, out: Path | None = None) -> Manifest:
    """Sign (or re-sign) the exact ``manifest.json`` bytes of an existing package."""
    out = out or pkg
    try:
        with zipfile.ZipFile(pkg) as z:
            names = [i.filename for i in z.infolist()]
            if names.count(MANIFEST_NAME) != 1:
                raise BuildError(f"{pkg}: expected exactly one {MANIFEST_NAME}")
            manifest_bytes = z.read(MANIFEST_NAME)
            files = {
                i.filename: z.read(i)
                for i in z.infolist()
                if i.filename not in (MANIFEST_NAME, SIGNATURE_NAME) and not i.is_dir()
            }
    except (OSError, zipfile.BadZipFile) as e:
        raise BuildError(f"cannot read package {pkg}: {e}") from None
    try:
        manifest = Manifest.model_validate_json(manifest_bytes)
    except ValidationError as e:
        raise BuildError(f"{pkg}: manifest invalid: {e.errors()[0]['msg']}") from None
    if set(files) != {f.path for f in manifest.files}:
        raise PackageError(f"{pkg}: the files do not match the manifest; rebuild it")
    for entry in manifest.files:
        if hashlib.sha256(files[entry.path]).hexdigest() != entry.sha256:
            raise PackageError(f"{pkg}: {entry.path} does not match its hash; rebuild it")
    write_package(out, manifest_bytes, files, make_signature(manifest_bytes, key))
    return manifest
