"""Translation-memory use cases: import and remove a memory (editors). Lookups and
concordance are reads any logged-in user makes through `services.tm`."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO, BinaryIO

from sqlalchemy.orm import Session

from ...services import tm as service
from ..errors import Invalid, NotFound
from ..permissions import Action, Actor, require
from . import transaction, user_of


def import_memory(
    session: Session,
    actor: Actor,
    raw: BinaryIO | IO[bytes],
    *,
    name: str,
    origin: str,
    penalty: int,
    filename: str,
    progress: Callable[[int], None] | None = None,
) -> service.ImportReport:
    """A TMX file as a new memory, all or nothing; Invalid (nothing imported) when refused."""
    require(actor, Action.MANAGE_MEMORY)
    with transaction(session):
        try:
            return service.import_tmx(
                session,
                raw,
                name=name,
                origin=origin,
                penalty=penalty,
                filename=filename,
                user=user_of(actor),
                progress=progress,
            )
        except (service.TmxError, service.TMError) as exc:
            raise Invalid(f"{filename}: {exc}; nothing imported") from None


def remove_memory(session: Session, actor: Actor, name: str) -> int:
    """Delete an imported memory and its units; returns how many units went."""
    require(actor, Action.MANAGE_MEMORY)
    with transaction(session):
        if name not in {m.name for m in service.list_memories(session)}:
            raise NotFound(f"there is no memory named {name!r}")
        try:
            return service.remove_memory(session, name)
        except service.TMError as exc:
            raise Invalid(str(exc)) from None


def sync_memory(session: Session, actor: Actor) -> int:
    """Bring the workbench's own memory up to date with every segment (those saved before
    the memory existed); returns how many segments were looked at. One commit per batch."""
    from sqlalchemy import select

    from ...models import Segment

    require(actor, Action.MANAGE_MEMORY)
    ids = list(session.scalars(select(Segment.id).order_by(Segment.id)))
    session.rollback()  # the read above opened a transaction: each batch has its own
    for start in range(0, len(ids), 500):
        with transaction(session):
            service.sync_segments(session, ids[start : start + 500])
    return len(ids)
