"""Row-level actions of the review page; each answers with the re-rendered row or paragraph."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import db_session
from ..htmx import fragment, is_fragment_request
from ..models import QAIssue, Revision, Segment, SegmentOperation
from ..services import qa as qa_service
from ..services import segments as seg_service
from ..services.documents import document_stats
from ..services.review import one_row, paragraph_rows
from ..statuses import Status

bp = Blueprint("segments", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Every change needs a logged-in reviewer (and CSRFProtect checks the token)."""


def get_segment(segment_id: int) -> Segment:
    seg = db_session().get(Segment, segment_id)
    if seg is None:
        abort(404, f"There is no segment {segment_id}.")
    return seg


def _base_version() -> int | None:
    raw = request.form.get("base_version", "")
    if not raw.isdigit():
        abort(400, "The save did not say which version it started from; reload the page.")
    return int(raw)


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
    session = db_session()
    if not is_fragment_request():
        return redirect(
            url_for(
                "documents.show", document_id=seg.document_id, **{"from": seg.paragraph.position}
            )
            + f"#para-{seg.paragraph_id}",
            code=303,
        )
    return fragment(
        "documents/_paragraph.html",
        paragraph=seg.paragraph,
        rows=paragraph_rows(session, seg.paragraph),
        status=status,
        **_live_counts(seg.document_id),
        **extra,
    )


# Which status each save button gives (Ctrl+Enter confirms, Ctrl+Shift+Enter approves).
_ACTION_STATUS = {"confirm": Status.TRANSLATED.value, "approve": Status.APPROVED.value}


# Statuses an inserted MT replaces by "machine-translated" (a plain save keeps higher ones).
_BELOW_MT = (Status.NEW.value, Status.MACHINE_TRANSLATED.value, Status.DRAFT.value)


def _inserts_mt(session: Session, seg: Segment, target: str) -> bool:
    """The submitted English is exactly the segment's newest MT and not its stored English."""
    from ..mt.service import is_untouched_mt, newest_output

    cleaned = target.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned or cleaned == seg.target:
        return False
    return is_untouched_mt(newest_output(session, seg.id), cleaned)


@bp.post("/segments/<int:segment_id>")
def save(segment_id: int):
    """Save the English and status; 409 with both texts when someone saved in between."""
    session = db_session()
    seg = get_segment(segment_id)
    target = request.form.get("target", "")
    status = request.form.get("status") or seg.status
    action = request.form.get("action", "save")
    if action in _ACTION_STATUS:
        if action == "confirm" and status in (Status.REVIEWED.value, Status.APPROVED.value):
            pass  # confirming an already reviewed sentence must not demote it
        else:
            status = _ACTION_STATUS[action]
    if (
        status == Status.APPROVED.value
        and status != seg.status
        and not request.form.get("accept_errors")
        and current_user.can("publish")
    ):
        # open QA errors: approving needs a second, explicit "approve anyway"
        errors = qa_service.errors_for(session, seg, target.strip(), status)
        if errors:
            return _row(seg, 422, approve_errors=errors, draft=target)
    origin = "human"
    if _inserts_mt(session, seg, target):
        # MT inserted untouched (Ctrl+M or a chosen alternative): a revision of origin MT, and
        # still "machine-translated" unless the reviewer confirms or picks a status beyond it
        origin = "mt"
        if action not in _ACTION_STATUS and status in _BELOW_MT:
            status = Status.MACHINE_TRANSLATED.value
    try:
        seg_service.save_target(
            session,
            seg,
            target=target,
            status=status,
            user=current_user,
            origin=origin,
            base_version=_base_version(),
        )
        session.commit()
    except seg_service.Conflict as conflict:
        session.rollback()
        return _row(get_segment(segment_id), 409, conflict=conflict)
    except seg_service.NotAllowed as exc:
        session.rollback()
        return _row(get_segment(segment_id), 403, error=str(exc), draft=target)
    except (seg_service.EditError, ValueError) as exc:
        session.rollback()
        return _row(get_segment(segment_id), 422, error=str(exc), draft=target)
    return _row(seg, saved=True)


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
    session = db_session()
    seg = get_segment(segment_id)
    if session.get(Revision, revision_id) is None:
        abort(404, f"There is no revision {revision_id}.")
    try:
        seg_service.restore_revision(
            session, seg, revision_id, user=current_user, base_version=_base_version()
        )
        session.commit()
    except seg_service.Conflict as conflict:
        session.rollback()
        return _row(get_segment(segment_id), 409, conflict=conflict)
    except seg_service.EditError as exc:
        session.rollback()
        return _row(get_segment(segment_id), 422, error=str(exc))
    return _row(seg, saved=True)


@bp.post("/segments/<int:segment_id>/comments")
def comment(segment_id: int):
    """Add a comment; answers with the history panel that lists comments."""
    session = db_session()
    seg = get_segment(segment_id)
    try:
        seg_service.add_comment(session, seg, user=current_user, body=request.form.get("body", ""))
        session.commit()
    except seg_service.EditError as exc:
        session.rollback()
        return fragment("_error.html", status=422, title="Comment not saved", message=str(exc))
    return history(segment_id)


@bp.post("/segments/<int:segment_id>/split")
def split(segment_id: int):
    """Split before the chosen character."""
    session = db_session()
    seg = get_segment(segment_id)
    at = request.form.get("at", "")
    try:
        if not at.lstrip("-").isdigit():
            raise seg_service.EditError("choose where to split (a character position)")
        op = seg_service.split_segment(session, seg, int(at), user=current_user)
        session.commit()
    except seg_service.EditError as exc:
        session.rollback()
        return _row(get_segment(segment_id), 422, error=str(exc))
    return _paragraph(seg, last_op=op, shift=1)


@bp.post("/segments/<int:segment_id>/merge")
def merge(segment_id: int):
    """Merge with the next segment of the paragraph."""
    session = db_session()
    seg = get_segment(segment_id)
    try:
        op = seg_service.merge_with_next(session, seg, user=current_user)
        session.commit()
    except seg_service.EditError as exc:
        session.rollback()
        return _row(get_segment(segment_id), 422, error=str(exc))
    return _paragraph(seg, last_op=op, shift=-1)


@bp.post("/operations/<int:op_id>/undo")
def undo(op_id: int):
    """Undo a split or merge."""
    session = db_session()
    op = session.get(SegmentOperation, op_id)
    if op is None:
        abort(404, f"There is no operation {op_id}.")
    seg = get_segment(op.payload["segment"])
    try:
        seg_service.undo_operation(session, op, user=current_user)
        session.commit()
    except seg_service.EditError as exc:
        session.rollback()
        abort(409, str(exc))
    # undoing a split takes a row away from the numbering; undoing a merge gives one back
    return _paragraph(seg, shift=-1 if op.kind == "split" else 1)


@bp.post("/qa-issues/<int:issue_id>/ignore")
def ignore_issue(issue_id: int):
    """Ignore one QA issue on this segment, with a reason that stays in its history."""
    session = db_session()
    issue = session.get(QAIssue, issue_id)
    if issue is None:
        abort(404, f"There is no QA issue {issue_id}.")
    try:
        qa_service.ignore_issue(
            session, issue, user=current_user, reason=request.form.get("reason", "")
        )
        session.commit()
    except seg_service.EditError as exc:
        session.rollback()
        return _row(get_segment(issue.segment_id), 422, error=str(exc))
    return _row(get_segment(issue.segment_id))
