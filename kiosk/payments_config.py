"""The ``[payments]`` section of the configuration (issue 20; read by kiosk/payments/).

It sits at the plumbing level, beside :mod:`kiosk.config`, because the one
configuration schema includes it and ``kiosk.config`` may not import the
payments layer above it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class PaymentsConfig(BaseModel):
    """Fee payment at the terminal: the gateway, the journal, the flows' timings."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    #: Off: fee-bearing services show the fee and send the resident to the counter.
    enabled: bool = False
    gateway_url: str = Field(default="http://127.0.0.1:8790", pattern=r"^https?://")
    merchant_id: str = Field(default="KIOSKDEMO01", pattern=r"^[A-Za-z0-9_]{4,32}$")
    #: The terminal's RSA private key (PEM) that signs its requests; under data_dir.
    merchant_key_file: Path = Path("keys/pay-merchant.pem")
    #: The gateway's public key: a PEM file (RSA2) or a file holding 130 hex digits (SM2).
    gateway_public_key_file: Path = Path("keys/pay-gateway.pub")
    sign_type: Literal["RSA2", "SM2"] = "RSA2"
    timeout_s: float = Field(default=8.0, gt=0, le=60)
    #: How long an order QR stays payable (the provider's expiry too).
    order_ttl_s: int = Field(default=180, ge=30, le=7200)
    poll_interval_s: float = Field(default=2.0, gt=0, le=30)
    #: How long a "user paying" micropay is queried before it is cancelled.
    micropay_wait_s: float = Field(default=60.0, gt=0, le=600)
    #: Where the provider's notifications are received (0 = any free port).
    notify_host: str = "127.0.0.1"
    notify_port: int = Field(default=0, ge=0, le=65535)
    #: The URL given to the provider when a relay forwards notifications ("" = ours).
    notify_public_url: str = ""
    #: Accepted clock difference on signed answers and notifications.
    signature_window_s: float = Field(default=300.0, ge=10, le=3600)
    journal_dir: Path = Path("payments")
    #: A case whose submission fails after payment: refunded at once, or kept paid and
    #: pending with a printed slip (staff finish it; refunded after the days below).
    on_submit_failure: Literal["refund", "paid_pending"] = "refund"
    paid_pending_refund_days: int = Field(default=30, ge=1, le=365)
    fees_path: Path = Path("fees.toml")
