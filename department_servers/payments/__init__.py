"""Reference mobile-payment gateway (issue 20): the other side of the terminal's payment client.

Modelled on the counter APIs of Chinese payment providers (WeChat Pay v3 and
Alipay face-to-face pay): order QR (precreate), payment code (micropay) with the
"user paying" answer, query, close, cancel (reverse), refund, signed asynchronous
notifications (RSA2 = SHA256withRSA, or SM2 with SM3) and a daily bill. Faults
are switched at run time (``PUT /admin/faults``). Like every reference server it
imports nothing of ours: its signing and its code formats are written here from
the providers' documents, so a mistake in the terminal's copy cannot agree with it.
"""

from department_servers.payments.app import GatewaySettings, create_gateway_app
from department_servers.payments.faults import PayFaults

__all__ = ["GatewaySettings", "PayFaults", "create_gateway_app"]
