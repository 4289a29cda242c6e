"""Suite-wide settings: Qt runs offscreen; in CI nothing may skip.

Integration tests start their own pcscd, cupsd, pty pairs and HTTP servers, and
skip with a loud reason only where such a service truly cannot exist (a developer
machine without the Debian packages). In CI (``CI`` set, as ``.ci/run`` runs) every
service is installed by ``./install.sh --dev``, so a skip there would hide a broken
environment or a missing feature: it is turned into a failure.
"""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every service is installed: {reason}"
