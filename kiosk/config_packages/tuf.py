"""The Update Framework on both channels: the fleet service over HTTP, a USB stick offline.

One verifier (python-tuf's ``Updater``, over the terminal's own trusted metadata
in ``<data>/fleet/tuf``) serves both. Over the network its fetcher downloads from
the fleet service; from USB it reads a *TUF bundle*, a zip that carries a copy of
the repository's metadata beside the package::

    tuf/metadata/root.json, 2.root.json, ...   the root chain (key rotation)
    tuf/metadata/timestamp.json
    tuf/metadata/snapshot.json
    tuf/metadata/targets.json
    tuf/targets/<target path>                  the signed configuration package

Either way the terminal checks the metadata against the root it already trusts
and the versions it last saw: an older snapshot or timestamp (rollback), an
expired timestamp (freeze), or a package that is not the one the targets role
signed (tamper, mix-and-match) is refused. Whatever passes is then an ordinary
configuration package, verified by the same pipeline as any other.

Expiry allows for a terminal's clock running ahead: metadata counts as expired
only ``clock_skew_s`` (``[config_packages]``, 600 s, the allowance a package's
own creation time gets) after its ``expires``, on both channels. A clock behind
needs no allowance (it only makes metadata look fresher), and the allowance is
a fixed bound, so a frozen repository is still noticed ten minutes later.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from tuf.api import exceptions as tuf_errors
from tuf.api.metadata import Metadata
from tuf.ngclient import FetcherInterface, Updater

from kiosk.config import KioskConfig

#: Where a terminal keeps its trusted TUF metadata, under its data directory.
TUF_STATE_DIR = Path("fleet") / "tuf"
BUNDLE_METADATA = "tuf/metadata/"
BUNDLE_TARGETS = "tuf/targets/"
_USB_BASE = "usb-bundle:/"
#: Bounds on what a bundle's metadata may be (python-tuf bounds the downloads too).
MAX_METADATA_BYTES = 512 * 1024
MAX_METADATA_FILES = 64


def tuf_state_dir(config: KioskConfig) -> Path:
    """The directory of the terminal's trusted TUF metadata (written by enrolment)."""
    return config.resolved_paths.data_dir / TUF_STATE_DIR


class TufRefusal(Exception):
    """TUF refused: ``code`` names why; the Chinese reason is safe to show on the terminal."""

    def __init__(self, code: str, zh: str, en: str, detail: str = "") -> None:
        super().__init__(en)
        self.code, self.zh, self.en, self.detail = code, zh, en, detail or en


def refusal_from(e: Exception, channel: str) -> TufRefusal:
    """A plain reason for each of python-tuf's errors (the same on both channels)."""
    detail = f"{type(e).__name__}: {e}"
    if isinstance(e, tuf_errors.ExpiredMetadataError):
        return TufRefusal(
            "tuf_expired",
            "更新元数据已过期（可能被冻结在旧状态），未采用",
            f"{channel}: the TUF metadata has expired (a frozen repository?)",
            detail,
        )
    if isinstance(e, tuf_errors.BadVersionNumberError):
        return TufRefusal(
            "tuf_rollback",
            "更新元数据比本终端已见过的旧（回滚），未采用",
            f"{channel}: TUF metadata older than what this terminal has seen (rollback)",
            detail,
        )
    if isinstance(e, tuf_errors.LengthOrHashMismatchError):
        return TufRefusal(
            "tuf_target_mismatch",
            "配置包与签名的目标清单不符（被改动），未采用",
            f"{channel}: the package does not match the signed TUF targets (tampered)",
            detail,
        )
    if isinstance(e, tuf_errors.UnsignedMetadataError):
        return TufRefusal(
            "tuf_signature",
            "更新元数据的签名无效，未采用",
            f"{channel}: TUF metadata not signed by the trusted keys",
            detail,
        )
    if isinstance(e, tuf_errors.DownloadError):
        return TufRefusal(
            "tuf_missing",
            "更新元数据不完整，未采用",
            f"{channel}: TUF metadata missing or unreadable",
            detail,
        )
    return TufRefusal(
        "tuf_invalid", "更新元数据无效，未采用", f"{channel}: TUF metadata invalid", detail
    )


def _no_root(metadata_dir: Path) -> TufRefusal:
    return TufRefusal(
        "tuf_no_root",
        "本终端尚无受信任的更新根证书（请先登记到管理平台）",
        f"no trusted TUF root in {metadata_dir} (enrol the terminal first)",
    )


def reference_time(now: datetime, clock_skew_s: float) -> datetime:
    """The time TUF expiry is checked at: the terminal's clock less the skew allowance."""
    return now - timedelta(seconds=clock_skew_s)


def updater(
    metadata_dir: Path,
    fetcher: FetcherInterface,
    metadata_base_url: str,
    target_base_url: str,
    target_dir: Path | None = None,
    at: datetime | None = None,
) -> Updater:
    """python-tuf's client over the terminal's trusted metadata, refreshed (may raise TUF errors).

    ``at``: the time expiry is checked at (:func:`reference_time`); None, the system clock.
    """
    if not (metadata_dir / "root.json").is_file():
        raise _no_root(metadata_dir)
    u = Updater(
        metadata_dir=str(metadata_dir),
        metadata_base_url=metadata_base_url,
        target_dir=str(target_dir) if target_dir else None,
        target_base_url=target_base_url,
        fetcher=fetcher,
        bootstrap=None,
    )
    if at is not None:
        # python-tuf 7 takes "now" once, when the Updater is built, and offers no
        # parameter for it; every expiry check reads this attribute. Fail loudly
        # if a later python-tuf moves it, rather than silently drop the allowance.
        trusted = u._trusted_set
        if not isinstance(getattr(trusted, "reference_time", None), datetime):
            raise RuntimeError("python-tuf no longer has TrustedMetadataSet.reference_time")
        trusted.reference_time = at
    u.refresh()
    return u


class BundleFetcher(FetcherInterface):
    """Serves a TUF bundle's files to python-tuf as if they were downloads."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self.files = dict(files)

    def _fetch(self, url: str) -> Iterator[bytes]:
        name = url.removeprefix(_USB_BASE)
        if name not in self.files:
            raise tuf_errors.DownloadHTTPError(f"{name} is not in the USB bundle", 404)
        return iter([self.files[name]])


@dataclass(frozen=True)
class VerifiedTarget:
    """A package that TUF vouched for: its target path and bytes, and the versions seen."""

    path: str
    data: bytes
    timestamp_version: int
    snapshot_version: int
    targets_version: int


def is_bundle(names: list[str]) -> bool:
    """Whether a zip's entry names make it a TUF bundle (not an ordinary package)."""
    return BUNDLE_METADATA + "timestamp.json" in names


def open_bundle(
    zf: zipfile.ZipFile, metadata_dir: Path, at: datetime | None = None
) -> VerifiedTarget:
    """Verify a TUF bundle against the terminal's trusted metadata; returns its package.

    ``at``: the time expiry is checked at (:func:`reference_time`).

    The zip was already checked for safe paths and sizes by the pipeline. Newly
    verified metadata is kept in ``metadata_dir``, so a stick (or a network
    answer) carrying older versions afterwards is refused.
    """
    files: dict[str, bytes] = {}
    targets: list[str] = []
    for info in zf.infolist():
        if info.is_dir():
            continue
        name = info.filename
        if name.startswith(BUNDLE_TARGETS):
            targets.append(name)
        elif name.startswith(BUNDLE_METADATA) and "/" not in name[len(BUNDLE_METADATA) :]:
            if info.file_size > MAX_METADATA_BYTES or len(files) >= MAX_METADATA_FILES:
                raise TufRefusal(
                    "tuf_invalid", "更新元数据过大", f"TUF bundle: {name} too large or too many"
                )
            files["metadata/" + name[len(BUNDLE_METADATA) :]] = zf.read(info)
        else:
            raise TufRefusal(
                "tuf_extra_file",
                f"TUF 包内有多余的文件：{name}",
                f"TUF bundle: {name} is neither metadata nor the target",
            )
    if len(targets) != 1:
        raise TufRefusal(
            "tuf_target_count",
            "TUF 包须恰好包含一个配置包",
            f"TUF bundle holds {len(targets)} targets, exactly one expected",
        )
    target_path = targets[0][len(BUNDLE_TARGETS) :]
    data = zf.read(targets[0])
    try:
        u = updater(
            metadata_dir,
            BundleFetcher(files),
            _USB_BASE + "metadata/",
            _USB_BASE + "targets/",
            at=at,
        )
        signed = u.get_targetinfo(target_path)
        if signed is None:
            raise TufRefusal(
                "tuf_unknown_target",
                "此配置包不在签名的目标清单中，未采用",
                f"USB: {target_path} is not among the signed TUF targets",
            )
        signed.verify_length_and_hashes(data)
    except TufRefusal:
        raise
    except (tuf_errors.RepositoryError, tuf_errors.DownloadError) as e:
        raise refusal_from(e, "USB") from None
    # The Updater kept what it verified: those are now the versions last seen.
    seen = {
        role: Metadata.from_file(str(metadata_dir / f"{role}.json")).signed.version
        for role in ("timestamp", "snapshot", "targets")
    }
    return VerifiedTarget(target_path, data, seen["timestamp"], seen["snapshot"], seen["targets"])


def build_bundle(metadata: Mapping[str, bytes], target_path: str, target: bytes) -> bytes:
    """A TUF bundle (zip) from a repository's metadata files and one target.

    ``metadata`` maps file names as served (``root.json``, ``2.root.json``,
    ``timestamp.json``, ...) to their bytes.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(metadata):
            zf.writestr(BUNDLE_METADATA + name, metadata[name])
        # Stored: the package is a zip already, deflating it again gains nothing.
        zf.writestr(
            zipfile.ZipInfo(BUNDLE_TARGETS + target_path, (2026, 1, 1, 0, 0, 0)),
            target,
            zipfile.ZIP_STORED,
        )
    return buf.getvalue()


def fetch_network_target(
    metadata_dir: Path,
    fetcher: FetcherInterface,
    base_url: str,
    target_path: str,
    download_dir: Path,
    at: datetime | None = None,
) -> Path:
    """Download ``target_path`` from the fleet service through TUF (the network channel)."""
    try:
        u = updater(
            metadata_dir,
            fetcher,
            f"{base_url}/tuf/metadata/",
            f"{base_url}/tuf/targets/",
            download_dir,
            at=at,
        )
        info = u.get_targetinfo(target_path)
        if info is None:
            raise TufRefusal(
                "tuf_unknown_target",
                "此配置包不在签名的目标清单中，未采用",
                f"network: {target_path} is not among the signed TUF targets",
            )
        cached = u.find_cached_target(info)
        return Path(cached or u.download_target(info))
    except TufRefusal:
        raise
    except (tuf_errors.RepositoryError, tuf_errors.DownloadError) as e:
        raise refusal_from(e, "network") from None


__all__ = [
    "TUF_STATE_DIR",
    "BundleFetcher",
    "TufRefusal",
    "VerifiedTarget",
    "build_bundle",
    "fetch_network_target",
    "is_bundle",
    "open_bundle",
    "reference_time",
    "refusal_from",
    "tuf_state_dir",
    "updater",
]
