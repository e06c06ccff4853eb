"""Blueprints: thin views that parse input, call one use case (`workbench.core.usecases`)
and render its result; refusals are mapped to pages and fragments in `views.errors`."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import admin, auth, documents, errors, exports, glossary, live, mt, qa, review, segments
    from . import align, tm, users

    for module in (auth, admin, documents, segments, review, glossary, qa, mt, exports, users, live, tm, align):
        app.register_blueprint(module.bp)
    live.init_app(app)
    errors.init_app(app)
