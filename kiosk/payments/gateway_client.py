"""HTTP client of the payment gateway (httpx), with the providers' documented signing.

No maintained provider SDK can be pointed at a gateway of our own choosing
(wechatpayv3 and python-alipay-sdk hard-wire the providers' hosts and formats),
so this is httpx plus the documented signatures, none of the primitives written
here: requests are signed SHA256withRSA (``cryptography``) in the WeChat Pay v3
layout; answers and notifications are verified as RSA2 (``cryptography``) or
SM2 with SM3 (``gmalg`` through :mod:`kiosk.platform.gm_crypto`).

How a failure is told apart matters for money (see :mod:`kiosk.payments.errors`):
a refused connection means nothing was sent (:class:`GatewayDown`); a timeout, a
5xx or a broken answer means the request may have been carried out
(:class:`GatewayNoAnswer`, query before anything else); a signed 4xx is the
provider's definite refusal (:class:`GatewayRefused`).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key, load_pem_public_key

from kiosk.payments.errors import GatewayDown, GatewayNoAnswer, GatewayRefused, SignatureInvalid
from kiosk.platform.gm_crypto import sm2_verify
from offline_queue.tls import verify_for

AUTH_SCHEME = "KPAY-SHA256-RSA2048"


def load_merchant_key(pem: bytes) -> rsa.RSAPrivateKey:
    key = load_pem_private_key(pem, None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the merchant key must be an RSA private key")
    return key


class SignatureVerifier:
    """Checks the gateway's ``Pay-*`` headers: signature, sign type, time window, nonce.

    ``public_key`` is a PEM (RSA2) or 65 raw bytes 04‖x‖y (SM2). Nonces seen within
    the window are refused again (a replayed answer or notification).
    """

    def __init__(
        self,
        sign_type: str,
        public_key: bytes,
        *,
        window_s: float = 300.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if sign_type not in ("RSA2", "SM2"):
            raise ValueError(f"unknown sign type {sign_type!r}")
        self.sign_type = sign_type
        self.window_s = window_s
        self._clock = clock
        self._rsa: rsa.RSAPublicKey | None = None
        self._sm2 = b""
        if sign_type == "RSA2":
            key = load_pem_public_key(public_key)
            if not isinstance(key, rsa.RSAPublicKey):
                raise ValueError("RSA2 needs an RSA public key")
            self._rsa = key
        else:
            if len(public_key) != 65 or public_key[0] != 4:
                raise ValueError("SM2 needs an uncompressed 65-byte public key")
            self._sm2 = public_key
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def verify(self, headers: Mapping[str, str], body: bytes) -> None:
        """Raise :class:`SignatureInvalid` unless ``body`` is the gateway's, fresh and new."""
        h = {k.lower(): v for k, v in headers.items()}
        ts, nonce, sig = (
            h.get("pay-timestamp", ""),
            h.get("pay-nonce", ""),
            h.get("pay-signature", ""),
        )
        if not ts or not nonce or not sig:
            raise SignatureInvalid("answer or notification is not signed")
        if h.get("pay-signature-type", "") != self.sign_type:
            raise SignatureInvalid(
                f"sign type {h.get('pay-signature-type')!r}, expected {self.sign_type}"
            )
        try:
            raw_sig = base64.b64decode(sig, validate=True)
            stamp = int(ts)
        except ValueError:
            raise SignatureInvalid("signature or timestamp malformed") from None
        message = ts.encode() + b"\n" + nonce.encode() + b"\n" + body + b"\n"
        if not self._check(message, raw_sig):
            raise SignatureInvalid("signature does not verify with the gateway's key")
        now = self._clock()
        if abs(now - stamp) > self.window_s:
            raise SignatureInvalid(
                f"timestamp {now - stamp:+.0f} s off (window ±{self.window_s:.0f} s)"
            )
        with self._lock:
            for n, t in list(self._seen.items()):
                if now - t > 2 * self.window_s:
                    del self._seen[n]
            if nonce in self._seen:
                raise SignatureInvalid("nonce seen before (replay)")
            self._seen[nonce] = now

    def _check(self, message: bytes, signature: bytes) -> bool:
        if self._rsa is not None:
            try:
                self._rsa.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
            except InvalidSignature:
                return False
            return True
        return sm2_verify(self._sm2, message, signature)


@dataclass(frozen=True)
class TradeStatus:
    """The provider's view of one order."""

    out_trade_no: str
    trade_state: str  # NOTPAY USERPAYING SUCCESS CLOSED REVOKED PAYERROR REFUND
    total_fen: int
    payer_total_fen: int = 0
    currency: str = "CNY"
    transaction_id: str = ""
    refunded_fen: int = 0
    einvoice_no: str = ""
    einvoice_url: str = ""
    code_url: str = ""
    #: When the provider charged, by its clock (epoch seconds; 0 if not charged).
    success_time: float = 0.0

    @property
    def charged(self) -> bool:
        return self.trade_state in ("SUCCESS", "REFUND") or self.payer_total_fen > 0


@dataclass(frozen=True)
class RefundStatus:
    out_refund_no: str
    out_trade_no: str
    refund_fen: int
    status: str  # SUCCESS | PROCESSING | ABNORMAL
    success_time: float = 0.0


def trade_status(d: Mapping[str, Any]) -> TradeStatus:
    """Parse a query/notification resource (bad shapes are :class:`SignatureInvalid`-grade)."""
    try:
        inv = d.get("einvoice") or {}
        return TradeStatus(
            out_trade_no=str(d["out_trade_no"]),
            trade_state=str(d["trade_state"]),
            total_fen=int(d.get("total_fen", 0)),
            payer_total_fen=int(d.get("payer_total_fen", 0)),
            currency=str(d.get("payer_currency") or d.get("currency") or "CNY"),
            transaction_id=str(d.get("transaction_id", "")),
            refunded_fen=int(d.get("refunded_fen", 0)),
            einvoice_no=str(inv.get("number", "")),
            einvoice_url=str(inv.get("url", "")),
            success_time=_epoch(d.get("success_time")),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise GatewayNoAnswer(f"gateway answer lacks a field: {e}") from None


class GatewayClient:
    """One merchant's calls to the gateway. Thread-safe (httpx.Client is)."""

    def __init__(
        self,
        base_url: str,
        merchant_id: str,
        merchant_key: rsa.RSAPrivateKey,
        verifier: SignatureVerifier,
        *,
        timeout_s: float = 8.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.merchant_id = merchant_id
        self._key = merchant_key
        self.verifier = verifier
        self._clock = clock
        self._http = httpx.Client(
            base_url=self.base_url,
            timeout=timeout_s,
            trust_env=False,
            verify=verify_for(self.base_url),
        )

    def close(self) -> None:
        self._http.close()

    def _auth(self, method: str, target: str, body: bytes) -> str:
        ts, nonce = str(int(self._clock())), secrets.token_hex(16)
        message = f"{method}\n{target}\n{ts}\n{nonce}\n".encode() + body + b"\n"
        sig = base64.b64encode(self._key.sign(message, padding.PKCS1v15(), hashes.SHA256()))
        return (
            f'{AUTH_SCHEME} mchid="{self.merchant_id}",nonce_str="{nonce}",'
            f'timestamp="{ts}",signature="{sig.decode()}"'
        )

    def call(
        self, method: str, target: str, payload: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """One signed request; the verified JSON answer (2xx) or a classified error."""
        body = b"" if payload is None else json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Authorization": self._auth(method, target, body)}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        try:
            r = self._http.request(method, target, content=body, headers=headers)
        except (httpx.ConnectError, httpx.ConnectTimeout) as e:
            raise GatewayDown(f"{method} {target}: cannot connect: {e}") from None
        except httpx.HTTPError as e:
            raise GatewayNoAnswer(
                f"{method} {target}: no answer: {type(e).__name__}: {e}"
            ) from None
        if r.status_code >= 500:
            raise GatewayNoAnswer(f"{method} {target}: HTTP {r.status_code}")
        try:
            self.verifier.verify(r.headers, r.content)
        except SignatureInvalid as e:
            # An unverified answer is no answer: the outcome is still unknown.
            raise GatewayNoAnswer(f"{method} {target}: {e.detail}") from None
        try:
            data = json.loads(r.content)
        except ValueError:
            raise GatewayNoAnswer(f"{method} {target}: answer is not JSON") from None
        if not isinstance(data, dict):
            raise GatewayNoAnswer(f"{method} {target}: answer is not an object")
        if r.status_code >= 400:
            code = str(data.get("code", "ERROR"))
            raise GatewayRefused(code, f"{method} {target}: {data.get('message', '')}")
        return data

    # --- the provider's calls ------------------------------------------------------

    def precreate(
        self,
        order_no: str,
        total_fen: int,
        subject: str,
        attach: str,
        notify_url: str,
        expire_s: int,
    ) -> str:
        """An order QR's URL (idempotent: the same order number gives the same URL)."""
        d = self.call(
            "POST",
            "/v3/pay/precreate",
            {
                "mchid": self.merchant_id, "out_trade_no": order_no, "total_fen": total_fen,
                "currency": "CNY", "subject": subject, "attach": attach,
                "notify_url": notify_url, "expire_s": expire_s,
            },
        )  # fmt: skip
        url = d.get("code_url")
        if not isinstance(url, str) or not url:
            raise GatewayNoAnswer("precreate answer has no code_url")
        return url

    def micropay(
        self,
        order_no: str,
        total_fen: int,
        subject: str,
        attach: str,
        auth_code: str,
        notify_url: str,
    ) -> TradeStatus:
        """Charge the payer's code: SUCCESS, or USERPAYING (query until settled)."""
        d = self.call(
            "POST",
            "/v3/pay/micropay",
            {
                "mchid": self.merchant_id, "out_trade_no": order_no, "total_fen": total_fen,
                "currency": "CNY", "subject": subject, "attach": attach,
                "auth_code": auth_code, "notify_url": notify_url,
            },
        )  # fmt: skip
        return trade_status(d)

    def query(self, order_no: str) -> TradeStatus | None:
        """The order as the provider sees it; None if it never reached the provider."""
        try:
            return trade_status(self.call("GET", f"/v3/pay/orders/{order_no}"))
        except GatewayRefused as e:
            if e.code == "ORDER_NOT_EXIST":
                return None
            raise

    def close_order(self, order_no: str) -> TradeStatus:
        """Close an unpaid order QR (an unknown number is closed for good)."""
        d = self.call("POST", f"/v3/pay/orders/{order_no}/close", {"mchid": self.merchant_id})
        return trade_status({"total_fen": 0, **d})

    def reverse(self, order_no: str) -> TradeStatus:
        """Cancel (撤销) a payment-code order: closes it, or refunds it if charged."""
        d = self.call("POST", f"/v3/pay/orders/{order_no}/reverse", {"mchid": self.merchant_id})
        return trade_status({"total_fen": 0, **d})

    def refund(self, order_no: str, refund_no: str, refund_fen: int, reason: str) -> RefundStatus:
        """Refund (idempotent by ``refund_no``)."""
        d = self.call(
            "POST",
            "/v3/refund/domestic/refunds",
            {
                "out_trade_no": order_no,
                "out_refund_no": refund_no,
                "refund_fen": refund_fen,
                "reason": reason,
            },
        )
        return _refund_status(d)

    def refund_query(self, refund_no: str) -> RefundStatus | None:
        try:
            return _refund_status(self.call("GET", f"/v3/refund/domestic/refunds/{refund_no}"))
        except GatewayRefused as e:
            if e.code == "RESOURCE_NOT_EXISTS":
                return None
            raise

    def bill(self, bill_date: str) -> str:
        """The day's bill as CSV text (China Standard Time day ``YYYY-MM-DD``)."""
        d = self.call("GET", f"/v3/bill/tradebill?bill_date={bill_date}")
        text = d.get("csv")
        if not isinstance(text, str):
            raise GatewayNoAnswer("bill answer has no csv")
        return text


def _epoch(value: object) -> float:
    """An ISO 8601 time with offset as epoch seconds (0 when absent or malformed)."""
    if not isinstance(value, str) or not value:
        return 0.0
    try:
        return dt.datetime.fromisoformat(value).timestamp()
    except ValueError:
        return 0.0


def _refund_status(d: Mapping[str, Any]) -> RefundStatus:
    try:
        return RefundStatus(
            str(d["out_refund_no"]),
            str(d["out_trade_no"]),
            int(d["refund_fen"]),
            str(d["status"]),
            _epoch(d.get("success_time")),
        )
    except (KeyError, TypeError, ValueError) as e:
        raise GatewayNoAnswer(f"refund answer lacks a field: {e}") from None
