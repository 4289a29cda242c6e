"""The alert rules in deploy/ are valid and fire when they should (promtool), and the
Grafana dashboard only queries metrics the service exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import httpx

from tests.fleet.conftest import Service

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "prometheus" / "fleet-alerts.yml"
PROMTOOL = shutil.which("promtool")


def test_alert_rules_check_and_unit_tests() -> None:
    assert PROMTOOL, "promtool missing: ./install.sh --dev installs Debian's prometheus"
    done = subprocess.run(
        [PROMTOOL, "check", "rules", str(RULES)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    done = subprocess.run(
        [PROMTOOL, "test", "rules", "fleet-alerts.test.yml"],
        cwd=Path(__file__).parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and "SUCCESS" in done.stdout, done.stdout + done.stderr


def test_rules_and_dashboard_use_exported_metrics(sqlite_service: Service) -> None:
    cred = sqlite_service.enrol("m-1")
    with sqlite_service.client(cred) as c:
        c.post(
            "/api/terminal/heartbeat",
            json={
                "beats": [
                    {
                        "seq": 1,
                        "sent_at": "2026-01-01T00:00:00+00:00",
                        "app_version": "0.1.0",
                        "outbox_oldest_age_s": 5.0,
                        "devices": {"camera": {"status": "FAULT", "detail": "gone"}},
                    }
                ]
            },
        ).raise_for_status()
    with httpx.Client(base_url=sqlite_service.url) as c:
        text = c.get("/metrics").text
    exported = set(re.findall(r"^# TYPE (\w+) ", text, re.M))
    used = set(re.findall(r"\b(fleet_\w+)", RULES.read_text()))
    dash = json.loads((ROOT / "docs" / "grafana-fleet.json").read_text())
    exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
    used |= {m for e in exprs for m in re.findall(r"\b(fleet_\w+)", e)}
    assert used and used <= exported, used - exported
