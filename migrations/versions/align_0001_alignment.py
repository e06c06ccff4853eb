"""alignment with an official translation: alignment, alignment_edit; origin "official"

Revision ID: align_0001
Revises: review_batch_operation
"""

import sqlalchemy as sa
from alembic import op

revision = "align_0001"
down_revision = "review_batch_operation"
branch_labels = None
depends_on = None

_OLD_ORIGINS = "origin IN ('human', 'mt', 'import', 'system', 'tm')"
_NEW_ORIGINS = "origin IN ('human', 'mt', 'import', 'system', 'tm', 'official')"


def upgrade() -> None:
    op.create_table(
        "alignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("zh_filename", sa.String(length=500), nullable=False),
        sa.Column("en_filename", sa.String(length=500), nullable=False),
        sa.Column("zh_sentences", sa.JSON(), nullable=False),
        sa.Column("en_sentences", sa.JSON(), nullable=False),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("state IN ('draft', 'confirmed')", name=op.f("ck_alignment_state")),
        sa.ForeignKeyConstraint(
            ["confirmed_by_id"], ["user.id"], name=op.f("fk_alignment_confirmed_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_alignment_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_alignment_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alignment")),
    )
    op.create_table(
        "alignment_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alignment_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("undone", sa.Boolean(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alignment_id"],
            ["alignment.id"],
            name=op.f("fk_alignment_edit_alignment_id_alignment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_alignment_edit_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alignment_edit")),
    )
    op.create_index(
        "ix_alignment_edit_alignment", "alignment_edit", ["alignment_id", "id"], unique=False
    )
    with op.batch_alter_table("revision") as batch:
        batch.drop_constraint(op.f("ck_revision_origin"), type_="check")
        batch.create_check_constraint("origin", _NEW_ORIGINS)


def downgrade() -> None:
    with op.batch_alter_table("revision") as batch:
        batch.drop_constraint(op.f("ck_revision_origin"), type_="check")
        batch.create_check_constraint("origin", _OLD_ORIGINS)
    op.drop_index("ix_alignment_edit_alignment", table_name="alignment_edit")
    op.drop_table("alignment_edit")
    op.drop_table("alignment")
