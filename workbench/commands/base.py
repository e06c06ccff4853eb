"""What every command needs: an app built from the environment, a session, one-line errors.

Kept apart from workbench.cli so the feature command modules can import it while
workbench.cli is still registering them.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

import click

from .. import create_app
from ..schema import SchemaOutdated


def make_app(check_schema: bool = True):
    try:
        return create_app({"CHECK_SCHEMA": check_schema})
    except SchemaOutdated as exc:
        raise click.ClickException(str(exc)) from None


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
