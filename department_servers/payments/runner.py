"""Start the reference payment gateway on 127.0.0.1 (tests, benches, ``--demo``).

``python -m department_servers.payments.runner --merchant M=pub.pem --key gw.pem``
runs it in the foreground and prints ``READY <url>`` once it listens.
"""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from department_servers.payments.app import Gateway, GatewaySettings, create_gateway_app, gateway_of
from department_servers.payments.faults import PayFaults
from department_servers.runner import AppThread


class GatewayThread(AppThread):
    """The gateway in a daemon thread; ``.gateway`` is its books, ``.faults`` its faults."""

    def __init__(self, settings: GatewaySettings, faults: PayFaults | None = None) -> None:
        self.faults = faults or PayFaults()
        app = create_gateway_app(settings, self.faults)
        super().__init__(app, name="pay-gateway")
        self.gateway: Gateway = gateway_of(app)

    def stop(self) -> None:
        super().stop()
        self.gateway.notifier.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--merchant", action="append", default=[], help="MCHID=public.pem")
    ap.add_argument("--key", type=Path, help="gateway RSA private key (PEM)")
    ap.add_argument("--sm2-key", help="gateway SM2 private key (hex); signs with SM2")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    merchants = {}
    for m in args.merchant:
        mchid, _, path = m.partition("=")
        merchants[mchid] = Path(path).read_bytes()
    rsa_key: Any = load_pem_private_key(args.key.read_bytes(), None) if args.key else None
    if rsa_key is not None and not isinstance(rsa_key, rsa.RSAPrivateKey):
        ap.error("--key must be an RSA key")
    settings = GatewaySettings(
        merchants=merchants,
        sign_type="SM2" if args.sm2_key else "RSA2",
        rsa_key=rsa_key,
        sm2_key=bytes.fromhex(args.sm2_key) if args.sm2_key else None,
    )
    app = create_gateway_app(settings)
    srv = AppThread(app, port=args.port, name="pay-gateway")
    srv.start()
    print(f"READY {srv.url}", flush=True)
    threading.Event().wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
