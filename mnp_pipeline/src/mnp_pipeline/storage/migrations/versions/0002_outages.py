"""outage detector: link events, log cursors, CircuitOutageEvent detail

Revision ID: 0002_outages
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

import mnp_pipeline.storage.types

revision = "0002_outages"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_event",
        sa.Column("link_event_id", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=200), nullable=False, comment="lower case, as the log names it"),
        sa.Column("interface", sa.String(length=200), nullable=False, comment="normalised: gigabitethernet0/1"),
        sa.Column("layer", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=4), nullable=False),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("occurred_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("clock", sa.String(length=16), nullable=False),
        sa.Column("log_format", sa.String(length=40), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("read_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("link_event_id"),
    )
    with op.batch_alter_table("link_event", schema=None) as batch_op:
        batch_op.create_index("ix_link_event_port", ["device", "interface"], unique=False)

    op.create_table(
        "log_cursor",
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("position", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("updated_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("source"),
    )

    with op.batch_alter_table("circuit_outage_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("up_without_down", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("source_details", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("detected_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("circuit_outage_event", schema=None) as batch_op:
        batch_op.drop_column("detected_at")
        batch_op.drop_column("source_details")
        batch_op.drop_column("up_without_down")
    op.drop_table("log_cursor")
    with op.batch_alter_table("link_event", schema=None) as batch_op:
        batch_op.drop_index("ix_link_event_port")
    op.drop_table("link_event")
