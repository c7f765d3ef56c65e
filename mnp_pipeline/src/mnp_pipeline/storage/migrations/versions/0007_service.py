"""operator service: API tokens (hashed) and seen webhook signatures

Revision ID: 0007_service
Revises: 0006_merge
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

import mnp_pipeline.storage.types

revision = "0007_service"
down_revision = "0006_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_token",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=10), nullable=False),
        sa.Column("created_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=True),
        sa.Column("revoked", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
    )
    op.create_index("ix_api_token_name", "api_token", ["name"], unique=False)
    op.create_table(
        "webhook_delivery",
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=40), nullable=False),
        sa.Column("received_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", mnp_pipeline.storage.types.UtcDateTime(timezone=True), nullable=False),
        sa.Column("notification_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(["notification_id"], ["notification.notification_id"]),
        sa.PrimaryKeyConstraint("signature"),
    )
    op.create_index("ix_webhook_delivery_expires_at", "webhook_delivery", ["expires_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_webhook_delivery_expires_at", table_name="webhook_delivery")
    op.drop_table("webhook_delivery")
    op.drop_index("ix_api_token_name", table_name="api_token")
    op.drop_table("api_token")
