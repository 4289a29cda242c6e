"""Receives the provider's payment notifications (a small HTTP server on its own threads).

``POST /pay/notify`` hands the exact body and headers to a handler (the
:class:`~kiosk.payments.flow.PaymentFlow`), which verifies and applies it. The
answer follows the providers' convention: 200 ``{"code": "SUCCESS"}`` stops the
resending, anything else asks for it again. On a real terminal the provider
cannot reach a kiosk behind NAT: a relay of the payment platform forwards the
notifications (``notify_public_url``); polling covers the gap either way.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

log = logging.getLogger(__name__)

PATH = "/pay/notify"
MAX_BODY = 64 * 1024

Handler = Callable[[Mapping[str, str], bytes], bool]


class NotifyServer:
    """``with NotifyServer(handler) as srv: srv.url`` — bound on 127.0.0.1 by default."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1", port: int = 0) -> None:
        self._handler = handler

        outer = self

        class _Req(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                if self.path != PATH:
                    self._answer(404, "NOT_FOUND")
                    return
                try:
                    length = int(self.headers.get("Content-Length", "0"))
                except ValueError:
                    length = -1
                if not 0 <= length <= MAX_BODY:
                    self._answer(413, "FAIL")
                    return
                body = self.rfile.read(length)
                try:
                    ok = outer._handler(dict(self.headers.items()), body)
                except Exception:  # a bug must not kill the receiver: the provider resends
                    log.exception("payment notification handler failed")
                    ok = False
                self._answer(200 if ok else 400, "SUCCESS" if ok else "FAIL")

            def _answer(self, status: int, code: str) -> None:
                raw = json.dumps({"code": code}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: object) -> None:
                pass  # request lines carry nothing we need; errors are logged above

        self._server = ThreadingHTTPServer((host, port), _Req)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://{host}:{self.port}{PATH}"
        # A short poll interval: stop() returns within 50 ms instead of half a second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True, name="pay-notify-rx"
        )

    def start(self) -> NotifyServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> NotifyServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
