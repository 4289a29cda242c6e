"""Stand-in camera sources for tests that pull a camera out."""

from __future__ import annotations

import numpy as np

from drivers.camera import CameraLost, FileSource


class Unpluggable(FileSource):
    """The simulated camera, which can be unplugged: reads and reopens fail from then on."""

    unplugged = False

    def open(self) -> None:
        if self.unplugged:
            raise CameraLost("camera unplugged")
        super().open()

    def read(self) -> np.ndarray:
        if self.unplugged:
            raise CameraLost("camera unplugged")
        return super().read()
