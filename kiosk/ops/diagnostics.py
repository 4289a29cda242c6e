"""Diagnostics facts and the technician's bundle (no personal data in either).

Collects device statuses and self-tests, platform reachability and latency,
outbox depth and its history, disk and memory, software and configuration
versions, and the last log lines (already masked). The bundle is a zip with all
of it plus the rotated logs and the configuration with its secrets removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import time
import zipfile
from collections import deque
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from drivers.base import DeviceError, DeviceStatus, SelfTestLevel
from kiosk import __version__
from kiosk.config import KioskConfig
from kiosk.devices.manager import DeviceManager
from kiosk.logging_setup import RECENT
from kiosk.privacy import scrub_text

SECRET_KEYS = {
    "token",
    "pin_hash",
    "enrolment_code_hash",
    "key",
    "password",
    "secret",
    "sign_key_path",
}


@dataclass(frozen=True)
class DeviceReport:
    name: str
    driver: str
    status: str
    detail: str
    self_test_passed: bool | None = None
    self_test_detail: str = ""


@dataclass(frozen=True)
class PlatformReport:
    reachable: bool
    latency_ms: float | None
    detail: str


@dataclass(frozen=True)
class SystemReport:
    disk_free_mb: float
    disk_total_mb: float
    mem_available_mb: float | None
    mem_total_mb: float | None
    python: str
    app_version: str
    config_version: str
    kiosk_id: str


@dataclass
class QueueHistory:
    """Outbox depth over time (one sample a minute, last 6 hours) for the chart."""

    samples: deque[tuple[float, int]] = field(default_factory=lambda: deque(maxlen=360))
    interval_s: float = 60.0

    def add(self, depth: int, now: float | None = None) -> None:
        """Record the depth; at most one sample per interval (the highest seen in it)."""
        now = now if now is not None else time.time()
        if self.samples and now - self.samples[-1][0] < self.interval_s:
            t, d = self.samples[-1]
            self.samples[-1] = (t, max(d, depth))
            return
        self.samples.append((now, depth))


def device_reports(
    devices: DeviceManager,
    run_self_tests: bool = False,
    level: SelfTestLevel = SelfTestLevel.INTERNAL,
) -> list[DeviceReport]:
    out = []
    for name, slot in devices.slots.items():
        settings = getattr(devices.config.devices, name, None)
        driver = getattr(settings, "driver", "?")
        health = slot.health
        passed, detail = None, ""
        if run_self_tests:
            result = devices.self_test(name, level)
            passed, detail = result.passed, scrub_text(result.detail)
        out.append(
            DeviceReport(
                name, driver, str(health.status), scrub_text(health.detail), passed, detail
            )
        )
    return out


def probe_devices(
    devices: DeviceManager,
    level: SelfTestLevel = SelfTestLevel.INTERNAL,
    settle_s: float = 5.0,
) -> list[DeviceReport]:
    """Headless check of every built device: open, status, self-test, close.

    Used by ``kiosk diagnose``: no supervisor and no three strikes, but a device
    just opened gets up to ``settle_s`` to come up (a camera's first frame, the
    PC/SC service answering) before its status counts.
    """
    out = []
    for name, slot in devices.slots.items():
        dev = slot.device
        settings = getattr(devices.config.devices, name, None)
        driver = getattr(settings, "driver", "?")
        try:
            dev.open()
            deadline = time.monotonic() + settle_s
            health = dev.status()
            while health.status != DeviceStatus.OK and time.monotonic() < deadline:
                time.sleep(0.1)
                try:
                    health = dev.status()
                except DeviceError:
                    if time.monotonic() >= deadline:
                        raise
            status, detail = str(health.status), health.detail
            result = devices.self_test(name, level)
            passed, test_detail = result.passed, result.detail
        except DeviceError as e:
            status, detail, passed, test_detail = str(e.status), e.detail, False, e.detail
        except Exception as e:  # a crashing driver is a FAULT, not a crashed command
            status, detail, passed, test_detail = "FAULT", f"{e!r}", False, "crashed"
        finally:
            with contextlib.suppress(Exception):
                dev.close()
        out.append(
            DeviceReport(name, driver, status, scrub_text(detail), passed, scrub_text(test_detail))
        )
    return out


def platform_report(config: KioskConfig, timeout_s: float = 3.0) -> PlatformReport:
    url = config.platform.url.rstrip("/") + "/healthz"
    verify: bool | str = config.platform.verify_tls
    if config.platform.ca_path is not None:
        verify = str(config.platform.ca_path)
    import httpx  # here, on the worker thread: importing it costs ~80-200 ms (issue 18)

    t0 = time.perf_counter()
    try:
        r = httpx.get(url, timeout=timeout_s, verify=verify)
        ms = (time.perf_counter() - t0) * 1000
        return PlatformReport(r.status_code < 500, ms, f"HTTP {r.status_code}")
    except httpx.HTTPError as e:
        return PlatformReport(False, None, f"{type(e).__name__}: {e}")


def _meminfo() -> tuple[float | None, float | None]:
    try:
        lines = Path("/proc/meminfo").read_text().splitlines()
    except OSError:
        return None, None
    vals = {ln.split(":")[0]: float(ln.split()[1]) / 1024 for ln in lines if ":" in ln}
    return vals.get("MemAvailable"), vals.get("MemTotal")


def config_version(config: KioskConfig) -> str:
    from kiosk.services.catalog import load_catalog

    try:
        cat = load_catalog(config.data_file(config.catalog.path))
        return f"catalog {cat.version}"
    except Exception as e:
        return f"catalog unavailable ({type(e).__name__})"


def system_report(config: KioskConfig) -> SystemReport:
    data_dir = config.resolved_paths.data_dir
    data_dir.mkdir(parents=True, exist_ok=True)
    usage = shutil.disk_usage(data_dir)
    avail, total = _meminfo()
    return SystemReport(
        disk_free_mb=usage.free / 2**20,
        disk_total_mb=usage.total / 2**20,
        mem_available_mb=avail,
        mem_total_mb=total,
        python=platform.python_version(),
        app_version=__version__,
        config_version=config_version(config),
        kiosk_id=config.kiosk.id,
    )


def redacted_config(config: KioskConfig) -> dict[str, Any]:
    """The configuration as JSON with every secret replaced by '<removed>'."""

    def strip(obj: Any) -> Any:
        if isinstance(obj, dict):
            return {
                k: ("<removed>" if k in SECRET_KEYS and v else strip(v)) for k, v in obj.items()
            }
        if isinstance(obj, list):
            return [strip(v) for v in obj]
        return obj

    return strip(config.model_dump(mode="json"))


def recent_log_lines(n: int = 200) -> list[str]:
    return list(RECENT.lines)[-n:]


def export_bundle(
    out_dir: Path,
    config: KioskConfig,
    devices: DeviceManager | None,
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write ``kiosk-diag-<id>-<time>.zip`` into ``out_dir`` (e.g. a USB stick)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = out_dir / f"kiosk-diag-{config.kiosk.id}-{stamp}.zip"
    tmp = path.with_suffix(".zip.part")
    facts: dict[str, Any] = {
        "generated": dt.datetime.now().isoformat(timespec="seconds"),
        "system": asdict(system_report(config)),
        "devices": [asdict(r) for r in device_reports(devices)] if devices else [],
        **(extra or {}),
    }
    log_dir = config.resolved_paths.log_dir
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("facts.json", json.dumps(facts, ensure_ascii=False, indent=2))
        z.writestr("config.json", json.dumps(redacted_config(config), ensure_ascii=False, indent=2))
        if log_dir.exists():
            for f in sorted(log_dir.iterdir()):
                if f.is_file():
                    # The logs are masked when written; scrub again in case a file
                    # came from an older version or was edited by hand.
                    text = f.read_text(encoding="utf-8", errors="replace")
                    z.writestr(f"logs/{f.name}", scrub_text(text))
        audit = config.resolved_paths.audit_log
        if audit.exists():
            z.writestr("audit/audit.jsonl", scrub_text(audit.read_text(encoding="utf-8")))
    with open(tmp, "rb") as done:
        os.fsync(done.fileno())
    os.replace(tmp, path)
    return path
