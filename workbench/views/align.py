"""Aligning a report with its official English: upload two files, fix the links, confirm;
official renderings of glossary terms and candidates. Thin: parse, call a use case, render
(refusals become pages in `views.errors`)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..align.compare import MARKS
from ..core.errors import Invalid
from ..core.usecases import align as align_cases
from ..core.usecases import get
from ..db import db_session
from ..models import Alignment, Document
from ..services import align as align_service
from ..statuses import Status

bp = Blueprint("align", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Alignments feed documents and the glossary: logged-in users only."""


def _index_page(error: str | None = None, status: int = 200):
    alignments = db_session().scalars(select(Alignment).order_by(Alignment.id.desc())).all()
    return render_template("align/index.html", alignments=alignments, error=error), status


@bp.get("/alignments")
def index():
    """Stored alignments and the form to align a Chinese file with its English."""
    return _index_page()


def _upload(field: str, limit: int) -> tuple[str, bytes]:
    file = request.files.get(field)
    if file is None or not file.filename:
        raise Invalid("Choose the Chinese file." if field == "zh" else "Choose the English file.")
    return file.filename, file.read(limit + 1)  # never more than a byte past the limit


@bp.post("/alignments")
def create():
    """Read both files as import does, align them, open the editor."""
    limit = current_app.config["MAX_IMPORT_BYTES"]
    try:
        alignment = align_cases.align_files(
            db_session(),
            current_user,
            _upload("zh", limit),
            _upload("en", limit),
            max_bytes=limit,
            title=request.form.get("title") or None,
        )
    except Invalid as exc:  # the form again, with the reason (413 for a large file)
        db_session().rollback()
        return _index_page(str(exc), exc.status)
    return redirect(url_for("align.editor", alignment_id=alignment.id), code=303)


def _rows(alignment: Alignment) -> list[dict]:
    rows = []
    for number, link in enumerate(alignment.links):
        score = link["score"]
        rows.append(
            {
                "index": number,
                "zh": [alignment.zh_sentences[i]["text"] for i in link["zh"]],
                "en": [alignment.en_sentences[j]["text"] for j in link["en"]],
                "score": score,
                "checked": link.get("checked", False),
                "level": "high" if score >= 0.9 else "mid" if score >= 0.5 else "low",
            }
        )
    return rows


@bp.get("/alignments/<int:alignment_id>")
def editor(alignment_id: int):
    """Both sides next to each other, one row per link, weakest first unless asked."""
    alignment = get(db_session(), Alignment, alignment_id, "alignment")
    rows = _rows(alignment)
    order = request.args.get("order", "weak")
    if order == "weak":
        rows.sort(key=lambda r: (r["checked"], r["score"], r["index"]))
    return render_template(
        "align/editor.html",
        alignment=alignment,
        rows=rows,
        order=order,
        statuses=[Status.TRANSLATED, Status.REVIEWED, Status.APPROVED],
    )


def _back(alignment_id: int, what: str, index: int | None = None):
    flash(what[0].upper() + what[1:] + ".", "success")
    order = request.form.get("order", "weak")
    anchor = f"#link-{index}" if index is not None else ""
    return redirect(
        url_for("align.editor", alignment_id=alignment_id, order=order) + anchor, code=303
    )


def _version() -> int | None:
    value = request.form.get("version", "")
    return int(value) if value.isdigit() else None


@bp.post("/alignments/<int:alignment_id>/edit")
def edit(alignment_id: int):
    """One operation on one link: up / down (a side), join, split, unlink, check."""
    index = request.form.get("index", "")
    if not index.isdigit():
        raise Invalid("which link? (the form has no link number)")
    what = align_cases.edit(
        db_session(),
        current_user,
        alignment_id,
        request.form.get("op", ""),
        int(index),
        side=request.form.get("side", "zh"),
        base_version=_version(),
    )
    return _back(alignment_id, what, int(index))


@bp.post("/alignments/<int:alignment_id>/undo")
def undo(alignment_id: int):
    """Undo the latest edit."""
    what = align_cases.undo(db_session(), current_user, alignment_id, base_version=_version())
    return _back(alignment_id, what)


@bp.post("/alignments/<int:alignment_id>/confirm")
def confirm(alignment_id: int):
    """Confirm: the document's segments get the official English with the chosen status."""
    filled = align_cases.confirm(
        db_session(),
        current_user,
        alignment_id,
        status=request.form.get("status", Status.TRANSLATED.value),
        base_version=_version(),
    )
    flash(f"Confirmed: {filled} segments now carry the official English.", "success")
    document_id = get(db_session(), Alignment, alignment_id, "alignment").document_id
    return redirect(url_for("documents.show", document_id=document_id), code=303)


# --- official renderings ----------------------------------------------------------------


@bp.get("/official-renderings")
def renderings():
    """Every glossary term and term candidate with the English the official translations
    associate with it (from confirmed alignments), and its evidence."""
    rows = align_service.rendering_rows(db_session())
    return render_template("align/renderings.html", rows=rows)


def _rendering_page(term: str, english: str = "", error: str | None = None, status: int = 200):
    session = db_session()
    lines, proposal = align_service.official_renderings(session, term)
    english = english or (proposal.english if proposal else "")
    if english and (proposal is None or english != proposal.english):
        lines = align_service.official_index(session).concordance(term, english)
    page = render_template(
        "align/rendering.html",
        term=term,
        lines=lines,
        proposal=proposal,
        english=english,
        error=error,
    )
    return page, status


@bp.get("/official-renderings/term")
def rendering():
    """The bilingual concordance of one term, its proposed rendering and the accept form."""
    term = request.args.get("q", "").strip()
    if not term:
        return redirect(url_for("align.renderings"), code=303)
    return _rendering_page(term, request.args.get("en", "").strip())


@bp.post("/official-renderings/accept")
def accept_rendering():
    """Accept an official rendering into the glossary, its source recorded."""
    term = request.form.get("term", "").strip()
    english = request.form.get("english", "").strip()
    try:
        _, what = align_cases.accept_rendering(db_session(), current_user, term, english)
    except Invalid as exc:
        db_session().rollback()
        return _rendering_page(term, english, str(exc), exc.status)
    flash(what[0].upper() + what[1:] + ".", "success")
    return redirect(url_for("align.rendering", q=term), code=303)


# --- year over year ---------------------------------------------------------------------


@bp.get("/documents/<int:document_id>/year-over-year")
def year_over_year(document_id: int):
    """What is new, changed or as last year against the confirmed alignments of other
    reports: counts, term candidates that did not occur last year, and each new or changed
    sentence with last year's closest sentence and its official English."""
    session = db_session()
    doc = get(session, Document, document_id, "document")
    marked = align_service.year_over_year(session, doc.id)
    counts = {kind: sum(1 for _, m in marked if m.kind == kind) for kind in MARKS}
    show = request.args.get("change", "")
    rows = [(s, m) for s, m in marked if m.kind != "same" and (not show or m.kind == show)]
    return render_template(
        "align/year_over_year.html",
        doc=doc,
        counts=counts,
        rows=rows,
        show=show,
        has_last_year=align_service.has_last_year(session, doc.id),
        candidates=align_service.new_candidates(session, doc.id),
    )
