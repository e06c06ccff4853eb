"""Checking a login: the password in about constant time, and the failed-login limits.

Pure database code (no Flask): the login use case (core.usecases.users.log_in) calls it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..db import utcnow
from ..models import LoginAttempt, User


@dataclass(frozen=True)
class LoginLimits:
    window_seconds: int = 15 * 60
    per_account: int = 10
    per_address: int = 50

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> LoginLimits:
        return cls(
            config["LOGIN_WINDOW_SECONDS"],
            config["LOGIN_MAX_FAILURES_ACCOUNT"],
            config["LOGIN_MAX_FAILURES_ADDRESS"],
        )


# A hash of a random password, computed once: checking an unknown user's password against it
# takes as long as checking a real one (same scrypt parameters).
_DUMMY_HASH: str | None = None


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with this name and password, else None, in about constant time."""
    global _DUMMY_HASH
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash("not a password of anyone")
        check_password_hash(_DUMMY_HASH, password)
        return None
    ok = user.check_password(password)
    return user if ok and user.active else None


@dataclass(frozen=True)
class Throttle:
    """Why a login is refused for now: which limit and for how long."""

    scope: str  # "account" or "address"
    retry_after: int  # seconds

    def message(self) -> str:
        minutes = max(1, round(self.retry_after / 60))
        where = "for this account" if self.scope == "account" else "from your address"
        return (
            f"Too many failed logins {where}; try again in about {minutes} "
            f"minute{'s' if minutes != 1 else ''}."
        )


class LoginLimiter:
    """Failed logins per account and per address within a sliding window, in the database.

    Why not Flask-Limiter: its storages (memory, Redis, Memcached, MongoDB) have no SQL
    backend, and in-memory counters are per process and forgotten on restart; the workbench
    already has a database shared by every process, so the counts live there (one small
    indexed table, rows older than a day pruned). Only failures count: a reviewer who types
    the password right is never slowed down, and a success resets the account's count.
    """

    def __init__(self, session: Session, limits: LoginLimits):
        self.session = session
        self.window = timedelta(seconds=limits.window_seconds)
        self.per_account = limits.per_account
        self.per_address = limits.per_address

    def check(self, username: str, address: str) -> Throttle | None:
        since = utcnow() - self.window
        last_success = self.session.scalar(
            select(func.max(LoginAttempt.at)).where(
                LoginAttempt.username == username, LoginAttempt.success.is_(True)
            )
        )
        account_since = max(since, last_success) if last_success else since
        for scope, column, value, start, limit in (
            ("account", LoginAttempt.username, username, account_since, self.per_account),
            ("address", LoginAttempt.address, address, since, self.per_address),
        ):
            failures = self.session.scalars(
                select(LoginAttempt.at)
                .where(column == value, LoginAttempt.success.is_(False), LoginAttempt.at > start)
                .order_by(LoginAttempt.at.desc())
                .limit(limit)
            ).all()
            if len(failures) >= limit:
                # open again once the oldest of the counted failures leaves the window
                retry = (failures[-1] + self.window - utcnow()).total_seconds()
                return Throttle(scope, max(1, int(retry) + 1))
        return None

    def note(self, username: str, address: str, success: bool) -> None:
        self.session.add(LoginAttempt(username=username[:80], address=address, success=success))
        if not success:
            self.session.execute(
                delete(LoginAttempt).where(LoginAttempt.at < utcnow() - timedelta(days=1))
            )
