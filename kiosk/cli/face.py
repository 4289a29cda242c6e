"""``kiosk face``: verify a face photo or video against a reference photo (technician tool)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import click

from kiosk.cli.main import load_cli_config

IMAGE_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".bmp": "bmp"}


@click.group()
def face() -> None:
    """Face verification tools (the same pipeline and thresholds as the terminal)."""


@face.command()
@click.option(
    "--reference",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help="Reference photo (an ID card photo: JPEG, PNG or BMP).",
)
@click.option(
    "--probe",
    type=click.Path(exists=True, path_type=Path),
    required=True,
    help="Photo, video file or image-sequence directory of the person in front of the camera.",
)
@click.option("--threshold", type=float, default=None, help="Override face.threshold.")
@click.option(
    "--max-frames", type=int, default=300, show_default=True, help="Video: frames to try."
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_context
def verify(
    ctx: click.Context,
    reference: Path,
    probe: Path,
    threshold: float | None,
    max_frames: int,
    as_json: bool,
) -> None:
    """Compare PROBE with REFERENCE: distance, decision, quality gates and timings.

    For a video or an image sequence, frames are tried in order until one passes
    the quality gates (as the terminal does); that frame decides.
    Exit status: 0 same person, 1 not the same person or no usable frame, 2 error.
    """
    from drivers.base import DeviceError
    from drivers.camera import IMAGE_SUFFIXES, FileSource
    from kiosk.biometrics.face import DlibBackend, FaceError, FaceVerifier
    from kiosk.identity.document import Photo

    config = load_cli_config(ctx)
    face_cfg = config.face
    if threshold is not None:
        if not 0 < threshold < 1:
            raise click.BadParameter("must be between 0 and 1", param_hint="--threshold")
        face_cfg = face_cfg.model_copy(update={"threshold": threshold})
    fmt = IMAGE_FORMATS.get(reference.suffix.lower())
    if fmt is None:
        _fail(ctx, f"reference must be a JPEG, PNG or BMP file: {reference.name}")
    try:
        t0 = time.perf_counter()
        backend = DlibBackend(face_cfg.encoding_model)
        load_ms = (time.perf_counter() - t0) * 1000
        verifier = FaceVerifier(face_cfg, backend)
        t0 = time.perf_counter()
        ref = verifier.load_reference(Photo(str(fmt), bytearray(reference.read_bytes())))
        reference_ms = (time.perf_counter() - t0) * 1000
    except FaceError as e:
        _fail(ctx, e.detail)
    is_image = probe.is_file() and probe.suffix.lower() in IMAGE_SUFFIXES
    source = FileSource(probe, fps=0, loop=False)
    frames_tried = 0
    result: Any = None
    try:
        source.open()
        while frames_tried < (1 if is_image else max_frames):
            try:
                image = source.read()
            except DeviceError:
                break  # end of the video
            frames_tried += 1
            result = verifier.verify(image, ref)
            if result.quality.ok:
                break
    except DeviceError as e:
        _fail(ctx, f"cannot read probe: {e.detail}")
    except FaceError as e:
        _fail(ctx, e.detail)
    finally:
        source.release()
        ref.wipe()
    if result is None:
        _fail(ctx, f"no frame could be read from {probe.name}")
    out = {
        **result.to_dict(),
        "frames_tried": frames_tried,
        "model_load_ms": round(load_ms, 1),
        "reference_ms": round(reference_ms, 1),
    }
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False))
    else:
        q = result.quality
        if q.ok:
            verdict = "SAME PERSON" if result.accepted else "DIFFERENT PERSON"
            click.echo(f"{verdict}: distance {result.distance:.3f} (threshold {result.threshold})")
        else:
            click.echo(f"NO DECISION: {q.issue} — {q.message}")
        click.echo(
            f"quality: faces={q.faces} face_px={q.face_px} sharpness={q.sharpness:.0f} "
            f"(min {face_cfg.min_sharpness:.0f}) brightness={q.brightness:.0f} "
            f"({face_cfg.min_brightness:.0f}–{face_cfg.max_brightness:.0f})"
        )
        click.echo(
            f"timing: detect {q.detect_ms:.0f} ms, encode {result.encode_ms:.0f} ms, "
            f"reference {reference_ms:.0f} ms, models {load_ms:.0f} ms; frames tried {frames_tried}"
        )
    ctx.exit(0 if result.accepted else 1)


def _fail(ctx: click.Context, message: str) -> Any:
    click.echo(f"error: {message}", err=True)
    ctx.exit(2)
