"""The staff member's voice through the terminal's speaker (ALSA, via PyAV's libavdevice).

Decoded audio frames are queued to a thread of their own that writes them to the
device: an ALSA write may wait for room in the device's buffer, and the call's event
loop must never wait. A full queue drops the oldest frame (a late word is worse than
a lost 20 ms). A terminal without a sound device logs it once and goes on: the call
still has the picture and the messages. Nothing is written anywhere else.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

SYSTEM_ALSA_CONF = Path("/usr/share/alsa/alsa.conf")


class Speaker:
    """Plays audio frames on ``spec`` ("alsa:<device>", or "none" to count only)."""

    def __init__(self, spec: str = "alsa:default", max_frames: int = 25) -> None:
        kind, _, device = spec.partition(":")
        self.device = device if kind == "alsa" and device else ""
        self.frames_played = 0
        self.failed: str = ""
        self._queue: queue.Queue[Any] = queue.Queue(max_frames)
        self._thread: threading.Thread | None = None
        self._stopped = False

    def play(self, frame: Any) -> None:
        """Queue one decoded ``av.AudioFrame`` (never blocks)."""
        if not self.device or self.failed or self._stopped:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="assist-speaker", daemon=True)
            self._thread.start()
        while True:
            try:
                self._queue.put_nowait(frame)
                return
            except queue.Full:
                with contextlib.suppress(queue.Empty):
                    self._queue.get_nowait()

    def close(self) -> None:
        """Stop playing and drop what is queued (the end of the call)."""
        self._stopped = True
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)
        if self._thread is not None:
            self._thread.join(5)
        while not self._queue.empty():
            with contextlib.suppress(queue.Empty):
                self._queue.get_nowait()

    def _run(self) -> None:
        import av

        # PyAV's wheels bundle an alsa-lib built to look for its configuration under
        # /tmp/vendor/share/alsa (seen here: "Cannot access file
        # /tmp/vendor/share/alsa/alsa.conf", so even "default" is unknown). Point it at
        # the system's configuration unless the deployment says otherwise.
        if "ALSA_CONFIG_PATH" not in os.environ and SYSTEM_ALSA_CONF.exists():
            os.environ["ALSA_CONFIG_PATH"] = str(SYSTEM_ALSA_CONF)

        container = stream = None
        samples = 0
        try:
            while True:
                frame = self._queue.get()
                if frame is None or self._stopped:
                    return
                if container is None:
                    container = av.open(self.device, "w", format="alsa")
                    stream = container.add_stream(
                        "pcm_s16le", rate=frame.sample_rate, layout=frame.layout.name
                    )
                frame.pts = samples
                samples += frame.samples
                for packet in stream.encode(frame):  # type: ignore[union-attr]
                    container.mux(packet)
                self.frames_played += 1
        except (OSError, ValueError) as exc:
            self.failed = f"{type(exc).__name__}: {exc}"
            log.warning(
                "speaker %s unavailable, staff voice not played: %s", self.device, self.failed
            )
        finally:
            if container is not None:
                with contextlib.suppress(Exception):
                    container.close()
