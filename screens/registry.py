"""The list of session screens, in one place, so the shell and the walkthrough agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screens.admin import DiagnosticsScreen
from screens.attract import AttractScreen
from screens.base import Screen
from screens.catalog import CatalogScreen
from screens.form import FormScreen
from screens.goodbye import GoodbyeScreen
from screens.guide import GuideScreen
from screens.identify import IdentifyScreen
from screens.rating import RatingScreen
from screens.result import ResultScreen
from screens.review import ReviewScreen
from screens.steps import MaterialsStep, SignatureStep
from screens.submit import SubmitScreen

if TYPE_CHECKING:
    from kiosk.ui.controller import UiController


def build_screens(ctl: UiController) -> list[Screen]:
    return [
        AttractScreen(ctl),
        IdentifyScreen(ctl),
        CatalogScreen(ctl),
        GuideScreen(ctl),
        FormScreen(ctl),
        MaterialsStep(ctl),
        SignatureStep(ctl),
        ReviewScreen(ctl),
        SubmitScreen(ctl),
        ResultScreen(ctl),
        RatingScreen(ctl),
        GoodbyeScreen(ctl),
        DiagnosticsScreen(ctl),
    ]
