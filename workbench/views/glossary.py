"""The glossary page, term tagging from the review page, candidates, import and export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..core.errors import Conflict, Invalid, TooLarge
from ..core.permissions import Action, allowed
from ..core.usecases import get
from ..core.usecases import glossary as cases
from ..db import db_session
from ..glossary.candidates import candidate_spans
from ..htmx import fragment, is_fragment_request, render
from ..models import Segment, Term
from ..services import glossary as service
from ..services.review import one_row
from ..statuses import TERM_CATEGORIES, TERM_STATUSES
from .documents import get_document

bp = Blueprint("glossary", __name__)

MAX_GLOSSARY_UPLOAD = 5 * 1024 * 1024


@bp.before_request
@login_required
def _require_login() -> None:
    """The glossary is for logged-in reviewers (and CSRFProtect checks every change)."""


@bp.context_processor
def _choices() -> dict:
    # what the user may settle decides which buttons and statuses the forms offer (the use
    # cases refuse the rest anyway)
    settles = allowed(current_user, Action.APPROVE_TERM)
    return {
        "term_categories": TERM_CATEGORIES,
        "term_statuses": TERM_STATUSES,  # the filter
        "settable_term_statuses": TERM_STATUSES if settles else (cases.PROPOSED,),
        "can_settle_terms": settles,
    }


def get_term(term_id: int) -> Term:
    return get(db_session(), Term, term_id, "glossary term")


def _form_data() -> service.TermRecord:
    """Validated fields of a term form; Invalid says what to fix."""
    form = request.form
    return service.validate(
        source=form.get("source", ""),
        target=form.get("target", ""),
        alternatives=service.split_list(form.get("alternatives", "")),
        forbidden=service.split_list(form.get("forbidden", "")),
        note=form.get("note", ""),
        category=form.get("category", "other"),
        reference=form.get("reference", ""),
        status=form.get("term_status", "proposed"),
    )


def _applies_nested() -> bool:
    """The form's "applies inside longer expressions" box."""
    return request.form.get("applies_nested") == "1"


def _occurrence_context(term: Term | None = None) -> dict:
    """Occurrence counts for the table (all terms) or for one re-rendered row."""
    session = db_session()
    occ = service.occurrences(session, term)
    doc_ids = {d for counts in occ.by_document.values() for d in counts}
    return {"occ": occ, "doc_titles": service.document_titles(session, doc_ids)}


# --- the glossary page -------------------------------------------------------------------


@bp.get("/glossary")
def index():
    """All live terms: search, filter, edit in place, delete, export and import."""
    args = request.args
    q, status, category = (
        args.get("q", "").strip()[:200],
        args.get("status", ""),
        args.get("category", ""),
    )
    terms = service.list_terms(db_session(), q=q, status=status, category=category)
    return render(
        "glossary/index.html",
        "glossary/_table.html",
        terms=terms,
        q=q,
        status_filter=status,
        category=category,
        **_occurrence_context(),
    )


@bp.get("/glossary/<int:term_id>/edit")
def edit(term_id: int):
    """The table row as an edit form (htmx)."""
    return fragment("glossary/_edit_row.html", term=get_term(term_id))


@bp.get("/glossary/<int:term_id>/row")
def row(term_id: int):
    """The table row as stored (cancel an edit)."""
    term = get_term(term_id)
    return fragment("glossary/_term_row.html", term=term, **_occurrence_context(term))


@bp.post("/glossary/<int:term_id>")
def update(term_id: int):
    """Save an edited entry; 422 with the form and the reason when it is not valid."""
    raw = request.form.get("base_version", "")
    try:
        term = cases.edit_term(
            db_session(),
            current_user,
            term_id,
            _form_data(),
            base_version=int(raw) if raw.isdigit() and len(raw) < 18 else None,
            applies_nested=_applies_nested(),
        )
    except (Invalid, Conflict) as exc:
        return fragment(
            "glossary/_edit_row.html",
            status=exc.status,
            term=get_term(term_id),
            error=str(exc),
            values=request.form,
        )
    if not is_fragment_request():
        return redirect(url_for("glossary.index"), code=303)
    return fragment("glossary/_term_row.html", term=term, saved=True, **_occurrence_context(term))


@bp.post("/glossary/<int:term_id>/delete")
def delete(term_id: int):
    """Soft-delete an entry (its history stays); htmx removes the row."""
    cases.delete_term(db_session(), current_user, term_id)
    if not is_fragment_request():
        return redirect(url_for("glossary.index"), code=303)
    return Response("", 200)


@bp.get("/glossary/<int:term_id>/history")
def history(term_id: int):
    """Every revision of one entry, with what changed."""
    term = get_term(term_id)
    revisions = list(term.history)
    pairs = [(rev, revisions[i - 1].snapshot if i else {}) for i, rev in enumerate(revisions)]
    return render(
        "glossary/history.html", "glossary/_history.html", term=term, pairs=list(reversed(pairs))
    )


@bp.get("/glossary/renderings")
def renderings():
    """For each term, the distinct English used in the sentences containing it."""
    session = db_session()
    q = request.args.get("q", "").strip()[:200]
    usages = service.renderings_in_use(session, q=q)
    doc_ids = {d for tu in usages for u in tu.uses for d, _ in u.segments}
    return render_template(
        "glossary/renderings.html",
        usages=usages,
        q=q,
        doc_titles=service.document_titles(session, doc_ids),
    )


# --- import and export ---------------------------------------------------------------------


@bp.get("/glossary/export.<fmt>")
def export(fmt: str):
    """Download the glossary as TBX, CSV or JSON."""
    if fmt not in service.EXPORT_FORMATS:
        abort(404, f"Unknown glossary format {fmt!r}.")
    out = cases.export_glossary(db_session(), current_user, fmt)
    resp = Response(out.data, mimetype=out.mimetype)
    resp.headers["Content-Disposition"] = f'attachment; filename="glossary.{out.extension}"'
    return resp


@bp.post("/glossary/import")
def import_file():
    """Import a .tbx/.csv/.json glossary, all or nothing, and show what it did."""
    file = request.files.get("file")
    if file is None or not file.filename:
        return _import_page(error="Choose a glossary file (.tbx, .csv or .json).", status=422)
    data = file.read(MAX_GLOSSARY_UPLOAD + 1)
    try:
        if len(data) > MAX_GLOSSARY_UPLOAD:
            raise TooLarge(f"{file.filename}: larger than {MAX_GLOSSARY_UPLOAD // 1048576} MB")
        report = cases.import_glossary(db_session(), current_user, file.filename, data)
    except Invalid as exc:
        return _import_page(error=f"Not imported: {exc}", status=exc.status)
    return _import_page(report=report, filename=file.filename)


def _import_page(*, status: int = 200, **context) -> tuple[str, int]:
    session = db_session()
    terms = service.list_terms(session)
    return render_template(
        "glossary/index.html",
        terms=terms,
        q="",
        status_filter="",
        category="",
        **_occurrence_context(),
        **context,
    ), status


# --- tagging from the review page ----------------------------------------------------------


def _segment(raw: str | None) -> Segment:
    if not raw or not raw.isdigit():
        abort(400, "Which segment? The tag form needs a segment id.")
    seg = db_session().get(Segment, int(raw))
    if seg is None:
        abort(404, f"There is no segment {raw}.")
    return seg


@bp.get("/glossary/tag-form")
def tag_form():
    """The small in-place form for tagging the selected text (the existing entry if there is one)."""
    seg = _segment(request.args.get("segment"))
    text = " ".join(request.args.get("text", "").split())[: service.MAX_SOURCE_CHARS]
    term = service.find_term(db_session(), text) if text else None
    return fragment(
        "glossary/_tag_form.html",
        seg=seg,
        text=text,
        term=term,
        guessed_category=_guess_category(text),
    )


def _guess_category(text: str) -> str:
    """A selection that is itself one candidate (三保, 林长制) suggests its category."""
    spans = candidate_spans(text) if text else []
    if len(spans) == 1 and spans[0][:2] == (0, len(text)):
        return service.CANDIDATE_CATEGORY.get(spans[0][2], "other")
    return "other"


@bp.post("/glossary/tag")
def tag():
    """Save the tagged term and answer with the re-rendered row, so the highlight shows at once."""
    session = db_session()
    seg = _segment(request.form.get("segment"))
    try:
        term = cases.tag_term(session, current_user, _form_data(), applies_nested=_applies_nested())
    except (Invalid, Conflict) as exc:
        seg = _segment(request.form.get("segment"))
        resp = fragment(
            "glossary/_tag_form.html",
            status=exc.status,
            seg=seg,
            text=request.form.get("source", ""),
            term=service.find_term(session, request.form.get("source", "")),
            error=str(exc),
            values=request.form,
            guessed_category="other",
        )
        # The form posts to the row; an invalid form stays in the row's panel instead.
        resp.headers["HX-Retarget"] = f"#panel-{seg.id}"
        resp.headers["HX-Reswap"] = "innerHTML"
        return resp
    if not is_fragment_request():
        return redirect(
            url_for("documents.show", document_id=seg.document_id) + f"#seg-{seg.id}", code=303
        )
    return fragment("documents/_row.html", row=one_row(session, seg), tagged=term)


# --- candidates ------------------------------------------------------------------------------


@bp.get("/documents/<int:document_id>/candidates")
def candidates(document_id: int):
    """Likely policy terms of a document that the glossary lacks, with counts and contexts."""
    doc = get_document(document_id)
    found = service.document_candidates(db_session(), doc.id)
    return render_template("glossary/candidates.html", doc=doc, candidates=found)


@bp.post("/documents/<int:document_id>/candidates/accept")
def accept(document_id: int):
    """Make a candidate a proposed glossary entry."""
    doc = get_document(document_id)
    text = request.form.get("text", "")
    try:
        term = cases.accept_candidate(
            db_session(), current_user, text, request.form.get("kind", "")
        )
    except Invalid as exc:
        return fragment("_error.html", status=422, title="Not accepted", message=str(exc))
    if not is_fragment_request():
        return redirect(url_for("glossary.candidates", document_id=doc.id), code=303)
    return fragment(
        "glossary/_candidate_done.html", text=text, term=term, doc=doc, action="accepted"
    )


@bp.post("/documents/<int:document_id>/candidates/dismiss")
def dismiss(document_id: int):
    """Remember that a candidate is not a term."""
    doc = get_document(document_id)
    text = request.form.get("text", "")
    try:
        cases.dismiss_candidate(db_session(), current_user, text)
    except Invalid as exc:
        return fragment("_error.html", status=422, title="Not dismissed", message=str(exc))
    if not is_fragment_request():
        return redirect(url_for("glossary.candidates", document_id=doc.id), code=303)
    return fragment(
        "glossary/_candidate_done.html", text=text, term=None, doc=doc, action="dismissed"
    )
