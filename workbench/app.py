"""The Flask application factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from .config import load_config
from .db import make_engine, make_session_factory
from .paths import resource

csrf = CSRFProtect()
login_manager = LoginManager()


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Application factory: configuration, database, login, CSRF and the blueprints.

    Never downloads anything and never changes the schema: an outdated database is reported
    (see `schema.check_schema`) and `workbench db upgrade` fixes it.
    """
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(resource("templates")),
        static_folder=str(resource("static")),
    )
    app.config.update(load_config(Path(app.instance_path)))
    if test_config:
        app.config.update(test_config)

    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    app.extensions["db_session"] = make_session_factory(engine)

    if app.config.get("CHECK_SCHEMA", True):
        from .schema import check_schema

        check_schema(engine)

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        app.extensions["db_session"].remove()

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Log in to continue."

    @login_manager.user_loader
    def _load_user(user_id: str):
        from .models import User

        return app.extensions["db_session"]().get(User, int(user_id))

    from . import subscribers
    from .views import register_blueprints

    subscribers.install()  # QA (and later TM, live updates) follow the change events
    register_blueprints(app)

    from . import templating

    templating.init_app(app)
    return app
