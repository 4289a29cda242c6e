"""``kiosk face verify`` on real photographs."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kiosk.cli.main import cli
from tests.face.conftest import FACES, SIM_FACE


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["face", "verify", *args], obj={})
    return result.exit_code, result.stdout, result.stderr


def test_same_person_json(dlib_backend) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _run(
        "--reference",
        str(FACES / "card_obama2.jpg"),
        "--probe",
        str(FACES / "frame_obama3.jpg"),
        "--json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["accepted"] is True
    assert 0 < data["distance"] < data["threshold"]
    assert data["quality"]["ok"] is True and data["quality"]["faces"] == 1
    assert data["encode_ms"] > 0 and data["detect_ms"] > 0


def test_different_person_text(dlib_backend) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _run(
        "--reference", str(FACES / "card_biden.jpg"), "--probe", str(FACES / "frame_obama.jpg")
    )
    assert code == 1
    assert out.startswith("DIFFERENT PERSON: distance 0.")
    assert "timing: detect" in out


def test_image_sequence_probe(dlib_backend) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _run(
        "--reference", str(SIM_FACE / "card_photo.jpg"), "--probe", str(SIM_FACE), "--json"
    )
    assert code == 0
    assert json.loads(out)["frames_tried"] == 1


def test_quality_gate_reported(dlib_backend) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _run(
        "--reference", str(FACES / "card_obama2.jpg"), "--probe", str(FACES / "frame_two_faces.jpg")
    )
    assert code == 1
    assert "NO DECISION: multiple_faces" in out


def test_errors_are_one_line(dlib_backend) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _run(
        "--reference", str(FACES / "README.md"), "--probe", str(FACES / "frame_obama.jpg")
    )
    assert code == 2
    assert err.strip().count("\n") == 0 and err.startswith("error: reference must be")
    code, _, err = _run(
        "--reference", str(FACES / "frame_two_faces.jpg"), "--probe", str(FACES / "frame_obama.jpg")
    )
    assert code == 2
    assert "reference photo shows 2 faces" in err
    assert "Traceback" not in err
