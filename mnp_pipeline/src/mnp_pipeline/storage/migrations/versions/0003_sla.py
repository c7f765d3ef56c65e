"""SLA evaluator: the measurement breakdown, SLA document source, evaluation runs, outage indexes

Revision ID: 0003_sla
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

import mnp_pipeline.storage.types

revision = "0003_sla"
down_revision = "0001"
branch_labels = None
depends_on = None

_INTEGERS = ("period_seconds", "denominator_seconds", "counted_seconds", "outage_count", "longest_outage_seconds")


def upgrade() -> None:
    with op.batch_alter_table("sla", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source", sa.String(length=300), nullable=True))

    with op.batch_alter_table("sla_performance_measurement", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "measured_start",
                mnp_pipeline.storage.types.UtcDateTime(timezone=True),
                nullable=True,
                comment="after period_start for a partial first period",
            )
        )
        for name in _INTEGERS:
            batch_op.add_column(sa.Column(name, sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("credit_pct", sa.Float(), server_default="0", nullable=False))
        batch_op.add_column(
            sa.Column("claim_deadline", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("chronic", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("provisional", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(
            sa.Column("evaluated_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True)
        )
        batch_op.create_index("ix_measurement_sla_period", ["sla_id", "period_start"], unique=False)

    with op.batch_alter_table("circuit_outage_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_outage_unevaluated",
            ["internal_circuit_id"],
            unique=False,
            postgresql_where=sa.text("evaluated IS false"),
            sqlite_where=sa.text("evaluated IS 0"),
        )
        batch_op.create_index("ix_outage_circuit_begin", ["internal_circuit_id", "begin_outage"], unique=False)

    op.create_table(
        "sla_evaluation_run",
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("started_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("as_of", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("outages", sa.Integer(), nullable=False),
        sa.Column("measurements", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("run_id"),
    )
    with op.batch_alter_table("sla_evaluation_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sla_evaluation_run_started_at"), ["started_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sla_evaluation_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sla_evaluation_run_started_at"))
    op.drop_table("sla_evaluation_run")

    with op.batch_alter_table("circuit_outage_event", schema=None) as batch_op:
        batch_op.drop_index("ix_outage_circuit_begin")
        batch_op.drop_index("ix_outage_unevaluated")

    with op.batch_alter_table("sla_performance_measurement", schema=None) as batch_op:
        batch_op.drop_index("ix_measurement_sla_period")
        for name in ("evaluated_at", "provisional", "chronic", "claim_deadline", "credit_pct", *reversed(_INTEGERS)):
            batch_op.drop_column(name)
        batch_op.drop_column("measured_start")

    with op.batch_alter_table("sla", schema=None) as batch_op:
        batch_op.drop_column("source")
