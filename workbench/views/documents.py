"""Document list, upload, and the review page."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import db_session
from ..edge import parse_int
from ..htmx import is_fragment_request, render
from ..importing import ImportRefused, read_source
from ..models import Document, SegmentOperation
from ..services import qa as qa_service
from ..services.documents import DuplicateDocument, document_stats, import_document
from ..services.review import Filters, filtered_count, load_rows, outline
from ..statuses import Status

bp = Blueprint("documents", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Every page of the workbench needs a logged-in reviewer."""


def get_document(document_id: int) -> Document:
    doc = db_session().get(Document, document_id)
    if doc is None:
        abort(404, f"There is no document {document_id}.")
    return doc


@bp.get("/")
def index():
    """All documents with their progress."""
    session = db_session()
    docs = session.scalars(select(Document).order_by(Document.updated_at.desc())).all()
    stats = document_stats(session, [d.id for d in docs])
    return render_template("documents/index.html", docs=docs, stats=stats)


@bp.post("/documents")
def upload():
    """Import an uploaded .txt/.md/.docx; refusals answer 4xx and write nothing."""
    file = request.files.get("file")
    if file is None or not file.filename:
        return _refuse("Choose a file to import.", 400)
    limit = current_app.config["MAX_IMPORT_BYTES"]
    data = file.read(limit + 1)  # never more than one byte past the limit into memory
    if len(data) > limit:
        return _refuse(
            f"{file.filename}: file is over the {limit / 1048576:g} MB import limit", 413
        )
    session = db_session()
    try:
        source = read_source(file.filename, data, max_bytes=limit)
        doc = import_document(
            session,
            source,
            user=current_user,
            title=request.form.get("title") or None,
            force=bool(request.form.get("force")),
        )
        session.flush()
        qa_service.refresh_document(session, doc.id)
        session.commit()
    except ImportRefused as exc:
        session.rollback()
        return _refuse(f"{file.filename}: {exc}", 422)
    except DuplicateDocument as exc:
        session.rollback()
        return _refuse(f"{file.filename}: {exc}", 409)
    flash(f"Imported “{doc.title}”.", "success")
    return redirect(url_for("documents.show", document_id=doc.id), code=303)


def _refuse(message: str, status: int):
    session = db_session()
    docs = session.scalars(select(Document).order_by(Document.updated_at.desc())).all()
    stats = document_stats(session, [d.id for d in docs])
    return render_template(
        "documents/index.html", docs=docs, stats=stats, import_error=message
    ), status


@bp.get("/documents/<int:document_id>")
def show(document_id: int):
    """The review page; htmx asks for further pages of rows (lazy loading) as fragments."""
    session = db_session()
    doc = get_document(document_id)
    filters = Filters.from_args(request.args)
    after = parse_int(request.args.get("after"))
    start = request.args.get("from", "")
    from_paragraph = parse_int(start)
    rows, cursor = load_rows(
        session,
        doc.id,
        filters,
        after=after,
        from_paragraph=from_paragraph,
        limit=current_app.config["PAGE_SIZE"],
    )
    context = dict(
        doc=doc,
        rows=rows,
        cursor=cursor,
        filters=filters,
        statuses=list(Status),
        from_paragraph=start if from_paragraph is not None else "",
    )
    if not is_fragment_request():  # the full page needs the header, outline and summaries
        context.update(
            stats=document_stats(session, [doc.id])[doc.id],
            outline=outline(session, doc.id),
            match_count=filtered_count(session, doc.id, filters) if filters.active else None,
            qa_counts=qa_service.open_issue_counts(session, doc.id),
            check_title=qa_service.check_title,
            operations=session.scalars(
                select(SegmentOperation)
                .where(SegmentOperation.document_id == doc.id, SegmentOperation.undone_at.is_(None))
                .order_by(SegmentOperation.id.desc())
                .limit(10)
            ).all(),
        )
    return render("documents/show.html", "documents/_rows.html", **context)
