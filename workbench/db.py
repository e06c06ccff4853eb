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


# How long a statement waits for another transaction's lock before giving up (the save then
# answers 503 "busy, your text is kept" and the page retries after BUSY_RETRY_SECONDS). Long
# writes (imports, QA refresh, MT) commit in batches well under this, so a reviewer's save
# waits at most about one batch. See README "Concurrency".
DEFAULT_BUSY_TIMEOUT_MS = 3000
BUSY_RETRY_SECONDS = 2


def make_engine(url: str, *, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS) -> Engine:
    """Engine for `url`.

    SQLite: WAL (readers never wait for the writer, the writer never waits for readers),
    synchronous=NORMAL (durable at each checkpoint, safe with WAL), foreign keys on, and a
    busy timeout: a writer waits up to `busy_timeout_ms` for another writer's commit.
    PostgreSQL: the same bound as `lock_timeout`, so a save never hangs behind a lock.
    """
    kwargs: dict = {"future": True}
    if url.startswith("sqlite"):
        # Several threads (web requests, the MT consumer) share one file database.
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": busy_timeout_ms / 1000}
    elif url.startswith("postgresql"):
        kwargs["connect_args"] = {"options": f"-c lock_timeout={int(busy_timeout_ms)}"}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            if ":memory:" not in url and url != "sqlite://":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

    return engine


# SQLite: "database is locked" / "database table is locked"; PostgreSQL: lock_not_available
# (lock_timeout), deadlock_detected, serialization_failure.
_BUSY_SQLSTATES = {"55P03", "40P01", "40001"}


def is_busy(exc: BaseException) -> bool:
    """Whether a database error means "another transaction holds the lock: try again"."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in _BUSY_SQLSTATES:
        return True
    return "database is locked" in str(orig) or "database table is locked" in str(orig)


# The largest id or cursor the database holds (BIGINT; SQLite INTEGER is 64-bit too): larger
# numbers from a URL or form are "not found", never an overflow in the driver.
MAX_ID = 2**63 - 1


def parse_int(raw: str | None) -> int | None:
    """A non-negative id, version or cursor from a string, or None (also when out of range)."""
    if raw is None or not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return None
    value = int(raw)
    return value if value <= MAX_ID else None


def db_session():
    """The scoped session of the current app (one per thread: request, CLI command)."""
    from flask import current_app

    return current_app.extensions["db_session"]()


def make_session_factory(engine: Engine) -> scoped_session:
    return scoped_session(sessionmaker(bind=engine, expire_on_commit=False, future=True))
