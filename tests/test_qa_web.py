"""The QA summary page, ignoring an issue with a reason over HTTP, and the ?check= filter."""

from __future__ import annotations

import re

from conftest import Browser
from sqlalchemy import select

from workbench.models import QAIssue, Segment

ROW = re.compile(r'<article class="seg[^"]*"\s+id="seg-(\d+)"')


def segment(app, doc_id: int, index: int) -> Segment:
    with app.app_context():
        s = app.extensions["db_session"]()
        return s.scalars(
            select(Segment).where(Segment.document_id == doc_id).order_by(Segment.id)
        ).all()[index]


def issues_of(app, segment_id: int) -> list[QAIssue]:
    with app.app_context():
        s = app.extensions["db_session"]()
        return list(s.scalars(select(QAIssue).where(QAIssue.segment_id == segment_id)))


def save(browser, seg: Segment, target: str, status: str = "translated"):
    resp = browser.post(
        f"/segments/{seg.id}",
        # accept_errors: approving over open QA errors otherwise asks first (a 422 question)
        {
            "target": target,
            "status": status,
            "base_version": seg.version,
            "action": "save",
            "accept_errors": "1",
        },
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp


def test_summary_counts_per_check_with_links(app, alice, sample_doc):
    save(alice, segment(app, sample_doc, 3), "Fellow  deputies:")  # a double space: a warning
    resp = alice.get(f"/documents/{sample_doc}/qa")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "249 open errors, 1 open warning, 0 ignored." in page
    empty = page[page.index('id="check-empty"') :].split("</tr>")[0]
    assert f'href="/documents/{sample_doc}?check=empty"' in empty and ">249<" in empty
    double = page[page.index('id="check-double_space"') :].split("</tr>")[0]
    assert (
        f'href="/documents/{sample_doc}?check=double_space"' in double and "Double space" in double
    )
    assert "The English contains two or more spaces in a row." in double
    assert "The English edition is held back" in page


def test_summary_needs_login_and_a_document(app, alice, sample_doc):
    assert app.test_client().get(f"/documents/{sample_doc}/qa").status_code == 302
    assert alice.get("/documents/999/qa").status_code == 404


def test_check_filter_shows_only_rows_with_that_issue(app, alice, sample_doc):
    target = segment(app, sample_doc, 3)
    save(alice, target, "Fellow  deputies:")
    page = alice.get(f"/documents/{sample_doc}?check=double_space").get_data(as_text=True)
    assert ROW.findall(page) == [str(target.id)]
    assert "1 matching segments" in page
    page = alice.get(f"/documents/{sample_doc}?check=empty").get_data(as_text=True)
    assert str(target.id) not in ROW.findall(page) and len(ROW.findall(page)) > 0


def test_ignore_with_reason_over_http(app, bob, sample_doc):
    alice = Browser(app, "alice", "editor")  # ignoring an error lifts the gate: an editor's call
    seg = segment(app, sample_doc, 2)
    (issue,) = issues_of(app, seg.id)
    empty = alice.post(f"/qa-issues/{issue.id}/ignore", {"reason": "   "})
    assert empty.status_code == 422 and "say why" in empty.get_data(as_text=True)
    assert not issues_of(app, seg.id)[0].ignored
    resp = alice.post(
        f"/qa-issues/{issue.id}/ignore", {"reason": "the speaker's name stays untranslated here"}
    )
    assert resp.status_code == 200
    assert f'id="ignore-{issue.id}"' not in resp.get_data(
        as_text=True
    )  # the badge is gone from the row
    history = bob.get(f"/segments/{seg.id}/history", htmx=True).get_data(as_text=True)
    assert "Ignored QA issues" in history and "ignored by alice" in history
    assert "the speaker&#39;s name stays untranslated here" in history
    page = bob.get(f"/documents/{sample_doc}/qa").get_data(as_text=True)
    assert "249 open errors, 0 open warnings, 1 ignored." in page
    ignored_row = page[page.index(f'id="ignored-{issue.id}"') :].split("</tr>")[0]
    assert (
        "alice" in ignored_row and "the speaker&#39;s name stays untranslated here" in ignored_row
    )
    assert "Not translated" in ignored_row and ">3</a>" in ignored_row  # segment number 3
    empty_row = page[page.index('id="check-empty"') :].split("</tr>")[0]
    assert '<td class="num">1</td>' in empty_row  # the ignored count per check


def test_ignore_needs_csrf(app, alice, sample_doc):
    (issue,) = issues_of(app, segment(app, sample_doc, 2).id)
    resp = alice.client.post(f"/qa-issues/{issue.id}/ignore", data={"reason": "x"})
    assert resp.status_code == 400 and not issues_of(app, issue.segment_id)[0].ignored


def test_refresh_reruns_checks(app, alice, sample_doc):
    with app.app_context():
        s = app.extensions["db_session"]()
        s.query(QAIssue).delete()
        s.commit()
    assert "0 open errors" in alice.get(f"/documents/{sample_doc}/qa").get_data(as_text=True)
    resp = alice.post(f"/documents/{sample_doc}/qa/refresh", {}, htmx=False)
    assert resp.status_code == 303 and resp.headers["Location"].endswith(
        f"/documents/{sample_doc}/qa"
    )
    assert "250 open errors" in alice.get(f"/documents/{sample_doc}/qa").get_data(as_text=True)
    assert (
        alice.client.post(f"/documents/{sample_doc}/qa/refresh").status_code == 400
    )  # no CSRF token


def test_report_year_is_shown_and_set_on_the_qa_page(app, alice, sample_doc):
    page = alice.get(f"/documents/{sample_doc}/qa").get_data(as_text=True)
    assert 'name="year"' in page and 'value="2025"' in page  # read from the dateline
    resp = alice.post(f"/documents/{sample_doc}/qa/year", {"year": "2024"}, htmx=False)
    assert resp.status_code == 303
    assert 'value="2024"' in alice.get(f"/documents/{sample_doc}/qa").get_data(as_text=True)
    bad = alice.post(f"/documents/{sample_doc}/qa/year", {"year": "24x"}, htmx=False)
    assert bad.status_code == 422 and "four digits" in bad.get_data(as_text=True)
    assert (
        alice.client.post(f"/documents/{sample_doc}/qa/year", data={"year": "2023"}).status_code
        == 400
    )
    alice.post(f"/documents/{sample_doc}/qa/year", {"year": ""}, htmx=False)
    from workbench.models import Document

    with app.app_context():
        assert app.extensions["db_session"]().get(Document, sample_doc).report_year is None


def test_spelling_accepts_words_of_approved_segments_used_twice(app, sample_doc):
    """The memory: a word two approved segments use (a place name) is not flagged again."""
    bob = Browser(app, "erin", "editor")  # approving takes an editor
    segs = [segment(app, sample_doc, i) for i in (5, 6, 7)]
    for seg in segs[:1]:
        save(bob, seg, "The Grantlandish county grew.", status="approved")
    # Approved once, a word may be that segment's own typo: still flagged.
    assert any(i.check_code == "spelling" for i in issues_of(app, segs[0].id))
    save(bob, segs[1], "Grantlandish farms grew.", status="approved")
    save(bob, segs[2], "Grantlandish tourism grew.")
    assert not any(i.check_code == "spelling" for i in issues_of(app, segs[2].id))
