"""SIGTERM and SIGINT end the Qt event loop from the loop itself, never from inside a callback.

A Python signal handler runs at the next bytecode the main thread executes. In the
terminal that is nearly always inside a Qt callback: the main window's app-wide
event filter sees every event of every widget, and paint and resize handlers are
Python too. Calling ``app.quit()`` there made Qt 6 close every window (and, on
Wayland, destroy their surfaces) in the middle of delivering the event that
called into Python; Qt then went on with that event on freed objects. Under cage
the terminal segfaulted that way in about one stop in three, before
``Terminal.stop`` had run (no ``terminal_stop`` in the audit log, the demo's
children left to the kernel).

Here the C-level handler only writes the signal's number to a socket
(:func:`signal.set_wakeup_fd`); a :class:`QSocketNotifier` on the other end is an
ordinary event source of the loop, so the quit starts from the top of the event
loop, like a timer's. The Python-level handler only counts: it may run anywhere.
This also wakes the loop at once, so no timer has to poll for signals.
"""

from __future__ import annotations

import logging
import signal
import socket
from types import FrameType

from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StopSignals(QObject):
    """While installed, SIGINT and SIGTERM quit ``app``'s event loop (once).

    Signals after the first (a second Ctrl-C, systemd repeating itself) do not
    interrupt the stop under way: they are logged, and the stop goes on.
    """

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self.quitting = False
        #: Signals the Python-level handler saw (it runs late and anywhere: it only counts).
        self.seen: list[int] = []
        self._read, self._write = socket.socketpair()
        self._read.setblocking(False)
        self._write.setblocking(False)
        self._old_fd = signal.set_wakeup_fd(self._write.fileno(), warn_on_full_buffer=False)
        self._old_handlers = {s: signal.signal(s, self._count) for s in STOP_SIGNALS}
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)

    def _count(self, signum: int, _frame: FrameType | None) -> None:
        # Nothing Qt here, and no logging: this may run inside any callback, even
        # inside a logging call of the same thread.
        self.seen.append(signum)

    def _drain(self) -> None:
        for signum in self._take():
            name = signal.Signals(signum).name
            if self.quitting:
                log.warning("signal %s: the terminal is already stopping", name)
                continue
            log.warning("signal %s: stopping the terminal", name)
            self.quitting = True
            self._app.quit()

    def _take(self) -> list[int]:
        got = b""
        while True:
            try:
                chunk = self._read.recv(64)
            except (BlockingIOError, InterruptedError):
                break
            if not chunk:
                break
            got += chunk
        return [b for b in got if b in {int(s) for s in STOP_SIGNALS}]

    def during_stop(self) -> None:
        """Log the signals that came after the loop ended (the stop is not interrupted)."""
        for signum in self._take():
            log.warning(
                "signal %s during the stop: ignored, the stop goes on", signal.Signals(signum).name
            )

    def uninstall(self) -> None:
        """Give the signals back to the handlers (and wake-up fd) that were there before."""
        self._notifier.setEnabled(False)
        for s, old in self._old_handlers.items():
            signal.signal(s, old)
        signal.set_wakeup_fd(self._old_fd)
        self._read.close()
        self._write.close()


def install_stop_signals(app: QCoreApplication) -> StopSignals:
    """SIGINT and SIGTERM quit the event loop, so :func:`kiosk.ui.app.run` stops the terminal.

    Without it, systemd's SIGTERM killed the process without ``terminal.stop()``
    (no audit entry, the demo's cupsd orphaned), and Ctrl-C raised
    KeyboardInterrupt inside whatever Qt callback Python was running (the main
    window's event filter), where PySide prints and swallows it.
    """
    return StopSignals(app)
