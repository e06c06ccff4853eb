"""Accounts, for administrators: who has which role, and new accounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..core.errors import Conflict, Invalid
from ..core.usecases import users as cases
from ..db import db_session
from ..models import ROLES

bp = Blueprint("users", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Account pages need a logged-in user; the use cases refuse all but admins (403)."""


def _page(status: int = 200, **extra):
    accounts = cases.list_users(db_session(), current_user)
    return render_template("users/index.html", accounts=accounts, roles=ROLES, **extra), status


@bp.get("/users")
def index():
    """Every account with its role."""
    return _page()


@bp.post("/users")
def add():
    """Create an account; 422 (or 409 for a taken name) with the reason above the form."""
    form = request.form
    try:
        account = cases.add_user(
            db_session(),
            current_user,
            form.get("username", ""),
            form.get("role", "reviewer"),
            form.get("password", ""),
        )
    except (Invalid, Conflict) as exc:
        return _page(exc.status, error=str(exc), values=form)
    flash(f"Created {account.role} {account.username}.", "success")
    return redirect(url_for("users.index"), code=303)
