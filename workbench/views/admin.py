"""Admin pages: accounts (role, disable/enable) and the audit log."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..core.errors import Conflict, Invalid
from ..core.permissions import Action, allowed, require
from ..core.usecases import users as accounts
from ..db import db_session, parse_int
from ..models import ROLES
from ..services import audit

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE = 200


@bp.before_request
@login_required
def _require_admin() -> None:
    require(current_user, Action.MANAGE_USERS)  # the audit log too: it names every account


@bp.app_context_processor
def _nav() -> dict:
    user = current_user if current_user.is_authenticated else None
    return {"can_manage_users": allowed(user, Action.MANAGE_USERS)}


def _users_page(error: str = "", status: int = 200):
    users = accounts.list_users(db_session(), current_user)
    return render_template("admin/users.html", users=users, roles=ROLES, error=error), status


@bp.get("/users")
def users():
    return _users_page()


@bp.post("/users/<int:user_id>")
def update_user(user_id: int):
    session = db_session()
    user = accounts.find_user(session, current_user, user_id)
    action = request.form.get("action", "")
    try:
        if action in ("disable", "enable"):
            accounts.set_active(session, current_user, user, action == "enable")
        elif action == "role":
            accounts.set_role(session, current_user, user, request.form.get("role", ""))
        else:
            raise Invalid(f"unknown action {action!r}")
    except (Invalid, Conflict) as exc:
        return _users_page(f"Not changed: {exc}.", exc.status)
    flash(f"{user.username}: {user.role}, {'active' if user.active else 'disabled'}.", "success")
    return redirect(url_for("admin.users"), code=303)


@bp.get("/audit")
def audit_log():
    action = request.args.get("action", "")
    entries = audit.recent(
        db_session(),
        limit=PAGE,
        before=parse_int(request.args.get("before", "")),
        action=action if action in audit.ACTIONS else "",
    )
    return render_template(
        "admin/audit.html", entries=entries, actions=audit.ACTIONS, action=action, limit=PAGE
    )
