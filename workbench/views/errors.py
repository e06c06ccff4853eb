"""Refusals mapped once: a `core.errors.WorkbenchError` (and any HTTP error) becomes a
readable page, or for htmx a fragment, with its status; a failed request never leaves half a
transaction behind."""

from __future__ import annotations

from flask import Flask, render_template, request, session
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from ..core.errors import WorkbenchError
from ..db import BUSY_RETRY_SECONDS, db_session, is_busy
from ..htmx import is_fragment_request


def error_response(status: int, title: str, message: str, headers: dict | None = None):
    db_session().rollback()
    template = "_error.html" if is_fragment_request() else "error.html"
    return render_template(template, title=title, message=message), status, headers or {}


def _sentence(message: str) -> str:
    message = message.strip()
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."


def init_app(app: Flask) -> None:
    @app.errorhandler(WorkbenchError)
    def refused(e: WorkbenchError):
        return error_response(e.status, e.title, _sentence(str(e)))

    @app.errorhandler(CSRFError)
    def csrf_error(e: CSRFError):
        if (
            is_fragment_request()
            and app.config["WTF_CSRF_FIELD_NAME"] not in session
            and request.endpoint != "auth.login_post"
        ):
            # a page's request after its session (and so its token) is gone: the page logs
            # in again in place and gets a new token
            from .auth import login_needed

            db_session().rollback()
            return login_needed()
        return error_response(
            400, "Form expired", f"{e.description} Reload the page and try again."
        )

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_e):
        # the view's own limit (a model upload) or the document limit
        limit = (request.max_content_length or app.config["MAX_CONTENT_LENGTH"]) / (1024 * 1024)
        return error_response(
            413, "File too large", f"The upload is over the {limit:.0f} MB limit."
        )

    @app.errorhandler(OperationalError)
    def database_error(e: OperationalError):
        if is_busy(e):
            # Another write held the lock past the busy timeout: nothing of this request was
            # written; the page keeps the text and sends it again (static/app.js).
            return error_response(
                503,
                "Busy",
                "The database is busy; your text is kept, retrying in a moment.",
                {"Retry-After": str(BUSY_RETRY_SECONDS)},
            )
        app.logger.exception("database error")
        return error_response(
            500, "Database error", "The database failed; nothing was saved. Try again."
        )

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return error_response(e.code or 500, e.name, e.description or "")

    @app.errorhandler(Exception)
    def server_error(e: Exception):
        app.logger.exception("unhandled error")
        return error_response(
            500, "Server error", "Something went wrong; nothing was saved. Try again."
        )
