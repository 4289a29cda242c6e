"""The list of session screens, in one place, so the shell and the walkthrough agree.

Each screen is named by its state with a factory that imports its module when
called: the main window builds the attract screen before the first paint and the
others after it, in idle time or when first shown (issue 18).
"""

from __future__ import annotations

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

    def attract() -> Screen:
        from screens.attract import AttractScreen

        return AttractScreen(identify)

    def identify_screen() -> Screen:
        from screens.identify import IdentifyScreen

        return IdentifyScreen(identify)

    def catalog() -> Screen:
        from screens.catalog import CatalogScreen

        return CatalogScreen(service)

    def guide() -> Screen:
        from screens.guide import GuideScreen

        return GuideScreen(service)

    def form() -> Screen:
        from screens.form import FormScreen

        return FormScreen(service)

    def materials() -> Screen:
        from screens.steps import MaterialsStep

        return MaterialsStep(service)

    def signature() -> Screen:
        from screens.steps import SignatureStep

        return SignatureStep(service)

    def review() -> Screen:
        from screens.review import ReviewScreen

        return ReviewScreen(service)

    def payment() -> Screen:
        from screens.payment import PaymentScreen

        return PaymentScreen(service.payment)

    def submit() -> Screen:
        from screens.submit import SubmitScreen

        return SubmitScreen(service)

    def result() -> Screen:
        from screens.result import ResultScreen

        return ResultScreen(service)

    def rating() -> Screen:
        from screens.rating import RatingScreen

        return RatingScreen(service)

    def goodbye() -> Screen:
        from screens.goodbye import GoodbyeScreen

        return GoodbyeScreen(service)

    def admin() -> Screen:
        from screens.admin import DiagnosticsScreen

        return DiagnosticsScreen(technician)

    factories: dict[SessionState, ScreenFactory] = {
        S.ATTRACT: attract,
        S.IDENTIFY: identify_screen,
        S.CATALOG: catalog,
        S.GUIDE: guide,
        S.FORM: form,
        S.MATERIALS: materials,
        S.SIGNATURE: signature,
        S.REVIEW: review,
        S.PAYMENT: payment,
        S.SUBMIT: submit,
        S.RESULT: result,
        S.RATING: rating,
        S.GOODBYE: goodbye,
        S.ADMIN: admin,
    }
    if handoff is not None:  # 取件 / 存放材料 / 邮寄送达 (issue 21)

        def locker() -> Screen:
            from screens.locker import LockerScreen

            return LockerScreen(handoff)

        def post() -> Screen:
            from screens.post import PostScreen

            return PostScreen(handoff)

        factories[S.LOCKER] = locker
        factories[S.POST] = post
    return factories


def build_screens(
    identify: IdentifyController,
    service: ServiceController,
    technician: TechnicianController,
    handoff: HandoffController | None = None,
) -> list[Screen]:
    """Every session screen, built now, each given its own flow's controller."""
    return [make() for make in screen_factories(identify, service, technician, handoff).values()]
