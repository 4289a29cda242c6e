"""The dashboard: server-rendered pages (Jinja2, inline SVG charts, no build step).

Also the small query helpers the JSON API shares with the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fleet.db import Bundle, HeartbeatRecord, Package, Rollout, RolloutTarget, Terminal, utcnow
from fleet.errors import FleetError, NotFound
from fleet.schemas import iso

if TYPE_CHECKING:
    from fleet.app import Fleet

_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
)


def _age(t: Terminal) -> float | None:
    return (utcnow() - t.last_seen_at).total_seconds() if t.last_seen_at else None


def faults_of(t: Terminal) -> list[str]:
    return sorted(
        k for k, d in (t.devices or {}).items() if str(d.get("status")).upper() == "FAULT"
    )


def terminal_summary(t: Terminal, offline_after_s: float) -> dict[str, Any]:
    age = _age(t)
    return {
        "id": t.id,
        "region": t.region,
        "online": age is not None and age <= offline_after_s,
        "last_seen_at": iso(t.last_seen_at),
        "heartbeat_age_s": age,
        "clock_skew_s": t.clock_skew_s,
        "app_version": t.app_version,
        "config_version": t.config_version,
        "catalog_version": t.catalog_version,
        "faults": faults_of(t),
        "outbox_pending": t.outbox_pending,
        "outbox_dead": t.outbox_dead,
        "outbox_oldest_age_s": t.outbox_oldest_age_s,
        "journal_pending": t.journal_pending,
        "disk_free_bytes": t.disk_free_bytes,
        "uptime_s": t.uptime_s,
        "last_session_at": iso(t.last_session_at),
    }


def filter_terminals(
    s: Session,
    region: str = "",
    fault: str = "",
    version: str = "",
    seen_within_s: float | None = None,
    offline: bool = False,
    offline_after_s: float = 600,
) -> list[Terminal]:
    q = select(Terminal).order_by(Terminal.id)
    if region:
        prefix = region
        while len(prefix) > 2 and prefix.endswith("00"):
            prefix = prefix[:-2]
        q = q.where(Terminal.region.startswith(prefix))
    if version:
        q = q.where((Terminal.app_version == version) | (Terminal.config_version == version))
    now = utcnow()
    if seen_within_s is not None:
        q = q.where(Terminal.last_seen_at >= now - timedelta(seconds=seen_within_s))
    if offline:
        q = q.where(
            (Terminal.last_seen_at.is_(None))
            | (Terminal.last_seen_at < now - timedelta(seconds=offline_after_s))
        )
    rows = list(s.execute(q).scalars())
    if fault:
        rows = [t for t in rows if (fault == "any" and faults_of(t)) or fault in faults_of(t)]
    return rows


def rollout_status(s: Session, ro: Rollout) -> dict[str, Any]:
    from fleet.rollout import WAVE_NAMES, counts

    pkg = s.get(Package, ro.package_pk)
    per_wave = s.execute(
        select(RolloutTarget.wave, RolloutTarget.state, func.count())
        .where(RolloutTarget.rollout_id == ro.id)
        .group_by(RolloutTarget.wave, RolloutTarget.state)
    ).all()
    waves: list[dict[str, int]] = [{} for _ in WAVE_NAMES]
    for wave, state, n in per_wave:
        waves[wave][state] = int(n)
    return {
        "id": ro.id,
        "status": ro.status,
        "wave": ro.wave,
        "wave_name": WAVE_NAMES[ro.wave],
        "halt_reason": ro.halt_reason,
        "package_id": pkg.package_id if pkg else "",
        "version": pkg.version if pkg else 0,
        "targets": ro.target_desc,
        "counts": counts(s, ro.id),
        "waves": [{"name": WAVE_NAMES[i], "states": w} for i, w in enumerate(waves)],
        "created_by": ro.created_by,
        "created_at": iso(ro.created_at),
        "updated_at": iso(ro.updated_at),
    }


def daily_series(s: Session, days: int, terminal_id: str | None = None) -> list[dict[str, Any]]:
    """Per day: sessions (growth of the session counter), fault reports, peak outbox depth."""
    since = utcnow() - timedelta(days=days)
    q = select(HeartbeatRecord).where(HeartbeatRecord.received_at >= since)
    if terminal_id:
        q = q.where(HeartbeatRecord.terminal_id == terminal_id)
    q = q.order_by(HeartbeatRecord.terminal_id, HeartbeatRecord.seq)
    by_day: dict[str, dict[str, int]] = {}
    last_sessions: dict[str, int] = {}
    for r in s.execute(q).scalars():
        day = r.received_at.date().isoformat()
        d = by_day.setdefault(day, {"sessions": 0, "faults": 0, "outbox": 0})
        prev = last_sessions.get(r.terminal_id)
        if prev is not None and r.sessions_total >= prev:
            d["sessions"] += r.sessions_total - prev
        last_sessions[r.terminal_id] = r.sessions_total
        d["faults"] += r.faults
        d["outbox"] = max(d["outbox"], r.outbox_pending)
    return [{"day": k, **v} for k, v in sorted(by_day.items())]


def bar_chart(series: list[dict[str, Any]], key: str, title: str) -> str:
    """A small inline SVG bar chart (no JavaScript)."""
    w, h, pad = 360, 120, 20
    peak = max([p[key] for p in series] + [1])
    n = max(len(series), 1)
    bw = (w - 2 * pad) / n
    bars = []
    for i, p in enumerate(series):
        bh = (h - 2 * pad) * p[key] / peak
        x = pad + i * bw
        bars.append(
            f'<rect x="{x:.1f}" y="{h - pad - bh:.1f}" width="{bw * 0.8:.1f}" height="{bh:.1f}">'
            f"<title>{p['day']}: {p[key]}</title></rect>"
        )
    return (
        f'<figure class="chart" data-key="{key}"><figcaption>{title}</figcaption>'
        f'<svg viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img">{"".join(bars)}</svg>'
        "</figure>"
    )


def mount(app: FastAPI, fleet: Fleet, viewer: Callable[..., Any]) -> None:
    """Add the HTML pages; a staff token is kept in an HttpOnly cookie after login."""
    settings = fleet.settings

    def page(name: str, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(_env.get_template(name).render(**ctx))

    def who(request: Request, s: Session) -> str | None:
        try:
            _s, name = viewer(request, s)
            return str(name)
        except FleetError:
            return None

    @app.get("/login", response_class=HTMLResponse)
    def login_form(error: str = "") -> HTMLResponse:
        return page("login.html", error=error)

    @app.post("/login")
    def login(token: str = Form(...)) -> Response:
        r = RedirectResponse("/", status_code=303)
        r.set_cookie("fleet_token", token.strip(), httponly=True, samesite="strict")
        return r

    @app.get("/", response_class=HTMLResponse)
    def index(
        request: Request,
        region: str = "",
        fault: str = "",
        version: str = "",
        seen_within_s: str = "",
        offline: str = "",
    ) -> Response:
        with fleet.db.session() as s:
            if who(request, s) is None:
                return RedirectResponse("/login", status_code=303)
            seen = float(seen_within_s) if seen_within_s.replace(".", "", 1).isdigit() else None
            rows = filter_terminals(
                s, region, fault, version, seen, offline == "1", settings.offline_after_s
            )
            all_t = list(s.execute(select(Terminal)).scalars())
            summaries = [terminal_summary(t, settings.offline_after_s) for t in all_t]
            health = {
                "total": len(summaries),
                "online": sum(1 for t in summaries if t["online"]),
                "faulty": sum(1 for t in summaries if t["faults"]),
                "outbox": sum(t["outbox_pending"] for t in summaries),
            }
            series = daily_series(s, settings.history_days)
            rollouts = [
                rollout_status(s, ro)
                for ro in s.execute(select(Rollout).order_by(Rollout.id.desc()).limit(10)).scalars()
            ]
            return page(
                "index.html",
                terminals=[terminal_summary(t, settings.offline_after_s) for t in rows],
                health=health,
                charts=[
                    bar_chart(series, "sessions", "每日办件 sessions/day"),
                    bar_chart(series, "faults", "设备故障 device faults"),
                    bar_chart(series, "outbox", "待上传 outbox depth"),
                ],
                rollouts=rollouts,
                f={
                    "region": region,
                    "fault": fault,
                    "version": version,
                    "seen_within_s": seen_within_s,
                    "offline": offline,
                },
            )

    @app.get("/terminals/{kiosk_id}", response_class=HTMLResponse)
    def terminal_page(kiosk_id: str, request: Request) -> Response:
        with fleet.db.session() as s:
            if who(request, s) is None:
                return RedirectResponse("/login", status_code=303)
            t = s.get(Terminal, kiosk_id)
            if t is None:
                raise NotFound("no_terminal", kiosk_id)
            bundle = s.execute(
                select(Bundle)
                .where(Bundle.terminal_id == kiosk_id, Bundle.uploaded_at.isnot(None))
                .order_by(Bundle.id.desc())
                .limit(1)
            ).scalar_one_or_none()
            history = s.execute(
                select(RolloutTarget, Rollout, Package)
                .join(Rollout, Rollout.id == RolloutTarget.rollout_id)
                .join(Package, Package.id == Rollout.package_pk)
                .where(RolloutTarget.terminal_id == kiosk_id)
                .order_by(Rollout.id.desc())
                .limit(20)
            ).all()
            series = daily_series(s, settings.history_days, kiosk_id)
            return page(
                "terminal.html",
                t=terminal_summary(t, settings.offline_after_s),
                devices=t.devices or {},
                inventory=t.inventory or {},
                bundle=bundle,
                history=[
                    {
                        "rollout": ro.id,
                        "package": f"{p.package_id} v{p.version}",
                        "state": rt.state,
                        "code": rt.code,
                        "at": iso(rt.updated_at),
                    }
                    for rt, ro, p in history
                ],
                charts=[
                    bar_chart(series, "sessions", "每日办件 sessions/day"),
                    bar_chart(series, "faults", "设备故障 device faults"),
                    bar_chart(series, "outbox", "待上传 outbox depth"),
                ],
            )


def _fmt_age(seconds: float | None) -> str:
    if seconds is None:
        return "从未 never"
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


_env.filters["age"] = _fmt_age
_env.globals["now"] = lambda: datetime.now().isoformat(timespec="seconds")
