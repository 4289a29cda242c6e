"""``GET /fleet``: a plain HTML table of the latest heartbeat of every kiosk."""

from __future__ import annotations

import html
import json

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from offline_queue.server.deps import DbDep

router = APIRouter(tags=["fleet"])

_COLOURS = {"OK": "#1b7f3b", "DEGRADED": "#b36b00", "FAULT": "#b3261e", "ABSENT": "#666"}


def _devices_cell(devices_json: str) -> str:
    try:
        devices = json.loads(devices_json)
    except ValueError:
        return ""
    parts = []
    for d in devices:
        status = str(d.get("status", ""))
        colour = _COLOURS.get(status.upper(), "#000")
        title = html.escape(str(d.get("detail", "")), quote=True)
        parts.append(
            f'<span title="{title}" style="color:{colour}">'
            f"{html.escape(str(d.get('name', '')))}: {html.escape(status)}</span>"
        )
    return "<br>".join(parts)


@router.get("/fleet", response_class=HTMLResponse)
def fleet(db: DbDep) -> HTMLResponse:
    """Latest heartbeat per kiosk (no personal data is ever in a heartbeat)."""
    rows = (
        db.connection()
        .execute(
            "SELECT kiosk_id, received_at, app_version, config_version, queue_pending, queue_dead,"
            " oldest_pending_age_s, devices FROM heartbeats"
            " WHERE id IN (SELECT MAX(id) FROM heartbeats GROUP BY kiosk_id) ORDER BY kiosk_id"
        )
        .fetchall()
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape('' if v is None else str(v))}</td>"
            for v in (
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                "" if r[6] is None else f"{r[6]:.0f} s",
            )
        )
        + f"<td>{_devices_cell(r[7])}</td></tr>"
        for r in rows
    )
    page = (
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<title>终端运行状态 / Fleet</title>"
        "<style>table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}</style>"
        "</head><body><h1>终端运行状态 / Fleet</h1><table><thead><tr>"
        "<th>kiosk</th><th>last heartbeat (UTC)</th><th>app</th><th>config</th>"
        "<th>pending</th><th>dead</th><th>oldest pending</th><th>devices</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
        f"<p>{len(rows)} kiosk(s)</p></body></html>"
    )
    return HTMLResponse(page)
