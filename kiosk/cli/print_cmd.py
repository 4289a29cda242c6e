"""``kiosk print``: list templates, print receipts and certificates, printer status, verify a QR."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from kiosk.cli.main import load_cli_config


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def _guard(fn: Callable[[], Any]) -> Any:
    """Run ``fn``; turn our known errors into one line on stderr."""
    from drivers.base import DeviceError
    from printer_templates import TemplateError

    try:
        return fn()
    except TemplateError as e:
        _fail(e.detail)
    except DeviceError as e:
        _fail(f"{e.detail} ({e.resident_message})")


def _load_data(template: str, data_file: Path | None, sample: bool) -> dict[str, Any]:
    from printer_templates import load_sample

    if sample == (data_file is not None):
        _fail("give exactly one of --data FILE.json or --sample", 2)
    if sample:
        sample_data: dict[str, Any] = _guard(lambda: load_sample(template))
        return sample_data
    assert data_file is not None
    try:
        data = json.loads(data_file.read_text(encoding="utf-8"))
    except OSError as e:
        _fail(f"cannot read {data_file}: {e.strerror}")
    except ValueError as e:
        _fail(f"{data_file} is not valid JSON: {e}")
    if not isinstance(data, dict):
        _fail(f"{data_file} must hold a JSON object")
    return data


@click.group("print")
def print_group() -> None:
    """Receipts (ESC/POS) and certificates (PDF): templates, printing, status."""


@print_group.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def templates(as_json: bool) -> None:
    """List templates: name, kind, title and fields (* = required)."""
    from printer_templates import list_templates

    items = list_templates()
    if as_json:
        out = [
            {
                "name": t.name,
                "kind": t.kind.value,
                "title": t.title,
                "required": t.required_fields,
                "fields": [
                    {
                        "name": f.name,
                        "type": f.type_name,
                        "required": f.required,
                        "description": f.description,
                    }
                    for f in t.fields
                ],
                "sample": str(t.sample_path),
            }
            for t in items
        ]
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for t in items:
        click.echo(f"{t.name}  [{t.kind.value}]  {t.title}")
        for f in t.fields:
            mark = "*" if f.required else " "
            click.echo(f"   {mark} {f.name:<22} {f.type_name:<28} {f.description}")


@print_group.command()
@click.option("--template", "-t", "template", required=True, help="Receipt template name.")
@click.option("--data", "data_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sample", is_flag=True, help="Use the template's sample data (fictional).")
@click.option(
    "--printer",
    "uri",
    default=None,
    help="tcp://HOST:PORT, serial:///dev/X?baud=N, usb://VID:PID, file:///dev/usb/lp0, "
    "or 'sim' (in-process emulator). Default: the configured printer.",
)
@click.option("--width", type=click.Choice(["58", "80"]), default=None, help="Paper width (mm).")
@click.option(
    "--encoding", type=click.Choice(["GB18030", "GBK", "none"]), default=None, help="Encoding."
)
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), help="Also save the bytes.")
@click.option(
    "--png", type=click.Path(path_type=Path, dir_okay=False), help="With --printer sim: save a PNG."
)
@click.pass_context
def receipt(
    ctx: click.Context,
    template: str,
    data_file: Path | None,
    sample: bool,
    uri: str | None,
    width: str | None,
    encoding: str | None,
    out: Path | None,
    png: Path | None,
) -> None:
    """Render a receipt template and print it."""
    from drivers.receipt_printer import ReceiptPrinter
    from kiosk.devices.factories.receipt_printer import receipt_profile
    from printer_templates import Encoding, PrinterProfile, render_receipt

    config = load_cli_config(ctx)
    settings = config.devices.receipt_printer
    base = receipt_profile(settings, config)
    profile = PrinterProfile(
        int(width) if width else base.paper_width_mm,
        Encoding(encoding) if encoding else base.encoding,
        base.font,
    )
    data = _load_data(template, data_file, sample)
    rendered = _guard(lambda: render_receipt(template, data, profile))
    if out is not None:
        out.write_bytes(rendered.data)
    emulator = None
    target = uri or settings.uri
    if target == "sim":
        from drivers.escpos_emulator import EscPosEmulator

        charset = "GBK" if profile.encoding is Encoding.GBK else "GB18030"
        emulator = EscPosEmulator(paper_width_mm=profile.paper_width_mm, charset=charset).start()
        target = emulator.uri
    printer = ReceiptPrinter(
        target, status_timeout_s=settings.status_timeout_s, job_timeout_s=settings.job_timeout_s
    )
    try:
        report = _guard(lambda: printer.print_job(rendered.data, job_id=template))
    finally:
        printer.close()
    click.echo(
        f"printed {template}: {report.bytes_sent} bytes, {rendered.raster_lines} raster line(s), "
        f"{report.seconds * 1000:.0f} ms, paper {report.state.paper.value}"
    )
    if rendered.replaced:
        click.echo(f"note: {len(rendered.replaced)} character(s) no font has, printed as 〓")
    if emulator is not None:
        receipts = emulator.wait_for_receipts(1, timeout=2)
        if png is not None and receipts:
            png.write_bytes(receipts[-1].render_png(emulator.paper_dots))
            click.echo(f"rendered {png}")
        emulator.stop()


@print_group.command()
@click.option("--template", "-t", "template", required=True, help="Certificate template name.")
@click.option("--data", "data_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sample", is_flag=True, help="Use the template's sample data (fictional).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), required=True)
@click.option("--queue", default=None, help="Also print on this CUPS queue.")
@click.option("--server", default=None, help="CUPS server (host:port or socket path).")
@click.option(
    "--seal-key",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The platform's PEM seal key (test and platform rigs only: terminals hold none).",
)
@click.pass_context
def certificate(
    ctx: click.Context,
    template: str,
    data_file: Path | None,
    sample: bool,
    out: Path,
    queue: str | None,
    server: str | None,
    seal_key: Path | None,
) -> None:
    """Render a certificate (sealed verification QR) to a PDF; optionally print it."""
    from kiosk.devices.factories.document_printer import certificate_pdf, font_spec
    from printer_templates import TemplateKind, get_template, render_pdf
    from printer_templates.signing import CertificateSigner, load_private_key

    config = load_cli_config(ctx)
    data = _load_data(template, data_file, sample)
    info = _guard(lambda: get_template(template))
    if info.kind is TemplateKind.CERTIFICATE:
        if seal_key is None:
            _fail("certificates are sealed by the platform; this needs --seal-key (its key)")
        assert seal_key is not None
        verify_base = config.devices.document_printer.verify_url
        signer = _guard(lambda: CertificateSigner(load_private_key(seal_key), verify_base))
        rendered = _guard(lambda: certificate_pdf(config, template, data, signer))
    else:
        rendered = _guard(lambda: render_pdf(template, data, font=font_spec(config)))
    try:
        out.write_bytes(rendered.pdf)
    except OSError as e:
        _fail(f"cannot write {out}: {e.strerror}")
    click.echo(f"wrote {out} ({len(rendered.pdf)} bytes)")
    if rendered.verification_url:
        click.echo(f"verification URL: {rendered.verification_url}")
    if rendered.replaced:
        click.echo(f"note: {len(rendered.replaced)} character(s) no font has, drawn as 〓")
    if queue:
        from drivers.document_printer import DocumentPrinter

        a4 = config.devices.document_printer
        printer = DocumentPrinter(
            queue,
            server=server if server is not None else a4.server,
            job_timeout_s=a4.job_timeout_s,
        )
        outcome = _guard(lambda: printer.print_pdf(rendered.pdf, info.title))
        click.echo(f"printed on {queue}: job {outcome.job_id} completed in {outcome.seconds:.1f} s")


@print_group.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def status(ctx: click.Context, as_json: bool) -> None:
    """Status of the configured receipt printer and A4 queue (exit 1 if one is unusable)."""
    from drivers.base import DeviceError, DeviceStatus, Health
    from drivers.document_printer import DocumentPrinter
    from drivers.receipt_printer import ReceiptPrinter

    config = load_cli_config(ctx)
    rs = config.devices.receipt_printer
    a4 = config.devices.document_printer
    results: dict[str, tuple[str, Health]] = {}

    def probe(name: str, where: str, make: Callable[[], Any]) -> None:
        try:
            device = make()
            device.open()
            try:
                results[name] = (where, device.status())
            finally:
                device.close()
        except DeviceError as e:
            results[name] = (where, Health(e.status, e.detail))

    if rs.driver == "sim":
        results["receipt_printer"] = ("sim", Health.ok("emulator (started with the terminal)"))
    else:
        probe(
            "receipt_printer",
            rs.uri,
            lambda: ReceiptPrinter(rs.uri, status_timeout_s=rs.status_timeout_s),
        )
    if a4.driver == "sim":
        results["document_printer"] = ("sim", Health.ok("private cupsd or PDF directory"))
    else:
        probe(
            "document_printer",
            f"{a4.queue}@{a4.server or 'default'}",
            lambda: DocumentPrinter(a4.queue, server=a4.server),
        )
    if as_json:
        click.echo(
            json.dumps(
                {
                    k: {"target": w, "status": str(h.status), "detail": h.detail}
                    for k, (w, h) in results.items()
                },
                ensure_ascii=False,
            )
        )
    else:
        for name, (where, health) in results.items():
            click.echo(f"{name:<17} {health.status:<9} {where}  {health.detail}")
    usable = all(h.status in (DeviceStatus.OK, DeviceStatus.DEGRADED) for _, h in results.values())
    ctx.exit(0 if usable else 1)


@print_group.command()
@click.argument("url")
@click.option("--template", "-t", "template", default=None, help="Template of --data.")
@click.option("--data", "data_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--sample", is_flag=True, help="Check the fields against the sample data.")
@click.option("--public-key", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.pass_context
def verify(
    ctx: click.Context,
    url: str,
    template: str | None,
    data_file: Path | None,
    sample: bool,
    public_key: Path | None,
) -> None:
    """Verify a certificate's QR URL (signature, and the fields if --data/--sample)."""
    from kiosk.devices.factories.document_printer import seal_key_path
    from printer_templates import signed_fields
    from printer_templates.signing import load_public_key, parse_url, verify_url

    config = load_cli_config(ctx)
    claim, _ = _guard(lambda: parse_url(url))
    fields = None
    if data_file is not None or sample:
        name = template or claim.template
        data = _load_data(name, data_file, sample)
        fields = _guard(lambda: signed_fields(name, data))
    if public_key is None:
        public_key = seal_key_path(config)  # the platform's, from the configuration
    key = _guard(lambda: load_public_key(public_key))
    result = _guard(lambda: verify_url(url, key, fields))
    checked = "signature and fields" if result.fields_checked else "signature only"
    click.echo(f"OK: certificate {result.claim.number} ({result.claim.template}), {checked}")
