"""Factories of the document camera: ``opencv`` (a UVC camera) and ``sim`` (image stills)."""

from __future__ import annotations

from drivers.document_camera import DocumentCamera, open_document_source, simulated_document_camera
from kiosk.config import DocumentCameraConfig
from kiosk.devices.manager import DeviceContext
from kiosk.materials.scanning import Enhancement, ScanSettings


def opencv(ctx: DeviceContext) -> DocumentCamera:
    """The real camera at the configured resolution, FOURCC (MJPG) and fps."""
    s: DocumentCameraConfig = ctx.settings
    source = open_document_source(s.source, s.width, s.height, s.fps, s.fourcc)
    return DocumentCamera(
        source,
        name=ctx.name,
        expected_size=(s.width, s.height),
        **s.idle_kwargs(),
    )


def sim(ctx: DeviceContext) -> DocumentCamera:
    """Photographed pages from ``sim_source`` (``config/sim/documents``), in sequence.txt order."""
    s: DocumentCameraConfig = ctx.settings
    return simulated_document_camera(
        ctx.config.data_file(s.sim_source),
        fps=s.fps,
        name=ctx.name,
        **s.idle_kwargs(),
    )


def scan_settings(s: DocumentCameraConfig, enhancement: Enhancement | None = None) -> ScanSettings:
    """The scan pipeline's settings from the document camera's configuration."""
    return ScanSettings(
        jpeg_quality=s.jpeg_quality,
        enhancement=enhancement if enhancement is not None else Enhancement(s.enhancement),
        max_page_side=s.max_page_side,
        blur_threshold=s.blur_threshold,
        glare_max_fraction=s.glare_max_fraction,
    )
