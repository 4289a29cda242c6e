"""Spoken prompts with espeak-ng (Mandarin voice), off the UI thread.

The resident's flow never fails for want of sound, but the technician is told:
espeak-ng exits 0 even when it could not open an audio device (it only prints ALSA
or PulseAudio errors), so its error output is read, and a failure is kept as
``last_error``, logged once, and shown on the technician screen.
:func:`audio_self_test` synthesises a phrase (voice data present, not silent) and
plays it (an output device present). A new prompt interrupts the one being spoken:
a resident who moved on does not want to hear the previous screen.
"""

from __future__ import annotations

import logging
import queue
import shutil
import struct
import subprocess
import threading
from dataclasses import dataclass

log = logging.getLogger(__name__)

#: espeak-ng voice per UI language.
VOICES = {"zh_CN": "cmn", "zh_TW": "cmn", "en": "en"}

#: What espeak-ng (through ALSA or PulseAudio) prints when it could not play.
_PLAYBACK_ERRORS = (
    "Unknown PCM",
    "cannot find card",
    "audio open error",
    "Connection refused",
    "pa_simple",
    "error:",
)


def playback_error(stderr: str) -> str | None:
    """The first line of espeak-ng's error output that says playback failed, or None."""
    for line in stderr.splitlines():
        if any(marker in line for marker in _PLAYBACK_ERRORS):
            return line.strip()[:200]
    return None


@dataclass(frozen=True)
class AudioCheck:
    """The technician's audio self-test: can the terminal speak, and be heard?"""

    ok: bool
    detail: str
    synthesised: bool = False  # voice data present and the phrase not silent
    played: bool = False  # an output device took it


def _wav_rms(wav: bytes) -> float:
    """RMS of a 16-bit PCM WAV's samples (espeak-ng --stdout writes mono 16-bit)."""
    data_at = wav.find(b"data")
    if not wav.startswith(b"RIFF") or data_at < 0:
        return 0.0
    pcm = wav[data_at + 8 :]
    n = len(pcm) // 2
    if n == 0:
        return 0.0
    samples = struct.unpack(f"<{n}h", pcm[: n * 2])
    return (sum(x * x for x in samples) / n) ** 0.5


def audio_self_test(executable: str | None = None, language: str = "zh_CN") -> AudioCheck:
    """Synthesise "声音测试" to memory, then play it on the terminal's output."""
    exe = executable or shutil.which("espeak-ng")
    if exe is None:
        return AudioCheck(False, "espeak-ng not installed")
    voice = VOICES.get(language, "cmn")
    try:
        synth = subprocess.run(
            [exe, "-v", voice, "--stdout", "声音测试"], capture_output=True, timeout=20
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return AudioCheck(False, f"espeak-ng did not run: {exc}")
    rms = _wav_rms(synth.stdout)
    if synth.returncode != 0 or rms < 50:
        why = synth.stderr.decode(errors="replace").strip()[:200] or f"rms {rms:.0f}"
        return AudioCheck(False, f"no speech synthesised ({why})")
    try:
        play = subprocess.run([exe, "-v", voice, "声音测试"], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError) as exc:
        return AudioCheck(False, f"playback did not run: {exc}", synthesised=True)
    error = playback_error(play.stderr.decode(errors="replace"))
    if play.returncode != 0 or error is not None:
        return AudioCheck(
            False, f"no sound output: {error or f'exit {play.returncode}'}", synthesised=True
        )
    return AudioCheck(True, f"played (speech rms {rms:.0f})", synthesised=True, played=True)


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
        #: Why the last prompt was not heard (None once one plays again).
        self.last_error: str | None = None
        self.failures = 0

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
                    self._current = proc = subprocess.Popen(
                        self.command(text), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
                    )
                _, err = proc.communicate(timeout=30)
            except (OSError, subprocess.SubprocessError) as e:
                self._failed(f"espeak-ng did not run: {e}")
                continue
            if proc.returncode < 0:
                continue  # interrupted by the next prompt: not a failure
            error = playback_error(err.decode(errors="replace"))
            if proc.returncode != 0 or error is not None:
                self._failed(error or f"espeak-ng exit {proc.returncode}")
            else:
                self.last_error = None

    def _failed(self, why: str) -> None:
        self.failures += 1
        if why != self.last_error:
            # Once per new reason: a terminal without a sound card would otherwise
            # log every prompt of every session.
            log.warning("voice prompt not heard: %s", why)
        self.last_error = why

    def stop(self) -> None:
        self._interrupt()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(2)
            self._thread = None
