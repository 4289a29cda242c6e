"""Connectors built from the configuration, looked up by name, described without secrets."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.config import ConnectorConfig, KioskConfig
from kiosk.errors import KioskError
from kiosk.platform.connector import Connector, IdentityBinding
from offline_queue.errors import PlatformAuthError, PlatformError, PlatformNotFound

#: The shipped WSDL of the reference housing-fund service (used when none is configured).
DEFAULT_WSDL = Path(__file__).resolve().parents[2] / "department_servers" / "wsdl" / "housing.wsdl"


class UnknownConnector(KioskError):
    """A catalog item names a connector the configuration does not define."""

    resident_message = "该事项暂无法在本终端办理，请到窗口办理。"


class ConnectorConfigError(KioskError):
    """A connector's settings are incomplete (missing key file, bad key…)."""

    resident_message = "终端配置有误，部分事项暂停受理，请联系工作人员。"


def build_connector(
    cfg: ConnectorConfig, config: KioskConfig, identity: IdentityBinding | None = None
) -> Connector:
    """One connector from its settings (imports only the style it needs).

    ``identity`` tells who is identified now; without it the connector refuses every
    e-licence look-up (a sync lane or the catalog sync needs none).
    """
    if cfg.style == "rest":
        from kiosk.platform.rest import RestConnector

        return RestConnector(
            cfg.name,
            cfg.url,
            cfg.client_id,
            cfg.client_secret.get_secret_value(),
            timeout_s=cfg.timeout_s,
            identity=identity,
        )
    if cfg.style == "soap":
        from kiosk.platform.soap import SoapConnector

        wsdl = config.data_file(cfg.wsdl) if cfg.wsdl is not None else DEFAULT_WSDL
        if not wsdl.is_file():
            # Checked here: the connector parses its WSDL only at its first call.
            raise ConnectorConfigError(f"connector {cfg.name}: WSDL {wsdl} not found")
        return SoapConnector(cfg.name, cfg.url, wsdl, timeout_s=cfg.timeout_s, identity=identity)
    from kiosk.platform.gm import GmConnector

    if cfg.private_key_file is None or not cfg.gateway_public_key:
        raise ConnectorConfigError(
            f"connector {cfg.name}: private_key_file and gateway_public_key are required"
        )
    try:
        sk = bytes.fromhex(config.data_file(cfg.private_key_file).read_text().strip())
    except (OSError, ValueError) as e:
        raise ConnectorConfigError(
            f"connector {cfg.name}: cannot read its SM2 key: {type(e).__name__}"
        ) from None
    return GmConnector(
        cfg.name,
        cfg.url,
        cfg.app_id,
        sk,
        bytes.fromhex(cfg.gateway_public_key),
        timeout_s=cfg.timeout_s,
        identity=identity,
    )


class ConnectorRegistry:
    """The configured connectors by name (built lazily, closed together)."""

    def __init__(self, config: KioskConfig, identity: IdentityBinding | None = None) -> None:
        self.config = config
        self.identity = identity
        self.settings = {c.name: c for c in config.connectors}
        self._built: dict[str, Connector] = {}

    def names(self) -> list[str]:
        return sorted(self.settings)

    def get(self, name: str) -> Connector:
        if name not in self.settings:
            raise UnknownConnector(f"no connector named {name!r} in the configuration")
        if name not in self._built:
            self._built[name] = build_connector(self.settings[name], self.config, self.identity)
        return self._built[name]

    def close(self) -> None:
        for c in self._built.values():
            c.close()
        self._built.clear()


@dataclass(frozen=True)
class ConnectorInfo:
    """What ``kiosk connectors list`` and the technician tile show (never a secret)."""

    name: str
    style: str
    url: str
    label: str
    state: str  # up | down | auth_failed | misconfigured | not_checked
    latency_ms: float | None
    detail: str

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def probe(registry: ConnectorRegistry, name: str) -> ConnectorInfo:
    """A test call (the item list's version) against one connector."""
    cfg = registry.settings[name]
    t0 = time.monotonic()
    try:
        registry.get(name).fetch_items(since_version=10**9)
        state, detail = "up", ""
    except PlatformNotFound as e:
        state, detail = "up", e.detail
    except PlatformAuthError as e:
        state, detail = "auth_failed", e.detail
    except PlatformError as e:
        state, detail = "down", e.detail
    except KioskError as e:
        state, detail = "misconfigured", e.detail
    ms = round((time.monotonic() - t0) * 1000, 1)
    return ConnectorInfo(
        cfg.name, cfg.style, cfg.url, cfg.label, state, ms if state == "up" else None, detail
    )


def describe(registry: ConnectorRegistry, name: str) -> ConnectorInfo:
    cfg = registry.settings[name]
    return ConnectorInfo(cfg.name, cfg.style, cfg.url, cfg.label, "not_checked", None, "")
