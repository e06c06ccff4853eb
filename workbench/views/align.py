"""Aligning a report with its official English: upload two files, fix the links, confirm."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import db_session
from ..models import Alignment
from ..services import align as align_service
from ..statuses import Status

bp = Blueprint("align", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Alignments feed documents and the glossary: logged-in users only."""


def _get(alignment_id: int) -> Alignment:
    alignment = db_session().get(Alignment, alignment_id)
    if alignment is None:
        abort(404, f"There is no alignment {alignment_id}.")
    return alignment


def _require_edit() -> None:
    if not current_user.can("edit"):
        abort(403, "Your account cannot edit alignments.")


@bp.get("/alignments")
def index():
    """Stored alignments and the form to align a Chinese file with its English."""
    alignments = db_session().scalars(select(Alignment).order_by(Alignment.id.desc())).all()
    return render_template("align/index.html", alignments=alignments)


def _read_upload(field: str, limit: int) -> tuple[str, bytes]:
    file = request.files.get(field)
    if file is None or not file.filename:
        raise align_service.AlignRefused(
            "Choose the Chinese file." if field == "zh" else "Choose the English file."
        )
    data = file.read(limit + 1)  # never more than one byte past the limit into memory
    if len(data) > limit:
        raise align_service.ImportRefused(
            f"{file.filename}: file is over the {limit / 1048576:g} MB import limit"
        )
    return file.filename, data


@bp.post("/alignments")
def create():
    """Read both files as import does, align them, open the editor."""
    _require_edit()
    limit = current_app.config["MAX_IMPORT_BYTES"]
    session = db_session()
    try:
        zh_name, zh_data = _read_upload("zh", limit)
        en_name, en_data = _read_upload("en", limit)
        pair = align_service.read_pair(zh_name, zh_data, en_name, en_data, max_bytes=limit)
        alignment = align_service.create_alignment(
            session, pair, user=current_user, title=request.form.get("title") or None
        )
    except (align_service.ImportRefused, align_service.AlignRefused) as exc:
        session.rollback()
        alignments = session.scalars(select(Alignment).order_by(Alignment.id.desc())).all()
        return render_template("align/index.html", alignments=alignments, error=str(exc)), 422
    session.commit()
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
    alignment = _get(alignment_id)
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


def _back(alignment: Alignment, index: int | None = None):
    order = request.form.get("order", "weak")
    anchor = f"#link-{index}" if index is not None else ""
    return redirect(
        url_for("align.editor", alignment_id=alignment.id, order=order) + anchor, code=303
    )


def _version() -> int | None:
    value = request.form.get("version", "")
    return int(value) if value.isdigit() else None


@bp.post("/alignments/<int:alignment_id>/edit")
def edit(alignment_id: int):
    """One operation on one link: up / down (a side), join, split, unlink, check."""
    _require_edit()
    alignment = _get(alignment_id)
    session = db_session()
    try:
        index = int(request.form.get("index", ""))
    except ValueError:
        abort(400, "Which link? (index missing)")
    try:
        action = align_service.edit_alignment(
            session,
            alignment,
            request.form.get("op", ""),
            index,
            side=request.form.get("side", "zh"),
            user=current_user,
            base_version=_version(),
        )
    except align_service.StaleAlignment as exc:
        session.rollback()
        return _conflict(alignment, str(exc))
    except align_service.EditRefused as exc:
        session.rollback()
        return _refused(alignment, str(exc))
    session.commit()
    flash(action[0].upper() + action[1:] + ".", "success")
    return _back(alignment, index)


def _conflict(alignment: Alignment, message: str):
    return render_template("align/message.html", alignment=alignment, message=message), 409


def _refused(alignment: Alignment, message: str):
    return render_template("align/message.html", alignment=alignment, message=message), 422


@bp.post("/alignments/<int:alignment_id>/undo")
def undo(alignment_id: int):
    """Undo the latest edit."""
    _require_edit()
    alignment = _get(alignment_id)
    session = db_session()
    try:
        action = align_service.undo_edit(
            session, alignment, user=current_user, base_version=_version()
        )
    except align_service.StaleAlignment as exc:
        session.rollback()
        return _conflict(alignment, str(exc))
    except align_service.EditRefused as exc:
        session.rollback()
        return _refused(alignment, str(exc))
    session.commit()
    flash(action[0].upper() + action[1:] + ".", "success")
    return _back(alignment)


@bp.post("/alignments/<int:alignment_id>/confirm")
def confirm(alignment_id: int):
    """Confirm: the document's segments get the official English with the chosen status."""
    _require_edit()
    alignment = _get(alignment_id)
    session = db_session()
    try:
        filled = align_service.confirm_alignment(
            session,
            alignment,
            user=current_user,
            status=request.form.get("status", Status.TRANSLATED.value),
            base_version=_version(),
        )
    except align_service.StaleAlignment as exc:
        session.rollback()
        return _conflict(alignment, str(exc))
    except (align_service.EditRefused, ValueError) as exc:
        session.rollback()
        return _refused(alignment, str(exc))
    session.commit()
    flash(f"Confirmed: {filled} segments now carry the official English.", "success")
    return redirect(url_for("documents.show", document_id=alignment.document_id), code=303)


# --- official renderings ----------------------------------------------------------------


@bp.get("/official-renderings")
def renderings():
    """Every glossary term and term candidate with the English the official translations
    associate with it (from confirmed alignments), and its evidence."""
    rows = align_service.rendering_rows(db_session())
    return render_template("align/renderings.html", rows=rows)


@bp.get("/official-renderings/term")
def rendering():
    """The bilingual concordance of one term, its proposed rendering and the accept form."""
    term = request.args.get("q", "").strip()
    if not term:
        return redirect(url_for("align.renderings"), code=303)
    session = db_session()
    lines, proposal = align_service.official_renderings(session, term)
    english = request.args.get("en", "").strip() or (proposal.english if proposal else "")
    if english and proposal and english != proposal.english:
        lines = align_service.official_index(session).concordance(term, english)
    return render_template(
        "align/rendering.html", term=term, lines=lines, proposal=proposal, english=english
    )


@bp.post("/official-renderings/accept")
def accept_rendering():
    """Accept an official rendering into the glossary, its source recorded."""
    _require_edit()
    term = request.form.get("term", "").strip()
    english = request.form.get("english", "").strip()
    session = db_session()
    try:
        _, what = align_service.accept_official_rendering(session, term, english, user=current_user)
    except (align_service.EditRefused, align_service.GlossaryEditError) as exc:
        session.rollback()
        lines, proposal = align_service.official_renderings(session, term)
        page = render_template(
            "align/rendering.html",
            term=term,
            lines=lines,
            proposal=proposal,
            english=english,
            error=str(exc),
        )
        return page, 422
    session.commit()
    flash(what[0].upper() + what[1:] + ".", "success")
    return redirect(url_for("align.rendering", q=term), code=303)
