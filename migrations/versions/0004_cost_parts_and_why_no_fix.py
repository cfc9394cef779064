"""proposals keep the cost in parts and first come, first served's placement; unplaced
requests keep why no fix exists

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COST_PARTS = (
    "hold_prices_dkk",
    "guaranteed_prices_dkk",
    "travel_cost_dkk",
    "waiting_cost_dkk",
    "waiting_days",
)


def upgrade() -> None:
    with op.batch_alter_table("proposals") as batch_op:
        for name in COST_PARTS:
            batch_op.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("greedy_learners_placed", sa.Integer(), nullable=True))
    with op.batch_alter_table("unplaced_requests") as batch_op:
        batch_op.add_column(sa.Column("no_fix_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("unplaced_requests") as batch_op:
        batch_op.drop_column("no_fix_reason")
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_column("greedy_learners_placed")
        for name in reversed(COST_PARTS):
            batch_op.drop_column(name)
