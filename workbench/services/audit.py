"""The audit log: who did what security-relevant thing, when and from where.

Written in the caller's transaction, so an action that is rolled back leaves no entry.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import AuditEntry, User

# The actions the log knows, with the label the admin page shows.
ACTIONS = {
    "login": "Logged in",
    "login_failed": "Failed login",
    "login_throttled": "Login refused (too many failures)",
    "logout": "Logged out",
    "password_changed": "Changed password",
    "user_created": "Account created",
    "user_disabled": "Account disabled",
    "user_enabled": "Account enabled",
    "role_changed": "Role changed",
    "forced_export": "Exported despite open QA errors",
    "document_deleted": "Document deleted",
    "term_deleted": "Glossary entry deleted",
    "model_installed": "MT model installed",
    "model_removed": "MT model removed",
}

_TARGET_MAX = 200
_DETAIL_MAX = 2000


def record(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    username: str | None = None,
    target: str = "",
    detail: str = "",
    address: str = "",
) -> AuditEntry:
    """Add one entry; `user` is the actor (None for the command line or an unknown name)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    entry = AuditEntry(
        action=action,
        user_id=user.id if user is not None and user.id is not None else None,
        username=(username if username is not None else (user.username if user else ""))[:80],
        target=target[:_TARGET_MAX],
        detail=detail[:_DETAIL_MAX],
        address=address[:64],
    )
    session.add(entry)
    return entry


def record_by(
    session: Session, actor: object, action: str, *, target: str = "", detail: str = ""
) -> AuditEntry:
    """`record` for a use case's actor: a User, or the command line's operator (no account)."""
    user = actor if isinstance(actor, User) else None
    name = getattr(actor, "username", "") or ""
    return record(session, action, user=user, username=name, target=target, detail=detail)


def recent(session: Session, *, limit: int = 200, before: int | None = None, action: str = ""):
    """The newest entries first (`before`: an entry id, for the next page)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    if action:
        query = query.where(AuditEntry.action == action)
    return session.scalars(query).all()
