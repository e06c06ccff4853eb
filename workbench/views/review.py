"""The review page's helpers beyond one row: the focused segment's panel, moving to the next
segment that needs work, and the batch operations (status of a filter, find and replace)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.errors import WorkbenchError
from ..core.usecases import batch as batch_cases
from ..core.usecases import get
from ..db import db_session
from ..htmx import fragment, is_fragment_request
from ..models import Document, Paragraph, QAIssue, Segment
from ..services.mt import newest_output
from ..services import batch
from ..services.qa import check_title
from ..services.queries import segment_numbers
from ..services.review import Filters, filtered_query
from ..services.terms import term_index
from ..statuses import Status

bp = Blueprint("review", __name__)

# Statuses a person still has to confirm (the "next unconfirmed" and "after a save" targets).
UNCONFIRMED = (
    Status.NEW.value,
    Status.MACHINE_TRANSLATED.value,
    Status.DRAFT.value,
    Status.NEEDS_WORK.value,
)
MAX_SHORTCUTS = 9  # Alt+1 … Alt+9


@bp.before_request
@login_required
def _require_login() -> None:
    """Every helper needs a logged-in reviewer (and CSRFProtect checks the token)."""


@bp.app_context_processor
def _helpers() -> dict:
    # rows are rendered by several blueprints (segments, glossary, MT): all need check names
    return {"check_title": check_title, "batch_statuses": batch.BATCH_STATUSES}


def _document(document_id: int) -> Document:
    return get(db_session(), Document, document_id, "document")


def _segment(segment_id: int) -> Segment:
    return get(db_session(), Segment, segment_id, "segment")


# --- the panel of the focused segment --------------------------------------------------


@bp.get("/segments/<int:segment_id>/panel")
def panel(segment_id: int):
    """MT and its alternatives, the sentence's glossary terms, history and comments; every
    suggestion and rendering numbered for Alt+1…9."""
    session = db_session()
    seg = _segment(segment_id)
    mt = newest_output(session, seg.id)
    suggestions: list[tuple[str, str]] = []  # (label, English)
    if mt is not None:
        for i, text in enumerate([mt.text, *(mt.alternatives or [])]):
            if text and text not in (t for _, t in suggestions):
                suggestions.append(("MT" if i == 0 else f"MT alternative {i}", text))
    terms = []
    seen: set[int] = set()
    for match, view in term_index(session).find(seg.source):
        if view.id not in seen:
            seen.add(view.id)
            terms.append((seg.source[match.start : match.end], view))
    renderings = [(source, view, text) for source, view in terms for text in [view.target] if text]
    numbered = len(suggestions)
    return fragment(
        "documents/_focus_panel.html",
        segment=seg,
        number=segment_numbers(session, seg.document_id, [seg.id])[seg.id],
        mt=mt,
        suggestions=suggestions[:MAX_SHORTCUTS],
        terms=terms,
        renderings=renderings[: max(0, MAX_SHORTCUTS - numbered)],
        first_rendering_key=min(numbered, MAX_SHORTCUTS) + 1,
        revisions=list(reversed(seg.revisions))[:5],
        revision_count=len(seg.revisions),
    )


# --- next segment that needs work ------------------------------------------------------

NEXT_KINDS = {
    "untranslated": "untranslated segment",
    "qa": "segment with a QA issue",
    "unconfirmed": "unconfirmed segment",
}


@bp.get("/documents/<int:document_id>/next")
def next_segment(document_id: int):
    """The first segment after `after` (in document order, within the page's filters) that
    is untranslated, has an open QA issue or is not confirmed yet: {segment, position} or
    {segment: null, message}."""
    session = db_session()
    _document(document_id)
    kind = request.args.get("kind", "unconfirmed")
    if kind not in NEXT_KINDS:
        abort(400, f"kind must be one of {', '.join(NEXT_KINDS)}")
    stmt = filtered_query(session, document_id, Filters.from_args(request.args))
    if kind == "untranslated":
        stmt = stmt.where(Segment.target == "")
    elif kind == "qa":
        # every empty segment has the "empty" finding: it is what "untranslated" is for
        open_issue = select(QAIssue.segment_id).where(
            QAIssue.ignored.is_(False), QAIssue.check_code != "empty"
        )
        stmt = stmt.where(Segment.id.in_(open_issue))
    else:
        stmt = stmt.where(Segment.status.in_(UNCONFIRMED))
    after = request.args.get("after", "")
    if after.isdigit() and (current := session.get(Segment, int(after))) is not None:
        position = current.paragraph.position
        stmt = stmt.where(
            (Paragraph.position > position)
            | ((Paragraph.position == position) & (Segment.start > current.start))
        )
    found = session.execute(stmt.limit(1)).first()
    if found is None:
        return jsonify(segment=None, message=f"No further {NEXT_KINDS[kind]}.")
    seg, para = found
    number = segment_numbers(session, document_id, [seg.id])[seg.id]
    return jsonify(segment=seg.id, position=para.position, number=number)


# --- batch operations ------------------------------------------------------------------


def _args(values) -> dict:
    # `status` is the page's status filter; the batch's new status is `to_status`
    return {
        "status": values.get("to_status", ""),
        "replace": batch.Replace(
            find=values.get("find", ""),
            replace=values.get("replace", ""),
            use_regex=bool(values.get("regex")),
            case_sensitive=bool(values.get("case")),
        ),
    }


def _refusal(exc: WorkbenchError):
    return fragment("_error.html", status=exc.status, title="Not done:", message=str(exc))


@bp.get("/documents/<int:document_id>/batch/<any(status, replace):kind>")
def batch_preview(document_id: int, kind: str):
    """Every change the batch would make, with its count; nothing is written."""
    filters = Filters.from_args(request.args)
    try:
        plan = batch_cases.plan(
            db_session(), current_user, document_id, kind, filters, **_args(request.args)
        )
    except WorkbenchError as exc:
        return _refusal(exc)
    return fragment(
        "documents/_batch_preview.html",
        doc=_document(document_id),
        kind=kind,
        plan=plan,
        filters=filters,
        values=request.args,
    )


@bp.post("/documents/<int:document_id>/batch/<any(status, replace):kind>")
def batch_apply(document_id: int, kind: str):
    """Apply the previewed batch as one operation (refused if the preview is out of date)."""
    filters = Filters.from_args(request.form)
    try:
        op = batch_cases.apply(
            db_session(),
            current_user,
            document_id,
            kind,
            filters,
            expected=request.form.get("plan", ""),
            **_args(request.form),
        )
    except WorkbenchError as exc:
        return _refusal(exc)
    if not is_fragment_request():
        return redirect(
            url_for("documents.show", document_id=document_id, **filters.query_args()), 303
        )
    return fragment("documents/_batch_done.html", op=op)


@bp.post("/batch/<int:op_id>/undo")
def batch_undo(op_id: int):
    """Undo a batch operation in one step."""
    try:
        op, result = batch_cases.undo(db_session(), current_user, op_id)
    except WorkbenchError as exc:
        return _refusal(exc)
    if not is_fragment_request():
        return redirect(url_for("documents.show", document_id=op.document_id), 303)
    return fragment("documents/_batch_done.html", op=op, undone=result)
