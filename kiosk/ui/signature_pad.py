"""Qt adapter of the serial signature pad: device events in, queued signals out.

The pad's reader thread calls :meth:`SignaturePadAdapter.on_device_event` (register
it with ``DeviceManager.add_listener``); the adapter lives on the UI thread, so the
signals it emits from the device thread reach UI slots as queued calls. It also
carries out "clear the pad" requests on a worker thread, never the UI's.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from drivers.base import DeviceError, DeviceEvent
from drivers.signature_pad import PadButtonPressed, PadInfo, PenSample, SerialSignaturePad

log = logging.getLogger(__name__)


class SignaturePadAdapter(QObject):
    """Relays one serial pad's samples and buttons to the signature screen."""

    sample = Signal(object)  # PenSample
    button = Signal(str)  # PadButton value: "OK" | "CLEAR" | "CANCEL"

    def __init__(self, pad: SerialSignaturePad, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pad = pad

    @property
    def info(self) -> PadInfo | None:
        return self.pad.info

    def on_device_event(self, event: DeviceEvent) -> None:
        """Device-thread callback: only this pad's samples and buttons are relayed."""
        if event.device and event.device != self.pad.name:
            return
        if isinstance(event, PenSample):
            self.sample.emit(event)
        elif isinstance(event, PadButtonPressed):
            self.button.emit(event.button.value)

    def clear_pad(self) -> None:
        """Clear the pad's own screen, on a short-lived worker thread."""

        def run() -> None:
            try:
                self.pad.clear()
            except DeviceError as e:
                log.warning("signature pad clear failed: %s", e.detail)

        threading.Thread(target=run, name="pad-clear", daemon=True).start()
