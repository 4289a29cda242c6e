"""The scripted steps of the walkthrough, in order. Grows as screens are added."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.session import SessionState
from kiosk.walkthrough import Walkthrough


def attract(wt: Walkthrough) -> None:
    wt.shot("attract")


def attract_elderly(wt: Walkthrough) -> None:
    wt.ui.ctl.set_elderly(True)  # type: ignore[attr-defined]
    wt.shot("attract-elderly")
    wt.ui.ctl.set_elderly(False)  # type: ignore[attr-defined]


def attract_english(wt: Walkthrough) -> None:
    wt.ui.window._switch_language("en")  # type: ignore[attr-defined]
    wt.shot("attract-en")
    wt.ui.window._switch_language("zh_TW")  # type: ignore[attr-defined]
    wt.shot("attract-zh_TW")
    wt.ui.window._switch_language("zh_CN")  # type: ignore[attr-defined]


def identify(wt: Walkthrough) -> None:
    wt.ui.ctl.start()  # type: ignore[attr-defined]
    wt.wait_for(lambda: wt.terminal.session.state == SessionState.IDENTIFY)
    wt.shot("identify")


def idle_warning(wt: Walkthrough) -> None:
    session = wt.terminal.session
    warn_at = session.config.idle_timeout_s - session.config.idle_warning_s
    session._last_activity -= warn_at + 1  # jump the idle timer to the warning point
    wt.wait_for(lambda: wt.ui.window.overlay.isVisible(), 3)  # type: ignore[attr-defined]
    wt.shot("idle-warning")


def goodbye(wt: Walkthrough) -> None:
    wt.ui.ctl.exit()  # type: ignore[attr-defined]
    wt.shot("goodbye")
    wt.ui.ctl.goodbye_done()  # type: ignore[attr-defined]


STEPS: list[Callable[[Walkthrough], None]] = [
    attract,
    attract_elderly,
    attract_english,
    identify,
    idle_warning,
    goodbye,
]
