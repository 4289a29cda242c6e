"""``kiosk print``: templates, receipt, certificate, verify, status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from drivers.escpos_emulator import EscPosEmulator
from kiosk.cli.main import cli
from printer_templates.signing import load_or_create_key, public_key_path


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path), "print", *args], obj={})
    return result.exit_code, result.stdout, result.stderr


def test_templates_json_lists_kinds_and_required_fields(tmp_path: Path) -> None:
    code, out, _ = run(tmp_path, "templates", "--json")
    assert code == 0
    items = {t["name"]: t for t in json.loads(out)}
    assert items["acceptance_receipt"]["kind"] == "receipt"
    assert items["no_criminal_record"]["kind"] == "certificate"
    assert "acceptance_number" in items["acceptance_receipt"]["required"]
    assert all(Path(t["sample"]).exists() for t in items.values())


def test_receipt_to_a_network_printer(tmp_path: Path, emulator: EscPosEmulator) -> None:
    code, out, err = run(
        tmp_path, "receipt", "-t", "acceptance_receipt", "--sample", "--printer", emulator.uri
    )
    assert code == 0, err
    assert "printed acceptance_receipt" in out
    assert "MJ2026051200123" in emulator.wait_for_receipts(1)[0].text


def test_receipt_sim_renders_png(tmp_path: Path) -> None:
    png = tmp_path / "r.png"
    code, _out, err = run(
        tmp_path,
        "receipt",
        "-t",
        "mail_result_receipt",
        "--sample",
        "--printer",
        "sim",
        "--width",
        "58",
        "--png",
        str(png),
    )
    assert code == 0, err
    assert png.read_bytes().startswith(b"\x89PNG")


def test_missing_field_is_named_and_nothing_is_printed(
    tmp_path: Path, emulator: EscPosEmulator
) -> None:
    data = tmp_path / "d.json"
    data.write_text(json.dumps({"service_name": "x"}), encoding="utf-8")
    code, _, err = run(
        tmp_path,
        "receipt",
        "-t",
        "acceptance_receipt",
        "--data",
        str(data),
        "--printer",
        emulator.uri,
    )
    assert code == 1
    assert "applicant_name" in err and "Traceback" not in err
    assert emulator.bytes_received == 0


def test_unreachable_printer_is_one_clear_line(tmp_path: Path) -> None:
    code, _, err = run(
        tmp_path,
        "receipt",
        "-t",
        "acceptance_receipt",
        "--sample",
        "--printer",
        "tcp://127.0.0.1:1",
    )
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("error:")


def test_certificate_then_verify(tmp_path: Path) -> None:
    out_pdf = tmp_path / "c.pdf"
    code, _, err = run(
        tmp_path, "certificate", "-t", "no_housing_subsidy", "--sample", "--out", str(out_pdf)
    )
    assert code == 1 and "sealed by the platform" in err  # a terminal has no seal
    # A platform rig's seal (outside the terminal's data dir); the terminal's config
    # holds only the public key, where `verify` looks for it.
    seal = tmp_path / "platform" / "seal.pem"
    load_or_create_key(seal)
    keys = tmp_path / "keys"
    keys.mkdir()
    public_key_path(seal).rename(keys / "platform_seal.pub.pem")
    code, out, err = run(
        tmp_path, "certificate", "-t", "no_housing_subsidy", "--sample", "--out", str(out_pdf),
        "--seal-key", str(seal),
    )  # fmt: skip
    assert code == 0, err
    assert out_pdf.read_bytes().startswith(b"%PDF-")
    url = next(ln.split(": ", 1)[1] for ln in out.splitlines() if ln.startswith("verification"))
    code, out, err = run(tmp_path, "verify", url, "--sample")
    assert code == 0, err
    assert "signature and fields" in out
    code, _, err = run(tmp_path, "verify", url.replace("MJZB", "MJZC"))
    assert code == 1 and "bad signature" in err


@pytest.mark.parametrize("bad", ["nope", "receipt_test_page"])
def test_certificate_rejects_unknown_or_receipt_templates(tmp_path: Path, bad: str) -> None:
    code, _, err = run(tmp_path, "certificate", "-t", bad, "--sample", "--out", str(tmp_path / "x"))
    assert code == 1 and bad in err
