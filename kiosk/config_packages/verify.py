"""The verification pipeline: every check named, run in order, before anything is written.

The package is read into memory once (bounded by ``max_package_bytes``) and every
check, and the apply that may follow, works on those bytes: a USB stick swapped or
rewritten between the check and the apply cannot slip anything past the checks.
The first failing check refuses the package; the checks after it are reported as
skipped, because they would run on content not yet proven authentic or sound.
"""

from __future__ import annotations

import hashlib
import io
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from kiosk import __version__
from kiosk.config import ConfigPackagesConfig, KioskConfig
from kiosk.config_packages.checks import (
    CheckId,
    CheckResult,
    CheckStatus,
    VerificationReport,
)
from kiosk.config_packages.effective import (
    OverlayError,
    Payload,
    compose_config,
    parse_overrides,
)
from kiosk.config_packages.errors import KeyFileError, PackageError
from kiosk.config_packages.keys import (
    TrustedKey,
    parse_signature,
    public_key_from_bytes,
    verify_signature,
)
from kiosk.config_packages.layout import (
    CONFIG_FILE,
    MANIFEST_NAME,
    PIN_HASH_FILE,
    RESERVED_NAMES,
    SIGNATURE_NAME,
    TRUSTED_KEYS_DIR,
    path_problem,
)
from kiosk.config_packages.manifest import Manifest, now_utc, parse_version
from kiosk.config_packages.policy import Tier, classify, required_tier
from kiosk.config_packages.tuf import TufRefusal, is_bundle, open_bundle, reference_time
from kiosk.ops.admin import PinHashStatus, assess_pin_hash

#: The longest a package may be valid, and a rollback package (it targets one state).
MAX_VALIDITY = timedelta(days=90)
MAX_ROLLBACK_VALIDITY = timedelta(days=7)
#: The largest jump in version: a version of 2^53 would otherwise brick every later update.
MAX_VERSION_STEP = 1000
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_SIGNATURE_BYTES = 4096
# Small entries compress well (config text, zero padding) without being a bomb.
RATIO_MIN_SIZE = 64 * 1024
_CHUNK = 1024 * 1024


@dataclass
class VerifyContext:
    """Everything the checks compare a package against."""

    base: KioskConfig
    trusted_keys: Sequence[TrustedKey]
    installed_version: int = 0
    now: Callable[[], datetime] = now_utc
    app_version: str = __version__
    key_problems: list[str] = field(default_factory=list)
    # The running (effective) configuration: its identity and limits apply.
    current: KioskConfig | None = None
    # SHA-256 of every manifest applied here: a rollback package is refused a second time.
    applied_digests: frozenset[str] = frozenset()
    # The terminal's trusted TUF metadata (root, last-seen versions); None: no TUF here.
    tuf_dir: Path | None = None
    # Refuse a package that carries no TUF metadata (config_packages.require_tuf).
    require_tuf: bool = False
    # The TUF target path when the network channel already fetched the package through TUF.
    tuf_verified: str = ""

    @property
    def running(self) -> KioskConfig:
        return self.current or self.base

    @property
    def limits(self) -> ConfigPackagesConfig:
        return self.running.config_packages


class _Refused(Exception):
    def __init__(self, code: str, zh: str, en: str, detail: str = "") -> None:
        super().__init__(en)
        self.code, self.zh, self.en, self.detail = code, zh, en, detail


def _mib(n: int) -> str:
    return f"{n / 1048576:.1f} MiB"


class _Pipeline:
    def __init__(
        self,
        ctx: VerifyContext,
        report: VerificationReport,
        on_check: Callable[[CheckResult], None] | None,
    ) -> None:
        self.ctx = ctx
        self.report = report
        self.on_check = on_check
        self.data = b""
        self.zip: zipfile.ZipFile | None = None
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.manifest: Manifest | None = None

    # Each step returns (zh, en) reasons on success or raises _Refused.

    def archive(self) -> tuple[str, str]:
        if not self.data:
            raise _Refused("empty", "文件为空", "the file is empty")
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(self.data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as e:
            raise _Refused(
                "not_zip", "不是有效的压缩包", "not a valid zip archive", str(e)
            ) from None
        if len(infos) > self.ctx.limits.max_entries:
            raise _Refused(
                "too_many_entries",
                f"条目过多（{len(infos)} 个）",
                f"too many entries ({len(infos)} > {self.ctx.limits.max_entries})",
            )
        for info in infos:
            if info.flag_bits & 0x1:
                raise _Refused(
                    "encrypted_entry", "包内文件被加密", f"encrypted entry: {info.filename}"
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _Refused(
                    "compression_method",
                    "不支持的压缩方式",
                    f"unsupported compression method {info.compress_type}: {info.filename}",
                )
        return f"{len(infos)} 个条目", f"{len(infos)} entries, {_mib(len(self.data))}"

    def paths(self) -> tuple[str, str]:
        assert self.zip is not None
        for info in self.zip.infolist():
            name = info.filename
            bad = path_problem(name)
            if bad is not None:
                raise _Refused(*bad)
            mode = info.external_attr >> 16
            if info.create_system == 3 and mode:  # Unix attributes present
                if stat.S_ISLNK(mode):
                    raise _Refused(
                        "symlink", f"包内含符号链接：{name}", f"symbolic link entry: {name}"
                    )
                kind = stat.S_IFMT(mode)
                if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
                    raise _Refused(
                        "special_file", f"包内含特殊文件：{name}", f"special file entry: {name}"
                    )
            key = name.rstrip("/")
            if key in self.infos or (key + "/") in self.infos:
                raise _Refused("duplicate_entry", f"包内条目重复：{key}", f"duplicate entry: {key}")
            self.infos[name] = info
        return "全部为包内的相对路径", "all paths are relative and stay inside the package"

    def sizes(self) -> tuple[str, str]:
        lim = self.ctx.limits
        total = 0
        for info in self.infos.values():
            if info.file_size > lim.max_file_bytes:
                raise _Refused(
                    "file_too_large",
                    f"文件过大：{info.filename}",
                    f"{info.filename}: {_mib(info.file_size)} exceeds {_mib(lim.max_file_bytes)}",
                )
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size >= RATIO_MIN_SIZE and ratio > lim.max_compression_ratio:
                raise _Refused(
                    "compression_ratio",
                    f"压缩比异常（疑似压缩炸弹）：{info.filename}",
                    f"{info.filename}: compression ratio {ratio:.0f}:1 exceeds "
                    f"{lim.max_compression_ratio:.0f}:1 (zip bomb?)",
                )
            total += info.file_size
        if total > lim.max_total_bytes:
            raise _Refused(
                "total_too_large",
                "解压后总大小超限",
                f"unpacked size {_mib(total)} exceeds {_mib(lim.max_total_bytes)}",
            )
        return f"解压后共 {_mib(total)}", f"{_mib(total)} unpacked"

    def _read(self, name: str, limit: int) -> bytes:
        assert self.zip is not None
        info = self.infos[name]
        if info.file_size > limit:
            raise _Refused("file_too_large", f"文件过大：{name}", f"{name} is too large")
        h = io.BytesIO()
        try:
            with self.zip.open(info) as f:
                while chunk := f.read(_CHUNK):
                    h.write(chunk)
                    if h.tell() > info.file_size:
                        raise _Refused("corrupt_entry", f"文件损坏：{name}", f"{name}: size lies")
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError) as e:
            # zlib.error: a flipped bit in the deflate stream (not a BadZipFile).
            raise _Refused(
                "corrupt_entry", f"文件损坏：{name}", f"{name}: corrupt entry ({e})", str(e)
            ) from None
        return h.getvalue()

    def tuf(self) -> tuple[str, str]:
        """A TUF bundle is verified and opened; the checks after this one see its package."""
        assert self.zip is not None
        if self.ctx.tuf_verified:
            return (
                "已经由管理平台的 TUF 元数据验证",
                f"fetched through TUF from the fleet service: {self.ctx.tuf_verified}",
            )
        if not is_bundle(list(self.infos)):
            if self.ctx.require_tuf:
                raise _Refused(
                    "tuf_required",
                    "本终端只接受附带 TUF 元数据的配置包（旧格式配置包不被接受）",
                    "this terminal requires TUF metadata with every package "
                    "(config_packages.require_tuf); this package is of the old format",
                )
            return (
                "未附带 TUF 元数据（旧格式，凭签名和版本号验证）",
                "no TUF metadata (old format): signature and version checks only",
            )
        if self.ctx.tuf_dir is None:
            raise _Refused(
                "tuf_no_root",
                "本终端尚无受信任的更新根证书（请先登记到管理平台）",
                "a TUF bundle, but this terminal keeps no TUF metadata",
            )
        try:
            at = reference_time(self.ctx.now(), self.ctx.limits.clock_skew_s)
            target = open_bundle(self.zip, self.ctx.tuf_dir, at)
        except TufRefusal as r:
            raise _Refused(r.code, r.zh, r.en, r.detail) from None
        # From here on the package inside is checked, exactly as if it came alone.
        self.data, self.zip, self.infos = target.data, None, {}
        for step in (self.archive, self.paths, self.sizes):
            try:
                step()
            except _Refused as r:
                raise _Refused(
                    r.code,
                    f"TUF 包内的配置包：{r.zh}",
                    f"the package inside the TUF bundle: {r.en}",
                    r.detail,
                ) from None
        return (
            f"TUF 元数据有效（时间戳版本 {target.timestamp_version}）",
            f"TUF metadata verified against the trusted root: timestamp "
            f"v{target.timestamp_version}, snapshot v{target.snapshot_version}, targets "
            f"v{target.targets_version}; target {target.path}",
        )

    def signature(self) -> tuple[str, str]:
        if MANIFEST_NAME not in self.infos:
            raise _Refused("manifest_missing", "缺少清单文件", "manifest.json is missing")
        if SIGNATURE_NAME not in self.infos:
            raise _Refused(
                "signature_missing", "配置包未签名", "manifest.sig is missing (unsigned)"
            )
        manifest_bytes = self._read(MANIFEST_NAME, MAX_MANIFEST_BYTES)
        sig_bytes = self._read(SIGNATURE_NAME, MAX_SIGNATURE_BYTES)
        try:
            sig = parse_signature(sig_bytes)
        except PackageError as e:
            raise _Refused("signature_malformed", "签名文件格式错误", e.detail) from None
        keys = list(self.ctx.trusted_keys)
        if not keys:
            raise _Refused(
                "no_trusted_keys",
                "本终端没有配置受信任的公钥",
                "no trusted public key is installed on this terminal",
                "; ".join(self.ctx.key_problems),
            )
        named = [k for k in keys if k.key_id == sig.key_id]
        if not named:
            raise _Refused(
                "untrusted_key",
                "签名密钥不受本终端信任",
                f"signed with key {sig.key_id or '?'}, which this terminal does not trust",
            )
        for key in named:
            if verify_signature(key.public_key, sig.signature, manifest_bytes):
                self.report.key_id = key.key_id
                self.report.security_key = key.security
                self.report.manifest_bytes = manifest_bytes
                self.report.signature_bytes = sig_bytes
                demo = "（演示密钥，仅供测试）" if key.is_demo else ""
                demo_en = " (DEMO key, not for production)" if key.is_demo else ""
                return (
                    f"签名有效，密钥 {key.label}{demo}",
                    f"valid signature by {key.label} [{key.key_id}]{demo_en}",
                )
        raise _Refused(
            "bad_signature",
            "签名与清单不符（清单被改动）",
            f"signature does not match the manifest (modified after signing), key {sig.key_id}",
        )

    def manifest_check(self) -> tuple[str, str]:
        try:
            self.manifest = Manifest.model_validate_json(self.report.manifest_bytes)
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(root)"
            raise _Refused(
                "manifest_invalid",
                f"清单内容无效（{where}）",
                f"manifest invalid at {where}: {first['msg']}",
                str(e),
            ) from None
        self.report.manifest = self.manifest
        m = self.manifest
        return (
            f"配置包 {m.package_id}，版本 {m.version}",
            f"package {m.package_id} version {m.version}, {len(m.files)} files",
        )

    def files(self) -> tuple[str, str]:
        assert self.manifest is not None
        listed = {f.path: f for f in self.manifest.files}
        present = {n for n in self.infos if not n.endswith("/") and n not in RESERVED_NAMES}
        for name in listed:
            if name not in present:
                raise _Refused("missing_file", f"缺少文件：{name}", f"file missing: {name}")
        for name in sorted(n for n in self.infos if n.endswith("/")):
            # A directory entry is fine only as the folder of a listed file.
            if not any(f.startswith(name) for f in listed):
                raise _Refused(
                    "extra_file",
                    f"包内有清单外的文件夹：{name}",
                    f"folder not in the manifest: {name}",
                )
        for name in sorted(present):
            if name not in listed:
                raise _Refused(
                    "extra_file", f"包内有清单外的文件：{name}", f"file not in the manifest: {name}"
                )
        payload: dict[str, bytes] = {}
        for name, entry in listed.items():
            data = self._read(name, self.ctx.limits.max_file_bytes)
            if len(data) != entry.size:
                raise _Refused(
                    "size_mismatch",
                    f"文件大小不符：{name}",
                    f"{name}: {len(data)} bytes, the manifest says {entry.size}",
                )
            if hashlib.sha256(data).hexdigest() != entry.sha256:
                raise _Refused(
                    "hash_mismatch",
                    f"文件内容被改动：{name}",
                    f"{name}: SHA-256 does not match the manifest (modified)",
                )
            payload[name] = data
        self.report.payload = payload
        return f"{len(listed)} 个文件全部校验一致", f"{len(listed)} files match their SHA-256"

    def expiry(self) -> tuple[str, str]:
        assert self.manifest is not None
        now = self.ctx.now()
        skew = timedelta(seconds=self.ctx.limits.clock_skew_s)
        m = self.manifest
        if m.created_at - skew > now:
            raise _Refused(
                "not_yet_valid",
                "配置包的创建时间在未来（请检查终端时钟）",
                f"created {m.created_at.isoformat()}, in the future (check the clock)",
            )
        longest = MAX_ROLLBACK_VALIDITY if m.kind == "rollback" else MAX_VALIDITY
        if m.expires_at - m.created_at > longest:
            raise _Refused(
                "validity_too_long",
                f"配置包有效期过长（最长 {longest.days} 天）",
                f"valid for {m.expires_at - m.created_at}, longer than the {longest.days} days allowed",
            )
        if now >= m.expires_at:
            raise _Refused(
                "expired",
                f"配置包已于 {m.expires_at:%Y-%m-%d %H:%M} 过期",
                f"expired at {m.expires_at.isoformat()}",
            )
        return f"有效期至 {m.expires_at:%Y-%m-%d %H:%M}", f"valid until {m.expires_at.isoformat()}"

    def target(self) -> tuple[str, str]:
        assert self.manifest is not None
        k = self.ctx.running.kiosk
        if not self.manifest.targets.matches(k.id, k.region):
            raise _Refused(
                "wrong_target",
                f"配置包不适用于本终端（{k.id}，区划 {k.region}）",
                f"package is for {self.manifest.targets.describe()}, "
                f"not terminal {k.id} in region {k.region}",
            )
        return f"适用于 {k.id}", f"targets {self.manifest.targets.describe()}"

    def app_version(self) -> tuple[str, str]:
        assert self.manifest is not None
        need = self.manifest.min_app_version
        if parse_version(self.ctx.app_version) < parse_version(need):
            raise _Refused(
                "app_too_old",
                f"需要终端软件 {need} 或更高版本",
                f"needs app version {need}, this terminal runs {self.ctx.app_version}",
            )
        return f"终端软件 {self.ctx.app_version}", f"app {self.ctx.app_version} >= {need}"

    def version(self) -> tuple[str, str]:
        assert self.manifest is not None
        m, installed = self.manifest, self.ctx.installed_version
        if m.kind == "rollback":
            # Bound to the state it rolls back from, and applied once: a replay of an
            # old signed rollback cannot bring back an old PIN or key set.
            if m.rollback_from != installed:
                raise _Refused(
                    "rollback_stale",
                    f"回退包针对版本 {m.rollback_from}，本终端为 {installed}",
                    f"rollback from {m.rollback_from}, but this terminal is at {installed}",
                )
            if hashlib.sha256(self.report.manifest_bytes).hexdigest() in self.ctx.applied_digests:
                raise _Refused(
                    "rollback_replayed",
                    "此回退包已使用过",
                    "this rollback package was applied before",
                )
            return (
                f"签名的回退包：{installed} → {m.version}",
                f"signed rollback package: {installed} → {m.version}",
            )
        if m.version > installed + MAX_VERSION_STEP:
            raise _Refused(
                "version_step",
                f"版本跨度过大（{installed} → {m.version}）",
                f"version {m.version} jumps more than {MAX_VERSION_STEP} past {installed}",
            )
        if m.version > installed:
            return f"{installed} → {m.version}", f"version {m.version} > installed {installed}"
        code = "same_version" if m.version == installed else "downgrade"
        raise _Refused(
            code,
            f"版本 {m.version} 不高于已安装的版本 {installed}（不允许降级）",
            f"version {m.version} is not greater than the installed {installed} (no downgrade)",
        )

    def policy(self) -> None:
        """The allow-list: what this package changes, and whether its key may change it."""
        payload = self.report.payload
        overrides = parse_overrides(payload[CONFIG_FILE]) if CONFIG_FILE in payload else {}
        changes = classify(overrides, set(payload))
        for c in changes:
            if c.tier is Tier.NEVER:
                raise _Refused(
                    "forbidden_override",
                    f"配置包不允许修改 {c.path}",
                    f"{c.path}: no configuration package may change this setting",
                )
        pin = payload.get(PIN_HASH_FILE, b"").decode("ascii", "replace").strip()
        admin = overrides.get("admin")
        if isinstance(admin, dict) and isinstance(admin.get("pin_hash"), str):
            pin = pin or admin["pin_hash"]
        if pin and assess_pin_hash(pin) is PinHashStatus.DEMO:
            raise _Refused(
                "pin_hash_demo",
                "配置包中的维护密码是公开的演示密码",
                "the package enrols the published demo PIN",
            )
        need = required_tier(changes)
        if need is Tier.SECURITY and not self.report.security_key:
            names = ", ".join(c.path for c in changes if c.tier is Tier.SECURITY)
            raise _Refused(
                "needs_security_key",
                "配置包修改了安全相关设置，须用安全密钥签名",
                f"{names}: security-relevant, needs a package signed with a security key",
            )
        for c in changes:
            if c.problem is not None:
                raise _Refused(
                    "out_of_bounds",
                    f"{c.path} 超出允许范围",
                    f"{c.path}: {c.problem}",
                )

    def config(self) -> tuple[str, str]:
        payload = self.report.payload
        try:
            self.policy()
        except OverlayError as e:
            raise _Refused(e.code, "配置文件语法错误", e.detail, e.detail) from None
        for name in sorted(payload):
            if name.startswith(TRUSTED_KEYS_DIR + "/"):
                try:
                    public_key_from_bytes(payload[name], name)
                except KeyFileError as e:
                    raise _Refused(
                        "trusted_keys_invalid", f"公钥文件无效：{name}", e.detail
                    ) from None
        try:
            self.effective = compose_config(
                self.ctx.base, Payload.from_mapping(payload, self.staging), "package"
            )
        except OverlayError as e:
            zh = {
                "config_syntax": "配置文件语法错误",
                "forbidden_override": "配置包试图修改不允许修改的设置",
                "pin_hash_invalid": "管理员口令哈希格式错误",
                "pin_hash_weak": "管理员口令哈希强度不足",
            }.get(e.code, "配置不符合规范")
            first = e.detail.splitlines()[1:2] or [e.detail]
            raise _Refused(e.code, f"{zh}：{first[0].strip()}", e.detail, e.detail) from None
        return "配置通过校验", "the configuration passes the schema"

    def catalog(self) -> tuple[str, str]:
        from kiosk.services.catalog import CatalogError, load_catalog

        cfg = self.effective
        path = cfg.data_file(cfg.catalog.path)
        try:
            rel = path.relative_to(self.staging).as_posix()
        except ValueError:
            rel = None
        if rel is not None and rel in self.report.payload:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(self.report.payload[rel])
        try:
            catalog = load_catalog(path)
        except CatalogError as e:
            raise _Refused(
                "catalog_invalid",
                f"服务目录有错误：{e.detail.split(': ', 1)[-1][:120]}",
                f"catalog invalid: {e.detail}",
                e.detail,
            ) from None
        where = "配置包中的" if rel is not None else "现有的"
        n = len(catalog.services)
        return f"{where}服务目录有效（{n} 项服务）", f"catalog valid ({n} services)"

    # ------------------------------------------------------------------------

    def run(self, data: bytes) -> None:
        self.data = data
        steps: list[tuple[CheckId, Callable[[], tuple[str, str]]]] = [
            (CheckId.ARCHIVE, self.archive),
            (CheckId.PATHS, self.paths),
            (CheckId.SIZES, self.sizes),
            (CheckId.TUF, self.tuf),
            (CheckId.SIGNATURE, self.signature),
            (CheckId.MANIFEST, self.manifest_check),
            (CheckId.FILES, self.files),
            (CheckId.EXPIRY, self.expiry),
            (CheckId.TARGET, self.target),
            (CheckId.APP_VERSION, self.app_version),
            (CheckId.VERSION, self.version),
            (CheckId.CONFIG, self.config),
            (CheckId.CATALOG, self.catalog),
        ]
        failed: CheckResult | None = None
        with tempfile.TemporaryDirectory(prefix="kiosk-pkg-") as tmp:
            self.staging = Path(tmp)
            for check, step in steps:
                if failed is not None:
                    result = CheckResult(
                        check,
                        CheckStatus.SKIPPED,
                        "未进行（前一项检查未通过）",
                        f"not run: '{failed.check.value}' failed",
                    )
                else:
                    try:
                        zh, en = step()
                        result = CheckResult(check, CheckStatus.PASSED, zh, en)
                    except _Refused as r:
                        result = CheckResult(
                            check, CheckStatus.FAILED, r.zh, r.en, r.code, r.detail or r.en
                        )
                        failed = result
                self.report.results.append(result)
                if self.on_check is not None:
                    self.on_check(result)
        if failed is not None:
            self.report.payload = {}


def read_package(source: Path, limits: ConfigPackagesConfig) -> bytes:
    """Read a package file whole, refusing one larger than ``max_package_bytes``."""
    try:
        with source.open("rb") as f:
            data = f.read(limits.max_package_bytes + 1)
    except OSError as e:
        raise PackageError(
            f"cannot read {source}: {e.strerror}", resident_message="无法读取配置包文件。"
        ) from None
    return data


def verify_package(
    source: Path | bytes,
    ctx: VerifyContext,
    on_check: Callable[[CheckResult], None] | None = None,
    name: str | None = None,
) -> VerificationReport:
    """Run every check on a package; ``on_check`` is called as each one completes.

    Never raises for a bad package: the report says which check refused it and why.
    """
    label = name or (str(source) if isinstance(source, Path) else "<bytes>")
    report = VerificationReport(source=label)
    pipe = _Pipeline(ctx, report, on_check)
    if isinstance(source, Path):
        try:
            data = read_package(source, ctx.limits)
        except PackageError as e:
            result = CheckResult(
                CheckId.ARCHIVE, CheckStatus.FAILED, "无法读取文件", e.detail, "unreadable"
            )
            report.results.append(result)
            if on_check:
                on_check(result)
            _skip_rest(report, on_check)
            return report
    else:
        data = source
    if len(data) > ctx.limits.max_package_bytes:
        result = CheckResult(
            CheckId.ARCHIVE,
            CheckStatus.FAILED,
            "配置包文件过大",
            f"package larger than {_mib(ctx.limits.max_package_bytes)}",
            "package_too_large",
        )
        report.results.append(result)
        if on_check:
            on_check(result)
        _skip_rest(report, on_check)
        return report
    pipe.run(data)
    return report


def _skip_rest(report: VerificationReport, on_check: Callable[[CheckResult], None] | None) -> None:
    done = {r.check for r in report.results}
    for check in CheckId:
        if check not in done:
            r = CheckResult(check, CheckStatus.SKIPPED, "未进行（前一项检查未通过）", "not run")
            report.results.append(r)
            if on_check:
                on_check(r)
