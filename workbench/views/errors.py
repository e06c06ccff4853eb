"""Readable error pages; a failed request never leaves half a transaction behind."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .. import db_session
from ..db import BUSY_RETRY_SECONDS, is_busy
from ..edge import ValueRefused


def _error(status: int, title: str, message: str, headers: dict | None = None):
    db_session().rollback()
    template = "_error.html" if request.headers.get("HX-Request") == "true" else "error.html"
    return render_template(template, title=title, message=message), status, headers or {}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError):
        return _error(400, "Form expired", f"{e.description} Reload the page and try again.")

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_e):
        limit = (request.max_content_length or app.config["MAX_CONTENT_LENGTH"]) / (1024 * 1024)
        return _error(413, "File too large", f"The upload is over the {limit:.0f} MB limit.")

    @app.errorhandler(ValueRefused)
    def value_refused(e: ValueRefused):
        return _error(422, "Not saved", f"Not saved: {e}.")

    @app.errorhandler(OperationalError)
    def database_error(e: OperationalError):
        if is_busy(e):
            # Another write holds the database longer than the busy timeout: nothing of this
            # request was written; the page keeps the text and sends it again (app.js).
            return _error(
                503,
                "Busy",
                "The database is busy; your text is kept, retrying in a moment.",
                {"Retry-After": str(BUSY_RETRY_SECONDS)},
            )
        app.logger.exception("database error")
        return _error(500, "Database error", "The database failed; nothing was saved. Try again.")

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return _error(e.code or 500, e.name, e.description or "")

    @app.errorhandler(Exception)
    def server_error(e: Exception):
        app.logger.exception("unhandled error")
        return _error(500, "Server error", "Something went wrong; nothing was saved. Try again.")
