"""Live updates as subscribers of the application core's change events.

Each handler appends what other pages need to the event log (`services.live`) in the session
the bus gives it, commits it itself so the notification can follow at once, and wakes this
process's dispatcher (other processes hear PostgreSQL's NOTIFY, Redis, or their poll).
"""

from __future__ import annotations

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy.orm import Session

from ..core import events
from ..models import User
from ..services import live as live_service
from .hub import CHANNEL


def _client() -> str:
    """The page (tab) the change came from, so it is not echoed back to it."""
    if not has_request_context():
        return ""
    raw = request.headers.get("X-Client-Id", "")
    return raw if live_service.CLIENT_ID.match(raw) else ""


def wake() -> None:
    """After a commit that appended events: this process now, and Redis subscribers."""
    if not has_app_context():
        return  # a script without an app: the web processes' poll delivers
    app = current_app
    hub = app.extensions.get("live_hub")
    if hub is not None:
        hub.wake()
    url = app.config.get("REDIS_URL")
    if url:
        import redis

        try:
            with redis.Redis.from_url(url) as client:
                client.publish(CHANNEL, "1")
        except redis.RedisError:
            pass  # the other processes' poll still delivers the event


def _committed(session: Session) -> None:
    # committed here, not by the bus, so the wake-up never races ahead of the rows
    session.commit()
    wake()


def on_segments_changed(event: events.SegmentsChanged, session: Session) -> None:
    user = session.get(User, event.user_id) if event.user_id else None
    payloads = live_service.segments_payload(
        session, list(event.segment_ids), origin=event.origin, user=user, client=_client()
    )
    for doc_id, payload in payloads.items():
        live_service.append_event(session, doc_id, "segments", payload)
    _committed(session)


def on_terms_changed(event: events.TermsChanged, session: Session) -> None:
    keys = sorted(event.keys)
    for doc_id, ids in live_service.segments_with_keys(session, keys).items():
        live_service.append_event(session, doc_id, "terms", {"keys": keys[:50], "ids": ids[:500]})
    _committed(session)


def on_job_progressed(event: events.JobProgressed, session: Session) -> None:
    payload = {"job": event.job_id, "state": event.state, "done": event.done, "total": event.total}
    live_service.append_event(session, event.document_id, "job", payload)
    _committed(session)


def on_presence_changed(event: events.PresenceChanged, session: Session) -> None:
    payload = live_service.presence_payload(session, event.document_id)
    live_service.append_event(session, event.document_id, "presence", payload)
    _committed(session)


def install() -> None:
    events.subscribe(events.SegmentsChanged, on_segments_changed)
    events.subscribe(events.TermsChanged, on_terms_changed)
    events.subscribe(events.JobProgressed, on_job_progressed)
    events.subscribe(events.PresenceChanged, on_presence_changed)
