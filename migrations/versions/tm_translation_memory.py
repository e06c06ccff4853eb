"""translation memory: memories, units, their trigram index; revision origin "tm"

Revision ID: tm_0001
Revises: harden_security
"""

from alembic import op
import sqlalchemy as sa


revision = "tm_0001"
down_revision = "harden_security"
branch_labels = None
depends_on = None

OLD_ORIGINS = "origin IN ('human', 'mt', 'import', 'system')"
NEW_ORIGINS = "origin IN ('human', 'mt', 'import', 'system', 'tm')"

# The trigram index lives outside the models (workbench.schema.outside_models knows its names).
SQLITE_FTS = [
    # External content: the index stores trigrams only, the text stays in tm_unit.
    "CREATE VIRTUAL TABLE tm_unit_fts USING fts5("
    "source_key, target, content='tm_unit', content_rowid='id', tokenize='trigram')",
    # How many units hold each trigram: lookups send FTS5 the query's rarest trigrams only.
    "CREATE VIRTUAL TABLE tm_unit_fts_vocab USING fts5vocab(tm_unit_fts, 'row')",
    "CREATE TRIGGER tm_unit_fts_insert AFTER INSERT ON tm_unit BEGIN "
    "INSERT INTO tm_unit_fts(rowid, source_key, target) "
    "VALUES (new.id, new.source_key, new.target); END",
    "CREATE TRIGGER tm_unit_fts_delete AFTER DELETE ON tm_unit BEGIN "
    "INSERT INTO tm_unit_fts(tm_unit_fts, rowid, source_key, target) "
    "VALUES ('delete', old.id, old.source_key, old.target); END",
    "CREATE TRIGGER tm_unit_fts_update AFTER UPDATE OF source_key, target ON tm_unit BEGIN "
    "INSERT INTO tm_unit_fts(tm_unit_fts, rowid, source_key, target) "
    "VALUES ('delete', old.id, old.source_key, old.target); "
    "INSERT INTO tm_unit_fts(rowid, source_key, target) "
    "VALUES (new.id, new.source_key, new.target); END",
]
POSTGRES_TRGM = [
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_tm_unit_source_trgm ON tm_unit USING gin (source_key gin_trgm_ops)",
    "CREATE INDEX ix_tm_unit_target_trgm ON tm_unit USING gin (target gin_trgm_ops)",
]


def upgrade() -> None:
    op.create_table(
        "tm_memory",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("penalty", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "origin IN ('human', 'import', 'official', 'reference')",
            name=op.f("ck_tm_memory_origin"),
        ),
        sa.CheckConstraint("penalty >= 0 AND penalty <= 100", name=op.f("ck_tm_memory_penalty")),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_tm_memory_created_by_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tm_memory")),
        sa.UniqueConstraint("name", name=op.f("uq_tm_memory_name")),
    )
    op.create_table(
        "tm_unit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("memory_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("key_hash", sa.String(length=40), nullable=False),
        sa.Column("figures_hash", sa.String(length=40), nullable=True),
        sa.Column("context_hash", sa.String(length=40), nullable=False),
        sa.Column("context_prev", sa.Text(), nullable=False),
        sa.Column("context_next", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("source_lang", sa.String(length=20), nullable=False),
        sa.Column("target_lang", sa.String(length=20), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.Column("document_name", sa.String(length=500), nullable=False),
        sa.Column("segment_id", sa.Integer(), nullable=True),
        sa.Column("user", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin", sa.String(length=12), nullable=False),
        sa.Column("good", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "origin IN ('human', 'mt', 'import', 'official', 'reference', 'tm', 'system')",
            name=op.f("ck_tm_unit_origin"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_tm_unit_document_id_document"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["memory_id"],
            ["tm_memory.id"],
            name=op.f("fk_tm_unit_memory_id_tm_memory"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["segment_id"],
            ["segment.id"],
            name=op.f("fk_tm_unit_segment_id_segment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tm_unit")),
        sa.UniqueConstraint("segment_id", name=op.f("uq_tm_unit_segment_id")),
    )
    with op.batch_alter_table("tm_unit", schema=None) as batch_op:
        batch_op.create_index("ix_tm_unit_figures_hash", ["figures_hash"], unique=False)
        batch_op.create_index("ix_tm_unit_key_hash", ["key_hash"], unique=False)
        batch_op.create_index("ix_tm_unit_memory", ["memory_id", "id"], unique=False)

    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_revision_origin"), type_="check")
        batch_op.create_check_constraint(op.f("ck_revision_origin"), NEW_ORIGINS)
    with op.batch_alter_table("mt_job", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("memory_exact", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("memory_figures", sa.Integer(), nullable=False, server_default="0")
        )

    statements = SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else POSTGRES_TRGM
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS tm_unit_fts_vocab")
        op.execute("DROP TABLE IF EXISTS tm_unit_fts")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_revision_origin"), type_="check")
        batch_op.create_check_constraint(op.f("ck_revision_origin"), OLD_ORIGINS)
    with op.batch_alter_table("mt_job", schema=None) as batch_op:
        batch_op.drop_column("memory_figures")
        batch_op.drop_column("memory_exact")
    op.drop_table("tm_unit")
    op.drop_table("tm_memory")
