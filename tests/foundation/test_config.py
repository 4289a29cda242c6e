from pathlib import Path

import pytest

from kiosk.config import DEFAULT_CONFIG_PATH, load_config
from kiosk.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "k.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_default_config_loads_and_data_dir_override(tmp_path: Path) -> None:
    cfg = load_config(DEFAULT_CONFIG_PATH, tmp_path / "state")
    paths = cfg.resolved_paths
    assert paths.data_dir == (tmp_path / "state").resolve()
    for p in (paths.outbox_dir, paths.log_dir, paths.audit_log, paths.key_file):
        assert str(p).startswith(str(paths.data_dir))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")


def test_syntax_error_names_the_file(tmp_path: Path) -> None:
    p = write(tmp_path, "[kiosk\nid = 1")
    with pytest.raises(ConfigError, match="TOML syntax error"):
        load_config(p)


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ('[kiosk]\nid = "A1"\nregion = "35010"\n', "kiosk.region", "'35010'"),
        (
            '[kiosk]\nid = "A1"\nregion = "350102"\n[devices.idcard]\nbaud = 12345\n',
            "devices.idcard.baud",
            "12345",
        ),
        (
            '[kiosk]\nid = "A1"\nregion = "350102"\n[session]\nidle_timeout_s = 30\nidle_warning_s = 40\n',
            "session.idle_warning_s",
            "40",
        ),
        ('[kiosk]\nid = "A1"\nregion = "350102"\n[ui]\nlanguage = "fr"\n', "ui.language", "'fr'"),
        ('[kiosk]\nid = "A1"\nregion = "350102"\ncolour = "red"\n', "kiosk.colour", "'red'"),
    ],
)
def test_bad_values_name_field_value_and_reason(
    tmp_path: Path, text: str, field: str, value: str
) -> None:
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, text))
    msg = str(exc.value)
    line = next(ln for ln in msg.splitlines() if field in ln)
    assert value in line
    assert ":" in line.split(value, 1)[1]  # a reason follows the value


def test_cli_bad_config_prints_message_not_traceback(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kiosk.cli.main import cli

    p = write(tmp_path, '[kiosk]\nid = "bad id!"\nregion = "350102"\n')
    result = CliRunner().invoke(cli, ["--config", str(p), "audit", "verify"], obj={})
    assert result.exit_code == 2
    assert "kiosk.id" in result.output
    assert "Traceback" not in result.output


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"kiosk\.region: required field is missing"):
        load_config(write(tmp_path, '[kiosk]\nid = "A1"\n'))
