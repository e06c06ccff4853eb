"""Working together on a document: presence, "next to do", sections."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ...models import Document, Segment
from ...services import live as live_service
from .. import events
from ..permissions import Action, Actor, require
from . import get, transaction, user_of


def page_seen(
    session: Session,
    actor: Actor,
    document_id: int,
    client: str,
    *,
    segment_id: int | None = None,
    moved: bool = False,
) -> None:
    """A review page is open (a stream connected, or its heartbeat); `moved`: it now edits
    `segment_id` (None: no segment). Others are told when that changes what they see."""
    require(actor, Action.EDIT_SEGMENT)
    with transaction(session):
        get(session, Document, document_id, "document")
        if moved and segment_id is not None:
            seg = session.get(Segment, segment_id)
            if seg is None or seg.document_id != document_id:
                segment_id = None
        kwargs = {"segment_id": segment_id} if moved else {}
        if live_service.touch_presence(session, client, document_id, actor.id, **kwargs):
            events.record(session, events.PresenceChanged(document_id))


def page_closed(session: Session, client: str) -> None:
    """A review page was closed (its stream dropped, or the page said goodbye)."""
    with transaction(session):
        document_id = live_service.leave(session, client)
        if document_id is not None:
            events.record(session, events.PresenceChanged(document_id))


def next_to_do(
    session: Session, actor: Actor, document_id: int, *, after: int | None = None
) -> Segment | None:
    """The next segment that needs work, handed to this reviewer alone (see
    `services.live.claim_next`, which commits its claim itself to win or lose the race)."""
    require(actor, Action.EDIT_SEGMENT)
    get(session, Document, document_id, "document")
    user = user_of(actor)
    if user is None:
        return None  # the CLI operator does not review
    return live_service.claim_next(session, document_id, user, after=after)


def assign_section(
    session: Session, actor: Actor, document_id: int, paragraph_id: int, user_ids: list[int]
) -> None:
    """Give a section (a heading and what it covers) to exactly these reviewers."""
    require(actor, Action.ASSIGN_SECTIONS)
    with transaction(session):
        get(session, Document, document_id, "document")
        live_service.set_assignment(session, document_id, paragraph_id, user_ids, by=user_of(actor))
