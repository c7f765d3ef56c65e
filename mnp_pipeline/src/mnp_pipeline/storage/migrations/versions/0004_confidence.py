"""maint_forecast_event: confidence and evidence of guessed reads

The generic parser reads notices of carriers no plugin knows; each event it writes says
how sure it is (``confidence``, 0..1) and what text it read (``evidence``). Both are
null for events a carrier's own parser read.

Revision ID: 0004_confidence
Revises: 0001
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_confidence"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("maint_forecast_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("confidence", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("evidence", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("maint_forecast_event", schema=None) as batch_op:
        batch_op.drop_column("evidence")
        batch_op.drop_column("confidence")
