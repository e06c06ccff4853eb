"""The audit log page (admins); accounts are on the Users page (views/users.py)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from ..core.permissions import Action, allowed, require
from ..db import db_session, parse_int
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
