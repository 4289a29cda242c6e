"""The list of session screens, in one place, so the shell and the walkthrough agree.

Each screen is named by its state with a factory that imports its module when
called: the main window builds the attract screen before the first paint and the
others after it, in idle time or when first shown (issue 18).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from kiosk.session.machine import SessionState

if TYPE_CHECKING:
    from kiosk.ui.controllers.handoff import HandoffController
    from kiosk.ui.controllers.identify import IdentifyController
    from kiosk.ui.controllers.service import ServiceController
    from kiosk.ui.controllers.technician import TechnicianController
    from screens.base import Screen

ScreenFactory = Callable[[], "Screen"]


def screen_factories(
    identify: IdentifyController,
    service: ServiceController,
    technician: TechnicianController,
    handoff: HandoffController | None = None,
) -> dict[SessionState, ScreenFactory]:
    """Every session screen's factory, in the session's order, each with its flow's controller."""
    S = SessionState
    # (state, module, class, the controller it takes), in the session's order.
    table: list[tuple[SessionState, str, str, object]] = [
        (S.ATTRACT, "screens.attract", "AttractScreen", identify),
        (S.IDENTIFY, "screens.identify", "IdentifyScreen", identify),
        (S.CATALOG, "screens.catalog", "CatalogScreen", service),
        (S.GUIDE, "screens.guide", "GuideScreen", service),
        (S.FORM, "screens.form", "FormScreen", service),
        (S.MATERIALS, "screens.steps", "MaterialsStep", service),
        (S.SIGNATURE, "screens.steps", "SignatureStep", service),
        (S.REVIEW, "screens.review", "ReviewScreen", service),
        (S.PAYMENT, "screens.payment", "PaymentScreen", service.payment),
        (S.SUBMIT, "screens.submit", "SubmitScreen", service),
        (S.RESULT, "screens.result", "ResultScreen", service),
        (S.RATING, "screens.rating", "RatingScreen", service),
        (S.GOODBYE, "screens.goodbye", "GoodbyeScreen", service),
        (S.ADMIN, "screens.admin", "DiagnosticsScreen", technician),
    ]
    if handoff is not None:  # 取件 / 存放材料 / 邮寄送达 (issue 21)
        table += [
            (S.LOCKER, "screens.locker", "LockerScreen", handoff),
            (S.POST, "screens.post", "PostScreen", handoff),
        ]
    return {state: _lazy(module, cls, ctl) for state, module, cls, ctl in table}


def _lazy(module: str, cls: str, ctl: object) -> ScreenFactory:
    """A factory that imports ``module`` only when the screen is first built."""

    def make() -> Screen:
        screen: Screen = getattr(importlib.import_module(module), cls)(ctl)
        return screen

    return make


def build_screens(
    identify: IdentifyController,
    service: ServiceController,
    technician: TechnicianController,
    handoff: HandoffController | None = None,
) -> list[Screen]:
    """Every session screen, built now, each given its own flow's controller."""
    return [make() for make in screen_factories(identify, service, technician, handoff).values()]
