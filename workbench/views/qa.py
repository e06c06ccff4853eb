"""The QA summary of a document: counts per check, links to the rows, ignored issues."""

from __future__ import annotations

from collections import Counter

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..core.errors import Invalid
from ..core.usecases.segments import rerun_qa, set_report_year
from ..db import db_session
from ..qa import CHECKS
from ..services import qa as qa_service
from .documents import get_document

bp = Blueprint("qa", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """QA results are part of the review: logged-in users only."""


def _in_registry_order(codes: set[str]) -> list[str]:
    # The registry's order is the display order (qa/checks/__init__.py); codes stored by a
    # check that no longer exists still count, and go last.
    order = {code: n for n, code in enumerate(CHECKS)}
    return sorted(codes, key=lambda c: (order.get(c, len(order)), c))


def _check_row(code: str, open_counts: Counter, ignored: int) -> dict:
    check = CHECKS.get(code)
    return dict(
        code=code,
        title=qa_service.check_title(code),
        description=check.description if check else "",
        errors=open_counts["error"],
        warnings=open_counts["warning"],
        ignored=ignored,
    )


@bp.get("/documents/<int:document_id>/qa")
def summary(document_id: int):
    """Open errors and warnings per check, ignored counts, and who ignored what and why."""
    session = db_session()
    doc = get_document(document_id)
    counts = qa_service.open_issue_counts(session, doc.id)
    ignored = qa_service.ignored_issues(session, doc.id)
    ignored_per_check = Counter(line.check_code for line, _issue in ignored)
    rows = [
        _check_row(code, counts.get(code, Counter()), ignored_per_check[code])
        for code in _in_registry_order(set(counts) | set(ignored_per_check))
    ]
    return render_template(
        "qa/summary.html",
        doc=doc,
        rows=rows,
        ignored=ignored,
        total_errors=sum(r["errors"] for r in rows),
        total_warnings=sum(r["warnings"] for r in rows),
    )


@bp.post("/documents/<int:document_id>/qa/refresh")
def refresh(document_id: int):
    """Re-run every check on the document (after a glossary change), then show the summary."""
    doc = get_document(document_id)
    rerun_qa(db_session(), current_user, doc.id)
    flash("All checks re-run.", "success")
    return redirect(url_for("qa.summary", document_id=doc.id), code=303)


@bp.post("/documents/<int:document_id>/qa/year")
def report_year(document_id: int):
    """Set the report's year (上年/今年 in the number check resolve from it; empty: unknown)."""
    doc = get_document(document_id)
    raw = request.form.get("year", "").strip()
    if raw and not (raw.isdigit() and len(raw) == 4):
        raise Invalid(f"the report's year must be four digits, not “{raw[:20]}”")
    set_report_year(db_session(), current_user, doc.id, int(raw) if raw else None)
    flash(f"Report year set to {raw}; checks re-run." if raw else "Report year cleared.", "success")
    return redirect(url_for("qa.summary", document_id=doc.id), code=303)
