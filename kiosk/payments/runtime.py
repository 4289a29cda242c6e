"""Payments of a running terminal, built from ``[payments]``: journal, client, flow,
notification receiver, start-up and periodic recovery, reconciliation reports.

``PaymentsRuntime.start()`` settles every unfinished order with the gateway on a
thread of its own (the window must not wait for the network), then again every
``RECOVER_EVERY_S`` for orders an outage left open. The UI's own orders are
claimed by the flow and left alone.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.payments.errors import PaymentError
from kiosk.payments.fees import FeeSchedule, load_fee_schedule
from kiosk.payments.flow import FlowSettings, PaymentFlow, RecoveryReport
from kiosk.payments.gateway_client import GatewayClient, SignatureVerifier, load_merchant_key
from kiosk.payments.journal import Journal
from kiosk.payments.notify_server import NotifyServer
from kiosk.payments.reconcile import ReconcileReport, reconcile
from kiosk.payments_config import PaymentsConfig
from offline_queue.fsutil import write_durable

log = logging.getLogger(__name__)
RECOVER_EVERY_S = 60.0
REPORT_GLOB = "reconcile-*.json"


class PaymentsUnavailable(PaymentError):
    """Payments are configured but cannot run (a key missing, the journal broken)."""

    resident_message = "缴费功能暂时不可用，未扣款。需缴费的事项请到窗口办理。"


@dataclass(frozen=True)
class Paths:
    journal_dir: Path
    merchant_key: Path
    gateway_public_key: Path
    fees: Path


def resolve_paths(cfg: PaymentsConfig, data_dir: Path, data_file: Callable[[Path], Path]) -> Paths:
    """Journal and merchant key under data_dir; gateway key and fees beside the config."""

    def under(p: Path) -> Path:
        return p if p.is_absolute() else data_dir / p

    return Paths(
        under(cfg.journal_dir),
        under(cfg.merchant_key_file),
        data_file(cfg.gateway_public_key_file),
        data_file(cfg.fees_path),
    )


def load_gateway_public_key(cfg: PaymentsConfig, path: Path) -> bytes:
    raw = path.read_bytes()
    if cfg.sign_type == "RSA2":
        return raw
    text = raw.decode("ascii", "replace").strip()
    try:
        return bytes.fromhex(text)
    except ValueError:
        raise PaymentsUnavailable(f"{path}: SM2 public key must be 130 hex digits") from None


class PaymentsRuntime:
    """Everything payments need while the terminal runs."""

    def __init__(self, cfg: PaymentsConfig, kiosk_id: str, paths: Paths) -> None:
        self.cfg = cfg
        self.paths = paths
        try:
            self.fees: FeeSchedule = load_fee_schedule(paths.fees)
            key = load_merchant_key(paths.merchant_key.read_bytes())
            public = load_gateway_public_key(cfg, paths.gateway_public_key)
            verifier = SignatureVerifier(cfg.sign_type, public, window_s=cfg.signature_window_s)
            notify_verifier = SignatureVerifier(
                cfg.sign_type, public, window_s=cfg.signature_window_s
            )
        except (OSError, ValueError) as e:
            raise PaymentsUnavailable(f"payments not configured: {e}") from None
        self.journal = Journal(paths.journal_dir)
        self.client = GatewayClient(
            cfg.gateway_url, cfg.merchant_id, key, verifier, timeout_s=cfg.timeout_s
        )
        self.flow: PaymentFlow | None = None
        self._notify_verifier = notify_verifier
        self._kiosk_id = kiosk_id
        self.receiver: NotifyServer | None = None
        self.has_case: Callable[[str], bool] = lambda _case_id: False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_recovery: RecoveryReport | None = None

    def start(self, has_case: Callable[[str], bool]) -> PaymentsRuntime:
        """Receiver up, then recovery on a background thread (start-up and periodic)."""
        self.has_case = has_case
        self.receiver = NotifyServer(
            self._on_notification, self.cfg.notify_host, self.cfg.notify_port
        )
        self.receiver.start()
        settings = FlowSettings(
            kiosk_id=self._kiosk_id,
            notify_url=self.cfg.notify_public_url or self.receiver.url,
            order_ttl_s=self.cfg.order_ttl_s,
            poll_interval_s=self.cfg.poll_interval_s,
            micropay_wait_s=self.cfg.micropay_wait_s,
            on_submit_failure=self.cfg.on_submit_failure,
            paid_pending_refund_days=self.cfg.paid_pending_refund_days,
        )
        self.flow = PaymentFlow(
            self.journal, self.client, settings, notify_verifier=self._notify_verifier
        )
        self._thread = threading.Thread(target=self._recover_loop, daemon=True, name="pay-recover")
        self._thread.start()
        return self

    def _on_notification(self, headers: Any, body: bytes) -> bool:
        return self.flow.on_notification(headers, body) if self.flow else False

    def recover_now(self) -> RecoveryReport:
        assert self.flow is not None, "start() first"
        report = self.flow.recover(self.has_case)
        self.last_recovery = report
        if report.looked_at:
            log.info(
                "payment recovery: %d looked at, settled %s, still open %d",
                report.looked_at, report.settled, len(report.still_open),
            )  # fmt: skip
        return report

    def _recover_loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.recover_now()
            except Exception:  # recovery must keep running: the next round retries
                log.exception("payment recovery failed")
            self._stop.wait(RECOVER_EVERY_S)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        if self.receiver is not None:
            self.receiver.stop()
        self.client.close()
        self.journal.close()

    # --- reconciliation -----------------------------------------------------------

    def reconcile_day(self, day: dt.date) -> ReconcileReport:
        """Download the day's bill, match it, keep the report for the technician screen."""
        report = reconcile(self.journal, self.client.bill(day.isoformat()), day)
        save_report(self.paths.journal_dir, report)
        return report


def save_report(directory: Path, report: ReconcileReport) -> Path:
    path = directory / f"reconcile-{report.date}.json"
    write_durable(path, json.dumps(report.to_dict(), ensure_ascii=False, indent=1).encode())
    return path


def latest_report(directory: Path) -> dict[str, Any] | None:
    """The newest saved reconciliation report (what the technician screen shows)."""
    files = sorted(directory.glob(REPORT_GLOB))
    if not files:
        return None
    try:
        data = json.loads(files[-1].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def build_runtime(config: Any) -> PaymentsRuntime | None:
    """The runtime for a :class:`~kiosk.config.KioskConfig`, or None when payments are off."""
    cfg: PaymentsConfig = config.payments
    if not cfg.enabled:
        return None
    paths = resolve_paths(cfg, config.resolved_paths.data_dir, config.data_file)
    return PaymentsRuntime(cfg, config.kiosk.id, paths)
