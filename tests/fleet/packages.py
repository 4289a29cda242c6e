"""Signed configuration packages for the fleet tests (the USB format, built with its builder)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.config_packages.build import make_manifest
from kiosk.config_packages.keys import make_signature, public_pem
from kiosk.config_packages.manifest import Targets

#: One signing key for the whole test run (the "field staff" key the terminals trust).
KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()


def package_keys_dir(tmp: Path) -> Path:
    d = tmp / "package-keys"
    d.mkdir(parents=True, exist_ok=True)
    (d / "field-staff.pem").write_bytes(public_pem(KEY))
    return d


def files_for(version: int, idle: int | None = None) -> dict[str, bytes]:
    idle_s = idle if idle is not None else 100 + version
    return {
        "config.toml": f"[ui]\nvolume = {10 + version}\n\n[session]\nidle_timeout_s = {idle_s}\n".encode()
    }


def build(
    version: int,
    *,
    targets: Targets | None = None,
    key: Ed25519PrivateKey | None = KEY,
    files: dict[str, bytes] | None = None,
    package_id: str = "fleet-test",
) -> bytes:
    """A package as bytes: manifest, files, and a signature unless ``key`` is None."""
    files = files if files is not None else files_for(version)
    manifest = make_manifest(
        files, package_id=package_id, version=version, targets=targets or Targets(all=True)
    )
    mbytes = manifest.to_bytes()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("manifest.json", mbytes)
        for name in sorted(files):
            z.writestr(name, files[name])
        if key is not None:
            z.writestr("manifest.sig", make_signature(mbytes, key))
    return buf.getvalue()


def tamper(data: bytes) -> bytes:
    """The same package with one payload file changed after signing."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "config.toml":
                body = body.replace(b"volume", b"volume = 99\n#")
            z.writestr(info.filename, body)
    return buf.getvalue()
