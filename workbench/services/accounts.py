"""Accounts: create, change a password, disable or enable, change a role (with audit entries).

One place for the rules the CLI and the admin pages share. Every change that takes rights
away (a new password, a disabled account, a lower role) ends the user's other sessions.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import ROLES, User
from ..security import end_sessions, password_problem
from . import audit


class AccountError(ValueError):
    """The change is refused; str(e) says why in one line."""


def find_user(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None:
        raise AccountError(f"there is no user {username.strip()!r}")
    return user


def create_user(
    session: Session, username: str, password: str, role: str, *, by: User | None = None
) -> User:
    name = username.strip()
    if not name or len(name) > 80 or not name.isprintable():
        raise AccountError("the user name must be 1 to 80 printable characters")
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    problem = password_problem(password, name)
    if problem:
        raise AccountError(problem)
    if session.scalars(select(User).where(User.username == name)).first():
        raise AccountError(f"user {name!r} already exists")
    user = User(username=name, role=role)
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.record(session, "user_created", user=by, target=name, detail=f"role {role}")
    return user


def change_password(
    session: Session, user: User, new: str, *, current: str | None, by: User | None = None
) -> None:
    """Set a new password; `current` must match unless an admin or the CLI resets it."""
    if current is not None and not user.check_password(current):
        raise AccountError("the current password is wrong")
    problem = password_problem(new, user.username)
    if problem:
        raise AccountError(problem)
    user.set_password(new)
    end_sessions(user)
    audit.record(session, "password_changed", user=by or user, target=user.username)


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )


def set_active(session: Session, user: User, active: bool, *, by: User | None = None) -> None:
    if user.active == active:
        return
    if not active and user.role == "admin" and not _other_active_admins(session, user):
        raise AccountError(f"{user.username} is the last active admin; make another admin first")
    user.active = active
    if not active:
        end_sessions(user)
    audit.record(
        session, "user_enabled" if active else "user_disabled", user=by, target=user.username
    )


def set_role(session: Session, user: User, role: str, *, by: User | None = None) -> None:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r} (roles: {', '.join(ROLES)})")
    if user.role == role:
        return
    if user.role == "admin" and not _other_active_admins(session, user):
        raise AccountError(f"{user.username} is the last active admin; make another admin first")
    before = user.role
    user.role = role
    if ROLES.index(role) < ROLES.index(before):
        end_sessions(user)
    audit.record(
        session, "role_changed", user=by, target=user.username, detail=f"{before} -> {role}"
    )
