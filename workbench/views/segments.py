"""Row-level actions of the review page; each calls one use case and answers with the
re-rendered row or paragraph (a refusal keeps the reviewer's text in the row)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.errors import Conflict, Forbidden, Invalid
from ..core.usecases import get
from ..core.usecases import segments as cases
from ..db import db_session, parse_int
from ..htmx import fragment, is_fragment_request
from ..models import QAIssue, Segment, SegmentOperation
from ..services import qa as qa_service
from ..services.documents import document_stats
from ..services.review import one_row, paragraph_rows, paragraph_size
from ..services.segments import Conflict as SaveConflict

bp = Blueprint("segments", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Every change needs a logged-in reviewer (and CSRFProtect checks the token)."""


def get_segment(segment_id: int) -> Segment:
    return get(db_session(), Segment, segment_id, "segment")


def _base_version() -> int:
    version = parse_int(request.form.get("base_version"))
    if version is None:
        abort(400, "The save did not say which version it started from; reload the page.")
    return version


def _live_counts(document_id: int) -> dict:
    """What the page shows about the whole document, re-sent out of band with every change
    (progress bar, QA counts): the reviewer never needs a reload to see them."""
    session = db_session()
    return {
        "live": {
            "stats": document_stats(session, [document_id])[document_id],
            "qa_counts": qa_service.open_issue_counts(session, document_id),
            "document_id": document_id,
        }
    }


def _row(seg: Segment, status: int = 200, **extra):
    return fragment(
        "documents/_row.html",
        row=one_row(db_session(), seg),
        status=status,
        **_live_counts(seg.document_id),
        **extra,
    )


def _paragraph(seg: Segment, status: int = 200, **extra):
    """The re-rendered paragraph after a split, merge or undo. A paragraph longer than a page
    is shown in pages (services.review.load_rows), so it is not re-rendered whole: the page is
    reloaded from the changed segment instead."""
    long = paragraph_size(db_session(), seg.paragraph_id) > current_app.config["PAGE_SIZE"]
    if long or not is_fragment_request():
        start = f"{seg.paragraph.position}.{seg.start}" if long else seg.paragraph.position
        url = url_for("documents.show", document_id=seg.document_id, **{"from": start})
        url += f"#seg-{seg.id}" if long else f"#para-{seg.paragraph_id}"
        if is_fragment_request():
            return Response("", 200, headers={"HX-Redirect": url})
        return redirect(url, code=303)
    return fragment(
        "documents/_paragraph.html",
        paragraph=seg.paragraph,
        rows=paragraph_rows(db_session(), seg.paragraph),
        status=status,
        **_live_counts(seg.document_id),
        **extra,
    )


@bp.post("/segments/<int:segment_id>")
def save(segment_id: int):
    """Save the English and status; 409 with both texts when someone saved in between."""
    target = request.form.get("target", "")
    try:
        saved = cases.save_from_editor(
            db_session(),
            current_user,
            segment_id,
            target=target,
            status=request.form.get("status") or None,
            action=request.form.get("action", "save"),
            base_version=_base_version(),
            accept_errors=bool(request.form.get("accept_errors")),
        )
    except SaveConflict as conflict:
        return _row(get_segment(segment_id), 409, conflict=conflict)
    except cases.ApprovalHasErrors as asked:
        # a question, not a refusal: the row asks "approve anyway?" and keeps the text
        return _row(get_segment(segment_id), 422, approve_errors=asked.findings, draft=target)
    except (Invalid, Forbidden) as exc:
        return _row(get_segment(segment_id), exc.status, error=str(exc), draft=target)
    return _row(saved.segment, saved=True)


@bp.get("/segments/<int:segment_id>/row")
def row(segment_id: int):
    """The row as stored (cancel an edit, refresh after a conflict)."""
    return _row(get_segment(segment_id))


@bp.get("/segments/<int:segment_id>/history")
def history(segment_id: int):
    """Revisions with a diff to the previous one, comments, ignored QA issues."""
    session = db_session()
    seg = get_segment(segment_id)
    revisions = list(seg.revisions)
    pairs = [(rev, revisions[i - 1] if i else None) for i, rev in enumerate(revisions)]
    ignored = session.scalars(
        select(QAIssue)
        .where(QAIssue.segment_id == seg.id, QAIssue.ignored.is_(True))
        .order_by(QAIssue.ignored_at)
    ).all()
    return fragment(
        "documents/_history.html",
        segment=seg,
        number=one_row(session, seg).number,
        pairs=list(reversed(pairs)),
        ignored=ignored,
    )


@bp.post("/segments/<int:segment_id>/restore/<int:revision_id>")
def restore(segment_id: int, revision_id: int):
    """Restore an old revision as a new revision."""
    try:
        saved = cases.restore_revision(
            db_session(), current_user, segment_id, revision_id, base_version=_base_version()
        )
    except SaveConflict as conflict:
        return _row(get_segment(segment_id), 409, conflict=conflict)
    except (Invalid, Conflict) as exc:
        return _row(get_segment(segment_id), exc.status, error=str(exc))
    return _row(saved.segment, saved=True)


@bp.post("/segments/<int:segment_id>/comments")
def comment(segment_id: int):
    """Add a comment; answers with the history panel that lists comments."""
    try:
        cases.comment(db_session(), current_user, segment_id, request.form.get("body", ""))
    except Invalid as exc:
        return fragment("_error.html", status=422, title="Comment not saved", message=str(exc))
    return history(segment_id)


@bp.post("/segments/<int:segment_id>/split")
def split(segment_id: int):
    """Split before the chosen character."""
    at = request.form.get("at", "")
    try:
        if not at.lstrip("-").isdigit() or len(at) > 9:
            raise Invalid("choose where to split (a character position)")
        done = cases.split(db_session(), current_user, segment_id, int(at))
    except (Invalid, Conflict) as exc:
        return _row(get_segment(segment_id), exc.status, error=str(exc))
    return _paragraph(done.segment, last_op=done.operation, shift=1)


@bp.post("/segments/<int:segment_id>/merge")
def merge(segment_id: int):
    """Merge with the next segment of the paragraph."""
    try:
        done = cases.merge_with_next(db_session(), current_user, segment_id)
    except (Invalid, Conflict) as exc:
        return _row(get_segment(segment_id), exc.status, error=str(exc))
    return _paragraph(done.segment, last_op=done.operation, shift=-1)


@bp.post("/operations/<int:op_id>/undo")
def undo(op_id: int):
    """Undo a split or merge (409 when the segments changed since)."""
    kind = get(db_session(), SegmentOperation, op_id, "operation").kind
    done = cases.undo(db_session(), current_user, op_id)
    # undoing a split takes a row away from the numbering; undoing a merge gives one back
    return _paragraph(done.segment, shift=-1 if kind == "split" else 1)


@bp.post("/qa-issues/<int:issue_id>/ignore")
def ignore_issue(issue_id: int):
    """Ignore one QA issue on this segment, with a reason that stays in its history."""
    try:
        issue = cases.ignore_issue(
            db_session(), current_user, issue_id, request.form.get("reason", "")
        )
    except Invalid as exc:
        issue = get(db_session(), QAIssue, issue_id, "QA issue")
        return _row(get_segment(issue.segment_id), 422, error=str(exc))
    return _row(get_segment(issue.segment_id))
