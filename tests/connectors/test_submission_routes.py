"""The running terminal's SubmissionService sends each service through its catalog's connector."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kiosk.config import load_config
from kiosk.services.submissions import SubmissionRefused, SubmissionService
from offline_queue.models import State
from tests.connectors.conftest import CLIENT_ID, CLIENT_SECRET, Servers

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_a_service_routed_to_a_department_reaches_it_once(servers: Servers, tmp_path: Path) -> None:
    rest = servers.rest()
    cfg = tmp_path / "kiosk.toml"
    default = (PROJECT_ROOT / "config" / "default.toml").read_text(encoding="utf-8")
    cfg.write_text(
        default
        + f"""
[[connectors]]
name = "province"
style = "rest"
url = "{rest.url}"
client_id = "{CLIENT_ID}"
client_secret = "{CLIENT_SECRET}"
""",
        encoding="utf-8",
    )
    config = load_config(cfg, tmp_path / "data")
    svc = SubmissionService(config, routes={"GJJ-TQ": "province", "X-GONE": "retired-dept"})
    svc.start()
    try:
        receipt = svc.submit("GJJ-TQ", {"amount": "1200"}, {"name": "李建国"}, [])
        deadline = time.monotonic() + 30
        while svc.outbox.get(receipt.submission_id).state is not State.ACKNOWLEDGED:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        info = svc.outbox.get(receipt.submission_id)
        assert info.connector == "province" and (info.acceptance_no or "").startswith("R")
        assert rest.app.state.store.business_keys() == [receipt.submission_id]
        with pytest.raises(SubmissionRefused) as e:
            svc.submit("X-GONE", {}, {}, [])
        assert e.value.resident_message == "该事项暂无法在本终端办理，请到窗口办理。"
        assert {ln.name for ln in svc.worker.lanes()} == {"", "province"}
    finally:
        svc.stop()
