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
from screens.locker import LockerScreen
from screens.payment import PaymentScreen
from screens.post import PostScreen
from screens.rating import RatingScreen
from screens.result import ResultScreen
from screens.review import ReviewScreen
from screens.steps import MaterialsStep, SignatureStep
from screens.submit import SubmitScreen

if TYPE_CHECKING:
    from kiosk.ui.controllers.handoff import HandoffController
    from kiosk.ui.controllers.identify import IdentifyController
    from kiosk.ui.controllers.service import ServiceController
    from kiosk.ui.controllers.technician import TechnicianController


def build_screens(
    identify: IdentifyController,
    service: ServiceController,
    technician: TechnicianController,
    handoff: HandoffController | None = None,
) -> list[Screen]:
    """Every session screen, each given its own flow's controller."""
    screens: list[Screen] = [
        AttractScreen(identify),
        IdentifyScreen(identify),
        CatalogScreen(service),
        GuideScreen(service),
        FormScreen(service),
        MaterialsStep(service),
        SignatureStep(service),
        ReviewScreen(service),
        PaymentScreen(service.payment),
        SubmitScreen(service),
        ResultScreen(service),
        RatingScreen(service),
        GoodbyeScreen(service),
        DiagnosticsScreen(technician),
    ]
    if handoff is not None:  # 取件 / 存放材料 / 邮寄送达 (issue 21)
        screens += [LockerScreen(handoff), PostScreen(handoff)]
    return screens
