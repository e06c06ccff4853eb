"""The exports page: download any format, and upload an XLIFF or TMX filled in another tool."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user, login_required

from ..chinese import VARIANT_CONFIGS, VARIANT_LANG_TAGS
from ..core.errors import Invalid
from ..core.permissions import Action, allowed
from ..core.usecases import exports as cases
from ..db import db_session
from ..formats import EXPORTERS, Exporter, ExportOptions, content_disposition, export_filename
from ..formats.model import MEMORY_STATUSES
from ..models import Document
from ..services import export as export_service
from ..services import qa as qa_service
from ..statuses import Status
from .documents import get_document

bp = Blueprint("exports", __name__)

# Past this size the export spills from memory to a temporary file (bounded memory).
SPOOL_BYTES = 8 * 1024 * 1024
CHUNK_BYTES = 64 * 1024
# The QA errors a blocked page lists; the rest are a count and a link to the filtered rows.
BLOCKED_LIST = 50


@bp.before_request
@login_required
def _require_login() -> None:
    """Exports carry the team's unpublished work: logged-in users only."""


def _page(doc: Document, status: int = 200, **extra):
    session = db_session()
    context = dict(
        doc=doc,
        exporters=list(EXPORTERS.values()),
        statuses=list(Status),
        memory_statuses=MEMORY_STATUSES,
        variants=[(v, VARIANT_LANG_TAGS[v]) for v in VARIANT_CONFIGS],
        default_variant=export_service.default_variant(doc),
        open_errors=qa_service.open_error_count(session, doc.id),
        can_force=allowed(current_user, Action.FORCE_EDITION),
        can_approve=allowed(current_user, Action.APPROVE_SEGMENT),
    )
    context.update(extra)
    return render_template("exports/index.html", **context), status


@bp.get("/documents/<int:document_id>/exports")
def document_exports(document_id: int):
    """Every export format with its options, and the XLIFF upload."""
    return _page(get_document(document_id))


def _parse_request(doc: Document) -> tuple[Exporter, ExportOptions]:
    name = request.args.get("format", "")
    exporter = EXPORTERS.get(name)
    if exporter is None:
        abort(422, f"Unknown export format {name!r}. Choose one of: {', '.join(EXPORTERS)}.")
    try:
        options = ExportOptions(
            statuses=export_service.parse_statuses(request.args.getlist("status")),
            chinese=request.args.get("chinese") or export_service.default_variant(doc),
            fill_mt=bool(request.args.get("fill_mt")),
            approved_only=bool(request.args.get("approved_only")),
            min_status=request.args.get("min_status") or None,
            include_unreviewed=bool(request.args.get("include_unreviewed")),
            title=request.args.get("title", "").strip() or None,
            leave_out_mt=bool(request.args.get("leave_out_mt")),
        )
    except ValueError as exc:
        abort(422, f"{exc}.")
    return exporter, options


def _blocked(doc: Document, exporter: Exporter, blocked: cases.EditionBlocked):
    return render_template(
        "exports/blocked.html",
        doc=doc,
        exporter=exporter,
        errors=blocked.issues[:BLOCKED_LIST],
        error_count=blocked.errors,
        force_refused=blocked.force_refused,
        can_force=allowed(current_user, Action.FORCE_EDITION),
        query=request.args.to_dict(flat=False),
    ), blocked.status


@bp.get("/documents/<int:document_id>/export")
def download(document_id: int):
    """One export as an attachment; the English edition waits for open QA errors unless an
    editor forces it (a reviewer's tick is refused with 403)."""
    session = db_session()
    doc = get_document(document_id)
    exporter, options = _parse_request(doc)
    # Written completely before the response starts, so a failure is an error page rather
    # than a truncated download; the spooled file keeps memory bounded for large documents.
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    try:
        cases.export_document(
            session,
            current_user,
            doc.id,
            exporter,
            options,
            out,
            force=bool(request.args.get("force")),
        )
    except cases.EditionBlocked as blocked:
        out.close()
        return _blocked(doc, exporter, blocked)
    except BaseException:
        out.close()
        raise
    size = out.tell()
    out.seek(0)
    response = Response(_stream(out), mimetype=exporter.mimetype)
    response.headers["Content-Disposition"] = content_disposition(
        export_filename(doc.title, doc.id, exporter, options.chinese)
    )
    response.headers["Content-Length"] = str(size)
    response.headers["Cache-Control"] = "no-store"  # unpublished work: no shared caches
    return response


def _stream(out: IO[bytes]) -> Iterator[bytes]:
    """The spooled export in chunks; the file is closed when sent or when the client goes away."""
    try:
        while chunk := out.read(CHUNK_BYTES):
            yield chunk
    finally:
        out.close()


@bp.post("/documents/<int:document_id>/import-bilingual")
def import_bilingual_upload(document_id: int):
    """Apply an uploaded XLIFF or TMX (changed targets only); show what happened to each unit."""
    doc = get_document(document_id)
    file = request.files.get("file")
    if file is None or not file.filename:
        return _page(doc, 422, import_error="Choose an XLIFF or TMX file to upload.")
    try:
        result = cases.apply_bilingual_file(
            db_session(),
            current_user,
            doc.id,
            file.filename,
            file.read(),
            # letting a file approve segments is an editor's decision, asked for explicitly
            approve=bool(request.form.get("approve")),
        )
    except Invalid as exc:
        return _page(doc, exc.status, import_error=str(exc))
    return render_template("exports/import_report.html", doc=doc, result=result)
