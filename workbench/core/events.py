"""Change events, published only after the change is committed.

Writers (use cases, services, the MT job) *record* an event on the session that holds the
change; when that session commits, every handler subscribed to the event's type runs, each in
a fresh session of its own that the bus commits for it. A rollback drops the recorded events,
so nothing ever hears about work that did not happen. QA is one subscriber
(`workbench.subscribers`); translation memory, live updates and search subscribe the same
way without touching the writers.

    from workbench.core import events

    @events.subscriber(events.SegmentsChanged)
    def on_change(event: events.SegmentsChanged, session: Session) -> None:
        ...  # write with `session`; the bus commits it (or rolls back and logs on error)

    events.record(session, events.SegmentsChanged((seg.id,), origin="human"))
    session.commit()  # -> on_change runs now, once

Events recorded in one transaction are merged before they are published (`coalesce`): a
batch of saves is one SegmentsChanged per document and origin. A handler that fails is logged and rolled back; it never undoes or fails the writer's commit
(which has already happened) and never stops the other handlers.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_PENDING = "workbench.pending_events"


# --- the events ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    """Base of all events (so a handler may subscribe to every event)."""


@dataclass(frozen=True)
class SegmentsChanged(Event):
    """The English, status or span of these segments changed (or they were created/merged away).

    origin: human | mt | import | system (split, merge, undo).
    """

    document_id: int
    segment_ids: tuple[int, ...]
    origin: str
    user_id: int | None = None


@dataclass(frozen=True)
class SegmentApproved(Event):
    """A segment reached the status "approved" (also published as part of SegmentsChanged)."""

    document_id: int
    segment_id: int
    user_id: int | None = None


@dataclass(frozen=True)
class TermsChanged(Event):
    """Glossary entries changed in a way that can alter matches or the term check.

    keys: the Simplified source keys before and after the change (the sentences that
    contain any of them are the ones affected).
    """

    keys: frozenset[str]
    term_ids: tuple[int, ...] = ()
    user_id: int | None = None


@dataclass(frozen=True)
class DocumentImported(Event):
    document_id: int
    user_id: int | None = None


@dataclass(frozen=True)
class JobProgressed(Event):
    """A pre-translation job committed a batch, or changed state."""

    job_id: int
    document_id: int
    state: str
    done: int
    total: int


@dataclass(frozen=True)
class PresenceChanged(Event):
    """Someone opened or closed a review page of the document, or moved to another segment."""

    document_id: int


# --- the bus ------------------------------------------------------------------------------

E = TypeVar("E", bound=Event)
Handler = Callable[[Any, Session], None]
_handlers: dict[type[Event], list[Handler]] = defaultdict(list)


def subscribe(event_type: type[E], handler: Callable[[E, Session], None]) -> None:
    """Call `handler(event, session)` after each commit that recorded an `event_type`
    (or a subclass). Subscribing the same handler twice has no effect."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def unsubscribe(event_type: type[Event], handler: Handler) -> None:
    if handler in _handlers.get(event_type, []):
        _handlers[event_type].remove(handler)


def subscriber(event_type: type[E]) -> Callable[[Callable[[E, Session], None]], Callable]:
    """Decorator form of `subscribe`."""

    def decorate(handler: Callable[[E, Session], None]) -> Callable[[E, Session], None]:
        subscribe(event_type, handler)
        return handler

    return decorate


def record(session: Session, event: Event) -> None:
    """Publish `event` when `session` commits (dropped if it rolls back)."""
    session.info.setdefault(_PENDING, []).append(event)


def pending(session: Session) -> list[Event]:
    """Events recorded on `session` and not yet published (for tests and diagnostics)."""
    return list(session.info.get(_PENDING, ()))


def handlers_for(event: Event) -> list[Handler]:
    return [h for cls in type(event).__mro__ for h in _handlers.get(cls, ())]  # type: ignore[arg-type]


def publish(event: Event, bind: Any) -> None:
    """Run the handlers of an event now, each in its own session on `bind` (engine or
    connection). Normally called by the commit hook; exposed for tests and scripts."""
    for handler in handlers_for(event):
        with Session(bind=bind, expire_on_commit=False) as session:
            try:
                handler(event, session)
                session.commit()
            except Exception:  # noqa: BLE001 - a subscriber never breaks the writer
                session.rollback()
                log.exception("event handler %s failed on %r", handler.__qualname__, event)


def coalesce(recorded: list[Event]) -> list[Event]:
    """One commit's events with the repeats merged: all SegmentsChanged of one document, origin
    and user become one (so a batch of 128 MT saves re-runs QA once), all TermsChanged one;
    the others are kept as they are, in order."""
    out: list[Event] = []
    segments: dict[tuple, int] = {}  # (document, origin, user) -> index in out
    terms: int | None = None
    for event in recorded:
        if isinstance(event, SegmentsChanged):
            key = (event.document_id, event.origin, event.user_id)
            if key in segments:
                prev = out[segments[key]]
                assert isinstance(prev, SegmentsChanged)
                ids = prev.segment_ids + tuple(
                    i for i in event.segment_ids if i not in prev.segment_ids
                )
                out[segments[key]] = replace(prev, segment_ids=ids)
                continue
            segments[key] = len(out)
        elif isinstance(event, TermsChanged):
            if terms is not None:
                prev = out[terms]
                assert isinstance(prev, TermsChanged)
                out[terms] = TermsChanged(
                    prev.keys | event.keys,
                    prev.term_ids + tuple(i for i in event.term_ids if i not in prev.term_ids),
                    prev.user_id if prev.user_id == event.user_id else None,
                )
                continue
            terms = len(out)
        elif event in out:
            continue  # the same fact twice (e.g. one job progress recorded twice)
        out.append(event)
    return out


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    recorded = session.info.pop(_PENDING, None)
    if not recorded:
        return
    bind = session.get_bind()
    for event in coalesce(recorded):
        publish(event, bind.engine if hasattr(bind, "engine") else bind)


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)


__all__ = [
    "Event",
    "SegmentsChanged",
    "SegmentApproved",
    "TermsChanged",
    "DocumentImported",
    "JobProgressed",
    "PresenceChanged",
    "subscribe",
    "unsubscribe",
    "subscriber",
    "record",
    "pending",
    "publish",
]
