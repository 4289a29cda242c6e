"""``kiosk --demo``: the reference payment gateway, and the terminal's payments pointed at it.

The gateway runs in the demo servers' child process (:mod:`kiosk.app.demo_servers`)
on a free 127.0.0.1 port with a fresh signing key per run; the terminal's merchant
key is made once in the demo's data directory (0600), by the child. ``demo_phone`` plays the resident's phone: it pays an order QR, or makes a
payment code in the providers' documented shape for the scanner.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from kiosk.app.demo_servers import DemoServers, Served
from kiosk.app.terminal import Terminal
from offline_queue.fsutil import write_durable

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

log = logging.getLogger(__name__)


def _merchant_key(path: Path) -> rsa.RSAPrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), None)
        if isinstance(key, rsa.RSAPrivateKey):
            return key
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_durable(path, pem, mode=0o600)
    return key


def _public_pem(key: rsa.RSAPrivateKey) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


@dataclass
class DemoPhone:
    """The resident's phone in the demo: pays order QRs, shows payment codes."""

    gateway_url: str
    admin_token: str
    _n: itertools.count[int]

    def pay_qr(self, code_url: str) -> int:
        """Scan the terminal's order QR and pay it; the gateway's HTTP status."""
        r = httpx.post(f"{self.gateway_url}/sim/scan", json={"code_url": code_url}, timeout=10, trust_env=False)  # fmt: skip
        return r.status_code

    def pay_latest_qr(self) -> int:
        """Pay the newest unpaid order QR (the demo panel's "scan the screen" button)."""
        r = httpx.get(
            f"{self.gateway_url}/admin/orders",
            headers={"x-admin-token": self.admin_token}, timeout=10, trust_env=False,
        )  # fmt: skip
        r.raise_for_status()
        open_qrs = [o for o in r.json()["orders"] if o["code_token"] and o["state"] == "NOTPAY"]
        if not open_qrs:
            raise LookupError("no order QR is waiting to be paid")
        return self.pay_qr(f"{self.gateway_url}/qr/{open_qrs[-1]['code_token']}")

    def payment_code(self) -> str:
        """A fresh WeChat-shaped payment code (18 digits starting 13), never used before."""
        return f"13{int(time.time()) % 10**8:08d}{next(self._n) % 10**8:08d}"


def gateway_spec(terminal: Terminal) -> dict[str, Any]:
    """What the child needs to serve the gateway for ``terminal``."""
    data_dir = terminal.config.resolved_paths.data_dir
    cfg = terminal.config.payments
    return {
        "merchant_id": cfg.merchant_id,
        "merchant_key_file": str(data_dir / cfg.merchant_key_file),
        "gateway_public_key_file": str(data_dir / "keys" / "pay-gateway-demo.pub"),
    }


def serve_gateway(spec: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """In the demo servers' child: the gateway, and the merchant key it knows."""
    from cryptography.hazmat.primitives.asymmetric import rsa

    from department_servers.payments.app import GatewaySettings
    from department_servers.payments.runner import GatewayThread

    merchant = _merchant_key(Path(spec["merchant_key_file"]))
    gateway_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    write_durable(Path(spec["gateway_public_key_file"]), _public_pem(gateway_key))
    admin = secrets.token_urlsafe(16)  # no default credential, even on the demo's gateway
    settings = GatewaySettings(
        merchants={spec["merchant_id"]: _public_pem(merchant)},
        rsa_key=gateway_key,
        admin_token=admin,
    )
    gw = GatewayThread(settings)
    gw.start()
    return gw, {"url": gw.url, "admin_token": admin}


def point_gateway(terminal: Terminal, servers: DemoServers, spec: dict[str, Any]) -> Served:
    """Point the terminal's payments at the child's gateway; the demo phone pays there."""
    config = terminal.config
    gw = servers.served("gateway")
    terminal.config = config.model_copy(
        update={
            "payments": config.payments.model_copy(
                update={
                    "enabled": True,
                    "gateway_url": gw.url,
                    "merchant_key_file": Path(spec["merchant_key_file"]),
                    "gateway_public_key_file": Path(spec["gateway_public_key_file"]),
                    "sign_type": "RSA2",
                    "poll_interval_s": 1.0,
                }
            )
        }
    )
    admin = servers.info["gateway"]["admin_token"]
    terminal.services["demo_gateway"] = gw
    terminal.devices.extras["demo_phone"] = DemoPhone(gw.url, admin, itertools.count(1))
    log.info("demo payment gateway at %s", gw.url)
    return gw
