"""Managing accounts (admins only)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import ROLES, User
from ..errors import Conflict, Invalid
from ..permissions import Action, Actor, require
from . import transaction

MIN_PASSWORD = 8


def add_user(session: Session, actor: Actor, name: str, role: str, password: str) -> User:
    require(actor, Action.MANAGE_USERS)
    name = name.strip()
    if not name or len(name) > 80:
        raise Invalid("user name must be 1 to 80 characters")
    if role not in ROLES:
        raise Invalid(f"unknown role {role!r} (valid: {', '.join(ROLES)})")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"password must have at least {MIN_PASSWORD} characters")
    with transaction(session):
        if session.scalars(select(User).where(User.username == name)).first():
            raise Conflict(f"user {name!r} already exists")
        account = User(username=name, role=role)
        account.set_password(password)
        session.add(account)
    return account


def list_users(session: Session, actor: Actor) -> list[User]:
    require(actor, Action.MANAGE_USERS)
    return list(session.scalars(select(User).order_by(User.username)))


def ensure_account(session: Session, actor: Actor, name: str, role: str, password: str) -> User:
    """The account `name` with a new password (created with `role` when missing): the demo's
    account gets a fresh password at every start."""
    require(actor, Action.MANAGE_USERS)
    account = session.scalars(select(User).where(User.username == name)).first()
    if account is None:
        return add_user(session, actor, name, role, password)
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"password must have at least {MIN_PASSWORD} characters")
    with transaction(session):
        account.set_password(password)
    return account
