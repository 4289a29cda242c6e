"""``kiosk scan``: run the document scanning pipeline on image files, write one PDF."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from kiosk.cli.main import load_cli_config


class _GreedyInputCommand(click.Command):
    """``--input a.jpg b.jpg --input c.jpg`` keeps the page order a, b, c.

    Click options take one value each; the bare file names following ``--input``
    are rewritten as repeated ``--input`` options before parsing, so the order on
    the command line is the order of the pages in the PDF.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        out: list[str] = []
        greedy = False
        for arg in args:
            if arg == "--input":
                greedy = True
                out.append(arg)
                continue
            if arg.startswith("-"):
                greedy = False
            elif greedy and out[-1] != "--input":
                out.append("--input")
            out.append(arg)
        return super().parse_args(ctx, out)


@click.command(cls=_GreedyInputCommand)
@click.option(
    "--input",
    "inputs",
    type=click.Path(path_type=Path, dir_okay=False),
    multiple=True,
    required=True,
    help="A photographed page (JPEG, PNG…). Repeat, or list several after one --input.",
)
@click.option(
    "--out", type=click.Path(path_type=Path, dir_okay=False), required=True, help="PDF to write."
)
@click.option(
    "--enhance",
    "enhance",
    flag_value="text",
    default=None,
    help="Enhance for text (flattened background, stronger contrast, greyscale).",
)
@click.option(
    "--binary",
    "enhance",
    flag_value="binary",
    help="Black-and-white (adaptive threshold): smallest files.",
)
@click.option("--quality", type=click.IntRange(30, 100), default=None, help="JPEG quality.")
@click.pass_context
def scan(
    ctx: click.Context,
    inputs: tuple[Path, ...],
    out: Path,
    enhance: str | None,
    quality: int | None,
) -> None:
    """Find the page in each image, straighten and crop it, and assemble a PDF.

    Example: kiosk scan --input p1.jpg p2.jpg --out materials.pdf --enhance
    """
    from kiosk.devices.factories.document_camera import scan_settings
    from kiosk.materials.scanning import (
        Enhancement,
        ScanError,
        assemble_pdf,
        decode_image,
        human_size,
        scan_page,
    )

    cfg = load_cli_config(ctx).devices.document_camera
    settings = scan_settings(cfg, Enhancement(enhance) if enhance else None)
    if quality is not None:
        from dataclasses import replace

        settings = replace(settings, jpeg_quality=quality)
    pages: list[bytes] = []
    for path in inputs:
        try:
            data = path.read_bytes()
        except OSError as e:
            click.echo(f"error: cannot read {path}: {e.strerror}", err=True)
            ctx.exit(1)
        try:
            result = scan_page(decode_image(data), settings)
        except ScanError as e:
            click.echo(f"error: {path}: {e.detail}", err=True)
            ctx.exit(1)
        found = "page found" if result.page_found else "NO PAGE OUTLINE (whole frame kept)"
        warnings = [str(i) for i in result.quality.issues if i.value != "no_page"]
        click.echo(
            f"{path.name}: {found}, {result.width}x{result.height}, "
            f"sharpness {result.quality.sharpness:.0f}, glare {result.quality.glare_fraction:.2%}"
            + (f", skew {result.skew_deg:+.1f}°" if result.skew_deg else "")
            + (f", WARNING: {', '.join(warnings)}" if warnings else "")
        )
        pages.append(result.jpeg)
    try:
        doc = assemble_pdf(pages, title=out.stem)
    except ScanError as e:
        click.echo(f"error: {e.detail}", err=True)
        ctx.exit(1)
    # Write beside the target and rename: an interrupted run leaves no half PDF.
    tmp: str | None = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(doc.data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, out)
    except OSError as e:
        if tmp is not None and os.path.exists(tmp):
            os.unlink(tmp)
        click.echo(f"error: cannot write {out}: {e.strerror}", err=True)
        ctx.exit(1)
    click.echo(
        f"{out}: {doc.page_count} page(s), {human_size(doc.size_bytes)} "
        f"({human_size(doc.size_bytes // doc.page_count)} per page)"
    )
