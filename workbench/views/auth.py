"""Log in and out."""

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
from flask_login import login_required, login_url, login_user, logout_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from ..db import db_session
from ..htmx import is_fragment_request, render
from ..models import User

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


@bp.get("/login")
def login():
    """The login form (for htmx: the form alone, shown in the page's login dialog)."""
    return render("login.html", "_login_form.html", next=request.args.get("next", ""), dialog=True)


@bp.post("/login")
def login_post():
    """Check the password; answer 401 with the form again on failure."""
    username = request.form.get("username", "").strip()
    user = db_session().scalars(select(User).where(User.username == username)).first()
    if user is None or not user.active or not user.check_password(request.form.get("password", "")):
        if is_fragment_request():
            return render_template(
                "_login_form.html", username=username, dialog=True, failed=True
            ), 401
        flash("Unknown user name or wrong password.", "error")
        return render_template(
            "login.html", next=request.form.get("next", ""), username=username
        ), 401
    login_user(user, remember=bool(request.form.get("remember")))
    if is_fragment_request():
        # logged in from the page's dialog: the page stays, with this session's CSRF token
        resp = make_response("", 204)
        resp.headers["HX-Trigger"] = json.dumps(
            {"workbench:loggedIn": {"csrf": generate_csrf(), "user": user.username}}
        )
        return resp
    target = request.form.get("next") or url_for("documents.index")
    # only same-site relative paths: never an open redirect
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        target = url_for("documents.index")
    return redirect(target)


@bp.post("/logout")
@login_required
def logout():
    """Log out (POST, so a link elsewhere cannot log a reviewer out)."""
    logout_user()
    return redirect(url_for("auth.login"))
