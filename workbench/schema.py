"""Alembic glue: upgrade to head, and refuse to run on a database that is behind the code."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from .paths import resource

MIGRATIONS = resource("migrations")


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


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Upgrade the database to head; return (revision before, revision after)."""
    before = current_revision(engine)
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return before, current_revision(engine) or ""


def check_schema(engine: Engine) -> None:
    current, head = current_revision(engine), head_revision()
    where = engine.url.render_as_string(hide_password=True)
    if current is None:
        raise SchemaOutdated(
            f"database {where} has no workbench schema: run `workbench db upgrade` (or `workbench demo`)"
        )
    if current != head:
        raise SchemaOutdated(
            f"database {where} is at schema revision {current}, this version of workbench needs "
            f"{head}: run `workbench db upgrade`"
        )
