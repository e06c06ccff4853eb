"""Readable error pages; a failed request never leaves half a transaction behind."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .. import db_session


def _error(status: int, title: str, message: str):
    db_session().rollback()
    if request.headers.get("HX-Request") == "true":
        return render_template("_error.html", title=title, message=message), status
    return render_template("error.html", title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError):
        if (
            not current_user.is_authenticated
            and request.headers.get("HX-Request") == "true"
            and request.endpoint != "auth.login_post"
        ):
            # a page's request after its session (and token) is gone: log in again in place
            from .auth import login_needed

            db_session().rollback()
            return login_needed()
        return _error(400, "Form expired", f"{e.description} Reload the page and try again.")

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_e):
        limit = app.config["MAX_IMPORT_BYTES"] / (1024 * 1024)
        return _error(413, "File too large", f"The upload is over the {limit:g} MB limit.")

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return _error(e.code or 500, e.name, e.description or "")

    @app.errorhandler(Exception)
    def server_error(e: Exception):
        app.logger.exception("unhandled error")
        return _error(500, "Server error", "Something went wrong; nothing was saved. Try again.")
