"""``kiosk --demo``: the reference payment gateway, and the terminal's payments pointed at it.

The gateway runs in this process on a free 127.0.0.1 port with a fresh signing key
per run; the terminal's merchant key is made once in the demo's data directory
(0600). ``demo_phone`` plays the resident's phone: it pays an order QR, or makes a
payment code in the providers' documented shape for the scanner.
"""

from __future__ import annotations

import itertools
import logging
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from department_servers.payments.app import GatewaySettings
from department_servers.payments.runner import GatewayThread
from kiosk.app.terminal import Terminal
from offline_queue.fsutil import write_durable

log = logging.getLogger(__name__)


def _merchant_key(path: Path) -> rsa.RSAPrivateKey:
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


def start_demo_gateway(terminal: Terminal) -> GatewayThread:
    config = terminal.config
    data_dir = config.resolved_paths.data_dir
    cfg = config.payments
    key_file = data_dir / cfg.merchant_key_file
    merchant = _merchant_key(key_file)
    gateway_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pub_file = data_dir / "keys" / "pay-gateway-demo.pub"
    write_durable(pub_file, _public_pem(gateway_key))
    admin = secrets.token_urlsafe(16)  # no default credential, even on the demo's gateway
    settings = GatewaySettings(
        merchants={cfg.merchant_id: _public_pem(merchant)}, rsa_key=gateway_key, admin_token=admin
    )
    gw = GatewayThread(settings)
    gw.start()
    terminal.config = config.model_copy(
        update={
            "payments": cfg.model_copy(
                update={
                    "enabled": True,
                    "gateway_url": gw.url,
                    "merchant_key_file": key_file,
                    "gateway_public_key_file": pub_file,
                    "sign_type": "RSA2",
                    "poll_interval_s": 1.0,
                }
            )
        }
    )
    terminal.services["demo_gateway"] = gw
    terminal.devices.extras["demo_phone"] = DemoPhone(gw.url, admin, itertools.count(1))
    log.info("demo payment gateway at %s", gw.url)
    return gw
