import json
from pathlib import Path

from click.testing import CliRunner

from kiosk.cli.main import cli
from kiosk.ops.audit import AuditLog, verify


def make_log(tmp_path: Path, n: int = 5) -> Path:
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    for i in range(n):
        log.append("event", i=i, note="for 110101199001010015")
    return path


def test_intact_chain_verifies_and_holds_no_id_number(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    report = verify(path)
    assert report.ok and report.entries == 5
    assert "110101199001010015" not in path.read_text()


def test_reopen_continues_the_chain(tmp_path: Path) -> None:
    path = make_log(tmp_path, 3)
    AuditLog(path).append("more")
    assert verify(path).ok and verify(path).entries == 4


def test_modified_line_is_detected(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    lines = path.read_text().splitlines()
    rec = json.loads(lines[2])
    rec["data"]["i"] = 99
    lines[2] = json.dumps(rec, ensure_ascii=False, sort_keys=True)
    path.write_text("\n".join(lines) + "\n")
    report = verify(path)
    assert not report.ok
    assert any(p.line == 3 and "modified" in p.reason for p in report.problems)


def test_deleted_middle_line_is_detected(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    lines = path.read_text().splitlines()
    del lines[1]
    path.write_text("\n".join(lines) + "\n")
    report = verify(path)
    assert not report.ok
    assert any("chain broken" in p.reason for p in report.problems)


def test_deleted_last_line_is_detected_by_head(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines[:-1]) + "\n")
    report = verify(path)
    assert not report.ok
    assert any("head" in p.reason for p in report.problems)


def test_cli_exit_codes(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    runner = CliRunner()
    ok = runner.invoke(cli, ["audit", "verify", "--file", str(path)], obj={})
    assert ok.exit_code == 0 and "OK" in ok.output
    path.write_text(path.read_text().replace('"i": 1', '"i": 7'))
    bad = runner.invoke(cli, ["audit", "verify", "--file", str(path), "--json"], obj={})
    assert bad.exit_code == 1
    assert json.loads(bad.output)["ok"] is False


def test_two_writers_keep_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    a, b = AuditLog(path), AuditLog(path)  # e.g. the terminal and a CLI tool
    for i in range(5):
        a.append("from_a", i=i)
        b.append("from_b", i=i)
    report = verify(path)
    assert report.ok, report.problems
    assert report.entries == 10
