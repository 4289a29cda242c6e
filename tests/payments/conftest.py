"""Payments over real HTTP: the reference gateway (uvicorn on 127.0.0.1, free port), the
terminal's notification receiver (a real HTTP server), a real SQLite journal in tmp_path."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from department_servers.payments.app import GatewaySettings
from department_servers.payments.faults import PayFaults
from department_servers.payments.runner import GatewayThread
from kiosk.payments.flow import FlowSettings, PaymentFlow
from kiosk.payments.gateway_client import GatewayClient, SignatureVerifier
from kiosk.payments.journal import Journal
from kiosk.payments.notify_server import NotifyServer
from kiosk.platform.gm_crypto import sm2_keypair

MCHID = "KIOSKTEST01"
ADMIN = {"x-admin-token": "admin"}
# Codes in the providers' documented shapes (WeChat 18 digits 10–15, Alipay 16–24
# digits 25–30, UnionPay 19 digits 62).
WECHAT_CODE = "134567890123456789"
ALIPAY_CODE = "28763443825664394"
UNIONPAY_CODE = "6212345678901234567"


@dataclass(frozen=True)
class Keys:
    merchant: rsa.RSAPrivateKey
    merchant_pub_pem: bytes
    gateway: rsa.RSAPrivateKey
    gateway_pub_pem: bytes
    sm2_private: bytes
    sm2_public: bytes


@pytest.fixture(scope="session")
def keys() -> Keys:
    m = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    g = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    sk, pk = sm2_keypair()

    def pub(k: rsa.RSAPrivateKey) -> bytes:
        return k.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    return Keys(m, pub(m), g, pub(g), sk, pk)


def unique_codes(prefix: str = "13", length: int = 18) -> Iterator[str]:
    """Fresh payment codes (the gateway refuses a code used before, as providers do)."""
    n = int(time.time() * 1000) % 10**9
    while True:
        n += 1
        body = f"{n:0{length - len(prefix)}d}"[-(length - len(prefix)) :]
        yield prefix + body


class PayRig:
    """A gateway, a journal, a flow and a notification receiver, wired like the terminal."""

    def __init__(
        self,
        tmp: Path,
        keys: Keys,
        sign_type: str = "RSA2",
        gateway: GatewayThread | None = None,
        **flow_kw: Any,
    ) -> None:
        self.keys = keys
        self._own_gateway = gateway is None
        self.gw = gateway or start_gateway(keys, sign_type)
        self.faults = self.gw.faults
        self.journal = Journal(tmp / "payments")
        public = keys.gateway_pub_pem if sign_type == "RSA2" else keys.sm2_public
        self.client = GatewayClient(
            self.gw.url, MCHID, keys.merchant, SignatureVerifier(sign_type, public), timeout_s=1.0
        )
        self.notify_verifier = SignatureVerifier(sign_type, public)
        self.flow: PaymentFlow
        self.rx = NotifyServer(lambda h, b: self.flow.on_notification(h, b)).start()
        settings = FlowSettings(
            kiosk_id="XM-TEST-01",
            notify_url=self.rx.url,
            poll_interval_s=0.05,
            micropay_wait_s=flow_kw.pop("micropay_wait_s", 20.0),
            **flow_kw,
        )
        self.flow = PaymentFlow(
            self.journal, self.client, settings, notify_verifier=self.notify_verifier
        )
        self.http = httpx.Client(base_url=self.gw.url, trust_env=False, timeout=10)
        self.codes = unique_codes()
        self.set_faults()

    def set_faults(self, **kw: Any) -> None:
        r = self.http.put("/admin/faults", json=kw, headers=ADMIN)
        r.raise_for_status()

    def provider_order(self, no: str) -> dict[str, Any] | None:
        orders = self.http.get("/admin/orders", headers=ADMIN).json()["orders"]
        return next((o for o in orders if o["out_trade_no"] == no), None)

    def sent_notifications(self, order_no: str) -> list[dict[str, Any]]:
        """Notifications the gateway sent (or tried to send) about ``order_no``."""
        sent = self.http.get("/admin/notifications", headers=ADMIN).json()["sent"]
        return [n for n in sent if f'"{order_no}"' in n["body"]]

    def provider_order_count(self) -> int:
        return len(self.http.get("/admin/orders", headers=ADMIN).json()["orders"])

    def scan_qr(self, code_url: str) -> httpx.Response:
        return self.http.post("/sim/scan", json={"code_url": code_url})

    def wait_for(self, pred: Callable[[], bool], timeout: float = 30.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if pred():
                return
            time.sleep(0.02)
        raise AssertionError("condition not reached in time")

    def close(self) -> None:
        self.http.close()
        self.rx.stop()
        self.client.close()
        if self._own_gateway:
            self.gw.stop()
        self.journal.close()


def start_gateway(keys: Keys, sign_type: str = "RSA2") -> GatewayThread:
    settings = GatewaySettings(
        merchants={MCHID: keys.merchant_pub_pem},
        sign_type=sign_type,
        rsa_key=keys.gateway,
        sm2_key=keys.sm2_private,
    )
    return GatewayThread(settings, PayFaults()).start()


@pytest.fixture(scope="module")
def gateway(keys: Keys) -> Iterator[GatewayThread]:
    """One gateway per module (orders never collide; faults are reset for each rig)."""
    gw = start_gateway(keys)
    yield gw
    gw.stop()


@pytest.fixture
def rig(tmp_path: Path, keys: Keys, gateway: GatewayThread) -> Iterator[PayRig]:
    r = PayRig(tmp_path, keys, gateway=gateway)
    yield r
    r.close()
