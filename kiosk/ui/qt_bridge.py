"""The one bridge from device threads to the Qt event loop.

Device events arrive on device threads. :class:`QtBridge` re-emits them as a Qt
signal; because the bridge lives in the UI thread and the emitter does not, Qt
delivers them as queued calls on the UI thread. Nothing else crosses threads.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from drivers.base import DeviceEvent
from kiosk.devices.manager import DeviceManager, DeviceStatusChanged


class QtBridge(QObject):
    """Turns device-manager callbacks into queued Qt signals."""

    device_event = Signal(object)  # any DeviceEvent except status changes
    device_status = Signal(object)  # DeviceStatusChanged

    def __init__(self, devices: DeviceManager, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._devices = devices
        devices.add_listener(self._on_event)

    def _on_event(self, event: DeviceEvent) -> None:
        # Called on a device thread: only emit, never touch widgets here.
        if isinstance(event, DeviceStatusChanged):
            self.device_status.emit(event)
        else:
            self.device_event.emit(event)

    def detach(self) -> None:
        self._devices.remove_listener(self._on_event)
