"""The terminal's side of the fleet service: enrol once, then pull and adopt packages.

Nothing connects into the terminal: the agent polls ``/api/terminal/assignment``.
A package is fetched through TUF (python-tuf's ``Updater``: root, timestamp,
snapshot and targets metadata, verified and kept in ``<data>/fleet/tuf``, so a
replayed or frozen repository is noticed), then verified and applied by
:class:`~kiosk.config_packages.ConfigPackages` exactly as a USB package is, only
between sessions, and the result reported. The credential is stored 0600 under
the data dir; no personal data is ever sent.
"""

from __future__ import annotations

import argparse
import base64
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
from tuf.api.exceptions import DownloadHTTPError
from tuf.ngclient import FetcherInterface

from kiosk.config import KioskConfig, load_config
from kiosk.config_packages import ConfigPackages
from kiosk.config_packages.manifest import now_utc
from kiosk.config_packages.tuf import (
    TufRefusal,
    fetch_network_target,
    reference_time,
    tuf_state_dir,
)
from kiosk.errors import KioskError

log = logging.getLogger(__name__)


class FleetAgentError(KioskError):
    """The fleet service could not be reached or refused us (technician detail inside)."""


class _AuthFetcher(FetcherInterface):
    """TUF downloads over httpx, carrying the terminal's credential."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def _fetch(self, url: str) -> Iterator[bytes]:
        r = self.client.get(url)
        if r.status_code != 200:
            raise DownloadHTTPError(f"HTTP {r.status_code} for {url}", r.status_code)
        return iter([r.content])


@dataclass(frozen=True)
class PollResult:
    action: str  # none | adopted | refused | deferred | rolled_back | error
    rollout_id: int | None = None
    code: str = ""
    detail: str = ""


class FleetAgent:
    """Enrolment, credential, TUF state and the pull loop of one terminal."""

    def __init__(
        self,
        config: KioskConfig,
        url: str,
        is_idle: Callable[[], bool] = lambda: True,
        timeout_s: float = 15.0,
        now: Callable[[], datetime] = now_utc,
    ) -> None:
        self.config = config
        self.url = url.rstrip("/")
        self.is_idle = is_idle
        self.state_dir = config.resolved_paths.data_dir / "fleet"
        self.timeout_s = timeout_s
        self.now = now

    # -- credential ----------------------------------------------------------

    @property
    def credential_path(self) -> Path:
        return self.state_dir / "credential"

    @property
    def tuf_dir(self) -> Path:
        return tuf_state_dir(self.config)

    def credential(self) -> str:
        try:
            return self.credential_path.read_text().strip()
        except FileNotFoundError:
            raise FleetAgentError(
                "terminal not enrolled with the fleet service",
                resident_message="终端尚未登记到管理平台。",
            ) from None

    def enrol(self, code: str) -> None:
        """Spend a one-time code; keeps the credential and the initial TUF root."""
        with httpx.Client(timeout=self.timeout_s) as c:
            r = c.post(
                f"{self.url}/api/enrol", json={"code": code, "kiosk_id": self.config.kiosk.id}
            )
        if r.status_code != 200:
            raise FleetAgentError(f"enrolment refused: HTTP {r.status_code} {r.text[:200]}")
        body = r.json()
        self.state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.tuf_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.credential_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(body["credential"] + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.credential_path)
        root = self.tuf_dir / "root.json"
        # Trust on first use of the enrolment channel; a re-enrolment keeps the chain.
        if not root.exists():
            root.write_bytes(base64.b64decode(body["tuf_root"]))

    def client(self) -> httpx.Client:
        return httpx.Client(
            timeout=self.timeout_s, headers={"authorization": f"Bearer {self.credential()}"}
        )

    # -- pulling -------------------------------------------------------------

    def _download(self, c: httpx.Client, target_path: str) -> Path:
        # The same verifier as a USB stick's TUF bundle (kiosk.config_packages.tuf).
        downloads = self.state_dir / "downloads"
        downloads.mkdir(parents=True, exist_ok=True)
        # The same clock-skew allowance as a package's own times and a USB bundle's.
        at = reference_time(self.now(), self.config.config_packages.clock_skew_s)
        return fetch_network_target(
            self.tuf_dir, _AuthFetcher(c), self.url, target_path, downloads, at
        )

    def _report(
        self, c: httpx.Client, rollout_id: int, outcome: str, code: str, detail: str
    ) -> None:
        r = c.post(
            f"{self.url}/api/terminal/report",
            json={
                "rollout_id": rollout_id,
                "outcome": outcome,
                "code": code,
                "detail": detail[:500],
            },
        )
        if r.status_code != 200:
            raise FleetAgentError(f"report refused: HTTP {r.status_code} {r.text[:200]}")

    def poll_once(self) -> PollResult:
        """Ask for the next action and carry it out (only when no session is running)."""
        with self.client() as c:
            r = c.get(f"{self.url}/api/terminal/assignment")
            if r.status_code != 200:
                raise FleetAgentError(f"assignment: HTTP {r.status_code} {r.text[:200]}")
            a: dict[str, Any] = r.json()
            if a["action"] == "none":
                return PollResult("none")
            rid = int(a["rollout_id"])
            if not self.is_idle():
                return PollResult("deferred", rid)
            packages = ConfigPackages(self.config, now=self.now)
            if a["action"] == "rollback":
                packages.rollback("fleet rollback")
                self._report(c, rid, "rolled_back", "operator_rollback", "")
                return PollResult("rolled_back", rid)
            try:
                path = self._download(c, str(a["target_path"]))
            except TufRefusal as e:
                detail = f"{e.code}: {e.en} ({e.detail})"
                self._report(c, rid, "refused", "tuf", detail)
                return PollResult("refused", rid, "tuf", detail)
            except OSError as e:
                detail = f"{type(e).__name__}: {e}"
                self._report(c, rid, "refused", "tuf", detail)
                return PollResult("refused", rid, "tuf", detail)
            outcome = packages.apply(path, tuf_target=str(a["target_path"]))
            if outcome.applied:
                self._report(c, rid, "adopted", "", outcome.release.name if outcome.release else "")
                return PollResult("adopted", rid)
            f = outcome.report.failure
            code = f.code if f else "incomplete"
            detail = f"{f.check.value}: {f.reason_en}" if f else ""
            self._report(c, rid, "refused", code, detail)
            return PollResult("refused", rid, code, detail)


def serve_bundle_request(agent: FleetAgent, devices: Any = None) -> int | None:
    """Upload the PII-free diagnostics bundle if staff asked for one; returns its id."""
    from kiosk.ops.diagnostics import export_bundle

    with agent.client() as c:
        r = c.get(f"{agent.url}/api/terminal/bundle-request")
        if r.status_code != 200:
            raise FleetAgentError(f"bundle request: HTTP {r.status_code} {r.text[:200]}")
        bundle_id = r.json().get("bundle_id")
        if bundle_id is None:
            return None
        out = agent.state_dir / "bundles"
        path = export_bundle(out, agent.config, devices, extra={"requested_via": "fleet"})
        try:
            up = c.put(
                f"{agent.url}/api/terminal/bundles/{int(bundle_id)}", content=path.read_bytes()
            )
        finally:
            path.unlink(missing_ok=True)
        if up.status_code != 200:
            raise FleetAgentError(f"bundle upload: HTTP {up.status_code} {up.text[:200]}")
        return int(bundle_id)


def main(argv: list[str] | None = None) -> int:
    """``python -m kiosk.app.fleet_agent``: the pull agent of a headless terminal."""
    p = argparse.ArgumentParser(prog="python -m kiosk.app.fleet_agent")
    p.add_argument("--config", type=Path, required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--enrol", metavar="CODE", default=None)
    p.add_argument("--polls", type=int, default=1, help="polls before exiting (0: forever)")
    p.add_argument("--interval", type=float, default=1.0)
    args = p.parse_args(argv)
    import time

    agent = FleetAgent(load_config(args.config), args.url)
    if args.enrol:
        agent.enrol(args.enrol)
    n = 0
    while args.polls == 0 or n < args.polls:
        try:
            res = agent.poll_once()
            print(json.dumps(res.__dict__), flush=True)
            serve_bundle_request(agent)
        except FleetAgentError as e:
            print(json.dumps({"action": "error", "detail": e.detail}), flush=True)
        n += 1
        if args.polls == 0 or n < args.polls:
            time.sleep(args.interval)
    return 0


if __name__ == "__main__":
    sys.exit(main())
