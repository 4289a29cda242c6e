"""Inventory and history, packages, staged rollouts, TUF metadata, diagnostics bundles.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("terminals") as t:
        t.add_column(sa.Column("catalog_version", sa.String(64), nullable=False, server_default=""))
        t.add_column(sa.Column("journal_pending", sa.Integer, nullable=False, server_default="0"))
        t.add_column(sa.Column("disk_free_bytes", sa.BigInteger, nullable=True))
        t.add_column(sa.Column("uptime_s", sa.Float, nullable=True))
        t.add_column(sa.Column("sessions_total", sa.Integer, nullable=False, server_default="0"))
        t.add_column(sa.Column("last_session_at", TS, nullable=True))
        # Existing rows get an empty inventory, not NULL.
        t.add_column(sa.Column("inventory", sa.JSON, nullable=False, server_default="{}"))
    op.create_table(
        "heartbeats",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("terminal_id", sa.String(64), sa.ForeignKey("terminals.id"), index=True),
        sa.Column("received_at", TS, nullable=False, index=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("outbox_pending", sa.Integer, nullable=False),
        sa.Column("faults", sa.Integer, nullable=False),
        sa.Column("sessions_total", sa.Integer, nullable=False),
    )
    op.create_table(
        "packages",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_id", sa.String(128), nullable=False, index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("target_path", sa.String(256), nullable=False, unique=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        sa.Column("uploaded_at", TS, nullable=False),
        sa.Column("description", sa.Text, nullable=False, server_default=""),
    )
    op.create_table(
        "rollouts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_pk", sa.Integer, sa.ForeignKey("packages.id"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("wave", sa.Integer, nullable=False),
        sa.Column("wave_started_at", TS, nullable=False),
        sa.Column("min_wave_s", sa.Float, nullable=False),
        sa.Column("halt_reason", sa.Text, nullable=False, server_default=""),
        sa.Column("ack_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("target_desc", sa.String(256), nullable=False, server_default=""),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "rollout_targets",
        sa.Column("rollout_id", sa.Integer, sa.ForeignKey("rollouts.id"), primary_key=True),
        sa.Column("terminal_id", sa.String(64), sa.ForeignKey("terminals.id"), primary_key=True),
        sa.Column("wave", sa.Integer, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("code", sa.String(64), nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_rollout_targets_terminal", "rollout_targets", ["terminal_id", "state"])
    op.create_table(
        "tuf_files",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "bundles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("terminal_id", sa.String(64), sa.ForeignKey("terminals.id"), index=True),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("requested_at", TS, nullable=False),
        sa.Column("uploaded_at", TS, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False, server_default=""),
        sa.Column("size", sa.Integer, nullable=False, server_default="0"),
        sa.Column("data", sa.LargeBinary, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("bundles")
    op.drop_table("tuf_files")
    op.drop_index("ix_rollout_targets_terminal", "rollout_targets")
    op.drop_table("rollout_targets")
    op.drop_table("rollouts")
    op.drop_table("packages")
    op.drop_table("heartbeats")
    with op.batch_alter_table("terminals") as t:
        for col in (
            "inventory",
            "last_session_at",
            "sessions_total",
            "uptime_s",
            "disk_free_bytes",
            "journal_pending",
            "catalog_version",
        ):
            t.drop_column(col)
