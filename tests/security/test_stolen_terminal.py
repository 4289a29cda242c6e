"""A stolen terminal cannot issue a certificate anyone will accept.

The platform holds the seal and signs each certificate when it issues the result
(instant approval online); the terminal checks that signature with the platform's
public key from its configuration and prints. The attacker here has everything on
the terminal's disk after it ran (its data directory and the project's config
tree, demo keys included) and the verifier the terminal uses (``kiosk print
verify``), against the real reference platform on 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.app.terminal import Terminal
from kiosk.app.wiring import attach_services
from kiosk.cli.main import cli
from kiosk.config import PROJECT_ROOT, KioskConfig, load_config
from kiosk.services.printing import CertificateNotSealed, certificate_fields, sealed_certificate
from printer_templates import signed_fields
from printer_templates.signing import CertificateSigner
from tests.platform_seal import SealingPlatform

NAME, ID_NUMBER = "欧阳明珠", "350102199203150047"
TEMPLATE, SERVICE = "no_criminal_record", "ZM-WFZJL"


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[SealingPlatform]:
    with SealingPlatform(tmp_path / "platform" / "p.db", "K1", frozenset({SERVICE})) as p:
        yield p


@pytest.fixture
def config(tmp_path: Path, platform: SealingPlatform) -> KioskConfig:
    base = load_config(data_dir=tmp_path / "terminal")
    kiosk = base.kiosk.model_copy(update={"id": "K1"})
    return platform.provision(base.model_copy(update={"kiosk": kiosk}))


def _facts(number: str, name: str = NAME) -> dict[str, Any]:
    return {
        "name": name,
        "id_number": ID_NUMBER,
        "department": "福州市公安局",
        "values": {"purpose": "就业"},
        "acceptance_number": number,
    }


def _verify(config: KioskConfig, url: str) -> tuple[int, str]:
    """The terminal's verifier, with the terminal's configuration (the platform's key)."""
    r = CliRunner().invoke(
        cli, ["--data-dir", str(config.resolved_paths.data_dir), "print", "verify", url], obj={}
    )
    return r.exit_code, r.output + (r.stderr if r.stderr_bytes else "")


def _private_keys(roots: list[Path]) -> dict[str, Ed25519PrivateKey]:
    """Every Ed25519 private key an attacker can make of the files: PEM, or 32 raw bytes."""
    found: dict[str, Ed25519PrivateKey] = {}
    for root in roots:
        for f in root.rglob("*"):
            if not f.is_file() or f.stat().st_size > 1 << 20:
                continue
            data = f.read_bytes()
            try:
                key = serialization.load_pem_private_key(data, password=None)
                if isinstance(key, Ed25519PrivateKey):
                    found[str(f)] = key
            except (ValueError, TypeError):
                pass
            if len(data) == 32:  # a raw secret (the outbox key) used as a seed
                found[f"{f} (raw)"] = Ed25519PrivateKey.from_private_bytes(data)
    return found


def test_nothing_on_a_stolen_terminal_signs_a_certificate_the_verifier_accepts(
    config: KioskConfig, platform: SealingPlatform
) -> None:
    # The terminal starts (outbox key and all) and issues one real certificate.
    terminal = Terminal(config, setup_log=False)
    attach_services(terminal, heartbeat=False)
    terminal.stop()
    number = platform.file_case(SERVICE, {"name": NAME, "id_number": ID_NUMBER})
    fields = certificate_fields(TEMPLATE, _facts(number), "K1")
    genuine = sealed_certificate(config, TEMPLATE, fields).verification_url
    assert genuine is not None
    code, out = _verify(config, genuine)
    assert code == 0, out

    # The attack: every key file on the terminal's disk, plus one of the attacker's own.
    data_dir = config.resolved_paths.data_dir
    keys = _private_keys([data_dir, PROJECT_ROOT / "config"])
    assert any("outbox.key" in k for k in keys), sorted(keys)  # the scan does find keys
    keys["attacker's own"] = Ed25519PrivateKey.generate()
    verify_base = config.devices.document_printer.verify_url
    forged_fields = signed_fields(TEMPLATE, certificate_fields(TEMPLATE, _facts(number, "王小明"), "K1"))  # fmt: skip
    for where, key in keys.items():
        forged = CertificateSigner(key, verify_base).url_for(
            TEMPLATE, number, str(forged_fields["issued_on"]), forged_fields
        )
        code, out = _verify(config, forged)
        assert code == 1 and "unknown key" in out, f"{where}: {out}"
    # Nor is the platform's seal anywhere on the disk.
    seal: Ed25519PrivateKey = platform.server.server.config.app.state.seal_key
    raw = seal.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    for f in data_dir.rglob("*"):
        assert not f.is_file() or raw not in f.read_bytes(), f

    # The genuine QR re-pointed at another certificate number fails its signature.
    code, out = _verify(config, genuine.replace(f"n={number}", "n=ZM000000000001"))
    assert code == 1 and "bad signature" in out


def test_the_terminal_prints_only_what_the_platform_sealed(
    config: KioskConfig, platform: SealingPlatform
) -> None:
    mine = platform.file_case(SERVICE, {"name": NAME, "id_number": ID_NUMBER})
    # Someone else's name as holder of this resident's case: the platform refuses.
    with pytest.raises(CertificateNotSealed, match="not_applicant"):
        sealed_certificate(config, TEMPLATE, certificate_fields(TEMPLATE, _facts(mine, "王小明"), "K1"))  # fmt: skip
    # A service the platform does not approve on the spot: no certificate.
    manual = platform.file_case("SB-JFJL", {"name": NAME, "id_number": ID_NUMBER})
    with pytest.raises(CertificateNotSealed, match="not_instant"):
        sealed_certificate(config, TEMPLATE, certificate_fields(TEMPLATE, _facts(manual), "K1"))
    # A terminal configured with another platform key (or a swapped seal) refuses to print.
    other = Ed25519PrivateKey.generate().public_key()
    (config.resolved_paths.data_dir / "keys" / "platform_seal.pub.pem").write_bytes(
        other.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    with pytest.raises(CertificateNotSealed, match="unknown key"):
        sealed_certificate(config, TEMPLATE, certificate_fields(TEMPLATE, _facts(mine), "K1"))
    # Offline there is no certificate at all.
    platform.server.stop()
    with pytest.raises(CertificateNotSealed, match="platform did not seal"):
        sealed_certificate(config, TEMPLATE, certificate_fields(TEMPLATE, _facts(mine), "K1"))
