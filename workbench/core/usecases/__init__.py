"""One function per user action. Conventions (docs/ARCHITECTURE.md, CORE_API.md):

- first arguments `session` (the caller's session, idle: no uncommitted work) and `actor`
  (the acting user: a `models.User`, or `OPERATOR` for the CLI); then the parsed input;
- checks the permission first (`permissions.require`), raising `Forbidden` (403);
- owns the transaction: `with transaction(session):` commits on success and rolls back on
  any error, so a refused action leaves nothing behind; the events recorded by the services
  are published after that commit;
- raises only `core.errors` (422/403/404/409/413) for what the user can fix;
- returns a typed result (a dataclass or a model object) that the front end renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from ...models import User
from ..errors import Conflict, NotFound

T = TypeVar("T")


@dataclass(frozen=True)
class Operator:
    """Whoever runs the CLI: shell access to the database is full control, so an admin."""

    id: None = None
    role: str = "admin"
    username: str = "command line"


OPERATOR = Operator()


@contextmanager
def transaction(session: Session, on_stale: str = "") -> Iterator[Session]:
    """Commit what the block did, or roll all of it back; a write that lost a version race
    (StaleDataError from a conditional UPDATE) becomes Conflict with `on_stale` as message."""
    try:
        yield session
        session.commit()
    except StaleDataError:
        session.rollback()
        raise Conflict(
            on_stale or "someone else changed this at the same moment; reload and try again"
        ) from None
    except BaseException:
        session.rollback()
        raise


def get(session: Session, model: type[T], ident: int, what: str) -> T:
    """The row, or NotFound naming it ("there is no segment 12")."""
    obj = session.get(model, ident)
    if obj is None:
        raise NotFound(f"there is no {what} {ident}")
    return obj


def user_of(actor: object) -> User | None:
    """The account the change is recorded for (None for the CLI operator)."""
    return actor if isinstance(actor, User) else None
