"""What a configuration package may change, and with which key (the allow-list).

Every setting a package's ``config.toml`` touches is looked up here by its dotted
path (first matching pattern wins). Three tiers:

* ``FIELD``: any trusted key (the field staff's) may change it, within the bounds.
* ``SECURITY``: only a package signed with a *security* key (kept off the field,
  installed under ``<trusted_keys_dir>/security/`` by the factory image, never by a
  package) may change it: platform host and CA, device URIs and ports, drivers,
  biometrics, lockout, retention, key rotation, anything not named here.
* ``NEVER``: no package may change it (kiosk identity, data paths, the verifier's own
  limits, native libraries, signing keys, the platform token, TLS off, windowed mode).

Bounds apply whichever key signed: a security key cannot set the face threshold to
0.99 or the retention to 100 years either.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import IntEnum
from typing import Any


class Tier(IntEnum):
    """Who may change a setting; higher needs more."""

    FIELD = 1
    SECURITY = 2
    NEVER = 3


Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Rule:
    """The tier a setting needs and the bounds its value must keep."""

    tier: Tier
    lo: float | None = None
    hi: float | None = None
    choices: tuple[Any, ...] | None = None
    check: Check | None = None

    def problem(self, value: Any) -> str | None:
        if self.choices is not None and value not in self.choices:
            return f"must be one of {list(self.choices)}"
        if self.lo is not None or self.hi is not None:
            if isinstance(value, bool) or not isinstance(value, int | float):
                return "must be a number"
            if self.lo is not None and value < self.lo:
                return f"must be at least {self.lo:g}"
            if self.hi is not None and value > self.hi:
                return f"must be at most {self.hi:g}"
        if self.check is not None:
            return self.check(value)
        return None


_DEV_PORT = re.compile(r"^/dev/(tty[A-Za-z0-9]+|serial/by-(id|path)/[A-Za-z0-9_.:+-]+)$")
_PRINTER_URI = re.compile(
    r"^(tcp://[A-Za-z0-9.-]+(:\d{1,5})?"
    r"|serial:///dev/(tty[A-Za-z0-9]+|serial/by-(id|path)/[A-Za-z0-9_.:+-]+)(\?baud=\d+)?"
    r"|usb://[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}"
    r"|file:///dev/usb/lp\d{1,2})$"
)


def _device_port(v: Any) -> str | None:
    return None if isinstance(v, str) and _DEV_PORT.fullmatch(v) else "must be a /dev/tty* port"


def _printer_uri(v: Any) -> str | None:
    # file:// anything but a USB printer node would truncate a file (the outbox key).
    if isinstance(v, str) and _PRINTER_URI.fullmatch(v):
        return None
    return "must be tcp://HOST[:PORT], serial:///dev/tty…, usb://VID:PID or file:///dev/usb/lpN"


def _https(v: Any) -> str | None:
    return (
        None
        if isinstance(v, str) and re.fullmatch(r"https://[^\s/?#@]+(/\S*)?", v)
        else ("must be an https:// URL")
    )


def _true(v: Any) -> str | None:
    return None if v is True else "TLS verification cannot be turned off by a package"


def _system_path(v: Any) -> str | None:
    ok = isinstance(v, str) and re.fullmatch(r"/(usr/share|etc)/[A-Za-z0-9_./+-]+", v)
    return None if ok and ".." not in v else "must be a system path under /usr/share or /etc"


F, S, N = Tier.FIELD, Tier.SECURITY, Tier.NEVER

#: (pattern, rule), first match wins; anything unmatched needs the security key.
RULES: tuple[tuple[str, Rule], ...] = (
    ("kiosk.id", Rule(N)),
    ("kiosk.region", Rule(N)),
    ("kiosk.name", Rule(F)),
    ("kiosk.location", Rule(F)),
    ("paths.*", Rule(N)),
    ("config_packages.*", Rule(N)),
    ("ui.fullscreen", Rule(N)),  # windowed = the desktop behind the kiosk
    ("ui.watchdog", Rule(S, choices=(True,))),
    ("ui.volume", Rule(F, 0, 100)),
    ("ui.*", Rule(F)),
    ("session.idle_timeout_s", Rule(F, 30, 600)),
    ("session.idle_warning_s", Rule(F, 5, 120)),
    ("session.busy_max_s", Rule(F, 30, 900)),
    ("session.card_removal_grace_s", Rule(F, 0, 15)),
    ("platform.url", Rule(S, check=_https)),
    ("platform.ca_path", Rule(S, check=_system_path)),
    ("platform.verify_tls", Rule(F, check=_true)),
    ("platform.token", Rule(N)),  # a secret does not travel on a USB stick
    ("platform.timeout_s", Rule(F, 1, 60)),
    ("platform.heartbeat_interval_s", Rule(F, 10, 3600)),
    ("logging.level", Rule(F, choices=("INFO", "WARNING", "ERROR"))),
    ("logging.*", Rule(F)),
    ("health.*", Rule(F)),
    # Devices: native code and keys never; where they connect and which driver, security.
    ("devices.idcard.wlt_decoder_path", Rule(N)),
    ("devices.idcard.wlt_decoder_function", Rule(N)),
    ("devices.document_printer.sign_key_path", Rule(N)),
    ("devices.document_printer.sign_cert_path", Rule(N)),
    ("devices.document_printer.platform_seal_key", Rule(N)),
    ("devices.*.sim_*", Rule(N)),
    ("devices.receipt_printer.uri", Rule(S, check=_printer_uri)),
    ("devices.*.port", Rule(S, check=_device_port)),
    ("devices.*.driver", Rule(S)),
    ("devices.*.source", Rule(S)),
    ("devices.*.reader", Rule(S)),
    ("devices.document_printer.queue", Rule(S)),
    ("devices.document_printer.server", Rule(S)),
    ("devices.document_printer.verify_url", Rule(S, check=_https)),
    ("devices.document_printer.font_path", Rule(S, check=_system_path)),
    ("devices.qr_scanner.receipt_track_url", Rule(S, check=_https)),
    ("devices.*.enabled", Rule(F)),
    ("devices.*.*", Rule(F)),  # timeouts, resolutions, scan thresholds: schema-bounded
    ("outbox.retention_days", Rule(S, 0, 30)),
    ("outbox.key_seal", Rule(N)),  # a package must not move the key off the TPM
    ("outbox.tpm_tcti", Rule(N)),
    ("outbox.*", Rule(F)),
    ("face.threshold", Rule(S, 0.3, 0.6)),
    ("face.*", Rule(S)),
    ("admin.pin_hash", Rule(F)),  # format and cost checked by kiosk.ops.admin
    ("admin.max_attempts", Rule(S, 3, 5)),
    ("admin.lockout_s", Rule(S, 300, 3600)),
    ("catalog.path", Rule(F)),
)

#: Carried files beyond config.toml that need more than a field key.
SECURITY_FILES_PREFIXES = ("trusted_keys/",)


@dataclass(frozen=True)
class Change:
    """One setting a package changes, what it needs, and what is wrong with its value."""

    path: str
    tier: Tier
    problem: str | None


def rule_for(path: str) -> Rule:
    """The rule for a dotted setting path (unlisted: security key only)."""
    for pattern, rule in RULES:
        if fnmatch.fnmatchcase(path, pattern):
            return rule
    return Rule(S)


def _leaves(data: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for k, v in data.items():
        path = f"{prefix}{k}"
        if isinstance(v, Mapping):
            yield from _leaves(v, path + ".")
        else:
            yield path, v


def classify(
    overrides: Mapping[str, Any], files: frozenset[str] | set[str] = frozenset()
) -> list[Change]:
    """Every setting (and security-relevant file) a package changes, with its tier."""
    out = []
    for path, value in _leaves(overrides):
        rule = rule_for(path)
        out.append(Change(path, rule.tier, rule.problem(value)))
    for name in sorted(files):
        if name.startswith(SECURITY_FILES_PREFIXES):
            out.append(Change(name, Tier.SECURITY, None))
    return out


def required_tier(changes: list[Change]) -> Tier:
    """The key a package needs: the highest tier among its changes."""
    return max((c.tier for c in changes), default=Tier.FIELD)
