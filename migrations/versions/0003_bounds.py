"""proposals keep their learner bound; runs report cost and cost bound while solving

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.add_column(sa.Column("learners_bound", sa.Integer(), nullable=True))
    with op.batch_alter_table("solve_jobs") as batch_op:
        batch_op.add_column(sa.Column("cost_dkk", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("cost_bound_dkk", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("solve_jobs") as batch_op:
        batch_op.drop_column("cost_bound_dkk")
        batch_op.drop_column("cost_dkk")
    with op.batch_alter_table("proposals") as batch_op:
        batch_op.drop_column("learners_bound")
