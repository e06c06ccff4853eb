"""Admin pages: accounts (role, disable/enable) and the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import db_session
from ..edge import parse_int
from ..models import ROLES, User
from ..services import accounts, audit

bp = Blueprint("admin", __name__, url_prefix="/admin")

PAGE = 200


@bp.before_request
@login_required
def _require_admin() -> None:
    if not current_user.can("admin"):
        abort(403, "Only admins manage accounts and read the audit log.")


def _users_page(error: str = "", status: int = 200):
    users = db_session().scalars(select(User).order_by(User.username)).all()
    return render_template("admin/users.html", users=users, roles=ROLES, error=error), status


@bp.get("/users")
def users():
    return _users_page()


@bp.post("/users/<int:user_id>")
def update_user(user_id: int):
    session = db_session()
    user = session.get(User, user_id)
    if user is None:
        abort(404, f"There is no user {user_id}.")
    action = request.form.get("action", "")
    try:
        if action in ("disable", "enable"):
            accounts.set_active(session, user, action == "enable", by=current_user)
        elif action == "role":
            accounts.set_role(session, user, request.form.get("role", ""), by=current_user)
        else:
            abort(400, "Unknown action.")
        session.commit()
    except accounts.AccountError as exc:
        session.rollback()
        return _users_page(f"Not changed: {exc}.", 422)
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
