"""``kiosk --demo``: the reference servers in a child process of their own.

The platform, the video desk, the payment gateway, the courier and the department
servers stand for the other side of the network: a real terminal has none of them.
In the terminal's process they cost ~76 MB and their threads (uvicorn, FastAPI,
pypinyin for the generated items); here they run in ``python -m
kiosk.app.demo_servers``, which the terminal starts and stops, so the terminal's
own memory is what it would be on a real kiosk (bench/memory.py counts them apart).

The protocol is one JSON line each way on the child's stdin and stdout: what to
serve (:data:`KINDS`, with the settings each needs), then where each listens and
its credentials (fresh per run, never logged here). Then the child waits on stdin:
``stop <kind>`` stops one server (the offline walkthrough stops the platform),
answered by ``stopped <kind>``; end of input (the terminal stopped, or died) stops
them all and exits.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

log = logging.getLogger(__name__)

#: What the child can serve, in start order (the terminal stops them in reverse).
KINDS = ("platform", "desk", "gateway", "courier", "departments")


@dataclass
class Served:
    """A server of the child, as the terminal sees it: where it listens."""

    url: str
    ws_url: str = ""
    #: Stops this one server in the child (the child itself keeps running).
    stop_one: Callable[[], None] = field(default=lambda: None, repr=False)

    def stop(self) -> None:
        self.stop_one()


#: Tells the child which process is the terminal (see :func:`child_main`).
PARENT_ENV = "KIOSK_DEMO_SERVERS_PARENT"


class DemoServers:
    """The child process serving the demo's reference servers.

    Made without ``spec``, the child starts and imports its servers' modules while
    the terminal does its own start (the two share the machine's cores); :meth:`start`
    then says what to serve. ``kiosk --demo`` spawns it first thing: its ~0.4 s of
    interpreter start and imports no longer add to the terminal's first paint.
    """

    def __init__(self, spec: dict[str, Any] | None = None) -> None:
        from kiosk.config import PROJECT_ROOT

        env = dict(os.environ)
        env[PARENT_ENV] = str(os.getpid())
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p
        )
        self._lock = threading.Lock()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kiosk.app.demo_servers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            text=True,
            encoding="utf-8",
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self._stdin: IO[str] = self.proc.stdin
        self._stdout: IO[str] = self.proc.stdout
        #: kind → what the child says of it (url, credentials, paths), once started.
        self.info: dict[str, dict[str, Any]] = {}
        #: kind → why it did not start (the demo runs on without it).
        self.failed: dict[str, str] = {}
        if spec is not None:
            self.start(spec)

    def start(self, spec: dict[str, Any]) -> None:
        """Serve what ``spec`` asks (see :data:`KINDS`); returns once every server listens."""
        t0 = time.perf_counter()
        self._start(spec)
        # bench/startup.py reads this: the part of kiosk --demo's start that a real
        # terminal, with no reference servers of its own, does not have.
        log.info("demo servers: waited %.0f ms for them", (time.perf_counter() - t0) * 1000)

    def _start(self, spec: dict[str, Any]) -> None:
        self._stdin.write(json.dumps(spec) + "\n")
        self._stdin.flush()
        line = self._stdout.readline()
        if not line:
            code = self.proc.wait(30)
            raise RuntimeError(f"demo servers did not start (exit code {code})")
        answer = json.loads(line)
        if "error" in answer:
            self.stop()
            raise RuntimeError(f"demo servers did not start: {answer['error']}")
        self.info = answer["served"]
        self.failed = answer.get("failed", {})

    @property
    def pid(self) -> int:
        return self.proc.pid

    def served(self, kind: str) -> Served:
        info = self.info[kind]
        return Served(info["url"], info.get("ws_url", ""), lambda: self.stop_one(kind))

    def stop_one(self, kind: str) -> None:
        """Stop one server in the child; returns once it no longer listens."""
        with self._lock:
            if self.proc.poll() is not None or self._stdin.closed:
                return
            try:
                self._stdin.write(f"stop {kind}\n")
                self._stdin.flush()
                # Lines before the answer are other servers' news: read up to ours (or EOF).
                for line in iter(self._stdout.readline, ""):
                    if line.strip() == f"stopped {kind}":
                        break
            except (BrokenPipeError, ValueError):
                pass  # the child is gone already

    def stop(self) -> None:
        """Stop every server and the child (idempotent)."""
        with self._lock:
            with contextlib.suppress(OSError, ValueError):
                self._stdin.close()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                log.warning("demo servers did not stop in 30 s: killed")
                self.proc.kill()
                self.proc.wait(10)
            with contextlib.suppress(OSError, ValueError):
                self._stdout.close()


# --- the child -----------------------------------------------------------------------


def _serve(kind: str, spec: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """Start one server; (what stops it, what the terminal needs to know)."""
    if kind == "platform":
        from kiosk.app.demo import serve_platform

        return serve_platform(spec)
    if kind == "desk":
        from kiosk.app.demo_desk import serve_desk

        return serve_desk(spec)
    if kind == "gateway":
        from kiosk.app.demo_payments import serve_gateway

        return serve_gateway(spec)
    if kind == "courier":
        from kiosk.app.demo_courier import serve_courier

        return serve_courier(spec)
    if kind == "departments":
        from kiosk.app.demo_departments import DemoDepartments

        depts = DemoDepartments(Path(spec["data_dir"]))
        connectors = depts.start()
        return depts, {"dir": str(depts.dir), "connectors": [_plain(c) for c in connectors]}
    raise ValueError(f"unknown demo server {kind!r}")


#: What serving imports, imported by the child while it waits for its spec.
_SERVING_MODULES = (
    "kiosk.app.demo",
    "kiosk.app.demo_desk",
    "kiosk.app.demo_payments",
    "kiosk.app.demo_courier",
    "kiosk.app.demo_departments",
    "offline_queue.server.runner",
    "uvicorn",
    "fastapi",
)


def _preimport() -> None:
    import importlib

    for name in _SERVING_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # serving it will fail with the real error, where it is handled
            logging.getLogger(__name__).debug("preimport of %s failed", name, exc_info=True)


def _plain(model: Any) -> dict[str, Any]:
    """A connector's settings as JSON, its secrets in clear (for the pipe to the terminal only)."""
    out: dict[str, Any] = model.model_dump(mode="json", exclude_unset=True)
    for key in out:
        value = getattr(model, key)
        if hasattr(value, "get_secret_value"):
            out[key] = value.get_secret_value()
    return out


def child_main(stdin: IO[str] = sys.stdin) -> int:
    """The child: serve what the first line asks, until ``stdin`` ends."""
    from kiosk.app.hardening import die_with_parent, harden_process

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the terminal's to handle
    # End of input stops the servers one by one, which takes seconds; a terminal that
    # dies mid-stop (seen under cage, whose exit ends its client) must not leave them
    # behind. SQLite and the in-memory state survive a kill.
    die_with_parent(int(os.environ.get(PARENT_ENV, "0")), signal.SIGKILL)
    out = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)  # anything the servers print goes to stderr, not into the protocol
    logging.basicConfig(level=logging.WARNING, format="demo-servers %(levelname)s %(name)s: %(message)s")  # fmt: skip
    harden_process()
    _preimport()  # while the terminal starts; the spec comes when it has its settings
    spec = json.loads(stdin.readline() or "{}")
    running: dict[str, Any] = {}
    served: dict[str, dict[str, Any]] = {}
    failed: dict[str, str] = {}
    try:
        for kind in KINDS:
            if kind not in spec:
                continue
            try:
                running[kind], served[kind] = _serve(kind, spec[kind])
            except Exception as e:
                if not spec[kind].get("optional"):
                    raise
                failed[kind] = repr(e)
    except Exception as e:
        for srv in reversed(running.values()):
            srv.stop()
        out.write(json.dumps({"error": repr(e)}) + "\n")
        return 1
    out.write(json.dumps({"served": served, "failed": failed}) + "\n")
    for line in stdin:
        kind = line.removeprefix("stop ").strip()
        srv = running.pop(kind, None)
        if srv is not None:
            srv.stop()
        out.write(f"stopped {kind}\n")
    for srv in reversed(running.values()):
        try:
            srv.stop()
        except Exception:
            logging.getLogger(__name__).exception("demo server failed to stop")
    return 0


if __name__ == "__main__":
    sys.exit(child_main())
