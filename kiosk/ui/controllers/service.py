"""The service flow: catalog → guide → form → materials → signature → review → submit → result → rating."""

from __future__ import annotations

import logging
from typing import Any

from drivers.signature_pad import SerialSignaturePad
from kiosk.services.catalog import Service
from kiosk.services.rating import RatingLevel
from kiosk.services.rules import (
    Outcome,
    Plan,
    PrefilledValue,
    plan,
    prefill,
    steps_for,
    validate_form,
)
from kiosk.services.submit_flow import failure_result, record_rating, run_submission
from kiosk.session.machine import EndReason, SessionData, SessionState
from kiosk.ui.controllers.base import FlowController, ShellController
from kiosk.ui.controllers.payment import PaymentController
from kiosk.ui.i18n import current_language
from kiosk.ui.signature_pad import SignaturePadAdapter

log = logging.getLogger(__name__)


class ServiceController(FlowController):
    """One service for one resident, from the catalog to the rating (UI thread only)."""

    def __init__(self, shell: ShellController) -> None:
        super().__init__(shell)
        self._prefill_cache: tuple[str, dict[str, PrefilledValue]] | None = None
        #: The fee step between review and submit (issue 20).
        self.payment = PaymentController(shell, self)

    @property
    def preferred_category(self) -> str | None:
        """The category tapped on the attract screen, opened first by the catalog."""
        return self.shell.preferred_category

    def current_service(self) -> Service | None:
        code = self.session.data.service_code
        catalog = self.terminal.catalog
        if code is None or catalog is None:
            return None
        try:
            return catalog.get(code)
        except KeyError:
            return None

    def display_service(self) -> Service | None:
        """The current service with its texts in the UI's language (for screens only:
        the flow, the case and the platform use :meth:`current_service`)."""
        service = self.current_service()
        return service.localized(current_language()) if service is not None else None

    def choose_service(self, code: str) -> None:
        catalog = self.terminal.catalog
        if catalog is None:
            return
        service = catalog.get(code)
        refusal = self.shell.service_refusal(service)  # disk space, before any form
        if refusal is not None:
            self.notice.emit(refusal)
            return
        identity = self.session.data.identity
        # Identity fields at once; the e-licence lookup is an HTTP call, so it runs on
        # the pool while the resident reads the guide and replaces these when it lands.
        self._prefill_cache = (code, prefill(service, identity, None))
        licences = self.terminal.services.get("licences")
        if licences is not None and any(
            f.prefill and f.prefill.startswith("licence.") for f in service.form
        ):

            def done(values: Any, error: BaseException | None) -> None:
                if error is None and self.session.data.service_code == code:
                    self._prefill_cache = (code, values)

            self.run_in_background(lambda: prefill(service, identity, licences), done, busy=False)
        self.session.choose_service(code, steps_for(service))

    def offline_block_reason(self, service: Service) -> str | None:
        """Why this service cannot be done now (offline and not offline-capable)."""
        if self.online or service.offline_ok:
            return None
        if service.mode == "query":
            return self.tr("网络暂不可用，查询类事项请稍后再试或到窗口办理。")
        return self.tr(
            "网络暂不可用，本事项需要联网办理。可办理其他标有“离线可办”的事项，或到窗口办理。"
        )

    def prefilled_values(self) -> dict[str, PrefilledValue]:
        """The form's prefilled values (never blocks: see :meth:`choose_service`)."""
        service = self.current_service()
        if service is None or self._prefill_cache is None:
            return {}
        code, values = self._prefill_cache
        return values if code == service.code else {}

    def next_step(self) -> None:
        self.session.next()

    def submit_form(self, values: dict[str, str]) -> dict[str, str]:
        """Validate the form; on success store it and move on. Returns field errors."""
        service = self.current_service()
        if service is None:
            return {}
        errors = validate_form(service, values)
        if not errors:
            self.session.data.form_values.clear()
            self.session.data.form_values.update(values)
            self.session.next()
        return errors

    def current_plan(self) -> Plan:
        service = self.current_service()
        assert service is not None
        return plan(service, self.session.data.identity, self.session.data.form_values, self.online)

    def confirm_submit(self) -> None:
        service = self.current_service()
        if service is None:
            return
        decided = self.current_plan()
        if decided.outcome == Outcome.REFUSED:
            return
        if self.payment.needs_payment(service):
            self.payment.begin(service)  # → PAYMENT; submits from there once paid
            return
        self.session.next()  # → SUBMIT
        submitter = self.terminal.services.get("submitter")
        data = self.session.data
        terminal = self.terminal

        def work() -> Any:
            return run_submission(submitter, terminal, service, data, decided)

        def done(result: Any, error: BaseException | None) -> None:
            if self.session.state != SessionState.SUBMIT:
                return  # the session ended meanwhile (cannot happen: no exit on submit)
            if error is not None:
                log.error("submission failed: %s", error)
                result = failure_result(error)
            data.result = result
            data.acceptance_number = result.acceptance_number
            self.session.next()  # → RESULT

        self.run_in_background(work, done)

    def do_another(self) -> None:
        """After a result: keep the identity, clear the service's data, back to the catalog."""
        data = self.session.data
        for a in data.attachments:
            a.wipe()
        data.attachments.clear()
        data.form_values.clear()
        data.result = None
        self.session.go(SessionState.CATALOG, "another service")

    def rate(self, level: RatingLevel, reasons: list[str]) -> None:
        data = self.session.data
        data.rating = int(level)
        data.rating_reasons[:] = reasons
        submitter = self.terminal.services.get("submitter")
        terminal = self.terminal
        # Copies: the session is wiped right away, the worker still needs these facts.
        facts = SessionData(
            session_id=data.session_id,
            submission_id=data.submission_id,
            acceptance_number=data.acceptance_number,
        )
        self.run_in_background(
            lambda: record_rating(submitter, terminal, facts, level, reasons),
            lambda _r, _e: None,
            busy=False,
        )
        self.session.end(EndReason.COMPLETED)

    def signature_pad_adapter(self) -> SignaturePadAdapter | None:
        """The serial pad's Qt adapter (None for the on-screen pad), fed by device events."""
        pad = self.terminal.devices.get("signature_pad")
        if not isinstance(pad, SerialSignaturePad):
            return None
        adapter = SignaturePadAdapter(pad, self)
        self.terminal.devices.add_listener(adapter.on_device_event)
        return adapter
