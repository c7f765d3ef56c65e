"""The work queue claims the oldest pending notification through one index.

Revision ID: 0005_queue_index
Revises: 0001
Create Date: 2026-11-30
"""

from alembic import op

revision = "0005_queue_index"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_index("ix_notification_state")
        batch.create_index("ix_notification_queue", ["state", "received_at"])


def downgrade() -> None:
    with op.batch_alter_table("notification") as batch:
        batch.drop_index("ix_notification_queue")
        batch.create_index("ix_notification_state", ["state"])
