"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

import mnp_pipeline.storage.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification",
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("ticket_id", sa.String(length=200), nullable=False),
        sa.Column("raw", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("received_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("error_type", sa.String(length=60), nullable=True),
        sa.Column("parser", sa.String(length=120), nullable=True),
        sa.Column("provider", sa.String(length=120), nullable=True),
        sa.Column("subject", sa.Text(), nullable=True),
        sa.Column("message_id", sa.String(length=500), nullable=True),
        sa.Column("stamp", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("processed_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("processed_by", sa.String(length=120), nullable=True),
        sa.Column("duplicate_of", sa.Uuid(), nullable=True),
        sa.Column("labelled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["duplicate_of"],
            ["notification.notification_id"],
        ),
        sa.PrimaryKeyConstraint("notification_id"),
        sa.UniqueConstraint("source", "ticket_id", name="uq_notification_ticket"),
    )
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notification_sha256"), ["sha256"], unique=False)
        batch_op.create_index("ix_notification_state", ["state"], unique=False)

    op.create_table(
        "protection_group",
        sa.Column("protection_group_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("protection_group_id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "sla",
        sa.Column("sla_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("code_class", sa.String(length=200), nullable=False),
        sa.Column("promised_uptime_pct", sa.Float(), nullable=False),
        sa.Column("interval_duration", sa.String(length=60), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("sla_id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "vendor",
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("vendor_id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "circuit",
        sa.Column("internal_circuit_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_circuit_id", sa.String(length=200), nullable=False),
        sa.Column("match_key", sa.String(length=200), nullable=False),
        sa.Column("sla_id", sa.Uuid(), nullable=True),
        sa.Column(
            "sla_epoch",
            mnp_pipeline.storage.types.UtcDateTime(timezone=True),
            nullable=True,
            comment="turn-up: SLA periods may count from it",
        ),
        sa.Column("protection_group_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["protection_group_id"],
            ["protection_group.protection_group_id"],
        ),
        sa.ForeignKeyConstraint(
            ["sla_id"],
            ["sla.sla_id"],
        ),
        sa.ForeignKeyConstraint(
            ["vendor_id"],
            ["vendor.vendor_id"],
        ),
        sa.PrimaryKeyConstraint("internal_circuit_id"),
        sa.UniqueConstraint("name"),
        sa.UniqueConstraint("vendor_id", "match_key", name="uq_circuit_vendor_match_key"),
    )
    with op.batch_alter_table("circuit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_circuit_match_key"), ["match_key"], unique=False)

    op.create_table(
        "maintenance",
        sa.Column("maintenance_pk", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=120), nullable=False),
        sa.Column("maintenance_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("stamp", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("current_notification_id", sa.Uuid(), nullable=False),
        sa.Column("replaces_maintenance_id", sa.String(length=200), nullable=True),
        sa.Column("updated_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["current_notification_id"],
            ["notification.notification_id"],
        ),
        sa.PrimaryKeyConstraint("maintenance_pk"),
        sa.UniqueConstraint("provider", "maintenance_id", name="uq_maintenance"),
    )
    op.create_table(
        "sla_vendor_applicability",
        sa.Column("sla_id", sa.Uuid(), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["sla_id"], ["sla.sla_id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["vendor_id"], ["vendor.vendor_id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sla_id", "vendor_id"),
    )
    op.create_table(
        "circuit_outage_event",
        sa.Column("circuit_outage_event_id", sa.Uuid(), nullable=False),
        sa.Column("internal_circuit_id", sa.Uuid(), nullable=False),
        sa.Column("begin_outage", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("end_outage", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("operator_caused", sa.Boolean(), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("evaluated", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["internal_circuit_id"],
            ["circuit.internal_circuit_id"],
        ),
        sa.PrimaryKeyConstraint("circuit_outage_event_id"),
    )
    with op.batch_alter_table("circuit_outage_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_circuit_outage_event_internal_circuit_id"), ["internal_circuit_id"], unique=False
        )

    op.create_table(
        "equipment_port",
        sa.Column("equipment_port_id", sa.Uuid(), nullable=False),
        sa.Column("device", sa.String(length=200), nullable=False),
        sa.Column("interface", sa.String(length=200), nullable=False),
        sa.Column("internal_circuit_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["internal_circuit_id"],
            ["circuit.internal_circuit_id"],
        ),
        sa.PrimaryKeyConstraint("equipment_port_id"),
        sa.UniqueConstraint("device", "interface", name="uq_port_device_interface"),
    )
    op.create_table(
        "maint_forecast_event",
        sa.Column("maint_forecast_event_id", sa.Uuid(), nullable=False),
        sa.Column("maintenance_pk", sa.Uuid(), nullable=False),
        sa.Column("notification_id", sa.Uuid(), nullable=False),
        sa.Column("notification_helpdesk_ticket_id", sa.String(length=200), nullable=False),
        sa.Column("internal_circuit_id", sa.Uuid(), nullable=True),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("superseded_by", sa.Uuid(), nullable=True),
        sa.Column("stamp", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("object_type", sa.String(length=40), nullable=False),
        sa.Column("provider", sa.String(length=120), nullable=False),
        sa.Column("maintenance_id", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("account", sa.String(length=300), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=300), nullable=False),
        sa.Column("begin_window", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("end_window", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("impact_seconds", sa.Integer(), nullable=True),
        sa.Column("impact", sa.String(length=30), nullable=True),
        sa.Column("parsed_vendor_circuit_id", sa.String(length=300), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("replaces_maintenance_id", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["internal_circuit_id"],
            ["circuit.internal_circuit_id"],
        ),
        sa.ForeignKeyConstraint(
            ["maintenance_pk"],
            ["maintenance.maintenance_pk"],
        ),
        sa.ForeignKeyConstraint(
            ["notification_id"],
            ["notification.notification_id"],
        ),
        sa.ForeignKeyConstraint(
            ["superseded_by"],
            ["notification.notification_id"],
        ),
        sa.PrimaryKeyConstraint("maint_forecast_event_id"),
    )
    with op.batch_alter_table("maint_forecast_event", schema=None) as batch_op:
        batch_op.create_index("ix_event_maintenance_current", ["maintenance_pk", "current"], unique=False)
        batch_op.create_index("ix_event_window", ["begin_window", "end_window"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_maint_forecast_event_internal_circuit_id"), ["internal_circuit_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_maint_forecast_event_notification_id"), ["notification_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_maint_forecast_event_parsed_vendor_circuit_id"), ["parsed_vendor_circuit_id"], unique=False
        )

    op.create_table(
        "sla_performance_measurement",
        sa.Column("measurement_id", sa.Uuid(), nullable=False),
        sa.Column("internal_circuit_id", sa.Uuid(), nullable=False),
        sa.Column("sla_id", sa.Uuid(), nullable=False),
        sa.Column("period_start", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("period_end", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("outage_seconds", sa.Integer(), nullable=False),
        sa.Column("excused_seconds", sa.Integer(), nullable=False),
        sa.Column("availability_pct", sa.Float(), nullable=True),
        sa.Column("breached", sa.Boolean(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["internal_circuit_id"],
            ["circuit.internal_circuit_id"],
        ),
        sa.ForeignKeyConstraint(
            ["sla_id"],
            ["sla.sla_id"],
        ),
        sa.PrimaryKeyConstraint("measurement_id"),
        sa.UniqueConstraint("internal_circuit_id", "period_start", name="uq_measurement_period"),
    )


def downgrade() -> None:
    op.drop_table("sla_performance_measurement")
    with op.batch_alter_table("maint_forecast_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maint_forecast_event_parsed_vendor_circuit_id"))
        batch_op.drop_index(batch_op.f("ix_maint_forecast_event_notification_id"))
        batch_op.drop_index(batch_op.f("ix_maint_forecast_event_internal_circuit_id"))
        batch_op.drop_index("ix_event_window")
        batch_op.drop_index("ix_event_maintenance_current")

    op.drop_table("maint_forecast_event")
    op.drop_table("equipment_port")
    with op.batch_alter_table("circuit_outage_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circuit_outage_event_internal_circuit_id"))

    op.drop_table("circuit_outage_event")
    op.drop_table("sla_vendor_applicability")
    op.drop_table("maintenance")
    with op.batch_alter_table("circuit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_circuit_match_key"))

    op.drop_table("circuit")
    op.drop_table("vendor")
    op.drop_table("sla")
    op.drop_table("protection_group")
    with op.batch_alter_table("notification", schema=None) as batch_op:
        batch_op.drop_index("ix_notification_state")
        batch_op.drop_index(batch_op.f("ix_notification_sha256"))

    op.drop_table("notification")
