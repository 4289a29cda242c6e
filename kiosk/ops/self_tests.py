"""Interactive device tests for the technician screen (plain Python, no Qt).

What a technician sees when testing a device by hand: a card read shown masked,
a scanned code shown masked, a camera frame with the detected face boxed, a page
captured by the document camera. Nothing here is stored or logged in clear.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.lazy_import import LazyModule

if TYPE_CHECKING:
    import cv2
    import numpy as np
else:  # only the camera tests use them: not imported at start-up (issue 18)
    cv2 = LazyModule("cv2")

from drivers import smartcard as sc
from drivers.base import DeviceEvent
from drivers.idcard import events as idc
from drivers.qr_scanner import CodeScanned, mask_code
from kiosk.identity.interpret import UpdateKind, interpret


@dataclass(frozen=True)
class TestReading:
    """One line for a device tile: what the device just reported, masked."""

    device: str
    text: str
    ok: bool


def reading_from_event(event: DeviceEvent) -> TestReading | None:
    """A device event seen while the technician screen is open, as a masked reading."""
    if isinstance(event, CodeScanned):
        return TestReading(event.device, f"扫码成功：{mask_code(event.text)}", True)
    if isinstance(
        event,
        (
            idc.CardRead,
            sc.SocialSecurityCardRead,
            idc.CardReadFailed,
            sc.CardReadFailed,
            sc.UnsupportedCard,
        ),
    ):
        update = interpret(event)  # validates, and wipes the raw card buffers
        if update is None:
            return None
        if update.kind == UpdateKind.IDENTIFIED and update.document is not None:
            m = update.document.masked()
            update.document.wipe()
            return TestReading(event.device, f"读卡成功：{m['name']} {m['id_number']}", True)
        return TestReading(event.device, f"读卡：{update.message}", False)
    return None


_DETECTOR: Any = None


def frame_with_faces(image: np.ndarray, max_side: int = 480) -> tuple[np.ndarray, int]:
    """A downscaled copy of ``image`` with every detected face boxed, and the count.

    Uses the login's own face backend (HOG), in this process: the technician test
    shows exactly what face login would see. Runs on a worker thread.
    """
    global _DETECTOR
    if _DETECTOR is None:
        from kiosk.biometrics.face import DlibBackend

        _DETECTOR = DlibBackend()
    h, w = image.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    small = cv2.resize(image, (int(w * scale), int(h * scale))) if scale < 1 else image.copy()
    boxes = _DETECTOR.detect(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), 1)
    for b in boxes:
        cv2.rectangle(small, (b.left, b.top), (b.right, b.bottom), (0, 200, 0), 3)
    return small, len(boxes)
