"""workbench: turn a Chinese government report into a published English edition.

Importing the package stays cheap and Flask-free, so the domain modules (segment, glossary,
qa, mt, formats) can be used without the web stack.
"""

from __future__ import annotations

from typing import Any


def create_app(test_config: dict[str, Any] | None = None):
    """Build the Flask app (see workbench.app.create_app)."""
    from .app import create_app as _create_app

    return _create_app(test_config)


def db_session():
    """The scoped session of the current app (one per thread)."""
    from flask import current_app

    return current_app.extensions["db_session"]


__all__ = ["create_app", "db_session"]
