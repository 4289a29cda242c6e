"""Uploading a configuration package: refused here exactly as a terminal would refuse it.

The checks are the terminal's own (``kiosk.config_packages``), run as a terminal
the package targets would run them, with the highest version already published
as the installed one: unsigned, tampered, expired, malformed and downgraded
packages never reach the TUF repository.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fleet import audit
from fleet.db import Package, Terminal, utcnow
from fleet.errors import NotFound, PackageRefused
from fleet.tuf_repo import TufRepository
from kiosk.config_packages.remote import context_for_terminal, verify_for_terminal
from kiosk.config_packages.tuf import build_bundle


def _peek_targets(data: bytes) -> tuple[list[str], list[str], bool]:
    """Targets named by the (not yet verified) manifest, only to pick whom to verify as."""
    import io
    import json
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            m = json.loads(z.read("manifest.json")[: 1024 * 1024])
        t = m.get("targets", {})
        return list(t.get("kiosk_ids", [])), list(t.get("regions", [])), bool(t.get("all"))
    except Exception:
        return [], [], False


def _representative(s: Session, data: bytes) -> Terminal | None:
    ids, regions, everyone = _peek_targets(data)
    q = select(Terminal).order_by(Terminal.id).limit(1)
    if ids:
        hit = s.execute(q.where(Terminal.id.in_(ids))).scalar_one_or_none()
        if hit:
            return hit
    for r in regions:
        prefix = r
        while len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]
        hit = s.execute(q.where(Terminal.region.startswith(prefix))).scalar_one_or_none()
        if hit:
            return hit
    if everyone:
        return s.execute(q).scalar_one_or_none()
    return None


def upload(
    s: Session,
    repo: TufRepository,
    data: bytes,
    keys_dir: Path,
    base_config: Path | None,
    actor: str,
) -> Package:
    """Verify and publish a package; raises :class:`PackageRefused` with the failing check."""
    rep = _representative(s, data)
    installed = s.execute(select(func.max(Package.version))).scalar_one() or 0
    kiosk_id, region = (rep.id, rep.region) if rep else ("fleet-upload", "000000")
    ctx = context_for_terminal(kiosk_id, region, keys_dir, int(installed), base_config)
    report = verify_for_terminal(data, ctx, "upload")
    if not report.ok or report.manifest is None:
        f = report.failure
        code = f.code if f else "incomplete"
        reason = f"{f.check.value}: {f.reason_en}" if f else "verification incomplete"
        audit.record(s, "staff", actor, "package.refused", "", code=code, reason=reason)
        raise PackageRefused(code, f"package refused: {reason}")
    if rep is None:
        raise PackageRefused("no_target", "no enrolled terminal is targeted by this package")
    m = report.manifest
    sha = hashlib.sha256(data).hexdigest()
    path = f"{m.package_id}/{m.version}-{sha[:16]}.zip"
    pkg = Package(
        package_id=m.package_id,
        version=m.version,
        kind=m.kind,
        sha256=sha,
        size=len(data),
        target_path=path,
        data=data,
        uploaded_by=actor,
        uploaded_at=utcnow(),
        description=m.description,
    )
    s.add(pkg)
    repo.add_target(s, path, data)
    s.flush()
    audit.record(s, "staff", actor, "package.upload", path, version=m.version, sha256=sha)
    return pkg


def usb_bundle(s: Session, repo: TufRepository, package_pk: int) -> tuple[Package, bytes]:
    """A TUF bundle for a USB stick: the repository's current metadata and one package.

    The terminal verifies it with the same TUF client as a network pull
    (``kiosk.config_packages.tuf``): the root chain lets a terminal that missed
    key rotations catch up, and the timestamp's expiry bounds how long a stick
    stays usable (a day by default) — an old stick is refused as frozen.
    """
    pkg = s.get(Package, package_pk)
    if pkg is None:
        raise NotFound("no_package", str(package_pk))
    repo.refresh(s)
    metadata = repo.files(s)
    return pkg, build_bundle(metadata, pkg.target_path, pkg.data)
