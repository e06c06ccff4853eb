"""Live collaboration in the database: the event log, presence, claims and section assignments.

Everything here takes a `Session` and commits nothing except where it says so; the callers
(the change-event subscriber, the live views) own the transaction.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..core.errors import Invalid
from ..db import utcnow
from ..live.hub import CHANNEL
from ..models import (
    LiveEvent,
    Paragraph,
    Presence,
    SectionAssignment,
    Segment,
    SegmentClaim,
    User,
)
from ..statuses import Status
from .queries import like_pattern

# One open review page (tab), as the page sends it (`X-Client-Id`).
CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,40}$")
# A page that stopped sending heartbeats (closed laptop, killed browser) is gone after this.
PRESENCE_STALE = timedelta(seconds=45)
# How long "next segment" keeps a segment for the reviewer it was handed to.
CLAIM_TTL = timedelta(minutes=15)
# Events are only needed for reconnects; older ones are pruned as new ones arrive.
KEEP_EVENTS = timedelta(days=1)

# What "next segment that needs work" means: not yet confirmed by a person.
NEEDS_WORK = (
    Status.NEW.value,
    Status.MACHINE_TRANSLATED.value,
    Status.DRAFT.value,
    Status.NEEDS_WORK.value,
)


def new_client_id() -> str:
    """Identifies one open review page (tab): its own saves are not pushed back to it."""
    return secrets.token_urlsafe(12)


# -- the event log --------------------------------------------------------------------------


def append_event(session: Session, document_id: int, kind: str, payload: dict[str, Any]) -> int:
    """Add an event to the log (and NOTIFY the other PostgreSQL processes at commit)."""
    event = LiveEvent(document_id=document_id, kind=kind, payload=payload)
    session.add(event)
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": str(document_id)})
    if event.id % 500 == 0:
        session.execute(delete(LiveEvent).where(LiveEvent.created_at < utcnow() - KEEP_EVENTS))
    return event.id


def events_after(session: Session, document_id: int, after: int, limit: int) -> list[LiveEvent]:
    return list(
        session.scalars(
            select(LiveEvent)
            .where(LiveEvent.document_id == document_id, LiveEvent.id > after)
            .order_by(LiveEvent.id)
            .limit(limit)
        )
    )


def last_event_id(session: Session) -> int:
    return session.scalar(select(func.max(LiveEvent.id))) or 0


def segments_payload(
    session: Session, segment_ids: list[int], *, origin: str, user: User | None, client: str
) -> dict[int, dict[str, Any]]:
    """One "segments" payload per document the changed segments belong to.

    Small changes carry each row's new text and status, so a reviewer typing in that row sees
    what the other person saved without their own text being touched; a batch (an MT job)
    carries only ids.
    """
    segs = session.scalars(select(Segment).where(Segment.id.in_(segment_ids))).all()
    by_doc: dict[int, list[Segment]] = {}
    for seg in segs:
        by_doc.setdefault(seg.document_id, []).append(seg)
    who = {"by": user.username if user else "", "user": user.id if user else None}
    payloads = {}
    for doc_id, doc_segs in by_doc.items():
        payload: dict[str, Any] = {
            **who,
            "client": client,
            "origin": origin,
            "ids": [s.id for s in doc_segs],
            "paragraphs": sorted({s.paragraph_id for s in doc_segs}),
        }
        if len(doc_segs) <= 20:
            payload["rows"] = {
                str(s.id): {
                    "version": s.version,
                    "status": s.status,
                    "target": s.target[:2000],
                    "active": s.active,
                }
                for s in doc_segs
            }
        payloads[doc_id] = payload
    return payloads


def segments_with_keys(session: Session, keys: list[str]) -> dict[int, list[int]]:
    """{document id: [segment ids]} whose Simplified source contains one of the term keys."""
    found: dict[int, list[int]] = {}
    for key in keys[:50]:
        rows = session.execute(
            select(Segment.document_id, Segment.id).where(
                Segment.active, Segment.source_simplified.like(like_pattern(key), escape="\\")
            )
        ).all()
        for doc_id, seg_id in rows:
            found.setdefault(doc_id, []).append(seg_id)
    return found


# -- presence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Present:
    client: str
    user_id: int
    name: str
    segment_id: int | None

    @property
    def initials(self) -> str:
        letters = [c for c in self.name if c.isalnum()]
        return "".join(letters[:2]).upper() or "?"

    def as_json(self) -> dict[str, Any]:
        return {
            "client": self.client,
            "user": self.user_id,
            "name": self.name,
            "initials": self.initials,
            "segment": self.segment_id,
        }


_UNCHANGED: Any = object()


def touch_presence(
    session: Session, client: str, document_id: int, user_id: int, segment_id: Any = _UNCHANGED
) -> bool:
    """Record that this page is open (and which segment it edits); True when that changed."""
    row = session.get(Presence, client)
    changed = False
    if row is None or row.document_id != document_id or row.user_id != user_id:
        if row is not None:
            session.delete(row)
            session.flush()
        row = Presence(client_id=client, document_id=document_id, user_id=user_id)
        session.add(row)
        changed = True
    if segment_id is not _UNCHANGED and row.segment_id != segment_id:
        row.segment_id = segment_id
        changed = True
    row.seen_at = utcnow()
    return changed


def leave(session: Session, client: str) -> int | None:
    """The page was closed; returns its document id (None when it was not known)."""
    row = session.get(Presence, client)
    if row is None:
        return None
    session.delete(row)
    return row.document_id


def present(session: Session, document_id: int) -> list[Present]:
    cutoff = utcnow() - PRESENCE_STALE
    session.execute(
        delete(Presence).where(Presence.document_id == document_id, Presence.seen_at < cutoff)
    )
    rows = session.execute(
        select(Presence.client_id, Presence.user_id, User.username, Presence.segment_id)
        .join(User, Presence.user_id == User.id)
        .where(Presence.document_id == document_id)
        .order_by(User.username, Presence.client_id)
    ).all()
    return [Present(*row) for row in rows]


def presence_payload(session: Session, document_id: int) -> dict[str, Any]:
    return {"clients": [p.as_json() for p in present(session, document_id)]}


# -- sections and "next segment" ----------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    heading: Paragraph
    start: int  # first paragraph position (the heading)
    stop: int  # first position after the section


def sections(session: Session, document_id: int) -> list[Section]:
    """Each heading with the paragraphs up to the next heading of its level or above."""
    headings = list(
        session.scalars(
            select(Paragraph)
            .where(Paragraph.document_id == document_id, Paragraph.kind == "heading")
            .order_by(Paragraph.position)
        )
    )
    end = (
        session.scalar(
            select(func.max(Paragraph.position)).where(Paragraph.document_id == document_id)
        )
        or 0
    ) + 1
    result = []
    for i, h in enumerate(headings):
        stop = next((later.position for later in headings[i + 1 :] if later.level <= h.level), end)
        result.append(Section(h, h.position, stop))
    return result


def assignments(session: Session, document_id: int) -> dict[int, list[User]]:
    """{heading paragraph id: [reviewers]}."""
    rows = session.scalars(
        select(SectionAssignment).where(SectionAssignment.document_id == document_id)
    ).all()
    found: dict[int, list[User]] = {}
    for a in rows:
        found.setdefault(a.paragraph_id, []).append(a.user)
    return found


def set_assignment(
    session: Session,
    document_id: int,
    paragraph_id: int,
    user_ids: list[int],
    *,
    by: User | None,
) -> None:
    """Give a section to exactly these reviewers (none: back to everybody)."""
    heading = session.get(Paragraph, paragraph_id)
    if heading is None or heading.document_id != document_id or heading.kind != "heading":
        raise Invalid(f"paragraph {paragraph_id} is not a heading of document {document_id}")
    session.execute(delete(SectionAssignment).where(SectionAssignment.paragraph_id == paragraph_id))
    for uid in dict.fromkeys(user_ids):
        if session.get(User, uid) is None:
            raise Invalid(f"there is no user {uid}")
        session.add(
            SectionAssignment(
                document_id=document_id,
                paragraph_id=paragraph_id,
                user_id=uid,
                assigned_by_id=by.id if by else None,
            )
        )


def _my_ranges(session: Session, document_id: int, user_id: int) -> list[tuple[int, int]]:
    mine = set(
        session.scalars(
            select(SectionAssignment.paragraph_id).where(
                SectionAssignment.document_id == document_id, SectionAssignment.user_id == user_id
            )
        )
    )
    return [(s.start, s.stop) for s in sections(session, document_id) if s.heading.id in mine]


def claim_next(
    session: Session,
    document_id: int,
    user: User,
    *,
    after: int | None = None,
    now: datetime | None = None,
) -> Segment | None:
    """Hand this reviewer the next segment that needs work, and to nobody else meanwhile.

    The claim's primary key is the segment, so of two reviewers asking at the same moment only
    one insert succeeds; the other moves on to the following candidate. Claims end when their
    holder asks for the next one, or after `CLAIM_TTL`. Commits.
    """
    now = now or utcnow()
    session.execute(
        delete(SegmentClaim).where(
            SegmentClaim.document_id == document_id,
            (SegmentClaim.user_id == user.id) | (SegmentClaim.expires_at < now),
        )
    )
    session.commit()
    start_pos, start_off = -1, -1
    if after is not None:
        anchor = session.get(Segment, after)
        if anchor is not None and anchor.document_id == document_id:
            start_pos, start_off = anchor.paragraph.position, anchor.start
    others_editing = select(Presence.segment_id).where(
        Presence.document_id == document_id,
        Presence.user_id != user.id,
        Presence.segment_id.is_not(None),
        Presence.seen_at >= now - PRESENCE_STALE,
    )
    stmt = (
        select(Segment)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(
            Segment.document_id == document_id,
            Segment.active,
            Segment.status.in_(NEEDS_WORK),
            Segment.id.not_in(select(SegmentClaim.segment_id)),
            Segment.id.not_in(others_editing),
        )
    )
    ranges = _my_ranges(session, document_id, user.id)
    if ranges:
        stmt = stmt.where(
            or_(*[(Paragraph.position >= a) & (Paragraph.position < b) for a, b in ranges])
        )
    order = (Paragraph.position, Segment.start)
    later = stmt.where(
        (Paragraph.position > start_pos)
        | ((Paragraph.position == start_pos) & (Segment.start > start_off))
    ).order_by(*order)
    for query in (later, stmt.order_by(*order)):  # after the current one, then from the top
        for _ in range(20):  # each lost race moves on to the next candidate
            seg = session.scalars(query.limit(1)).first()
            if seg is None:
                break
            session.add(
                SegmentClaim(
                    segment_id=seg.id,
                    document_id=document_id,
                    user_id=user.id,
                    expires_at=now + CLAIM_TTL,
                )
            )
            try:
                session.commit()
                return seg
            except IntegrityError:
                session.rollback()  # someone else got it first: take the next one
    return None
