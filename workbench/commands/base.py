"""What every command needs: an app built from the environment, a session, one-line errors.

Kept apart from workbench.cli so the feature command modules can import it while
workbench.cli is still registering them.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import click
from sqlalchemy.exc import SQLAlchemyError

from .. import create_app
from ..db import is_busy
from ..edge import ValueRefused
from ..schema import SchemaOutdated


def database_failure(exc: SQLAlchemyError, url: str = "") -> click.ClickException:
    """One line for a database error: what failed and where, never a traceback."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split())[:300]
    where = f"database {url}: " if url else "database: "
    if is_busy(exc):
        return click.ClickException(f"{where}busy (another write holds it); try again ({text})")
    if "file is not a database" in text:
        return click.ClickException(f"{where}the file is not an SQLite database")
    if "connection" in text.lower() or "could not" in text.lower():
        return click.ClickException(f"{where}cannot connect ({text})")
    return click.ClickException(f"{where}{text}")


def make_app(check_schema: bool = True):
    try:
        return create_app({"CHECK_SCHEMA": check_schema})
    except SchemaOutdated as exc:
        raise click.ClickException(str(exc)) from None
    except SQLAlchemyError as exc:
        raise database_failure(exc, _configured_url()) from None


def _configured_url() -> str:
    import os

    from sqlalchemy.engine import make_url

    raw = os.environ.get("WORKBENCH_DATABASE_URL", "")
    try:
        return make_url(raw).render_as_string(hide_password=True) if raw else ""
    except Exception:  # noqa: BLE001 - only for a message
        return ""


class OneLineGroup(click.Group):
    """The top-level group: what commands leave unhandled still ends in one line."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ValueRefused as exc:
            raise click.ClickException(f"not saved: {exc}") from None
        except SchemaOutdated as exc:
            raise click.ClickException(str(exc)) from None
        except SQLAlchemyError as exc:
            raise database_failure(exc, _configured_url()) from None


def with_app(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run the command inside an app context with a session; commit on success."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        app = make_app()
        with app.app_context():
            session = app.extensions["db_session"]()
            try:
                result = func(session, *args, **kwargs)
                session.commit()
                return result
            except BaseException:
                session.rollback()
                raise

    return wrapper
