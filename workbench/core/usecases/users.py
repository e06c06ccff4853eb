"""Accounts: create, list, change a password, disable or enable, change a role.

Admins (or the command line) manage accounts; everyone changes their own password. Every
change is in the audit log. A change that takes rights away (a new password, a disabled
account, a lower role) bumps the user's session version, which ends their sessions and
remember-me cookies on the server (see workbench/security.py).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import ROLES, User
from ...services import audit
from ...services.logins import LoginLimiter, LoginLimits, authenticate
from ..errors import Conflict, Invalid, NotFound, WorkbenchError
from ..permissions import Action, Actor, require
from . import transaction

MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # scrypt of a megabyte "password" is a cheap denial of service


def password_problem(password: str, username: str = "") -> str | None:
    """Why `password` is not acceptable, or None (the one password policy)."""
    if len(password) < MIN_PASSWORD:
        return f"the password must have at least {MIN_PASSWORD} characters"
    if len(password) > MAX_PASSWORD:
        return f"the password must have at most {MAX_PASSWORD} characters"
    if username and password.strip().lower() == username.strip().lower():
        return "the password must not be the user name"
    return None


def end_sessions(user: User) -> None:
    """Invalidate every session and remember-me cookie of `user` (committed by the caller)."""
    user.session_version = (user.session_version or 0) + 1


def _audit(session: Session, actor: Actor, action: str, target: User, detail: str = "") -> None:
    audit.record_by(session, actor, action, target=target.username, detail=detail)


def add_user(session: Session, actor: Actor, name: str, role: str, password: str) -> User:
    require(actor, Action.MANAGE_USERS)
    name = name.strip()
    if not name or len(name) > 80 or not name.isprintable():
        raise Invalid("user name must be 1 to 80 printable characters")
    if role not in ROLES:
        raise Invalid(f"unknown role {role!r} (valid: {', '.join(ROLES)})")
    problem = password_problem(password, name)
    if problem:
        raise Invalid(problem)
    with transaction(session):
        if session.scalars(select(User).where(User.username == name)).first():
            raise Conflict(f"user {name!r} already exists")
        account = User(username=name, role=role)
        account.set_password(password)
        session.add(account)
        session.flush()
        _audit(session, actor, "user_created", account, f"role {role}")
    return account


def list_users(session: Session, actor: Actor) -> list[User]:
    require(actor, Action.MANAGE_USERS)
    return list(session.scalars(select(User).order_by(User.username)))


def find_user(session: Session, actor: Actor, ident: int | str) -> User:
    """An account by id (pages) or name (the command line); NotFound naming it."""
    require(actor, Action.MANAGE_USERS)
    if isinstance(ident, int):
        user = session.get(User, ident)
    else:
        user = session.scalars(select(User).where(User.username == ident.strip())).first()
    if user is None:
        raise NotFound(f"there is no user {ident!r}")
    return user


def change_own_password(session: Session, user: User, current: str, new: str) -> None:
    """The logged-in user's new password; their other sessions end (the caller logs this
    one in again with the new session version)."""
    if not user.check_password(current):
        raise Invalid("the current password is wrong")
    _set_password(session, user, user, new)


def reset_password(session: Session, actor: Actor, user: User, new: str) -> None:
    """An admin (or the command line) sets someone's password."""
    require(actor, Action.MANAGE_USERS)
    _set_password(session, actor, user, new)


def _set_password(session: Session, actor: Actor, user: User, new: str) -> None:
    problem = password_problem(new, user.username)
    if problem:
        raise Invalid(problem)
    with transaction(session):
        user.set_password(new)
        end_sessions(user)
        _audit(session, actor, "password_changed", user)


def _other_active_admins(session: Session, user: User) -> int:
    return session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "admin", User.active.is_(True), User.id != user.id)
    )


def set_active(session: Session, actor: Actor, user: User, active: bool) -> None:
    """Disable (cannot log in, sessions end at once; the work stays) or enable an account."""
    require(actor, Action.MANAGE_USERS)
    if user.active == active:
        return
    with transaction(session):
        if not active and user.role == "admin" and not _other_active_admins(session, user):
            raise Conflict(f"{user.username} is the last active admin; make another admin first")
        user.active = active
        if not active:
            end_sessions(user)
        _audit(session, actor, "user_enabled" if active else "user_disabled", user)


def set_role(session: Session, actor: Actor, user: User, role: str) -> None:
    require(actor, Action.MANAGE_USERS)
    if role not in ROLES:
        raise Invalid(f"unknown role {role!r} (valid: {', '.join(ROLES)})")
    if user.role == role:
        return
    with transaction(session):
        if user.role == "admin" and not _other_active_admins(session, user):
            raise Conflict(f"{user.username} is the last active admin; make another admin first")
        before, user.role = user.role, role
        if ROLES.index(role) < ROLES.index(before):
            end_sessions(user)  # fewer rights take effect now, not at the next login
        _audit(session, actor, "role_changed", user, f"{before} -> {role}")


def ensure_account(session: Session, actor: Actor, name: str, role: str, password: str) -> User:
    """The account `name` with a new password (created with `role` when missing): the demo's
    account gets a fresh password at every start (its old sessions end)."""
    require(actor, Action.MANAGE_USERS)
    account = session.scalars(select(User).where(User.username == name)).first()
    if account is None:
        return add_user(session, actor, name, role, password)
    _set_password(session, actor, account, password)
    return account


# --- logging in and out -------------------------------------------------------------------


class LoginFailed(WorkbenchError):
    status = 401
    title = "Not logged in"


class TooManyLogins(WorkbenchError):
    """Logins for this account or from this address are paused (`retry_after` seconds)."""

    status = 429
    title = "Too many failed logins"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def log_in(
    session: Session, username: str, password: str, *, address: str, limits: LoginLimits
) -> User:
    """The user, or LoginFailed / TooManyLogins; every outcome is counted and audited."""
    username = username.strip()[:80]
    limiter = LoginLimiter(session, limits)
    with transaction(session):
        throttle = limiter.check(username, address)
        if throttle is None:
            user = authenticate(session, username, password)
            limiter.note(username, address, success=user is not None)
        action = "login_throttled" if throttle else ("login" if user else "login_failed")
        audit.record(
            session,
            action,
            user=user if throttle is None else None,
            username=username,
            address=address,
        )
    if throttle is not None:
        raise TooManyLogins(throttle.message(), throttle.retry_after)
    if user is None:
        raise LoginFailed("Unknown user name or wrong password.")
    return user


def log_out(session: Session, user: User, *, address: str) -> None:
    """End every session of `user` on the server (a copied cookie stops working)."""
    with transaction(session):
        end_sessions(user)
        audit.record(session, "logout", user=user, address=address)
