"""document.report_year (relative years in the number check), term.applies_nested

Revision ID: acc_report_year
Revises: core_term_version
"""

import sqlalchemy as sa
from alembic import op

revision = "acc_report_year"
down_revision = "core_term_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("report_year", sa.Integer(), nullable=True))
    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("applies_nested", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.drop_column("applies_nested")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_column("report_year")
