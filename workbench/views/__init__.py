"""Blueprints: thin views that parse input, call services, render."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from . import auth, documents, errors, review, segments

    app.register_blueprint(auth.bp)
    app.register_blueprint(documents.bp)
    app.register_blueprint(segments.bp)
    app.register_blueprint(review.bp)
    errors.init_app(app)
    # Feature blueprints (glossary, QA, MT, exports) register themselves here when present.
    for name in ("glossary", "qa", "mt", "exports"):
        try:
            module = __import__(f"{__name__}.{name}", fromlist=["bp"])
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        app.register_blueprint(module.bp)
