"""One TLS context per CA file for the whole process; none for plain HTTP."""

from __future__ import annotations

import ssl
from pathlib import Path

from offline_queue.tls import tls_context, verify_for


def test_plain_http_loads_no_ca_bundle_and_https_shares_one_verifying_context() -> None:
    assert verify_for("http://127.0.0.1:8765") is False
    a = verify_for("https://gov.example.cn/api")
    b = verify_for("https://pay.example.cn")
    assert isinstance(a, ssl.SSLContext) and a is b
    assert a.verify_mode is ssl.CERT_REQUIRED and a.check_hostname


def test_a_configured_ca_file_gets_its_own_context(tmp_path: Path) -> None:
    import certifi

    ca = tmp_path / "ca.pem"
    ca.write_bytes(Path(certifi.where()).read_bytes())
    own = verify_for("https://gov.example.cn", ca)
    assert own is tls_context(ca) and own is not verify_for("https://gov.example.cn")
