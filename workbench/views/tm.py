"""Translation memory in the browser: matches for the focused row, the memory page (list,
import, remove, export) and concordance search."""

from __future__ import annotations

import tempfile

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user, login_required

from ..core.errors import Invalid, NotFound
from ..core.permissions import Action, allowed
from ..core.usecases import tm as cases
from ..db import db_session
from ..htmx import fragment
from ..services import tm as service
from ..tm.keys import source_key
from .documents import get_document
from .segments import get_segment

bp = Blueprint("tm", __name__, url_prefix="/tm")

# A memory of 100k units is ~30 MB of TMX: far above the document import limit.
TMX_UPLOAD_LIMIT = 512 * 1024**2
SHOWN_MATCHES = 3  # Ctrl+1..3


@bp.before_request
@login_required
def _require_login() -> None:
    """Every memory page needs a logged-in user (and CSRFProtect checks the token)."""


@bp.app_context_processor
def _tm_helpers():
    return {"may_manage_memory": lambda: allowed(current_user, Action.MANAGE_MEMORY)}


@bp.get("/segments/<int:segment_id>/matches")
def matches(segment_id: int):
    """The focused row's best matches (Ctrl+1..3 inserts) and fragments."""
    session = db_session()
    seg = get_segment(segment_id)
    found = service.segment_matches(
        session, seg, threshold=current_app.config["TM_FUZZY_THRESHOLD"], limit=SHOWN_MATCHES
    )
    query_key = source_key(seg.source)
    return fragment(
        "tm/_matches.html",
        seg=seg,
        query_key=query_key,
        full=[m for m in found if m.kind != "fragment"],
        fragments=[m for m in found if m.kind == "fragment"],
    )


@bp.get("/")
def index():
    session = db_session()
    query = request.args.get("q", "").strip()[:500]
    results = service.search(session, query, limit=50) if query else []
    return render_template(
        "tm/index.html",
        memories=service.list_memories(session),
        query=query,
        results=results,
        project=service.PROJECT_MEMORY,
    )


@bp.post("/import")
def import_file():
    request.max_content_length = TMX_UPLOAD_LIMIT  # before the body is read
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choose a .tmx file to import.", "error")
        return redirect(url_for("tm.index"), code=303)
    name = (request.form.get("name") or "").strip() or upload.filename.rsplit(".", 1)[0]
    raw_penalty = request.form.get("penalty") or "0"
    # spooled to disk: the reader streams, memory stays bounded for large files
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024**2) as tmp:
        upload.save(tmp)
        tmp.seek(0)
        try:
            if not raw_penalty.isdigit():
                raise Invalid(f"the penalty is a whole number of points, not {raw_penalty!r}")
            report = cases.import_memory(
                db_session(),
                current_user,
                tmp,
                name=name,
                origin=request.form.get("origin", "import"),
                penalty=int(raw_penalty),
                filename=upload.filename,
            )
        except Invalid as exc:
            flash(f"{exc}.", "error")
            return redirect(url_for("tm.index"), code=303)
    flash(f"{upload.filename}: {report.summary()}.", "success")
    return redirect(url_for("tm.index"), code=303)


@bp.post("/memories/<name>/remove")
def remove(name: str):
    try:
        count = cases.remove_memory(db_session(), current_user, name)
    except Invalid as exc:
        flash(f"{exc}.", "error")
        return redirect(url_for("tm.index"), code=303)
    flash(f"Removed memory {name!r} ({count} units).", "success")
    return redirect(url_for("tm.index"), code=303)


@bp.get("/export.tmx")
def export():
    """All good units (or ?memory=NAME) as TMX 1.4, streamed."""
    session = db_session()
    name = request.args.get("memory") or None
    if name is not None and name not in {m.name for m in service.list_memories(session)}:
        raise NotFound(f"there is no memory named {name!r}")
    tmp = tempfile.SpooledTemporaryFile(max_size=8 * 1024**2)  # noqa: SIM115 - closed below
    service.export_tmx(session, tmp, name=name)  # written fully first: no truncated download
    tmp.seek(0)

    def chunks():
        with tmp:
            while block := tmp.read(65536):
                yield block

    filename = f"{name or 'workbench-memory'}.tmx"
    return Response(
        stream_with_context(chunks()),
        mimetype="application/x-tmx+xml",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/consistency/<int:document_id>")
def consistency(document_id: int):
    """The document's consistency check against itself and the memories, with links."""
    doc = get_document(document_id)
    return render_template(
        "tm/consistency.html", doc=doc, found=service.consistency(db_session(), doc.id)
    )
