"""The TUF repository the terminals pull packages through (python-tuf).

Four top-level roles: root (threshold keys, usually two of two), targets,
snapshot and timestamp, each with an expiry. The metadata lives in the
database, so every instance serves the same files; the signing keys live in a
directory shared by the instances (in production the root keys are kept
offline and only the online roles' keys are here; see docs/fleet.md).

What TUF adds over the package's own Ed25519 signature: a terminal cannot be
fed an old targets list (rollback), a stale one forever (freeze: the timestamp
expires within a day), or a mix of files from different moments (snapshot).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner
from sqlalchemy import select
from sqlalchemy.orm import Session
from tuf.api.metadata import (
    Metadata,
    MetaFile,
    Root,
    Snapshot,
    TargetFile,
    Targets,
    Timestamp,
)
from tuf.api.serialization.json import JSONSerializer

from fleet.db import TufFile, utcnow

ROLES = ("root", "targets", "snapshot", "timestamp")
EXPIRY = {
    "root": timedelta(days=365),
    "targets": timedelta(days=90),
    "snapshot": timedelta(days=30),
}
_SER = JSONSerializer(compact=False)


class KeyStore:
    """Private keys per role, as PEM files ``<role>-<n>.pem`` in one directory."""

    def __init__(self, directory: Path, root_keys: int = 2) -> None:
        self.directory = directory
        self.root_keys = root_keys

    def signers(self, role: str) -> list[CryptoSigner]:
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        wanted = self.root_keys if role == "root" else 1
        paths = sorted(self.directory.glob(f"{role}-*.pem"))
        while len(paths) < wanted:
            signer = CryptoSigner.generate_ed25519()
            path = self.directory / f"{role}-{len(paths) + 1}.pem"
            fd_path = path.with_suffix(".tmp")
            fd_path.write_bytes(signer.private_bytes)
            fd_path.chmod(0o600)
            fd_path.replace(path)
            paths.append(path)
        out = []
        for p in paths[:wanted] if role != "root" else paths:
            key = load_pem_private_key(p.read_bytes(), password=None)
            out.append(CryptoSigner(key))
        return out


class TufRepository:
    """Builds, signs and stores the metadata; terminals fetch it through the API."""

    def __init__(self, keys: KeyStore, timestamp_expiry: timedelta, root_threshold: int) -> None:
        self.keys = keys
        self.timestamp_expiry = timestamp_expiry
        self.root_threshold = root_threshold

    # -- storage ---------------------------------------------------------------

    @staticmethod
    def _get(s: Session, name: str, lock: bool = False) -> bytes | None:
        q = select(TufFile).where(TufFile.name == name)
        if lock:
            q = q.with_for_update()
        row = s.execute(q).scalar_one_or_none()
        return row.data if row else None

    @staticmethod
    def _put(s: Session, name: str, data: bytes) -> None:
        row = s.get(TufFile, name)
        if row is None:
            s.add(TufFile(name=name, data=data))
        else:
            row.data = data

    def file(self, s: Session, name: str) -> bytes | None:
        """A metadata file as served, refreshing the online roles near their expiry."""
        if name == "timestamp.json":
            self.refresh(s)
        return self._get(s, name)

    # -- building --------------------------------------------------------------

    def _sign(self, md: Metadata, role: str) -> bytes:
        md.signatures.clear()
        for signer in self.keys.signers(role):
            md.sign(signer, append=True)
        return md.to_bytes(_SER)

    def initialise(self, s: Session) -> None:
        """Create version 1 of every role if the repository is empty."""
        if self._get(s, "root.json", lock=True) is not None:
            return
        now = utcnow().replace(microsecond=0)
        root = Root(expires=now + EXPIRY["root"], consistent_snapshot=False)
        for role in ROLES:
            for signer in self.keys.signers(role):
                root.add_key(signer.public_key, role)
        root.roles["root"].threshold = min(self.root_threshold, len(self.keys.signers("root")))
        root_md = Metadata(root)
        data = self._sign(root_md, "root")
        self._put(s, "root.json", data)
        self._put(s, "1.root.json", data)
        targets = Metadata(Targets(expires=now + EXPIRY["targets"]))
        self._publish(s, targets, now)

    def _publish(self, s: Session, targets: Metadata[Targets], now: datetime) -> None:
        self._put(s, "targets.json", self._sign(targets, "targets"))
        old = self._get(s, "snapshot.json")
        snap_version = Metadata[Snapshot].from_bytes(old).signed.version + 1 if old else 1
        snapshot = Metadata(Snapshot(version=snap_version, expires=now + EXPIRY["snapshot"]))
        snapshot.signed.meta["targets.json"] = MetaFile(version=targets.signed.version)
        self._put(s, "snapshot.json", self._sign(snapshot, "snapshot"))
        self._timestamp(s, snapshot.signed.version, now)

    def _timestamp(self, s: Session, snapshot_version: int, now: datetime) -> None:
        old = self._get(s, "timestamp.json")
        version = Metadata[Timestamp].from_bytes(old).signed.version + 1 if old else 1
        ts = Metadata(
            Timestamp(
                version=version,
                expires=now + self.timestamp_expiry,
                snapshot_meta=MetaFile(version=snapshot_version),
            )
        )
        self._put(s, "timestamp.json", self._sign(ts, "timestamp"))

    def add_target(self, s: Session, path: str, data: bytes) -> None:
        """Publish one more target file: new targets, snapshot and timestamp versions."""
        self._get(s, "root.json", lock=True)  # serialise publishers across instances
        now = utcnow().replace(microsecond=0)
        raw = self._get(s, "targets.json")
        assert raw is not None, "repository not initialised"
        targets = Metadata[Targets].from_bytes(raw)
        targets.signed.targets[path] = TargetFile.from_data(path, data, ["sha256"])
        targets.signed.version += 1
        targets.signed.expires = now + EXPIRY["targets"]
        self._publish(s, targets, now)

    def refresh(self, s: Session) -> None:
        """Re-sign the online roles whose expiry is near (half their lifetime left)."""
        now = utcnow().replace(microsecond=0)
        raw_ts = self._get(s, "timestamp.json")
        raw_targets = self._get(s, "targets.json")
        raw_snap = self._get(s, "snapshot.json")
        if raw_ts is None or raw_targets is None or raw_snap is None:
            return
        targets = Metadata[Targets].from_bytes(raw_targets)
        snap = Metadata[Snapshot].from_bytes(raw_snap)
        if (
            targets.signed.expires - now < EXPIRY["targets"] / 2
            or snap.signed.expires - now < EXPIRY["snapshot"] / 2
        ):
            self._get(s, "root.json", lock=True)
            targets.signed.version += 1
            targets.signed.expires = now + EXPIRY["targets"]
            self._publish(s, targets, now)
            return
        ts = Metadata[Timestamp].from_bytes(raw_ts)
        if ts.signed.expires - now < self.timestamp_expiry / 2:
            self._get(s, "root.json", lock=True)
            self._timestamp(s, snap.signed.version, now)

    def rotate_role_key(self, s: Session, role: str) -> None:
        """Replace an online role's key: a new root version, signed by the old and new root keys.

        Terminals walk the chain of root versions (``N.root.json``), so one that was
        offline for the rotation still reaches the current root.
        """
        if role == "root":
            raise ValueError("root keys are rotated offline")
        self._get(s, "root.json", lock=True)
        raw = self._get(s, "root.json")
        assert raw is not None
        root_md = Metadata[Root].from_bytes(raw)
        for keyid in list(root_md.signed.roles[role].keyids):
            root_md.signed.revoke_key(keyid, role)
        for p in self.keys.directory.glob(f"{role}-*.pem"):
            p.rename(p.with_suffix(".retired"))
        for signer in self.keys.signers(role):
            root_md.signed.add_key(signer.public_key, role)
        root_md.signed.version += 1
        data = self._sign(root_md, "root")
        self._put(s, "root.json", data)
        self._put(s, f"{root_md.signed.version}.root.json", data)
        now = utcnow().replace(microsecond=0)
        targets = Metadata[Targets].from_bytes(self._get(s, "targets.json") or b"")
        targets.signed.version += 1
        self._publish(s, targets, now)

    def files(self, s: Session) -> dict[str, bytes]:
        """Every metadata file as served: the root chain and the current top-level roles."""
        rows = s.execute(select(TufFile.name, TufFile.data)).all()
        return {name: data for name, data in rows}

    def root(self, s: Session) -> bytes:
        data = self._get(s, "root.json")
        assert data is not None
        return data
