"""Release store: installed packages as directories, a ``current`` link, history, boot marker.

Layout under ``releases_dir``::

    r000001-v3/            one directory per applied package (payload + manifest)
    r000002-v4/
    current -> r000002-v4  the active release (absent: factory configuration)
    history.jsonl          every apply and rollback
    boot-pending.json      a release applied but not yet confirmed by a good start
    .lock                  serialises writers (CLI and terminal)

Applying writes the payload into ``.tmp-*``, fsyncs every file and directory,
renames it into place, then replaces ``current`` with a new symlink by
``rename(2)``. That rename is the commit point: a crash before it leaves the old
release active, a crash after it the new one, never a mix.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.config import KioskConfig
from kiosk.config_packages.effective import Payload
from kiosk.config_packages.errors import ApplyError, PackageError, RollbackError
from kiosk.config_packages.fsutil import (
    append_line,
    atomic_write,
    fsync_dir,
    fsync_file,
    write_new_file,
)
from kiosk.config_packages.layout import (
    MANIFEST_NAME,
    RELEASE_INFO_FILE,
    SIGNATURE_NAME,
    TRUSTED_KEYS_DIR,
)
from kiosk.config_packages.manifest import Manifest

CURRENT = "current"
HISTORY = "history.jsonl"
BOOT_MARKER = "boot-pending.json"
_NAME_RE = re.compile(r"^r(\d{6,})-v(\d+)$")


@dataclass(frozen=True)
class Release:
    """One installed package."""

    name: str
    path: Path
    seq: int
    manifest: Manifest
    applied_at: str
    previous: str | None
    key_id: str
    source: str

    @property
    def version(self) -> int:
        return self.manifest.version

    def payload(self) -> Payload:
        names = frozenset(f.path for f in self.manifest.files)
        return Payload(names, lambda n: (self.path / n).read_bytes(), self.path)


@dataclass(frozen=True)
class HistoryEntry:
    ts: str
    action: str  # applied | rolled_back
    release: str | None
    version: int | None
    package_id: str | None
    from_release: str | None
    reason: str
    source: str
    # SHA-256 of the applied manifest's bytes: a rollback package applies only once.
    manifest_sha256: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class BootMarker:
    release: str
    attempts: int


class ReleaseStore:
    """Installed releases of one terminal, with atomic switch and rollback."""

    def __init__(self, root: Path, keep: int = 5, max_boot_attempts: int = 1) -> None:
        self.root = root
        self.keep = keep
        self.max_boot_attempts = max_boot_attempts

    @classmethod
    def for_config(cls, config: KioskConfig) -> ReleaseStore:
        s = config.config_packages
        return cls(config.resolved_paths.releases_dir, s.keep_releases, s.max_boot_attempts)

    @property
    def current_link(self) -> Path:
        return self.root / CURRENT

    # --- reading ------------------------------------------------------------------

    def active_name(self) -> str | None:
        try:
            return os.readlink(self.current_link)
        except (FileNotFoundError, NotADirectoryError):
            return None

    def active(self) -> Release | None:
        """The release ``current`` points at, or None for the factory configuration."""
        name = self.active_name()
        return None if name is None else self.load(name)

    def load(self, name: str) -> Release:
        m = _NAME_RE.match(name)
        if m is None:
            raise PackageError(f"not a release name: {name!r}")
        path = self.root / name
        try:
            info = json.loads((path / RELEASE_INFO_FILE).read_text(encoding="utf-8"))
            manifest = Manifest.model_validate_json((path / MANIFEST_NAME).read_bytes())
        except (OSError, ValueError, ValidationError) as e:
            raise PackageError(f"release {name} is unreadable: {e}") from None
        return Release(
            name=name,
            path=path,
            seq=int(m.group(1)),
            manifest=manifest,
            applied_at=str(info.get("applied_at", "")),
            previous=info.get("previous"),
            key_id=str(info.get("key_id", "")),
            source=str(info.get("source", "")),
        )

    def release_names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        names = [p.name for p in self.root.iterdir() if _NAME_RE.match(p.name) and p.is_dir()]
        return sorted(names, key=lambda n: int(_NAME_RE.match(n).group(1)))  # type: ignore[union-attr]

    def history(self) -> list[HistoryEntry]:
        """Every apply and rollback, oldest first (a torn last line is skipped)."""
        path = self.root / HISTORY
        entries: list[HistoryEntry] = []
        if not path.exists():
            return entries
        for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                d = json.loads(raw)
                entries.append(HistoryEntry(**d))
            except (ValueError, TypeError):
                continue
        return entries

    def high_water(self) -> int:
        """The highest version ever applied here (or active): packages must exceed it."""
        versions = [e.version for e in self.history() if e.action == "applied" and e.version]
        active = self.active()
        if active is not None:
            versions.append(active.version)
        return max(versions, default=0)

    def applied_digests(self) -> frozenset[str]:
        """SHA-256 of every manifest ever applied here (replayed rollbacks are refused)."""
        return frozenset(e.manifest_sha256 for e in self.history() if e.manifest_sha256)

    def boot_marker(self) -> BootMarker | None:
        try:
            d = json.loads((self.root / BOOT_MARKER).read_text())
            return BootMarker(str(d["release"]), int(d["attempts"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    # --- writing ------------------------------------------------------------------

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's lock (one writer at a time, across processes)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def recover(self) -> list[str]:
        """Remove what an interrupted apply left behind (never the active release)."""
        removed: list[str] = []
        if not self.root.is_dir():
            return removed
        for p in self.root.iterdir():
            if p.name.startswith((".tmp-", ".current-")) or (
                p.name.startswith(".") and p.name.endswith(".tmp")
            ):
                if p.is_dir() and not p.is_symlink():
                    shutil.rmtree(p, ignore_errors=True)
                else:
                    p.unlink(missing_ok=True)
                removed.append(p.name)
        marker = self.boot_marker()
        if marker is not None and marker.release != self.active_name():
            (self.root / BOOT_MARKER).unlink(missing_ok=True)
        return removed

    def _next_seq(self) -> int:
        seqs = [int(m.group(1)) for n in self.release_names() if (m := _NAME_RE.match(n))]
        return max(seqs, default=0) + 1

    def install(
        self,
        manifest: Manifest,
        manifest_bytes: bytes,
        signature_bytes: bytes,
        payload: dict[str, bytes],
        key_id: str,
        source: str,
    ) -> Release:
        """Write a verified package as a new release and make it active (caller holds the lock)."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.recover()
        previous = self.active_name()
        name = f"r{self._next_seq():06d}-v{manifest.version}"
        tmp = self.root / f".tmp-{name}"
        try:
            tmp.mkdir()
            dirs = {tmp}
            for rel in sorted(payload):
                target = tmp / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                d = target.parent
                while d != tmp:
                    dirs.add(d)
                    d = d.parent
                # Written first, flushed after: the kernel can batch the writeback.
                write_new_file(target, payload[rel], sync=False)
            for rel in sorted(payload):
                fsync_file(tmp / rel)
            inherited = self._inherit_trusted_keys(previous, payload, tmp)
            if inherited:
                dirs.add(tmp / TRUSTED_KEYS_DIR)
            write_new_file(tmp / MANIFEST_NAME, manifest_bytes)
            write_new_file(tmp / SIGNATURE_NAME, signature_bytes)
            info = {
                "name": name,
                "applied_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "previous": previous,
                "key_id": key_id,
                "source": source,
                "trusted_keys_from": inherited,
            }
            write_new_file(tmp / RELEASE_INFO_FILE, json.dumps(info, indent=2).encode())
            for d in sorted(dirs, key=lambda p: len(p.parts), reverse=True):
                fsync_dir(d)
            os.rename(tmp, self.root / name)
            fsync_dir(self.root)
            # The marker first: if we die before the switch, recover() drops it.
            atomic_write(
                self.root / BOOT_MARKER, json.dumps({"release": name, "attempts": 0}).encode()
            )
            self._switch(name)
        except OSError as e:
            shutil.rmtree(tmp, ignore_errors=True)
            raise ApplyError(
                f"cannot write release {name}: {e}",
                resident_message="配置更新失败，原配置继续使用。",
            ) from None
        self._record(
            "applied",
            name,
            manifest,
            previous,
            "",
            source,
            hashlib.sha256(manifest_bytes).hexdigest(),
        )
        self.prune()
        return self.load(name)

    def _inherit_trusted_keys(
        self, previous: str | None, payload: dict[str, bytes], tmp: Path
    ) -> str | None:
        """Carry a rotated key set forward into a release that brings none of its own.

        Otherwise the next ordinary package would silently bring back the shipped keys,
        undoing a rotation made to retire a compromised key.
        """
        if previous is None or any(n.startswith(TRUSTED_KEYS_DIR + "/") for n in payload):
            return None
        source = self.root / previous / TRUSTED_KEYS_DIR
        if not source.is_dir():
            return None
        target = tmp / TRUSTED_KEYS_DIR
        target.mkdir()
        for key_file in sorted(source.iterdir()):
            if key_file.is_file() and not key_file.is_symlink():
                write_new_file(target / key_file.name, key_file.read_bytes())
        return previous

    def _switch(self, name: str | None) -> None:
        """Point ``current`` at ``name`` (None: factory configuration) in one rename."""
        if name is None:
            self.current_link.unlink(missing_ok=True)
        else:
            tmp_link = self.root / f".current-{os.getpid()}"
            tmp_link.unlink(missing_ok=True)
            os.symlink(name, tmp_link)
            os.replace(tmp_link, self.current_link)
        fsync_dir(self.root)

    def switch_to_factory(self) -> None:
        """Deactivate every release (caller holds the lock)."""
        (self.root / BOOT_MARKER).unlink(missing_ok=True)
        self._switch(None)

    def _record(
        self,
        action: str,
        name: str | None,
        manifest: Manifest | None,
        from_release: str | None,
        reason: str,
        source: str,
        manifest_sha256: str = "",
    ) -> None:
        entry = HistoryEntry(
            ts=datetime.now(UTC).isoformat(timespec="seconds"),
            action=action,
            release=name,
            version=manifest.version if manifest else None,
            package_id=manifest.package_id if manifest else None,
            from_release=from_release,
            reason=reason,
            source=source,
            manifest_sha256=manifest_sha256,
        )
        append_line(self.root / HISTORY, json.dumps(entry.to_dict(), ensure_ascii=False))

    def rollback(self, reason: str = "manual") -> tuple[Release | None, Release]:
        """Return to the release active before the current one (caller holds the lock).

        Returns ``(new_active, left)``; ``new_active`` is None for the factory
        configuration. Raises :class:`RollbackError` when nothing is installed or the
        earlier release was pruned.
        """
        current = self.active()
        if current is None:
            raise RollbackError("no package is installed: the factory configuration is active")
        target = current.previous
        new: Release | None = None
        if target is not None:
            try:
                new = self.load(target)
            except PackageError as e:
                raise RollbackError(f"the earlier release {target} is gone: {e}") from None
        (self.root / BOOT_MARKER).unlink(missing_ok=True)
        self._switch(target)
        self._record(
            "rolled_back",
            target,
            new.manifest if new else None,
            current.name,
            reason,
            "",
        )
        return new, current

    def set_boot_marker(self, marker: BootMarker | None) -> None:
        path = self.root / BOOT_MARKER
        if marker is None:
            path.unlink(missing_ok=True)
            fsync_dir(self.root)
        else:
            atomic_write(
                path, json.dumps({"release": marker.release, "attempts": marker.attempts}).encode()
            )

    def prune(self) -> list[str]:
        """Delete old releases beyond ``keep``, never the active one or its predecessor."""
        names = self.release_names()
        protect: set[str] = set()
        active = self.active_name()
        if active is not None:
            protect.add(active)
            try:
                prev = self.load(active).previous
                if prev:
                    protect.add(prev)
            except PackageError:
                pass
        removed = []
        excess = len(names) - self.keep
        for n in names:
            if excess <= 0:
                break
            if n in protect:
                continue
            shutil.rmtree(self.root / n, ignore_errors=True)
            removed.append(n)
            excess -= 1
        return removed
