"""Spoken prompts with espeak-ng (Mandarin voice), off the UI thread.

Silent — never failing — when espeak-ng or a sound device is missing. A new prompt
interrupts the one being spoken: a resident who moved on does not want to hear the
previous screen.
"""

from __future__ import annotations

import logging
import queue
import shutil
import subprocess
import threading

log = logging.getLogger(__name__)

#: espeak-ng voice per UI language.
VOICES = {"zh_CN": "cmn", "zh_TW": "cmn", "en": "en"}


class Voice:
    """Speaks prompts on a worker thread; ``say`` never blocks."""

    def __init__(
        self, enabled: bool = True, volume: int = 80, executable: str | None = None
    ) -> None:
        self.enabled = enabled
        self.volume = max(0, min(100, volume))
        self.executable = executable or shutil.which("espeak-ng")
        self.language = "zh_CN"
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._current: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.spoken: list[str] = []  # the last prompts, for tests and diagnostics

    @property
    def available(self) -> bool:
        return self.executable is not None

    def command(self, text: str) -> list[str]:
        # espeak-ng amplitude is 0–200 (100 normal); speed in words per minute,
        # slower than the default 175 for older residents.
        assert self.executable is not None
        return [
            self.executable,
            "-v",
            VOICES.get(self.language, "cmn"),
            "-a",
            str(self.volume * 2),
            "-s",
            "140",
            text,
        ]

    def say(self, text: str) -> None:
        if not (self.enabled and self.available and text and self.volume > 0):
            return
        self._ensure_thread()
        self._interrupt()
        self._queue.put(text)

    def _ensure_thread(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="voice", daemon=True)
            self._thread.start()

    def _interrupt(self) -> None:
        while not self._queue.empty():
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        with self._lock:
            if self._current is not None and self._current.poll() is None:
                self._current.terminate()

    def _run(self) -> None:
        while True:
            text = self._queue.get()
            if text is None:
                return
            self.spoken = [*self.spoken[-19:], text]
            try:
                with self._lock:
                    self._current = subprocess.Popen(
                        self.command(text), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                    )
                self._current.wait(timeout=30)
            except (OSError, subprocess.SubprocessError) as e:
                log.info("voice prompt not spoken: %s", e)

    def stop(self) -> None:
        self._interrupt()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(2)
            self._thread = None
