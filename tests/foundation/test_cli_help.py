"""Every command and sub-command of the CLI answers --help (and loads at all)."""

import click
from click.testing import CliRunner

from kiosk.cli.main import COMMANDS, cli


def walk(cmd: click.Command, path: list[str]):
    yield path
    if isinstance(cmd, click.Group):
        ctx = click.Context(cmd)
        for name in cmd.list_commands(ctx):
            yield from walk(cmd.get_command(ctx, name), [*path, name])


def test_every_command_has_help() -> None:
    runner = CliRunner()
    paths = list(walk(cli, []))
    assert len(paths) > len(COMMANDS) + 10
    for path in paths:
        result = runner.invoke(cli, [*path, "--help"], obj={})
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output
