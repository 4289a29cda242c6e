"""Attaching fee payment (issue 20): the fee schedule, the payment journal and its recovery.

``attach_payments(terminal)`` runs after the outbox is attached, because start-up
recovery asks the outbox whether a paid case is already there. The fee schedule
is loaded even when payments are off: the review screen then shows the fee and
sends the resident to the counter. Problems become start-up problems on the
technician screen, never exceptions.
"""

from __future__ import annotations

import logging
from typing import Any

from kiosk.app.terminal import StartupProblem, Terminal
from kiosk.payments.errors import PaymentError
from kiosk.payments.fees import load_fee_schedule
from kiosk.payments.runtime import build_runtime
from offline_queue.errors import SubmissionNotFound

log = logging.getLogger(__name__)


def outbox_has_case(terminal: Terminal) -> Any:
    """``has_case(case_id)``: is this submission in the running outbox (any state)?"""

    def has_case(case_id: str) -> bool:
        submitter = terminal.services.get("submitter")
        outbox = getattr(submitter, "outbox", None)
        if outbox is None:
            raise PaymentError("outbox unavailable: cannot tell whether a paid case is there")
        try:
            outbox.get(case_id)
        except SubmissionNotFound:
            return False
        return True

    return has_case


def attach_payments(terminal: Terminal) -> None:
    config = terminal.config
    try:
        terminal.services["fees"] = load_fee_schedule(config.data_file(config.payments.fees_path))
    except PaymentError as e:
        terminal.problems.append(StartupProblem("fees", e.detail))
    try:
        runtime = build_runtime(config)
        if runtime is not None:
            terminal.services["payments"] = runtime.start(outbox_has_case(terminal))
    except PaymentError as e:
        log.error("payments unavailable: %s", e.detail)
        terminal.problems.append(StartupProblem("payments", e.detail))
    except Exception as e:  # a bug must not crash-loop the terminal
        log.exception("payments could not start")
        terminal.problems.append(StartupProblem("payments", f"not started: {e!r}"))
