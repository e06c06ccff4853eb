"""`workbench qa DOC_ID`: the open QA issues of a document, exit 1 while errors remain."""

from __future__ import annotations

import json
from collections import Counter

import click
from sqlalchemy.orm import Session

from ..core.usecases import OPERATOR, get
from ..core.usecases.segments import rerun_qa, set_report_year
from ..models import Document
from ..services import qa as qa_service
from ..services.qa import IssueLine, open_issues
from .base import with_app


def _summary(session: Session, document_id: int, issues: list[IssueLine]) -> dict:
    by_check: dict[str, Counter] = {}
    for issue in issues:
        by_check.setdefault(issue.check_code, Counter())[issue.severity] += 1
    ignored = qa_service.ignored_count(session, document_id)
    return {
        "errors": sum(c["error"] for c in by_check.values()),
        "warnings": sum(c["warning"] for c in by_check.values()),
        "ignored": ignored,
        "by_check": {
            code: {"error": counts["error"], "warning": counts["warning"]}
            for code, counts in sorted(by_check.items())
        },
    }


def _issue_json(issue: IssueLine) -> dict:
    return {
        "issue_id": issue.id,
        "segment_id": issue.segment_id,
        "segment_number": issue.segment_number,
        "check": issue.check_code,
        "severity": issue.severity,
        "message": issue.message,
    }


@click.command("qa")
@click.argument("document_id", type=int)
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object: issues and a summary."
)
@click.option("--refresh", is_flag=True, help="Re-run every check first (after a glossary change).")
@click.option(
    "--year",
    type=click.IntRange(1900, 2100),
    help="Set the report's year (上年/今年 resolve from it) and re-run the checks.",
)
@with_app
def qa_cmd(
    session: Session, document_id: int, as_json: bool, refresh: bool, year: int | None
) -> None:
    """List open (not ignored) QA issues; exit status 1 while errors remain (for pipelines)."""
    get(session, Document, document_id, "document")
    if year is not None:  # re-runs the checks; the stored issues are the result (committed)
        set_report_year(session, OPERATOR, document_id, year)
    elif refresh:  # the stored issues are the result: committed even when we exit 1
        rerun_qa(session, OPERATOR, document_id)
    issues = open_issues(session, document_id)
    summary = _summary(session, document_id, issues)
    if as_json:
        click.echo(
            json.dumps(
                {
                    "document": document_id,
                    "issues": [_issue_json(i) for i in issues],
                    "summary": summary,
                },
                ensure_ascii=False,
            )
        )
    else:
        for i in issues:
            click.echo(
                f"segment {i.segment_id} (#{i.segment_number})\t{i.check_code}\t{i.severity}\t{i.message}"
            )
        click.echo(
            f"document {document_id}: {summary['errors']} errors, {summary['warnings']} warnings open, "
            f"{summary['ignored']} ignored"
        )
    if summary["errors"]:
        click.get_current_context().exit(1)


def register(main: click.Group) -> None:
    main.add_command(qa_cmd)
