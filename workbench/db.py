"""Database engine, sessions and the declarative base.

One SQLAlchemy engine per app; a scoped session per thread (request, CLI command, worker).
The constraint naming convention lets Alembic's batch mode on SQLite alter constraints.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """Naive UTC timestamp: SQLite has no time zones, PostgreSQL columns are `timestamp`."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def make_engine(url: str) -> Engine:
    """Engine for `url`; SQLite gets WAL, a busy timeout and foreign keys switched on."""
    kwargs: dict = {"future": True}
    if url.startswith("sqlite"):
        # Several threads (web requests, the MT consumer) share one file database.
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url and url != "sqlite://":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


def db_session():
    """The scoped session of the current app (one per thread: request, CLI command)."""
    from flask import current_app

    return current_app.extensions["db_session"]()


def make_session_factory(engine: Engine) -> scoped_session:
    return scoped_session(sessionmaker(bind=engine, expire_on_commit=False, future=True))
