"""SIGTERM/SIGINT quit the event loop from the loop, never from inside the callback they hit.

The Python-level handler runs at the next bytecode of the main thread, which in the
terminal is nearly always a Qt callback (the app-wide event filter): quitting there
made Qt close every window mid-event, and the terminal segfaulted under cage before
``Terminal.stop`` ran (kiosk.ui.stop_signals).
"""

from __future__ import annotations

import logging
import signal

import pytest
from PySide6.QtCore import QEventLoop, QTimer

from kiosk.ui.stop_signals import install_stop_signals


@pytest.fixture
def signals(qapp):
    before = signal.getsignal(signal.SIGTERM)
    s = install_stop_signals(qapp)
    yield s
    s.uninstall()
    assert signal.getsignal(signal.SIGTERM) is before


def _run_loop(qapp, monkeypatch, slot) -> list[bool]:
    """Run a local loop; ``slot`` runs in a timer callback; returns, per quit, whether it
    was called while ``slot`` was still running."""
    loop = QEventLoop()
    inside = [False]
    quits: list[bool] = []

    def fake_quit() -> None:
        quits.append(inside[0])
        loop.quit()

    monkeypatch.setattr(qapp, "quit", fake_quit)

    def callback() -> None:
        inside[0] = True
        try:
            slot()
            sum(range(1000))  # bytecodes after the signal: the Python handler runs here
        finally:
            inside[0] = False

    QTimer.singleShot(0, callback)
    QTimer.singleShot(5000, loop.quit)  # a safety net, not a timing assertion
    loop.exec()
    return quits


def test_a_signal_inside_a_callback_quits_from_the_loop(qapp, signals, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.ui.stop_signals")
    quits = _run_loop(qapp, monkeypatch, lambda: signal.raise_signal(signal.SIGTERM))
    assert quits == [False]  # once, and not from inside the callback
    assert signals.quitting
    assert signals.seen == [signal.SIGTERM]
    assert "signal SIGTERM: stopping the terminal" in caplog.text


def test_a_second_signal_does_not_quit_again(qapp, signals, monkeypatch, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.ui.stop_signals")

    def twice() -> None:
        signal.raise_signal(signal.SIGINT)
        signal.raise_signal(signal.SIGTERM)

    quits = _run_loop(qapp, monkeypatch, twice)
    assert quits == [False]
    assert "signal SIGINT: stopping the terminal" in caplog.text
    assert "signal SIGTERM: the terminal is already stopping" in caplog.text


def test_a_signal_during_the_stop_is_logged_and_ignored(qapp, signals, caplog):
    caplog.set_level(logging.WARNING, logger="kiosk.ui.stop_signals")
    signal.raise_signal(signal.SIGTERM)  # no loop running: the process must live on
    signals.during_stop()
    assert "signal SIGTERM during the stop: ignored, the stop goes on" in caplog.text
