"""one head again: outages, SLA, confidence, queue index

Revision ID: 0006_merge
Revises: 0002_outages, 0003_sla, 0004_confidence, 0005_queue_index
Create Date: 2026-11-30
"""

revision = "0006_merge"
down_revision = ("0002_outages", "0003_sla", "0004_confidence", "0005_queue_index")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
