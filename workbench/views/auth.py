"""Log in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user
from sqlalchemy import select

from ..db import db_session
from ..models import User

bp = Blueprint("auth", __name__)


@bp.get("/login")
def login():
    """The login form."""
    return render_template("login.html", next=request.args.get("next", ""))


@bp.post("/login")
def login_post():
    """Check the password; answer 401 with the form again on failure."""
    username = request.form.get("username", "").strip()
    user = db_session().scalars(select(User).where(User.username == username)).first()
    if user is None or not user.active or not user.check_password(request.form.get("password", "")):
        flash("Unknown user name or wrong password.", "error")
        return render_template(
            "login.html", next=request.form.get("next", ""), username=username
        ), 401
    login_user(user, remember=bool(request.form.get("remember")))
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
