"""term version counter; segment (paragraph, start) index for the review page

Revision ID: core_term_version
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "core_term_version"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_segment_paragraph_start", ["paragraph_id", "start_offset"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("segment", schema=None) as batch_op:
        batch_op.drop_index("ix_segment_paragraph_start")
    with op.batch_alter_table("term", schema=None) as batch_op:
        batch_op.drop_column("version")
