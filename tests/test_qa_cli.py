"""`workbench qa DOC_ID`: every open issue, exit 1 while errors remain (for pipelines)."""

from __future__ import annotations

import json

from sqlalchemy import select

from workbench.models import QAIssue, Segment, User


def only_warnings_left(app, doc_id: int) -> int:
    """Give one segment a double space (a warning) and ignore every error; returns its id."""
    from workbench.services.qa import ignore_issue
    from workbench.services.segments import save_target

    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.scalars(
            select(Segment).where(Segment.document_id == doc_id).order_by(Segment.id)
        ).all()[3]
        save_target(
            s,
            seg,
            target="Fellow  deputies:",
            status="translated",
            user=None,
            base_version=seg.version,
        )
        s.commit()  # QA re-runs after the commit (a subscriber): the segment's "empty" is gone
        editor = User(username="ed", role="editor", password_hash="x")
        s.add(editor)
        for issue in s.scalars(select(QAIssue).where(QAIssue.severity == "error")):
            ignore_issue(s, issue, user=editor, reason="accepted for this test")
        s.commit()
        return seg.id


def test_errors_exit_1_and_every_issue_listed(cli, app, sample_doc):
    result = cli("qa", str(sample_doc))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 251
    with app.app_context():
        first = app.extensions["db_session"]().scalars(select(Segment).order_by(Segment.id)).first()
    assert (
        lines[0] == f"segment {first.id} (#1)\tempty\terror\tNot translated: the English is empty"
    )
    assert lines[-1] == f"document {sample_doc}: 250 errors, 0 warnings open, 0 ignored"


def test_only_warnings_exit_0(cli, app, sample_doc):
    seg_id = only_warnings_left(app, sample_doc)
    result = cli("qa", str(sample_doc))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"segment {seg_id} (#4)\tdouble_space\twarning\tDouble space in the English (1×)",
        f"document {sample_doc}: 0 errors, 1 warnings open, 249 ignored",
    ]


def test_json_shape(cli, app, sample_doc):
    seg_id = only_warnings_left(app, sample_doc)
    result = cli("qa", str(sample_doc), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"document", "issues", "summary"} and data["document"] == sample_doc
    (issue,) = data["issues"]
    assert set(issue) == {
        "issue_id",
        "segment_id",
        "segment_number",
        "check",
        "severity",
        "message",
    }
    assert (issue["segment_id"], issue["segment_number"], issue["check"], issue["severity"]) == (
        seg_id,
        4,
        "double_space",
        "warning",
    )
    assert data["summary"] == {
        "errors": 0,
        "warnings": 1,
        "ignored": 249,
        "by_check": {"double_space": {"error": 0, "warning": 1}},
    }


def test_json_with_errors_exits_1(cli, sample_doc):
    result = cli("qa", str(sample_doc), "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"]["errors"] == 250 and len(data["issues"]) == 250
    assert [i["segment_number"] for i in data["issues"]] == list(range(1, 251))


def test_refresh_reruns_every_check(cli, app, sample_doc):
    with app.app_context():
        s = app.extensions["db_session"]()
        s.query(QAIssue).delete()
        s.commit()
    assert cli("qa", str(sample_doc)).exit_code == 0  # nothing stored: nothing to report
    result = cli("qa", str(sample_doc), "--refresh", "--json")
    assert result.exit_code == 1 and json.loads(result.output)["summary"]["errors"] == 250
    assert cli("qa", str(sample_doc)).exit_code == 1  # the refreshed issues were stored


def test_unknown_document(cli):
    result = cli("qa", "999")
    assert result.exit_code == 1 and result.output.strip().splitlines() == [
        "Error: there is no document 999"
    ]


def test_report_year_is_read_on_import_and_settable(cli, app, sample_doc):
    """The demo report (delivered December 2024) plans 2025: 一年来 is 2024, not 2023."""
    from workbench.models import Document
    from workbench.services.segments import save_target

    with app.app_context():
        s = app.extensions["db_session"]()
        assert s.get(Document, sample_doc).report_year == 2025
        seg = s.scalars(
            select(Segment).where(
                Segment.document_id == sample_doc, Segment.source.startswith("一年来")
            )
        ).first()
        save_target(
            s,
            seg,
            target="In 2023, we made targeted efforts and raised our overall strength.",
            status="translated",
            user=None,
            base_version=seg.version,
        )
        s.commit()
        seg_id = seg.id

    def number_issues() -> list[str]:
        with app.app_context():
            s = app.extensions["db_session"]()
            return [
                i.message
                for i in s.scalars(
                    select(QAIssue).where(
                        QAIssue.segment_id == seg_id, QAIssue.check_code == "numbers"
                    )
                )
            ]

    assert number_issues() == ["English “2023” = 2023 has no counterpart in the Chinese"]
    assert cli("qa", str(sample_doc), "--year", "2024").exit_code == 1
    assert number_issues() == []  # in a report for 2024, 一年来 is 2023
    with app.app_context():
        assert app.extensions["db_session"]().get(Document, sample_doc).report_year == 2024
    result = cli("qa", str(sample_doc), "--year", "24")
    assert result.exit_code == 2 and "1900" in result.output
