"""``kiosk demo``: the walkthrough that screenshots every screen, and the start-up probe."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def demo() -> None:
    """Demo tools: screenshots of every screen, start-up probe."""


@demo.command()
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Directory for the NN-screen.png files.",
)
@click.option("--size", default="1920x1080", show_default=True, help="Screen size, WxH.")
@click.option("--elderly", is_flag=True, help="Run every step in elderly mode.")
@click.option(
    "--lang",
    default="zh_CN",
    show_default=True,
    type=click.Choice(["zh_CN", "zh_TW", "en"]),
    help="Resident language of every step.",
)
@click.pass_context
def walkthrough(ctx: click.Context, out_dir: Path, size: str, elderly: bool, lang: str) -> None:
    """Drive the app offscreen through every screen and save one PNG per step.

    Each PNG is exactly the screen's size.
    """
    from kiosk.ui.walkthrough.harness import Display, WalkthroughOptionError
    from kiosk.ui.walkthrough.run import run_walkthrough

    try:
        w, h = Display.parse_size(size)
    except WalkthroughOptionError as e:
        raise click.BadParameter(str(e), param_hint="--size") from e
    root = ctx.find_root().obj or {}
    shots = run_walkthrough(
        out_dir,
        config_path=root.get("config_path"),
        data_dir=root.get("data_dir"),
        display=Display(w, h, elderly, lang),
    )
    for s in shots:
        click.echo(str(s))
    stalls = out_dir / "stalls.txt"
    if stalls.exists():
        click.echo(stalls.read_text(encoding="utf-8").strip())


@demo.command("startup-probe", hidden=True)
def startup_probe() -> None:
    """Print a JSON line when the attract screen has been painted (used by bench/startup.py)."""
    from kiosk.ui.startup_probe import run_startup_probe

    sys.exit(run_startup_probe())
