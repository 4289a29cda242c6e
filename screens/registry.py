"""The list of session screens, in one place, so the shell and the walkthrough agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screens.attract import AttractScreen
from screens.base import Screen
from screens.goodbye import GoodbyeScreen
from screens.identify import IdentifyScreen

if TYPE_CHECKING:
    from kiosk.ui.controller import UiController


def build_screens(ctl: UiController) -> list[Screen]:
    return [
        AttractScreen(ctl),
        IdentifyScreen(ctl),
        GoodbyeScreen(ctl),
    ]
