"""Alembic glue: upgrade to head, and refuse to run on a database that is behind the code."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from .paths import resource

MIGRATIONS = resource("migrations")


# Objects the migrations create outside the models (the translation memory's trigram index:
# an FTS5 table with its shadow tables on SQLite, GIN indexes on PostgreSQL): schema
# comparisons leave them alone.
OUTSIDE_MODELS_PREFIXES = ("tm_unit_fts", "ix_tm_unit_source_trgm", "ix_tm_unit_target_trgm")


def outside_models(name: str | None, type_: str, *_args) -> bool:
    """False for an object the models do not describe (an Alembic include_name hook)."""
    return not (name or "").startswith(OUTSIDE_MODELS_PREFIXES)


class SchemaOutdated(RuntimeError):
    """The database is not at the revision this code expects."""


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    # `%` would be read as interpolation by configparser (passwords in URLs)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head() or ""


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return {rev.revision for rev in script.walk_revisions()}


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def _refuse_unknown_state(engine: Engine, current: str | None) -> None:
    """SchemaOutdated when upgrading cannot work: a revision this code does not know, or
    workbench tables without Alembic's record of them (half-made or foreign)."""
    if current is not None and current not in known_revisions():
        raise SchemaOutdated(
            f"database {_where(engine)} is at schema revision {current!r}, which this version "
            f"of workbench does not know (made by a newer workbench?); nothing was changed: "
            f"use that version, or restore a backup made with this one"
        )
    if current is None:
        tables = sorted(set(inspect(engine).get_table_names()) - {"alembic_version"})
        if tables:
            shown = ", ".join(tables[:5]) + (" ..." if len(tables) > 5 else "")
            raise SchemaOutdated(
                f"database {_where(engine)} has tables ({shown}) but no alembic_version record: "
                f"it was not made by `workbench db upgrade` or its creation was interrupted; "
                f"nothing was changed: point WORKBENCH_DATABASE_URL at an empty database or "
                f"restore a backup"
            )


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Upgrade the database to head; return (revision before, revision after)."""
    before = current_revision(engine)
    _refuse_unknown_state(engine, before)
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, current_revision(engine) or ""


def check_schema(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    where = _where(engine)
    _refuse_unknown_state(engine, current)
    if current is None:
        raise SchemaOutdated(
            f"database {where} has no workbench schema: run `workbench db upgrade` (or `workbench demo`)"
        )
    if current != head:
        raise SchemaOutdated(
            f"database {where} is at schema revision {current}, this version of workbench needs "
            f"{head}: run `workbench db upgrade`"
        )
