"""The reference payment gateway (FastAPI): orders, payments, refunds, notifications, bills.

API (JSON; amounts in fen, integers; every ``/v3`` request signed by the
merchant, every answer and notification signed by the gateway — see
:mod:`department_servers.payments.signing`)::

    POST /v3/pay/precreate                 order QR (native): {code_url}
    POST /v3/pay/micropay                  payer's code: SUCCESS | 202 USERPAYING | 400
    GET  /v3/pay/orders/{out_trade_no}     query: NOTPAY USERPAYING SUCCESS CLOSED REVOKED
                                           PAYERROR REFUND | 404 ORDER_NOT_EXIST
    POST /v3/pay/orders/{no}/close         close an unpaid order (400 ORDERPAID if paid)
    POST /v3/pay/orders/{no}/reverse       cancel (撤销): closes, or refunds if charged
    POST /v3/refund/domestic/refunds       refund, idempotent by out_refund_no
    GET  /v3/refund/domestic/refunds/{no}  refund query
    GET  /v3/bill/tradebill?bill_date=D    the day's bill (CSV; China Standard Time days)

Closing or cancelling an order the gateway never saw leaves a tombstone, so a
late request with that number cannot charge (what the providers recommend for
an unknown result: query, then close or cancel). Test helpers outside ``/v3``:
``POST /sim/scan`` (the resident's phone pays an order QR), ``/admin/*``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import PlainTextResponse

from department_servers.payments.faults import PayFaultInjector, PayFaults, apply_faults_json
from department_servers.payments.signing import (
    GatewaySigner,
    parse_authorization,
    reply_message,
    request_message,
    verify_merchant,
)

CST = dt.timezone(dt.timedelta(hours=8))
WINDOW_S = 300
# Payment-code formats from the providers' documents (written here, not shared).
AUTH_CODES = (
    re.compile(r"^1[0-5][0-9]{16}$"),  # WeChat Pay
    re.compile(r"^(2[5-9]|30)[0-9]{14,22}$"),  # Alipay
    re.compile(r"^62[0-9]{17}$"),  # UnionPay
)
_TRADE_NO = re.compile(r"^[A-Za-z0-9_-]{6,32}$")


@dataclass
class GatewaySettings:
    """One gateway: merchants it knows (mchid → RSA public key PEM) and its own key."""

    merchants: dict[str, bytes]
    sign_type: str = "RSA2"  # RSA2 | SM2 (answers and notifications)
    rsa_key: rsa.RSAPrivateKey | None = None
    sm2_key: bytes | None = None
    #: A key that is not the gateway's, for forged notifications.
    forger_key: rsa.RSAPrivateKey | None = None
    forger_sm2_key: bytes | None = None
    admin_token: str = "admin"
    seed: int | None = None
    clock: Any = time.time


@dataclass
class Order:
    mchid: str
    out_trade_no: str
    flow: str
    total_fen: int
    currency: str
    subject: str
    attach: str
    notify_url: str
    state: str = "NOTPAY"
    transaction_id: str = ""
    payer_total_fen: int = 0
    payer_currency: str = "CNY"
    success_time: float = 0.0
    expire_at: float = 0.0
    code_token: str = ""
    userpaying_left: int = 0
    userpaying_outcome: str = "SUCCESS"
    refunded_fen: int = 0
    charges: int = 0
    einvoice_no: str = ""
    refunds: list[str] = field(default_factory=list)


@dataclass
class Refund:
    out_refund_no: str
    out_trade_no: str
    refund_fen: int
    at: float
    status: str = "SUCCESS"


class Gateway:
    """The gateway's books (in memory, one lock): orders, refunds, sent notifications."""

    def __init__(self, settings: GatewaySettings, faults: PayFaults) -> None:
        self.s = settings
        self.faults = faults
        self.lock = threading.RLock()
        self.orders: dict[str, Order] = {}
        self.refunds: dict[str, Refund] = {}
        self.used_codes: set[str] = set()
        self.sent: list[dict[str, Any]] = []  # every notification sent (tests replay them)
        self.signer = GatewaySigner(settings.sign_type, settings.rsa_key, settings.sm2_key)
        forger = settings.forger_key or rsa.generate_private_key(
            public_exponent=65537, key_size=2048
        )
        self.forger = GatewaySigner(
            settings.sign_type, forger, settings.forger_sm2_key or secrets.token_bytes(32)
        )
        self.notifier = Notifier(self)
        self._seq = 0

    def now(self) -> float:
        return float(self.s.clock())

    def txn_id(self) -> str:
        self._seq += 1
        return f"42{int(self.now()):010d}{self._seq:08d}"

    # --- money ----------------------------------------------------------------------

    def charge(self, o: Order) -> None:
        """The payer is charged (once: a paid order is never charged again)."""
        if o.state == "SUCCESS":
            return
        f = self.faults
        o.state = "SUCCESS"
        o.charges += 1
        o.transaction_id = o.transaction_id or self.txn_id()
        o.payer_total_fen = o.total_fen + f.amount_delta_fen
        o.payer_currency = f.currency_override or o.currency
        o.success_time = self.now()
        o.einvoice_no = f"3502{dt.datetime.fromtimestamp(o.success_time, CST):%Y}{secrets.randbelow(10**10):010d}"
        self.notifier.transaction(o)

    def settle_userpaying(self, o: Order) -> None:
        if o.state != "USERPAYING":
            return
        if o.userpaying_left > 0:
            o.userpaying_left -= 1
            return
        if o.userpaying_outcome == "SUCCESS":
            self.charge(o)
        elif o.userpaying_outcome == "PAYERROR":
            o.state = "PAYERROR"

    def expire(self, o: Order) -> None:
        if o.state in ("NOTPAY", "USERPAYING") and o.expire_at and self.now() > o.expire_at:
            o.state = "CLOSED"

    def refund(self, o: Order, out_refund_no: str, refund_fen: int) -> Refund:
        r = Refund(out_refund_no, o.out_trade_no, refund_fen, self.now())
        self.refunds[out_refund_no] = r
        o.refunded_fen += refund_fen
        o.refunds.append(out_refund_no)
        o.state = "REFUND"
        self.notifier.refund(o, r)
        return r

    def tombstone(self, mchid: str, no: str, state: str) -> dict[str, Any]:
        """Close or cancel a number never seen: a late request with it cannot charge."""
        self.orders[no] = Order(mchid, no, "tombstone", 1, "CNY", "", "", "", state=state)
        return {"out_trade_no": no, "trade_state": state, "refunded_fen": 0}

    def order_json(self, o: Order) -> dict[str, Any]:
        out: dict[str, Any] = {
            "mchid": o.mchid,
            "out_trade_no": o.out_trade_no,
            "trade_state": o.state,
            "total_fen": o.total_fen,
            "currency": o.currency,
            "attach": o.attach,
        }
        if o.charges:
            out.update(
                transaction_id=o.transaction_id,
                payer_total_fen=o.payer_total_fen,
                payer_currency=o.payer_currency,
                success_time=dt.datetime.fromtimestamp(o.success_time, CST).isoformat(),
                refunded_fen=o.refunded_fen,
                einvoice={
                    "number": o.einvoice_no,
                    "url": f"https://pjcy.example.gov.cn/e?n={o.einvoice_no}",
                },
            )
        return out


class Notifier:
    """Sends notifications from its own thread, retrying until the merchant says SUCCESS."""

    RETRY_S = (0.2, 0.5, 1.0, 2.0, 4.0)

    def __init__(self, gw: Gateway) -> None:
        self.gw = gw
        self._cv = threading.Condition()
        self._queue: list[tuple[float, int, str, dict[str, Any], bool]] = []
        self._n = 0
        self._closed = False
        self._thread = threading.Thread(target=self._run, daemon=True, name="pay-notify")
        self._thread.start()

    def transaction(self, o: Order) -> None:
        resource = self.gw.order_json(o)
        self._post(o, "TRANSACTION.SUCCESS", resource, self.gw.faults.notify_delay_s)

    def refund(self, o: Order, r: Refund) -> None:
        resource = {
            "out_trade_no": o.out_trade_no,
            "out_refund_no": r.out_refund_no,
            "refund_fen": r.refund_fen,
            "refund_status": r.status,
        }
        self._post(o, "REFUND.SUCCESS", resource, 0.0)

    def _post(self, o: Order, event: str, resource: dict[str, Any], delay: float) -> None:
        f = self.gw.faults
        if not f.notify or not o.notify_url:
            return
        body = {
            "id": secrets.token_hex(16),
            "create_time": dt.datetime.fromtimestamp(self.gw.now(), CST).isoformat(),
            "event_type": event,
            "resource": resource,
        }
        due = time.monotonic() + delay
        with self._cv:
            # Duplicates are queued first with a later id: they may arrive before the original.
            for copy in range(1 + max(0, f.notify_duplicates)):
                self._n += 1
                self._queue.append(
                    (due + 0.01 * copy, self._n, o.notify_url, body, f.notify_forged)
                )
            self._cv.notify()

    def close(self) -> None:
        with self._cv:
            self._closed = True
            self._cv.notify()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        client = httpx.Client(timeout=5.0, trust_env=False)
        while True:
            with self._cv:
                while not self._closed and (
                    not self._queue or min(self._queue)[0] > time.monotonic()
                ):
                    wait = min(self._queue)[0] - time.monotonic() if self._queue else None
                    self._cv.wait(timeout=wait)
                if self._closed:
                    break
                self._queue.sort()
                _due, n, url, body, forged = self._queue.pop(0)
            attempt = int(body.get("_attempt", 0))
            raw = json.dumps(
                {k: v for k, v in body.items() if k != "_attempt"}, ensure_ascii=False
            ).encode()
            ok = self._send(client, url, raw, forged)
            if not ok and attempt < len(self.RETRY_S):
                with self._cv:
                    self._queue.append(
                        (
                            time.monotonic() + self.RETRY_S[attempt],
                            n,
                            url,
                            {**body, "_attempt": attempt + 1},
                            forged,
                        )
                    )
        client.close()

    def _send(self, client: httpx.Client, url: str, raw: bytes, forged: bool) -> bool:
        gw = self.gw
        ts, nonce = str(int(gw.now())), secrets.token_hex(16)
        signer = gw.forger if forged else gw.signer
        headers = {
            "Content-Type": "application/json",
            "Pay-Timestamp": ts,
            "Pay-Nonce": nonce,
            "Pay-Signature": signer.sign(reply_message(ts, nonce, raw)),
            "Pay-Signature-Type": signer.sign_type,
        }
        with gw.lock:
            gw.sent.append({"url": url, "headers": headers, "body": raw.decode(), "forged": forged})
        try:
            r = client.post(url, content=raw, headers=headers)
        except httpx.HTTPError:
            return False
        return r.status_code < 300


def _err(status: int, code: str, message: str) -> HTTPException:
    return HTTPException(status, {"code": code, "message": message})


def create_gateway_app(settings: GatewaySettings, faults: PayFaults | None = None) -> Any:
    """The gateway app wrapped in fault injection; ``app.state.gateway`` holds its books."""
    faults = faults or PayFaults()
    gw = Gateway(settings, faults)
    app = FastAPI(title="Reference payment gateway", version="1")
    app.state.gateway = gw

    def signed(payload: Any, status: int = 200) -> Response:
        raw = json.dumps(payload, ensure_ascii=False).encode()
        ts, nonce = str(int(gw.now())), secrets.token_hex(16)
        return Response(
            raw,
            status_code=status,
            media_type="application/json",
            headers={
                "Pay-Timestamp": ts,
                "Pay-Nonce": nonce,
                "Pay-Signature": gw.signer.sign(reply_message(ts, nonce, raw)),
                "Pay-Signature-Type": gw.signer.sign_type,
            },
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = (
            exc.detail
            if isinstance(exc.detail, dict)
            else {"code": "ERROR", "message": str(exc.detail)}
        )
        return signed(detail, exc.status_code)

    async def merchant(request: Request) -> tuple[str, dict[str, Any]]:
        """Check the merchant's signature and freshness; the JSON body (or {})."""
        raw = await request.body()
        auth = parse_authorization(request.headers.get("authorization", ""))
        if not auth or not {"mchid", "nonce_str", "timestamp", "signature"} <= set(auth):
            raise _err(401, "SIGN_ERROR", "Authorization missing or malformed")
        pem = settings.merchants.get(auth["mchid"])
        if pem is None:
            raise _err(401, "MCH_NOT_EXISTS", "unknown merchant")
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        msg = request_message(request.method, target, auth["timestamp"], auth["nonce_str"], raw)
        if not verify_merchant(pem, msg, auth["signature"]):
            raise _err(401, "SIGN_ERROR", "signature does not verify")
        try:
            if abs(gw.now() - int(auth["timestamp"])) > WINDOW_S:
                raise _err(401, "SIGN_ERROR", "timestamp outside the window")
        except ValueError:
            raise _err(401, "SIGN_ERROR", "timestamp malformed") from None
        body: dict[str, Any] = {}
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                raise _err(400, "PARAM_ERROR", "body is not JSON") from None
            if not isinstance(body, dict):
                raise _err(400, "PARAM_ERROR", "body is not an object")
        return auth["mchid"], body

    def new_order(mchid: str, body: dict[str, Any], flow: str) -> Order:
        no = body.get("out_trade_no")
        total = body.get("total_fen")
        if not isinstance(no, str) or not _TRADE_NO.match(no):
            raise _err(400, "PARAM_ERROR", "out_trade_no must be 6..32 of [A-Za-z0-9_-]")
        if not isinstance(total, int) or isinstance(total, bool) or not 0 < total <= 10**9:
            raise _err(400, "PARAM_ERROR", "total_fen must be a positive integer")
        if body.get("currency", "CNY") != "CNY":
            raise _err(400, "PARAM_ERROR", "only CNY is accepted")
        return Order(
            mchid, no, flow, total, "CNY", str(body.get("subject", ""))[:128],
            str(body.get("attach", ""))[:128], str(body.get("notify_url", "")),
        )  # fmt: skip

    def same(a: Order, b: Order) -> bool:
        return (a.flow, a.total_fen, a.subject, a.attach) == (
            b.flow,
            b.total_fen,
            b.subject,
            b.attach,
        )

    @app.post("/v3/pay/precreate")
    async def precreate(request: Request) -> Response:
        mchid, body = await merchant(request)
        fresh = new_order(mchid, body, "native")
        ttl = body.get("expire_s", 300)
        if not isinstance(ttl, int) or not 30 <= ttl <= 7200:
            raise _err(400, "PARAM_ERROR", "expire_s must be 30..7200")
        with gw.lock:
            o = gw.orders.get(fresh.out_trade_no)
            if o is not None:
                if o.state in ("CLOSED", "REVOKED"):
                    raise _err(400, "ORDER_CLOSED", "order closed")
                if not same(o, fresh):
                    raise _err(400, "OUT_TRADE_NO_USED", "order number used with other details")
            else:
                o = fresh
                o.code_token = secrets.token_urlsafe(12)
                o.expire_at = gw.now() + ttl
                gw.orders[o.out_trade_no] = o
            return signed(
                {"code_url": f"{request.base_url}qr/{o.code_token}", "out_trade_no": o.out_trade_no}
            )

    @app.post("/v3/pay/micropay")
    async def micropay(request: Request) -> Response:
        mchid, body = await merchant(request)
        fresh = new_order(mchid, body, "micropay")
        code = body.get("auth_code")
        with gw.lock:
            o = gw.orders.get(fresh.out_trade_no)
            if o is not None:
                if o.state == "SUCCESS":
                    raise _err(400, "ORDERPAID", "order already paid")
                if o.state in ("CLOSED", "REVOKED"):
                    raise _err(400, "ORDER_CLOSED", "order closed")
                if o.state == "USERPAYING":
                    return signed(gw.order_json(o), 202)
                raise _err(400, "OUT_TRADE_NO_USED", f"order in state {o.state}")
            if not isinstance(code, str) or not any(p.match(code) for p in AUTH_CODES):
                raise _err(400, "AUTH_CODE_INVALID", "not a payment code")
            if code in gw.used_codes:
                raise _err(400, "AUTH_CODE_INVALID", "payment code already used")
            gw.used_codes.add(code)
            o = fresh
            o.expire_at = gw.now() + 120
            gw.orders[o.out_trade_no] = o
            f = gw.faults
            if f.payer_declines:
                o.state = "PAYERROR"
                raise _err(400, "PAYERROR", "payer's bank declined")
            if f.userpaying_polls > 0:
                o.state = "USERPAYING"
                o.userpaying_left = f.userpaying_polls
                o.userpaying_outcome = f.userpaying_outcome
                return signed(gw.order_json(o), 202)
            gw.charge(o)
            return signed(gw.order_json(o))

    def find(mchid: str, no: str) -> Order:
        o = gw.orders.get(no)
        if o is None or o.mchid != mchid:
            raise _err(404, "ORDER_NOT_EXIST", "no such order")
        return o

    @app.get("/v3/pay/orders/{no}")
    async def query(no: str, request: Request) -> Response:
        mchid, _ = await merchant(request)
        with gw.lock:
            o = find(mchid, no)
            gw.settle_userpaying(o)
            gw.expire(o)
            return signed(gw.order_json(o))

    @app.post("/v3/pay/orders/{no}/close")
    async def close(no: str, request: Request) -> Response:
        mchid, _ = await merchant(request)
        with gw.lock:
            o = gw.orders.get(no)
            if o is None:
                return signed(gw.tombstone(mchid, no, "CLOSED"))
            if o.mchid != mchid:
                raise _err(404, "ORDER_NOT_EXIST", "no such order")
            if o.state in ("SUCCESS", "REFUND"):
                raise _err(400, "ORDERPAID", "order paid: refund it instead")
            if o.state not in ("REVOKED",):
                o.state = "CLOSED"
            return signed(gw.order_json(o))

    @app.post("/v3/pay/orders/{no}/reverse")
    async def reverse(no: str, request: Request) -> Response:
        mchid, _ = await merchant(request)
        with gw.lock:
            o = gw.orders.get(no)
            if o is None:
                return signed(gw.tombstone(mchid, no, "REVOKED"))
            if o.mchid != mchid:
                raise _err(404, "ORDER_NOT_EXIST", "no such order")
            if o.state == "SUCCESS":
                gw.refund(o, f"REV{no}"[:64], o.payer_total_fen)
            o.state = "REVOKED"
            return signed(gw.order_json(o))

    @app.post("/v3/refund/domestic/refunds")
    async def refund(request: Request) -> Response:
        mchid, body = await merchant(request)
        no, rno, fen = body.get("out_trade_no"), body.get("out_refund_no"), body.get("refund_fen")
        if not isinstance(rno, str) or not _TRADE_NO.match(rno):
            raise _err(400, "PARAM_ERROR", "out_refund_no malformed")
        if not isinstance(fen, int) or isinstance(fen, bool) or fen <= 0:
            raise _err(400, "PARAM_ERROR", "refund_fen must be a positive integer")
        with gw.lock:
            done = gw.refunds.get(rno)
            if done is not None:
                if (done.out_trade_no, done.refund_fen) != (no, fen):
                    raise _err(400, "INVALID_REQUEST", "refund number used with other details")
                return signed(_refund_json(done))
            o = find(mchid, str(no))
            if o.state not in ("SUCCESS", "REFUND"):
                raise _err(400, "INVALID_REQUEST", f"order in state {o.state} cannot be refunded")
            if fen > o.payer_total_fen - o.refunded_fen:
                raise _err(400, "NOT_ENOUGH", "refund exceeds what is left of the payment")
            return signed(_refund_json(gw.refund(o, rno, fen)))

    @app.get("/v3/refund/domestic/refunds/{rno}")
    async def refund_query(rno: str, request: Request) -> Response:
        mchid, _ = await merchant(request)
        with gw.lock:
            r = gw.refunds.get(rno)
            if r is None or gw.orders[r.out_trade_no].mchid != mchid:
                raise _err(404, "RESOURCE_NOT_EXISTS", "no such refund")
            return signed(_refund_json(r))

    @app.get("/v3/bill/tradebill")
    async def bill(bill_date: str, request: Request) -> Response:
        mchid, _ = await merchant(request)
        try:
            day = dt.date.fromisoformat(bill_date)
        except ValueError:
            raise _err(400, "PARAM_ERROR", "bill_date must be YYYY-MM-DD") from None
        with gw.lock:
            text = bill_csv(gw, mchid, day)
        return signed({"bill_date": bill_date, "csv": text})

    # --- test helpers (no faults, no merchant signature) ------------------------------

    @app.post("/sim/scan")
    async def sim_scan(request: Request) -> Response:
        """The resident's payment app scanned an order QR and paid it."""
        body = await request.json()
        token = str(body.get("code_url", "")).rsplit("/", 1)[-1]
        with gw.lock:
            for o in gw.orders.values():
                if o.code_token and secrets.compare_digest(o.code_token, token):
                    gw.expire(o)
                    if o.state != "NOTPAY":
                        raise HTTPException(
                            409, {"code": "ORDER_" + o.state, "message": "cannot pay"}
                        )
                    if faults.payer_declines:
                        raise HTTPException(402, {"code": "PAYERROR", "message": "declined"})
                    gw.charge(o)
                    return signed(gw.order_json(o))
        raise HTTPException(404, {"code": "ORDER_NOT_EXIST", "message": "no such QR"})

    def admin(request: Request) -> None:
        if not secrets.compare_digest(
            request.headers.get("x-admin-token", ""), settings.admin_token
        ):
            raise HTTPException(401, "admin token required")

    @app.put("/admin/faults")
    async def put_faults(request: Request) -> dict[str, Any]:
        admin(request)
        try:
            apply_faults_json(faults, await request.body())
        except (TypeError, ValueError) as e:
            raise HTTPException(400, f"bad faults: {e}") from None
        return faults.to_dict()

    @app.get("/admin/orders")
    async def dump_orders(request: Request) -> dict[str, Any]:
        admin(request)
        with gw.lock:
            return {
                "orders": [dict(o.__dict__) for o in gw.orders.values()],
                "refunds": [dict(r.__dict__) for r in gw.refunds.values()],
            }

    @app.get("/admin/notifications")
    async def dump_notifications(request: Request) -> dict[str, Any]:
        admin(request)
        with gw.lock:
            return {"sent": list(gw.sent)}

    @app.post("/admin/seed")
    async def seed(request: Request) -> dict[str, int]:
        """Paid orders in bulk (the reconciliation bench): [{out_trade_no, total_fen, time}]."""
        admin(request)
        rows = await request.json()
        with gw.lock:
            for r in rows:
                o = Order(str(r["mchid"]), str(r["out_trade_no"]), "native", int(r["total_fen"]), "CNY", "", "", "")  # fmt: skip
                o.state, o.charges = "SUCCESS", 1
                o.transaction_id = gw.txn_id()
                o.payer_total_fen, o.success_time = o.total_fen, float(r["time"])
                gw.orders[o.out_trade_no] = o
        return {"seeded": len(rows)}

    @app.get("/qr/{token}", response_class=PlainTextResponse)
    async def qr_landing(token: str) -> str:
        return "Open this code in a payment app."

    return PayFaultInjector(app, faults, seed=settings.seed)


def _refund_json(r: Refund) -> dict[str, Any]:
    return {
        "out_refund_no": r.out_refund_no,
        "out_trade_no": r.out_trade_no,
        "refund_fen": r.refund_fen,
        "status": r.status,
        "success_time": dt.datetime.fromtimestamp(r.at, CST).isoformat(),
    }


BILL_HEADER = ["交易时间", "商户订单号", "支付订单号", "类型", "金额(分)", "退款单号"]


def bill_csv(gw: Gateway, mchid: str, day: dt.date) -> str:
    """The day's bill (China Standard Time): one PAY row per charge, one REFUND row per refund."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(BILL_HEADER)

    def on_day(t: float) -> bool:
        return dt.datetime.fromtimestamp(t, CST).date() == day

    for o in gw.orders.values():
        if o.mchid == mchid and o.charges and on_day(o.success_time):
            stamp = dt.datetime.fromtimestamp(o.success_time, CST).strftime("%Y-%m-%d %H:%M:%S")
            w.writerow([stamp, o.out_trade_no, o.transaction_id, "PAY", o.payer_total_fen, ""])
    for r in gw.refunds.values():
        o = gw.orders[r.out_trade_no]
        if o.mchid == mchid and on_day(r.at):
            stamp = dt.datetime.fromtimestamp(r.at, CST).strftime("%Y-%m-%d %H:%M:%S")
            w.writerow(
                [stamp, r.out_trade_no, o.transaction_id, "REFUND", r.refund_fen, r.out_refund_no]
            )
    return out.getvalue()


def gateway_of(app: Any) -> Gateway:
    """The books behind an app made by :func:`create_gateway_app` (tests look inside)."""
    inner = app.app if isinstance(app, PayFaultInjector) else app
    gw: Gateway = inner.state.gateway
    return gw
