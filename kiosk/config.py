"""The one configuration schema of the terminal (pydantic) and its loader.

No other module reads configuration files or environment variables: they receive
the validated :class:`KioskConfig` (or the part of it they need).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from kiosk.errors import ConfigError
from kiosk.handoff_settings import HandoffConfig, LockerConfig
from kiosk.payments_config import PaymentsConfig

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = PROJECT_ROOT / "config"
DEFAULT_CONFIG_PATH = CONFIG_DIR / "default.toml"

Language = Literal["zh_CN", "zh_TW", "en"]


class _Model(BaseModel):
    # Unknown keys are refused: a typo in a field name must not be silently ignored.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class KioskIdentity(_Model):
    id: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    region: str = Field(pattern=r"^\d{6}$", description="GB/T 2260 division code")
    name: str = "政务服务自助终端"
    location: str = ""
    #: The name in the other UI languages (zh_TW, en), as the operator writes it;
    #: without one English shows a generic name and zh_TW the zh_CN one.
    names: dict[str, str] = {}

    def name_in(self, lang: str) -> str:
        """The terminal's name shown in the header in ``lang``."""
        if lang == "zh_CN":
            return self.name
        return self.names.get(lang) or (
            "Government Self-Service Terminal" if lang == "en" else self.name
        )


class PathsConfig(_Model):
    """Where state lives. Relative paths are resolved against ``data_dir``."""

    data_dir: Path = Path("var")
    outbox_dir: Path = Path("outbox")
    log_dir: Path = Path("logs")
    audit_log: Path = Path("audit/audit.jsonl")
    key_file: Path = Path("keys/outbox.key")
    releases_dir: Path = Path("releases")

    def resolve(self, base: Path) -> ResolvedPaths:
        data = self.data_dir if self.data_dir.is_absolute() else base / self.data_dir
        data = data.expanduser()

        def under(p: Path) -> Path:
            return p.expanduser() if p.is_absolute() else data / p

        return ResolvedPaths(
            data_dir=data,
            outbox_dir=under(self.outbox_dir),
            log_dir=under(self.log_dir),
            audit_log=under(self.audit_log),
            key_file=under(self.key_file),
            releases_dir=under(self.releases_dir),
        )


class ResolvedPaths(_Model):
    data_dir: Path
    outbox_dir: Path
    log_dir: Path
    audit_log: Path
    key_file: Path
    releases_dir: Path


class SessionConfig(_Model):
    idle_timeout_s: float = Field(default=90, gt=5, le=3600)
    idle_warning_s: float = Field(default=20, gt=0, le=600)
    busy_max_s: float = Field(
        default=300, gt=0, le=3600, description="upper bound of an idle pause"
    )
    card_removal_grace_s: float = Field(
        default=5,
        ge=0,
        le=30,
        description="an ID card lifted mid-session ends it only after this grace",
    )

    @field_validator("idle_warning_s")
    @classmethod
    def _warning_shorter(cls, v: float, info: object) -> float:
        data = getattr(info, "data", {})
        timeout = data.get("idle_timeout_s")
        if timeout is not None and v >= timeout:
            raise ValueError("must be shorter than idle_timeout_s")
        return v


class UiConfig(_Model):
    fullscreen: bool = True
    language: Language = "zh_CN"
    languages: list[Language] = ["zh_CN", "zh_TW", "en"]
    elderly_mode: bool = False
    voice: bool = True
    volume: int = Field(default=80, ge=0, le=100)
    watchdog: bool = True


class PlatformConfig(_Model):
    url: str = Field(default="http://127.0.0.1:8765", pattern=r"^https?://")
    token: str = ""
    ca_path: Path | None = None
    verify_tls: bool = True
    timeout_s: float = Field(default=10, gt=0, le=120)
    heartbeat_interval_s: float = Field(default=60, ge=5, le=3600)


class ConnectorConfig(_Model):
    """One department back end (docs/connectors.md). Secrets are SecretStr: never shown."""

    name: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    style: Literal["rest", "soap", "gm"]
    url: str = Field(pattern=r"^https?://")
    #: What the resident is told: where the case is handled (e.g. 国家政务服务平台（跨省通办）).
    label: str = ""
    timeout_s: float = Field(default=10, gt=0, le=120)
    # rest: OAuth2 client credentials
    client_id: str = ""
    client_secret: SecretStr = SecretStr("")
    # soap: the department's WSDL (relative paths resolve next to the config file)
    wsdl: Path | None = None
    # gm: our app id, our SM2 private key file (hex), the gateway's SM2 public key (hex)
    app_id: str = ""
    private_key_file: Path | None = None
    gateway_public_key: str = Field(default="", pattern=r"^([0-9a-fA-F]{130})?$")


class LoggingConfig(_Model):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_bytes: int = Field(default=5_000_000, ge=10_000)
    backup_count: int = Field(default=5, ge=1, le=100)


class HealthConfig(_Model):
    """Device health supervision: grace period, strikes before FAULT, reopen backoff."""

    grace_period_s: float = Field(default=10, ge=0)
    poll_interval_s: float = Field(default=5, gt=0)
    failures_before_fault: int = Field(default=3, ge=1, le=20)
    reopen_backoff_initial_s: float = Field(default=1, gt=0)
    reopen_backoff_max_s: float = Field(default=60, gt=0)


# --- devices -------------------------------------------------------------------
# Each device kind has its own settings model. ``driver`` is a plain string on
# purpose: an unknown driver must not stop the terminal from starting; the device
# manager shows that one device as FAULT with the list of known drivers.


class IdCardReaderConfig(_Model):
    enabled: bool = True
    driver: str = "sim"
    port: str = "/dev/ttyUSB0"
    baud: int = 115200
    poll_interval_s: float = Field(default=0.3, ge=0.3)
    read_timeout_s: float = Field(default=3.0, gt=0)
    retries: int = Field(default=2, ge=0, le=10)
    wlt_decoder_path: Path | None = None
    # C entry point of the vendor WLT library: int f(const uchar *wlt, uchar *out, int).
    wlt_decoder_function: str = Field(default="unpack", pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")
    # Read base info with fingerprints (30 10) instead of text + photo only (30 01).
    read_fingerprint: bool = False
    sim_deck: Path = Path("idcard_deck.json")
    # Simulator only: pace the emulator's bytes at the baud rate, like a real line.
    sim_pace: bool = False

    @field_validator("baud")
    @classmethod
    def _baud(cls, v: int) -> int:
        if v not in (9600, 19200, 38400, 57600, 115200):
            raise ValueError("GA 467 readers run at 9600, 19200, 38400, 57600 or 115200 baud")
        return v


class SmartCardConfig(_Model):
    enabled: bool = True
    driver: str = "sim"
    reader: str = ""  # only readers whose PC/SC name contains this ("" = every reader)
    # "select": SELECT EF05/EF06 then READ RECORD (as the published samples, 13 APDUs);
    # "sfi": READ RECORD by short file identifier (11 APDUs, ISO 7816-4).
    read_strategy: Literal["select", "sfi"] = "select"
    sim_deck: Path = Path("smartcard_deck.json")
    # sim: "vpcd" = a private pcscd + vpcd + virtual cards (the real PC/SC stack);
    # "inprocess" = the same card logic without pcscd; "auto" = vpcd, else in-process.
    sim_backend: Literal["auto", "vpcd", "inprocess"] = "auto"
    sim_insert: str = Field(default="", description="deck card inserted when the simulator starts")


class _CaptureIdle(_Model):
    """When a camera stops reading frames nobody looks at (drivers.camera.CaptureThread)."""

    #: Stop reading frames once no screen asked for one for this long (0: read
    #: all the time); an idle camera is still checked every ``probe_every_s``.
    idle_after_s: float = Field(default=5.0, ge=0)
    probe_every_s: float = Field(default=10.0, gt=0)

    def idle_kwargs(self) -> dict[str, float]:
        """The camera device's ``idle_after_s``/``probe_every_s`` arguments."""
        return {"idle_after_s": self.idle_after_s, "probe_every_s": self.probe_every_s}


class CameraConfig(_CaptureIdle):
    enabled: bool = True
    driver: str = "sim"
    source: str = "0"
    width: int = Field(default=640, ge=160)
    height: int = Field(default=480, ge=120)
    fps: int = Field(default=30, ge=1, le=120)
    fourcc: str = ""
    sim_source: Path = Path("sim/face")


class DocumentCameraConfig(_CaptureIdle):
    enabled: bool = True
    driver: str = "sim"
    source: str = "1"
    width: int = Field(default=3264, ge=320)
    height: int = Field(default=2448, ge=240)
    fps: int = Field(default=15, ge=1, le=60)
    fourcc: str = "MJPG"
    jpeg_quality: int = Field(default=85, ge=30, le=100)
    still_time_s: float = Field(default=1.0, gt=0)
    sim_source: Path = Path("sim/documents")
    # Scan pipeline (kiosk/materials/scanning.py).
    enhancement: Literal["none", "text", "binary"] = "none"
    max_page_side: int = Field(default=2400, ge=600, le=8000)
    blur_threshold: float = Field(default=120.0, ge=0)
    glare_max_fraction: float = Field(default=0.004, ge=0, le=1)
    motion_threshold: float = Field(default=0.003, gt=0, le=1)
    auto_capture: bool = True


class SignaturePadConfig(_Model):
    enabled: bool = True
    driver: str = "screen"
    port: str = "/dev/ttyUSB2"
    baud: int = 115200
    read_timeout_s: float = Field(default=2.0, gt=0)
    # A signature needs this many points and must span this share of the pad's width.
    min_points: int = Field(default=12, ge=2)
    min_extent_fraction: float = Field(default=0.15, gt=0, le=1)


class QrScannerConfig(_Model):
    enabled: bool = True
    driver: str = "sim"
    port: str = "/dev/ttyACM0"
    baud: int = 9600
    keyboard_burst_max_interval_ms: int = Field(default=30, ge=5, le=500)
    # Serial mode: what ends a code ("any" = CR, LF or CR LF), how the bytes are
    # decoded (the other of utf-8/gb18030 is tried second), the longest code kept,
    # the silence after which a dangling fragment is dropped, the reconnect period,
    # and the window in which a re-read of the same code counts once.
    terminator: Literal["any", "cr", "crlf", "lf"] = "any"
    encoding: Literal["utf-8", "gb18030"] = "utf-8"
    max_code_length: int = Field(default=4096, ge=16, le=65536)
    partial_timeout_ms: int = Field(default=500, ge=20, le=10_000)
    reconnect_interval_s: float = Field(default=1.0, gt=0, le=60)
    duplicate_window_s: float = Field(default=2.0, ge=0, le=30)
    # Keyboard-wedge mode: a burst shorter than this is a human, whatever its speed.
    keyboard_min_length: int = Field(default=4, ge=2, le=64)
    # App-code login: the local sanity check of the opaque token before the platform sees it.
    app_code_min_length: int = Field(default=16, ge=8, le=256)
    app_code_max_length: int = Field(default=512, ge=16, le=4096)
    # Acceptance receipts carry "<receipt_track_url>?sid=…&no=…&k=…" in their QR code.
    receipt_track_url: str = Field(
        default="https://zwfw.example.gov.cn/track", pattern=r"^https?://"
    )


class ReceiptPrinterConfig(_Model):
    enabled: bool = True
    driver: str = "sim"
    # tcp://HOST[:PORT] | serial:///dev/ttyUSB0?baud=9600 | usb://VID:PID | file:///dev/usb/lp0
    uri: str = "tcp://127.0.0.1:9100"
    paper_width_mm: Literal[58, 80] = 80
    encoding: Literal["GB18030", "GBK", "none"] = "GB18030"
    status_timeout_s: float = Field(default=2.0, gt=0, le=30)
    job_timeout_s: float = Field(default=30.0, gt=0, le=600)


class DocumentPrinterConfig(_Model):
    enabled: bool = True
    driver: str = "sim"
    queue: str = "kiosk-a4"
    # CUPS server: "host:port", a socket path, or "" for libcups' default.
    server: str = ""
    job_timeout_s: float = Field(default=120.0, gt=0, le=3600)
    # Optional PAdES signature of certificate PDFs (pyHanko): PEM key and certificate.
    sign_key_path: Path | None = None
    sign_cert_path: Path | None = None
    verify_url: str = "https://zwfw.example.gov.cn/verify"
    # The platform's public seal key (PEM, Ed25519; relative: under data_dir): the
    # platform signs each certificate's verification QR, the terminal only checks it
    # before printing and holds no signing key (docs/security.md, stolen terminal).
    platform_seal_key: Path = Path("keys/platform_seal.pub.pem")
    # TrueType CJK font for PDFs and receipt raster lines (reportlab refuses CFF/OTF).
    font_path: Path = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
    font_subfont_index: int = Field(default=0, ge=0)
    # sim driver: a private cupsd with a cups-pdf queue under data_dir (root only),
    # else PDFs are filed in this directory (under data_dir).
    sim_dir: Path = Path("sim-a4")


class DevicesConfig(_Model):
    idcard: IdCardReaderConfig = Field(default_factory=IdCardReaderConfig)
    smartcard: SmartCardConfig = Field(default_factory=SmartCardConfig)
    face_camera: CameraConfig = Field(default_factory=CameraConfig)
    document_camera: DocumentCameraConfig = Field(default_factory=DocumentCameraConfig)
    signature_pad: SignaturePadConfig = Field(default_factory=SignaturePadConfig)
    qr_scanner: QrScannerConfig = Field(default_factory=QrScannerConfig)
    receipt_printer: ReceiptPrinterConfig = Field(default_factory=ReceiptPrinterConfig)
    document_printer: DocumentPrinterConfig = Field(default_factory=DocumentPrinterConfig)
    locker: LockerConfig = Field(default_factory=LockerConfig)  # document locker (issue 21)


class OutboxConfig(_Model):
    """Offline queue (offline_queue/, kiosk/services/submissions.py); see docs/offline-queue.md."""

    max_bytes: int = Field(default=2_000_000_000, ge=1_000_000)
    retention_days: float = Field(default=7, ge=0)
    sync_interval_s: float = Field(default=30, gt=0)
    batch_size: int = Field(default=50, ge=1, le=10_000)
    backoff_initial_s: float = Field(default=2, gt=0)
    backoff_max_s: float = Field(default=600, gt=0)
    # Free disk space always left to the rest of the system (logs, updates).
    min_free_bytes: int = Field(default=200_000_000, ge=0)
    # Pause between two full batches of a backlog (keeps the UI process responsive).
    batch_pause_s: float = Field(default=0.05, ge=0, le=10)
    # Poll interval of the network-change watcher; 0 disables it.
    network_poll_s: float = Field(default=2, ge=0, le=600)
    # How long a new submission waits for the platform's acceptance number before the
    # resident is told it is queued (0: always report queued at once).
    submit_wait_s: float = Field(default=3, ge=0, le=30)
    # Size reserved up front by the capacity check before a service starts.
    expected_submission_bytes: int = Field(default=30_000_000, ge=0)
    # Submissions in flight at once while draining a backlog (1: one by one).
    sync_concurrency: int = Field(default=4, ge=1, le=16)
    # Where the outbox key lives: "tpm2" = sealed by the TPM (tpm2-tools, TCTI below),
    # "host" = a 0600 file beside the data (fallback, warned on the technician screen).
    key_seal: Literal["host", "tpm2"] = "host"
    tpm_tcti: str = Field(default="device:/dev/tpmrm0", min_length=1, max_length=200)


class FaceConfig(_Model):
    """Face + ID login (kiosk/biometrics/face.py, kiosk/biometrics/liveness.py); see docs/face-login.md."""

    # Euclidean distance between 128-d encodings; at most this = same person.
    # Measured: same person 0.36–0.45, different people 0.76–0.91 (docs/face-login.md).
    threshold: float = Field(default=0.5, gt=0, lt=1)
    #: Always verify the face against the card photo after a card is read (else only
    #: when the resident chooses 刷脸登录).
    require_with_card: bool = False
    max_attempts: int = Field(default=3, ge=1, le=10)
    liveness_timeout_s: float = Field(default=10, gt=0)
    # "dlib" (face_recognition); other backends (YuNet + SFace) may be added.
    backend: str = "dlib"
    # Run the backend in a child process: dlib holds the GIL while encoding
    # (~100 ms), which would freeze the preview if it ran on a thread.
    backend_process: bool = True
    encoding_model: Literal["small", "large"] = "small"  # 5- or 68-point alignment
    detect_width: int = Field(default=400, ge=160, le=1920)
    detect_upsample: int = Field(default=1, ge=0, le=2)
    min_face_px: int = Field(default=120, ge=40)
    min_sharpness: float = Field(default=25.0, ge=0)
    min_brightness: float = Field(default=50.0, ge=0, le=255)
    max_brightness: float = Field(default=210.0, ge=0, le=255)
    liveness: Literal["blink", "turn_left", "turn_right"] = "blink"
    blink_close_ratio: float = Field(default=0.7, gt=0, lt=1)
    blink_open_ratio: float = Field(default=0.85, gt=0, le=1.5)
    turn_delta: float = Field(default=0.12, gt=0, lt=0.5)
    # Time to get a usable matching frame in one attempt.
    attempt_timeout_s: float = Field(default=15, gt=0)


class AdminConfig(_Model):
    # argon2id hash of the technician PIN (kiosk.ops.admin.hash_pin). Empty: no PIN
    # enrolled, the technician screen stays closed (the demo PIN works in --demo only).
    pin_hash: str = ""
    # argon2id hash of this terminal's one-time first-boot enrolment code (issued by
    # the fleet; kiosk.ops.enrolment). Empty: no first-boot enrolment.
    enrolment_code_hash: str = ""
    max_attempts: int = Field(default=5, ge=1, le=20)
    lockout_s: float = Field(default=300, ge=1)


class CatalogConfig(_Model):
    path: Path = Path("catalog.toml")
    #: How often the item lists are synced from the connectors (incremental by version).
    sync_interval_s: float = Field(default=1800, ge=60, le=86400)


class ConfigPackagesConfig(_Model):
    """Signed configuration packages (see docs/config-packages.md)."""

    # Directory of trusted Ed25519 public keys (*.pem / *.pub), next to the config file.
    # A package may replace the set ("trusted_keys/" in the package: key rotation).
    trusted_keys_dir: Path = Path("keys")
    usb_mount_globs: list[str] = ["/media/*", "/media/*/*", "/run/media/*/*"]
    # File names, at the root of a mounted stick, that are taken as packages.
    package_globs: list[str] = ["kiosk-config*.zip", "*.kpkg"]
    usb_poll_interval_s: float = Field(default=2.0, gt=0, le=60)
    # Bounds against oversized packages and zip bombs.
    max_package_bytes: int = Field(default=64 * 1024 * 1024, ge=4096)
    max_file_bytes: int = Field(default=32 * 1024 * 1024, ge=1024)
    max_total_bytes: int = Field(default=128 * 1024 * 1024, ge=1024)
    max_entries: int = Field(default=2000, ge=3, le=100_000)
    max_compression_ratio: float = Field(default=100.0, ge=1)
    # A package "created" further in the future than this is refused (clock skew).
    clock_skew_s: float = Field(default=600, ge=0)
    keep_releases: int = Field(default=5, ge=2, le=100)
    # Starts with a new release that never reached confirm_boot() before rolling back.
    max_boot_attempts: int = Field(default=1, ge=1, le=10)
    # Refuse USB packages that carry no TUF metadata (docs/fleet.md, "USB packages
    # with TUF metadata"). Off by default: a terminal that was never enrolled with a
    # fleet service has no TUF root, and its USB packages are signed and versioned.
    require_tuf: bool = False


class IceServerConfig(_Model):
    """One STUN or TURN server for video assistance (urls like ``stun:host:3478``, ``turn:host:3478``)."""

    urls: list[str] = Field(min_length=1)
    username: str = ""
    credential: SecretStr = SecretStr("")


class AssistConfig(_Model):
    """Video assistance, 视频帮办 (kiosk/assist/, docs/video.md). Off unless a desk is named."""

    enabled: bool = False
    signalling_url: str = Field(default="ws://127.0.0.1:8790", pattern=r"^wss?://")
    # The terminal's desk credential lives in this file (0600), never in the config.
    credential_file: Path = Path("keys/video-desk.credential")
    location: str = Field(default="", max_length=100)
    ice_servers: tuple[IceServerConfig, ...] = ()
    # "relay": TURN only (no host or server-reflexive candidates leave the terminal).
    ice_transport_policy: Literal["all", "relay"] = "all"
    ring_timeout_s: float = Field(default=120, gt=5, le=1800)
    connect_timeout_s: float = Field(default=15, gt=1, le=120)
    camera_width: int = Field(default=640, ge=160, le=1920)
    camera_height: int = Field(default=480, ge=120, le=1080)
    fps: int = Field(default=15, ge=1, le=30)
    screen_fps: int = Field(default=5, ge=1, le=15)
    screen_max_width: int = Field(default=960, ge=320, le=1920)
    # "tone" (a generated 440 Hz tone), a sound file played in a loop, or "alsa:<device>".
    microphone: str = "tone"
    # Where the staff member's voice is played: "alsa:<device>", or "none".
    speaker: str = Field(default="alsa:default", pattern=r"^(none|alsa:\S+)$")


class KioskConfig(_Model):
    """The whole terminal configuration, as validated from ``config/default.toml``."""

    kiosk: KioskIdentity
    paths: PathsConfig = Field(default_factory=PathsConfig)
    session: SessionConfig = Field(default_factory=SessionConfig)
    ui: UiConfig = Field(default_factory=UiConfig)
    platform: PlatformConfig = Field(default_factory=PlatformConfig)
    #: Department connectors; the catalog names one per service ('' = the platform).
    connectors: tuple[ConnectorConfig, ...] = ()
    logging: LoggingConfig = Field(default_factory=LoggingConfig)
    health: HealthConfig = Field(default_factory=HealthConfig)
    devices: DevicesConfig = Field(default_factory=DevicesConfig)
    outbox: OutboxConfig = Field(default_factory=OutboxConfig)
    face: FaceConfig = Field(default_factory=FaceConfig)
    admin: AdminConfig = Field(default_factory=AdminConfig)
    catalog: CatalogConfig = Field(default_factory=CatalogConfig)
    config_packages: ConfigPackagesConfig = Field(default_factory=ConfigPackagesConfig)
    #: Locker flows and results by post (kiosk/handoff/, docs/handoff.md).
    handoff: HandoffConfig = Field(default_factory=HandoffConfig)
    #: Fee payment (kiosk/payments/, docs/payments.md).
    payments: PaymentsConfig = Field(default_factory=PaymentsConfig)
    assist: AssistConfig = Field(default_factory=AssistConfig)

    # Where the file came from; relative data paths (decks, catalog) resolve here.
    source_dir: Path = Field(default=CONFIG_DIR, exclude=True)
    # Set by --data-dir; wins over paths.data_dir.
    data_dir_override: Path | None = Field(default=None, exclude=True)

    @property
    def resolved_paths(self) -> ResolvedPaths:
        paths = self.paths
        if self.data_dir_override is not None:
            paths = paths.model_copy(update={"data_dir": self.data_dir_override.resolve()})
        return paths.resolve(PROJECT_ROOT)

    def data_file(self, p: Path) -> Path:
        """Resolve a data file named in the config (catalog, card decks) next to it."""
        p = p.expanduser()
        if p.is_absolute():
            return p
        local = self.source_dir / p
        return local if local.exists() else CONFIG_DIR / p


def format_validation_error(err: ValidationError, source: str) -> str:
    """One line per problem: the field path, the value found, and the reason."""
    lines = [f"配置文件无效 / invalid configuration: {source}"]
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(root)"
        if e["type"] == "missing":
            lines.append(f"  {loc}: required field is missing / 缺少必填项")
            continue
        value = e.get("input")
        shown = repr(value) if not isinstance(value, dict) else "{…}"
        if len(shown) > 60:
            shown = shown[:57] + "…"
        lines.append(f"  {loc} = {shown}: {e['msg']}")
    return "\n".join(lines)


def load_config(path: Path | None = None, data_dir: Path | None = None) -> KioskConfig:
    """Load and validate a configuration file.

    Raises :class:`ConfigError` with a message naming the field, the value and the
    reason; never lets a traceback reach the user.
    """
    path = (path or DEFAULT_CONFIG_PATH).expanduser()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"configuration file not found: {path}") from None
    except OSError as e:
        raise ConfigError(f"cannot read configuration file {path}: {e.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 text (byte {e.start})") from None
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: TOML syntax error: {e}") from None
    return config_from_dict(data, source=str(path), source_dir=path.parent, data_dir=data_dir)


def config_from_dict(
    data: dict[str, object],
    source: str = "<dict>",
    source_dir: Path = CONFIG_DIR,
    data_dir: Path | None = None,
) -> KioskConfig:
    """Validate an already-parsed configuration mapping."""
    try:
        return KioskConfig.model_validate(
            {**data, "source_dir": source_dir, "data_dir_override": data_dir}
        )
    except ValidationError as e:
        raise ConfigError(format_validation_error(e, source)) from None
