"""Factories of the signature pad: ``serial`` (our point-stream protocol), ``sim`` (the
emulator on a pty, driven by the real serial driver) and ``screen`` (the touch screen)."""

from __future__ import annotations

from drivers.base import Device
from drivers.signature_pad import ScreenSignaturePad, SerialSignaturePad
from drivers.signature_pad_emulator import SignaturePadEmulator
from kiosk.config import SignaturePadConfig
from kiosk.devices.manager import DeviceContext


def serial(ctx: DeviceContext) -> Device:
    s: SignaturePadConfig = ctx.settings
    return SerialSignaturePad(s.port, s.baud, name=ctx.name, timeout_s=s.read_timeout_s)


def sim(ctx: DeviceContext) -> Device:
    """The real serial driver talking to the pad emulator over a pseudo-terminal.

    The emulator is left in ``ctx.extras["signature_pad_emulator"]`` so that the
    demo (or a test) can make it draw strokes and press buttons.
    """
    s: SignaturePadConfig = ctx.settings
    emulator = SignaturePadEmulator()
    ctx.extras["signature_pad_emulator"] = emulator
    return SerialSignaturePad(emulator.port, s.baud, name=ctx.name, timeout_s=s.read_timeout_s)


def screen(ctx: DeviceContext) -> Device:
    return ScreenSignaturePad(ctx.name)
