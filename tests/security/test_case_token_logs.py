"""The case-read token (the submission id on the receipt's QR) never reaches a log.

Whoever holds a submission id can read its case from any kiosk
(``/v1/cases/by-submission/<id>``), so it is a secret like a password. A whole
resident session runs through the real UI, the real logging pipeline
(``kiosk/logging_setup.py``), the outbox and the sync worker against the demo's
reference platform; then every log line is searched for every id the outbox holds.
"""

from __future__ import annotations

from kiosk.logging_setup import RECENT
from kiosk.privacy import mask_case_token
from kiosk.ui.walkthrough import steps
from tests.ui.test_full_flow import wt  # noqa: F401  (fixture: the terminal on the simulators)


def test_no_submission_id_in_the_logs_of_a_full_session(wt) -> None:  # noqa: F811
    for step in (*steps.TO_SUBMITTED, steps.rating_and_goodbye):
        step(wt)
    submitter = wt.terminal.services["submitter"]
    assert wt.wait_for(lambda: submitter.stats().unsent == 0, 20)
    ids = [info.id for info in submitter.outbox.list()]
    assert len(ids) >= 2  # the case and its rating, kept as tombstones

    log_dir = wt.terminal.config.resolved_paths.log_dir
    logged = "\n".join(f.read_text(encoding="utf-8") for f in sorted(log_dir.glob("*.jsonl*")))
    logged += "\n".join(RECENT.lines)
    assert "acknowledged" in logged and "enqueued submission" in logged
    for sid in ids:
        assert sid not in logged, "a case-read token is in the log"
        # Still traceable for a technician: the same short, non-reversible form.
        assert mask_case_token(sid) in logged


def test_the_offline_receipt_number_gives_away_none_of_the_token() -> None:
    """The temporary number is printed, shown and logged in clear: no part of the id in it."""
    from kiosk.services.submit_flow import local_acceptance_number
    from offline_queue.ids import new_id

    for _ in range(50):
        sid = new_id()
        number = local_acceptance_number(sid, "FZ-GL-0001")
        random_part = sid[10:]  # the 80 random bits
        runs = {random_part[i : i + 5] for i in range(len(random_part) - 4)}
        assert not any(run in number for run in runs), (sid, number)
        assert number == local_acceptance_number(sid, "FZ-GL-0001")  # still derived from it
