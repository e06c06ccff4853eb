"""batch operations (status of a filter, find and replace) with a one-step undo

Revision ID: review_batch_operation
Revises: tm_0001
Create Date: 2026-12-01 10:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = "review_batch_operation"
down_revision = "tm_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "batch_operation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.Column("undone_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("kind IN ('status', 'replace')", name=op.f("ck_batch_operation_kind")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_batch_operation_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["undone_by_id"], ["user.id"], name=op.f("fk_batch_operation_undone_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_batch_operation_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_batch_operation")),
    )
    with op.batch_alter_table("batch_operation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_batch_operation_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("batch_operation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_batch_operation_document_id"))
    op.drop_table("batch_operation")
