"""The web security baseline: headers, cookies, sessions that end on the server, logins.

- Every response carries a strict Content-Security-Policy (scripts and styles only from our
  own static files: htmx runs without inline script, eval or injected styles), nosniff,
  frame protection and a referrer policy.
- The session and remember-me cookies are HttpOnly and SameSite=Lax; `Secure` is a setting
  (WORKBENCH_SECURE_COOKIES=1 behind TLS); remember-me lasts WORKBENCH_REMEMBER_DAYS.
- The login token is "user id:session version" (User.get_id): logout, a password change
  or disabling an account bumps the version (core.usecases.users.end_sessions), so a copied
  cookie stops working at once.
- Logins (services/logins.py, through core.usecases.users.log_in) are limited per account and
  per address, and an unknown name costs as much as a wrong password (no enumeration by time).
"""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Response, request
from sqlalchemy.orm import Session

from .models import User

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


def client_address() -> str:
    """The peer address (a proxy in front must set REMOTE_ADDR via its WSGI middleware)."""
    return (request.remote_addr or "unknown")[:64]
