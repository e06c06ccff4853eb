"""Blueprints: thin views that parse input, call one use case (`workbench.core.usecases`)
and render its result; refusals are mapped to pages and fragments in `views.errors`."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import (
        admin,
        align,
        auth,
        documents,
        errors,
        exports,
        glossary,
        live,
        mt,
        qa,
        segments,
        tm,
        users,
    )

    for module in (
        auth,
        admin,
        documents,
        segments,
        glossary,
        qa,
        mt,
        exports,
        users,
        live,
        tm,
        align,
    ):
        app.register_blueprint(module.bp)
    live.init_app(app)
    errors.init_app(app)
