"""Document list, upload, and the review page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.errors import WorkbenchError
from ..core.usecases import documents as import_case
from ..core.usecases import get
from ..db import db_session
from ..htmx import is_fragment_request, render
from ..models import Document, SegmentOperation
from ..services import live as live_service
from ..services import qa as qa_service
from ..services.documents import document_stats
from ..services.mt_jobs import latest_job, runner_gone
from ..services.review import Cursor, Filters, filtered_count, load_rows, outline
from ..statuses import Status

bp = Blueprint("documents", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Every page of the workbench needs a logged-in reviewer."""


def get_document(document_id: int) -> Document:
    return get(db_session(), Document, document_id, "document")


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
    try:
        imported = import_case.import_document(
            db_session(),
            current_user,
            file.filename,
            data,
            max_bytes=limit,
            title=request.form.get("title") or None,
            force=bool(request.form.get("force")),
        )
    except WorkbenchError as exc:  # the list page again, with the reason above the form
        return _refuse(str(exc), exc.status)
    flash(f"Imported “{imported.document.title}”.", "success")
    return redirect(url_for("documents.show", document_id=imported.document.id), code=303)


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
    start = Cursor.parse(request.args.get("from"))
    rows, cursor = load_rows(
        session,
        doc.id,
        filters,
        after=Cursor.parse(request.args.get("after")),
        start_at=start,
        limit=current_app.config["PAGE_SIZE"],
    )
    context = dict(
        doc=doc,
        rows=rows,
        cursor=cursor,
        filters=filters,
        statuses=list(Status),
        from_paragraph=str(start) if start else "",
    )
    if not is_fragment_request():  # the full page needs the header, outline and summaries
        context.update(
            client_id=live_service.new_client_id(),
            stats=document_stats(session, [doc.id])[doc.id],
            outline=outline(session, doc.id),
            match_count=filtered_count(session, doc.id, filters) if filters.active else None,
            qa_counts=qa_service.open_issue_counts(session, doc.id),
            mt_job=(mt_job := latest_job(session, doc.id)),
            mt_job_gone=runner_gone(mt_job, current_app.config) if mt_job else "",
            check_title=qa_service.check_title,
            operations=session.scalars(
                select(SegmentOperation)
                .where(SegmentOperation.document_id == doc.id, SegmentOperation.undone_at.is_(None))
                .order_by(SegmentOperation.id.desc())
                .limit(10)
            ).all(),
        )
    return render("documents/show.html", "documents/_rows.html", **context)
