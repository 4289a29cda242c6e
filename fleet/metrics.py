"""/metrics: a collector reading the database at scrape time (every instance says the same)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from fleet.db import Database, Rollout, RolloutTarget, Terminal, utcnow


class FleetCollector(Collector):
    """Terminals by state, device faults by kind, queue depths, heartbeat age, rollouts."""

    def __init__(self, db: Database, offline_after_s: float) -> None:
        self.db = db
        self.offline_after_s = offline_after_s

    def collect(self) -> Iterator[Metric]:
        now = utcnow()
        states = GaugeMetricFamily("fleet_terminals", "Terminals by state", labels=["state"])
        age = GaugeMetricFamily(
            "fleet_heartbeat_age_seconds",
            "Seconds since the last heartbeat",
            labels=["terminal", "region"],
        )
        pending = GaugeMetricFamily(
            "fleet_outbox_pending", "Submissions waiting in the outbox", labels=["terminal"]
        )
        dead = GaugeMetricFamily(
            "fleet_outbox_dead", "Dead-lettered submissions", labels=["terminal"]
        )
        oldest = GaugeMetricFamily(
            "fleet_outbox_oldest_age_seconds",
            "Age of the oldest pending submission",
            labels=["terminal"],
        )
        journal = GaugeMetricFamily(
            "fleet_journal_pending", "Payment-journal entries not settled", labels=["terminal"]
        )
        faults = GaugeMetricFamily(
            "fleet_device_faults", "Devices in FAULT by kind", labels=["kind"]
        )
        fault_age = GaugeMetricFamily(
            "fleet_device_fault_seconds",
            "Seconds a device has been in FAULT",
            labels=["terminal", "kind"],
        )
        by_state = {"online": 0, "offline": 0, "never_seen": 0, "faulty": 0}
        by_kind: dict[str, int] = {}
        with self.db.session() as s:
            for t in s.execute(select(Terminal)).scalars():
                if t.last_seen_at is None:
                    by_state["never_seen"] += 1
                else:
                    a = (now - t.last_seen_at).total_seconds()
                    by_state["online" if a <= self.offline_after_s else "offline"] += 1
                    age.add_metric([t.id, t.region], a)
                pending.add_metric([t.id], t.outbox_pending)
                dead.add_metric([t.id], t.outbox_dead)
                journal.add_metric([t.id], t.journal_pending)
                if t.outbox_oldest_age_s is not None:
                    oldest.add_metric([t.id], t.outbox_oldest_age_s)
                faulty = False
                for kind, d in (t.devices or {}).items():
                    if str(d.get("status", "")).upper() == "FAULT":
                        faulty = True
                        by_kind[kind] = by_kind.get(kind, 0) + 1
                        since = d.get("since")
                        if since:
                            fault_age.add_metric(
                                [t.id, kind], (now - datetime.fromisoformat(since)).total_seconds()
                            )
                if faulty:
                    by_state["faulty"] += 1
            progress = GaugeMetricFamily(
                "fleet_rollout_targets", "Rollout targets by state", labels=["rollout", "state"]
            )
            wave = GaugeMetricFamily(
                "fleet_rollout_wave",
                "Current wave (0 canary .. 3 all) of live rollouts",
                labels=["rollout", "status"],
            )
            live = (
                s.execute(select(Rollout).where(Rollout.status.in_(["running", "halted"])))
                .scalars()
                .all()
            )
            for ro in live:
                wave.add_metric([str(ro.id), ro.status], ro.wave)
                rows = s.execute(
                    select(RolloutTarget.state, func.count())
                    .where(RolloutTarget.rollout_id == ro.id)
                    .group_by(RolloutTarget.state)
                ).all()
                for state, n in rows:
                    progress.add_metric([str(ro.id), state], n)
        for k, v in by_state.items():
            states.add_metric([k], v)
        for k, v in sorted(by_kind.items()):
            faults.add_metric([k], v)
        yield from (states, age, pending, dead, oldest, journal, faults, fault_age, progress, wave)
