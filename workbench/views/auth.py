"""Log in and out; change one's own password."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required, login_url, login_user, logout_user
from flask_wtf.csrf import generate_csrf

from ..core.errors import Invalid
from ..core.usecases import users
from ..db import db_session
from ..htmx import is_fragment_request, render
from ..security import client_address
from ..services.logins import LoginLimits

bp = Blueprint("auth", __name__)


def login_needed():
    """A page is sent to the login form; an htmx request (a save, the next rows) is answered
    401 so the page keeps the reviewer's text and logs in in place (app.js), instead of
    swapping the login page into the list of rows."""
    if is_fragment_request():
        return render_template(
            "_error.html", title="Logged out.", message="Log in again: your text is kept."
        ), 401
    manager = current_app.login_manager
    flash(manager.login_message, manager.login_message_category)
    return redirect(login_url("auth.login", next_url=request.url))


@bp.record_once
def _install(state) -> None:
    state.app.login_manager.unauthorized_handler(login_needed)


def _safe_next(target: str) -> str:
    """Only same-site relative paths: never an open redirect (nor a header split)."""
    parts = urlsplit(target)
    if (
        not target.startswith("/")
        or target.startswith("//")
        or parts.scheme
        or parts.netloc
        or any(ch in target for ch in "\r\n\\")
    ):
        return url_for("documents.index")
    return target


@bp.get("/login")
def login():
    """The login form (for htmx: the form alone, shown in the page's login dialog)."""
    return render("login.html", "_login_form.html", next=request.args.get("next", ""), dialog=True)


@bp.post("/login")
def login_post():
    """Check the password; 401 with the form again on failure, 429 when throttled."""
    username = request.form.get("username", "").strip()[:80]
    try:
        user = users.log_in(
            db_session(),
            username,
            request.form.get("password", ""),
            address=client_address(),
            limits=LoginLimits.from_config(current_app.config),
        )
    except (users.LoginFailed, users.TooManyLogins) as exc:
        retry = getattr(exc, "retry_after", None)
        headers = {"Retry-After": str(retry)} if retry else {}
        if is_fragment_request():  # the page's login dialog
            form = render_template(
                "_login_form.html", username=username, dialog=True, failed=True, reason=str(exc)
            )
            return form, exc.status, headers
        flash(str(exc), "error")
        page = render_template("login.html", next=request.form.get("next", ""), username=username)
        retry = getattr(exc, "retry_after", None)
        return page, exc.status, {"Retry-After": str(retry)} if retry else {}
    login_user(user, remember=bool(request.form.get("remember")))
    if is_fragment_request():
        # logged in from the page's dialog: the page stays, with this session's CSRF token
        resp = make_response("", 204)
        resp.headers["HX-Trigger"] = json.dumps(
            {"workbench:loggedIn": {"csrf": generate_csrf(), "user": user.username}}
        )
        return resp
    return redirect(_safe_next(request.form.get("next") or ""))


@bp.post("/logout")
@login_required
def logout():
    """Log out (POST, so a link elsewhere cannot log a reviewer out).

    Ends every session of this user on the server: a copied session or remember-me cookie
    no longer works.
    """
    users.log_out(db_session(), current_user, address=client_address())
    logout_user()
    return redirect(url_for("auth.login"))


@bp.get("/account")
@login_required
def account():
    return render_template("account.html")


@bp.app_context_processor
def _password_policy():
    return {"min_password_length": users.MIN_PASSWORD}


@bp.post("/account/password")
@login_required
def change_password():
    """Change one's own password; other sessions end, this one continues."""
    form = request.form
    try:
        if form.get("new", "") != form.get("repeat", ""):
            raise Invalid("the two new passwords differ")
        users.change_own_password(
            db_session(), current_user, form.get("current", ""), form.get("new", "")
        )
    except Invalid as exc:
        return render_template("account.html", error=f"Not changed: {exc}."), 422
    login_user(current_user)  # the new session version
    flash("Password changed; your other sessions are logged out.", "success")
    return redirect(url_for("auth.account"), code=303)
