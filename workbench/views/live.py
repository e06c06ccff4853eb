"""Live collaboration on the review page: the event stream, presence, "next", sections.

The stream is Server-Sent Events (htmx's SSE extension on the page). Each open stream holds
one server thread while it waits, so their number is capped (`LIVE_MAX_STREAMS`) and
`workbench serve` sizes waitress's thread pool to that cap plus the threads for ordinary
requests: a full house of reviewers can never starve the saves (see README, "Live").
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    render_template,
    request,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..core.permissions import Action, allowed
from ..core.usecases import live as cases
from ..db import db_session
from ..htmx import fragment
from ..live.hub import Hub, Message, postgres_listener, redis_listener
from ..models import Document, Paragraph, Segment, User
from ..services import live as live_service
from ..services.documents import document_stats
from ..services.review import build_rows

bp = Blueprint("live", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Only logged-in reviewers see who else is working and what they save."""


def request_client_id() -> str:
    """The page a request comes from (the `X-Client-Id` header htmx sends), or ""."""
    raw = request.headers.get("X-Client-Id", "") or request.values.get("client", "")
    return raw if live_service.CLIENT_ID.match(raw) else ""


def _document(document_id: int) -> Document:
    doc = db_session().get(Document, document_id)
    if doc is None:
        abort(404, f"There is no document {document_id}.")
    return doc


# -- the hub of this process ---------------------------------------------------------------


def init_app(app: Flask) -> None:
    engine = app.extensions["db_engine"]
    listener = None
    if app.config.get("REDIS_URL"):
        listener = redis_listener(app.config["REDIS_URL"])
    elif engine.dialect.name == "postgresql":
        url = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        listener = postgres_listener(url)

    def enrich(messages: list[Message]) -> list[Message]:
        # What every open page of a document needs after a change (the changed rows, the
        # progress bar, the QA counts) is rendered once here, in the dispatcher, not once per
        # page: twenty open pages cost one render, not twenty requests.
        changed = {m.document_id: m.id for m in messages if m.kind in ("segments", "terms")}
        if not changed:
            return messages
        out: list[Message] = []
        # a request context only for url_for in the templates (relative links)
        with app.test_request_context("/"), Session(engine) as session:
            for m in messages:
                out.append(m)
                rows = m.payload.get("rows") if m.kind == "segments" else None
                if rows:
                    ids = [int(i) for i, info in rows.items() if info.get("active", True)]
                    html = rows_html(session, m.document_id, ids, [])
                    client = m.payload.get("client", "")
                    out.append(
                        Message(m.id, m.document_id, "rows", {"html": html, "client": client})
                    )
            for doc_id, last in changed.items():
                out.append(Message(last, doc_id, "counts", {"html": counts_html(session, doc_id)}))
        return out

    app.extensions["live_hub"] = Hub(
        engine,
        listener=listener,
        poll_seconds=app.config["LIVE_POLL_SECONDS"],
        enrich=enrich,
    )
    app.extensions["live_streams"] = threading.BoundedSemaphore(app.config["LIVE_MAX_STREAMS"])


def hub() -> Hub:
    return current_app.extensions["live_hub"]


def counts_html(session: Session, document_id: int) -> str:
    """The progress bar and the QA counts of the page header, as out-of-band swaps."""
    from ..services import qa as qa_service

    stats = document_stats(session, [document_id])[document_id]
    return render_template(
        "live/_counts.html",
        st=stats,
        doc_id=document_id,
        qa_counts=qa_service.open_issue_counts(session, document_id),
        check_title=qa_service.check_title,
    )


# -- the stream --------------------------------------------------------------------------------


def _sse(kind: str, data: object, event_id: int | None = None) -> str:
    lines = [f"event: {kind}"]
    if event_id is not None:
        lines.append(f"id: {event_id}")
    body = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    lines.extend(f"data: {line}" for line in body.split("\n"))
    return "\n".join(lines) + "\n\n"


@bp.get("/documents/<int:document_id>/live")
def stream(document_id: int):
    """Server-Sent Events for one review page: changes, presence, counts, job progress."""
    _document(document_id)
    client = request_client_id()
    if not client:
        abort(400, "The live stream needs the page's client id; reload the page.")
    last = request.headers.get("Last-Event-ID") or request.args.get("after", "")
    after = int(last) if last.isdigit() and len(last) < 19 else None
    slots = current_app.extensions["live_streams"]
    if not slots.acquire(blocking=False):
        # The cap keeps threads free for saves; the browser retries on its own.
        return Response(
            "Too many live connections on this server; retrying.",
            503,
            {"Retry-After": "10", "Content-Type": "text/plain; charset=utf-8"},
        )
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    user_id = current_user.id
    return Response(
        _events(app, document_id, user_id, client, after, slots),
        mimetype="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


def _events(
    app: Flask,
    document_id: int,
    user_id: int,
    client: str,
    after: int | None,
    slots: threading.BoundedSemaphore,
) -> Iterator[str]:
    engine = app.extensions["db_engine"]
    the_hub: Hub = app.extensions["live_hub"]
    cfg = app.config
    sub = the_hub.subscribe(document_id)  # before the catch-up, so nothing falls in between
    gone = False
    try:
        yield f"retry: {cfg['LIVE_RETRY_MS']}\n\n"
        with Session(engine) as session:
            if after is None:
                last = live_service.last_event_id(session)
                yield _sse("hello", {"client": client}, last)
            else:
                last = after
                missed = live_service.events_after(session, document_id, after, 1001)
                if len(missed) > 1000:
                    # too much to replay row by row: the page reloads its rows instead
                    last = missed[-1].id
                    yield _sse("reset", {"reason": "many changes"}, last)
                else:
                    for ev in missed:
                        yield _sse(ev.kind, ev.payload, ev.id)
                        last = ev.id
                    # the rows those changes left, rendered once (as the live path pushes them)
                    ids = {
                        int(i)
                        for ev in missed
                        if ev.kind == "segments" and ev.payload.get("client") != client
                        for i, info in (ev.payload.get("rows") or {}).items()
                        if info.get("active", True)
                    }
                    if any(ev.kind in ("segments", "terms") for ev in missed):
                        with app.test_request_context("/"):
                            if ids:
                                html = rows_html(session, document_id, sorted(ids)[:200], [])
                                yield _sse("rows", html)
                            yield _sse("counts", counts_html(session, document_id))
        seen(app, document_id, user_id, client)
        deadline = time.monotonic() + cfg["LIVE_STREAM_SECONDS"]
        while time.monotonic() < deadline:
            try:
                message = sub.queue.get(timeout=cfg["LIVE_HEARTBEAT_SECONDS"])
            except queue.Empty:
                seen(app, document_id, user_id, client)
                yield ": ping\n\n"  # also how a closed connection is noticed
                continue
            if sub.overflowed:
                yield _sse("reset", {"reason": "backlog"}, max(message.id, last))
                return
            if message.payload.get("client") == client and message.kind in ("segments", "rows"):
                last = max(last, message.id)
                continue  # this page's own save: its row is already re-rendered
            if message.kind in ("counts", "rows"):
                yield _sse(message.kind, message.payload["html"])
            elif message.id > last:
                last = message.id
                yield _sse(message.kind, message.payload, message.id)
        # Lifetime over: the browser reconnects at once with Last-Event-ID and misses nothing;
        # bounded lifetimes let half-open connections free their thread.
    except GeneratorExit:
        gone = True
        raise
    finally:
        the_hub.unsubscribe(sub)
        slots.release()
        if gone:
            with app.app_context(), Session(engine) as session:
                cases.page_closed(session, client)


def seen(app: Flask, document_id: int, user_id: int, client: str) -> None:
    """The stream's page is still open (the generator runs outside the request's context)."""
    with app.app_context(), Session(app.extensions["db_engine"]) as session:
        user = session.get(User, user_id)
        if user is not None and user.active:
            cases.page_seen(session, user, document_id, client)


# -- presence, "next", rows for the page --------------------------------------------------------


@bp.post("/documents/<int:document_id>/presence")
def presence(document_id: int):
    """The page moved to another segment (or closed: `leave=1`); 204."""
    _document(document_id)
    client = request_client_id()
    if not client:
        abort(400, "No client id: reload the page.")
    session = db_session()
    if request.form.get("leave"):
        cases.page_closed(session, client)
    else:
        raw = request.form.get("segment", "")
        seg_id = int(raw) if raw.isdigit() and len(raw) < 19 else None
        cases.page_seen(session, current_user, document_id, client, segment_id=seg_id, moved=True)
    return Response(status=204)


@bp.post("/documents/<int:document_id>/next")
def next_segment(document_id: int):
    """The next segment that needs work, handed to this reviewer only (JSON for the page)."""
    raw = request.form.get("after", "")
    after = int(raw) if raw.isdigit() and len(raw) < 19 else None
    seg = cases.next_to_do(db_session(), current_user, document_id, after=after)
    if seg is None:
        return jsonify(segment=None, message="Nothing left that needs work in your sections.")
    return jsonify(
        segment=seg.id, paragraph=seg.paragraph_id, position=seg.paragraph.position, message=""
    )


@bp.get("/documents/<int:document_id>/live/rows")
def rows(document_id: int):
    """Rows (and whole paragraphs, after a split or merge) as out-of-band swaps."""
    _document(document_id)
    session = db_session()

    def ids(name: str) -> list[int]:
        raw = request.args.get(name, "")
        return [int(x) for x in raw.split(",") if x.isdigit() and len(x) < 19][:200]

    return fragment(
        "live/_rows.html", **_rows_context(session, document_id, ids("ids"), ids("paragraphs"))
    )


def _rows_context(
    session: Session, document_id: int, seg_ids: list[int], para_ids: list[int]
) -> dict:
    paragraphs = session.scalars(
        select(Paragraph).where(Paragraph.id.in_(para_ids), Paragraph.document_id == document_id)
    ).all()
    pairs = session.execute(
        select(Segment, Paragraph)
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(
            Segment.document_id == document_id,
            Segment.active,
            (Segment.id.in_(seg_ids)) | (Segment.paragraph_id.in_([p.id for p in paragraphs])),
        )
        .order_by(Paragraph.position, Segment.start)
    ).all()
    built = build_rows(session, document_id, [(s, p) for s, p in pairs])
    whole = {p.id for p in paragraphs}
    return {
        "paragraphs": [(p, [r for r in built if r.paragraph.id == p.id]) for p in paragraphs],
        "rows": [r for r in built if r.paragraph.id not in whole],
    }


def rows_html(session: Session, document_id: int, seg_ids: list[int], para_ids: list[int]) -> str:
    return render_template(
        "live/_rows.html", **_rows_context(session, document_id, seg_ids, para_ids)
    )


# -- sections ------------------------------------------------------------------------------------


@bp.route("/documents/<int:document_id>/sections", methods=["GET", "POST"])
def sections(document_id: int):
    """Editors hand sections (by heading) to reviewers; each reviewer's "next" stays inside."""
    doc = _document(document_id)
    session = db_session()
    message = ""
    if request.method == "POST":
        raw = request.form.get("paragraph", "")
        users = [int(u) for u in request.form.getlist("user") if u.isdigit() and len(u) < 19]
        paragraph = int(raw) if raw.isdigit() and len(raw) < 19 else -1
        cases.assign_section(session, current_user, doc.id, paragraph, users)
        message = "Saved."
    return render_template(
        "live/sections.html",
        doc=doc,
        sections=live_service.sections(session, doc.id),
        assigned=live_service.assignments(session, doc.id),
        reviewers=session.scalars(
            select(User).where(User.active.is_(True)).order_by(User.username)
        ).all(),
        can_assign=allowed(current_user, Action.ASSIGN_SECTIONS),
        message=message,
    )
