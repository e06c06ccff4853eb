"""The web security baseline: headers, cookies, sessions that end on the server, logins.

- Every response carries a strict Content-Security-Policy (scripts and styles only from our
  own static files: htmx runs without inline script, eval or injected styles), nosniff,
  frame protection and a referrer policy.
- The session and remember-me cookies are HttpOnly and SameSite=Lax; `Secure` is a setting
  (WORKBENCH_SECURE_COOKIES=1 behind TLS); remember-me lasts WORKBENCH_REMEMBER_DAYS.
- The login token is "user id:session version" (User.get_id): logout, a password change
  or disabling an account bumps the version (core.usecases.users.end_sessions), so a copied
  cookie stops working at once.
- Login attempts are limited per account and per address (`LoginLimiter`), and a login for
  an unknown name costs as much as one with a wrong password (no user enumeration by time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, Response, current_app, request
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .db import utcnow
from .models import LoginAttempt, User

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def init_app(app: Flask) -> None:
    """Cookie settings, the per-response headers and the session-version user loader."""
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=app.config["SECURE_COOKIES"],
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=app.config["SECURE_COOKIES"],
        REMEMBER_COOKIE_DURATION=timedelta(days=app.config["REMEMBER_DAYS"]),
        # a session cookie (no remember-me) ends with the browser, or after this at most
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
    )

    @app.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if app.config["SECURE_COOKIES"]:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def load_user(session: Session, token: str) -> User | None:
    """The user of a session token "id:version"; None when the version moved on or the
    account is disabled (the cookie was valid once, it is not now)."""
    user_id, _, version = token.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(user_id) > 18:
        return None  # also tokens from before session versions: log in again
    user = session.get(User, int(user_id))
    if user is None or not user.active or str(user.session_version) != version:
        return None
    return user


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


def client_address() -> str:
    """The peer address (a proxy in front must set REMOTE_ADDR via its WSGI middleware)."""
    return (request.remote_addr or "unknown")[:64]


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

    def __init__(self, session: Session):
        cfg = current_app.config
        self.session = session
        self.window = timedelta(seconds=cfg["LOGIN_WINDOW_SECONDS"])
        self.per_account = cfg["LOGIN_MAX_FAILURES_ACCOUNT"]
        self.per_address = cfg["LOGIN_MAX_FAILURES_ADDRESS"]

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
