"""Factories of the face camera: a real UVC camera (OpenCV), or the simulated camera."""

from __future__ import annotations

from drivers.camera import FaceCamera, FileSource, OpenCvSource, parse_device
from kiosk.devices.manager import DeviceContext


def opencv(ctx: DeviceContext) -> FaceCamera:
    """A UVC camera by index (``"0"``) or path (``/dev/video0``, ``/dev/v4l/by-id/…``)."""
    s = ctx.settings
    source = OpenCvSource(parse_device(s.source), s.width, s.height, s.fps, s.fourcc)
    return FaceCamera(source, name=ctx.name, **s.idle_kwargs())


def sim(ctx: DeviceContext) -> FaceCamera:
    """A video file, image or image sequence (``sim_source``, relative to the config file)."""
    s = ctx.settings
    path = ctx.config.data_file(s.sim_source)
    source = FileSource(path, fps=s.fps, size=(s.width, s.height))
    return FaceCamera(source, name=ctx.name, **s.idle_kwargs())
