"""MT outputs carry the engine's confidence and the pieces of a split long sentence

Revision ID: mt_score_pieces
Revises: live01
"""

import sqlalchemy as sa
from alembic import op

revision = "mt_score_pieces"
down_revision = "live01"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mt_output", schema=None) as batch_op:
        batch_op.add_column(sa.Column("score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("pieces", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("mt_output", schema=None) as batch_op:
        batch_op.drop_column("pieces")
        batch_op.drop_column("score")
