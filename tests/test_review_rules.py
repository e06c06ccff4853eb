"""What the save refuses or asks (empty confirm, approval by editors, approving with open QA
errors), merge statuses, live counts, and a lost session over HTTP.

No `session` fixture here: it keeps one app context (and so one flask-login user in `g`)
across the requests of two different browsers.
"""

from __future__ import annotations

import re

import pytest
from conftest import Browser
from sqlalchemy import select

from workbench.models import Segment
from workbench.services import segments as svc


def seg_at(app, doc_id: int, index: int) -> Segment:
    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.scalars(
            select(Segment)
            .where(Segment.document_id == doc_id, Segment.active)
            .order_by(Segment.id)
        ).all()[index]
        s.expunge(seg)
        return seg


def fresh(app, segment_id: int) -> Segment:
    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.get(Segment, segment_id)
        s.expunge(seg)
        return seg


@pytest.fixture
def erin(app) -> Browser:
    return Browser(app, "erin", "editor")


def test_approval_is_for_editors_and_asks_about_open_errors(app, alice, erin, sample_doc):
    seg = seg_at(app, sample_doc, 6)  # 2024年是实施“十四五”规划承上启下的关键之年。
    alice.post(f"/segments/{seg.id}", {"target": "A.", "base_version": 1, "action": "confirm"})
    refused = alice.post(
        f"/segments/{seg.id}", {"target": "A.", "base_version": 2, "action": "approve"}
    )
    assert refused.status_code == 403
    html = refused.get_data(as_text=True)
    assert "may approve segments" in html and f'id="seg-{seg.id}"' in html
    assert fresh(app, seg.id).status == "translated"
    # open QA errors (2024 is missing from the English): approving asks first, on the row
    asked = erin.post(
        f"/segments/{seg.id}", {"target": "A.", "base_version": 2, "action": "approve"}
    )
    html = asked.get_data(as_text=True)
    assert asked.status_code == 422 and "Approve anyway?" in html and "Numbers" in html
    assert 'name="accept_errors" value="1"' in html
    assert fresh(app, seg.id).status == "translated"
    ok = erin.post(
        f"/segments/{seg.id}",
        {"target": "A.", "base_version": 2, "action": "approve", "accept_errors": "1"},
    )
    assert ok.status_code == 200 and fresh(app, seg.id).status == "approved"
    # English without errors is approved at once
    clean = seg_at(app, sample_doc, 3)  # 各位代表：
    ok = erin.post(
        f"/segments/{clean.id}",
        {"target": "Fellow deputies:", "base_version": 1, "action": "approve"},
    )
    assert ok.status_code == 200 and fresh(app, clean.id).status == "approved"


def test_confirming_an_empty_editor_is_refused(app, alice, sample_doc):
    seg = seg_at(app, sample_doc, 8)
    resp = alice.post(
        f"/segments/{seg.id}", {"target": "  ", "base_version": 1, "action": "confirm"}
    )
    assert resp.status_code == 422
    assert "the English is empty" in resp.get_data(as_text=True)
    after = fresh(app, seg.id)
    assert after.status == "new" and after.version == 1


def test_a_save_answers_with_live_counts_out_of_band(app, alice, sample_doc):
    seg = seg_at(app, sample_doc, 3)
    html = alice.post(
        f"/segments/{seg.id}",
        {"target": "Fellow deputies:", "base_version": 1, "action": "confirm"},
    ).get_data(as_text=True)
    oob = html[html.index('id="doc-progress"') :]
    assert 'hx-swap-oob="true"' in oob[:60] and "Translated 1" in oob
    qa = html[html.index('id="qa-counts"') :]
    assert "Not translated" in qa and ">249<" in qa  # one empty segment fewer than 250


def test_lost_session_answers_401_to_htmx_not_the_login_page(app, alice, sample_doc):
    seg = seg_at(app, sample_doc, 3)
    alice.client.delete_cookie("session")
    resp = alice.post(f"/segments/{seg.id}", {"target": "X", "base_version": 1})
    assert resp.status_code == 401 and "<form" not in resp.get_data(as_text=True)
    more = alice.get(f"/documents/{sample_doc}?after=3", htmx=True)
    assert more.status_code == 401 and "<form" not in more.get_data(as_text=True)
    # the page itself still goes to the login form
    assert alice.get(f"/documents/{sample_doc}").status_code == 302
    # the dialog asks for the bare form, and logging in there answers 204 with a new token
    form = alice.get("/login", htmx=True).get_data(as_text=True)
    assert "<html" not in form and 'hx-post="/login"' in form
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    done = alice.client.post(
        "/login",
        data={"username": "alice", "password": "correct horse battery", "csrf_token": token},
        headers={"HX-Request": "true"},
    )
    assert done.status_code == 204 and "workbench:loggedIn" in done.headers["HX-Trigger"]


@pytest.mark.parametrize(
    ("first", "second", "merged"),
    [
        ("translated", "new", "draft"),  # English where half had none: a draft, not "new"
        ("translated", "reviewed", "translated"),
        ("machine-translated", "machine-translated", "machine-translated"),
        ("reviewed", "machine-translated", "draft"),
    ],
)
def test_merge_keeps_the_right_status(app, sample_doc, first, second, merged):
    with app.app_context():
        s = app.extensions["db_session"]()
        a = s.scalars(
            select(Segment).where(Segment.document_id == sample_doc, Segment.start == 0).offset(6)
        ).first()
        b = svc.next_in_paragraph(s, a)
        a.target, a.status = "One.", first
        b.status = second
        b.target = "" if second == "new" else "Two."
        s.flush()
        svc.merge_with_next(s, a, user=None)
        assert a.status == merged
        s.rollback()


def test_merge_is_offered_only_inside_a_paragraph(app, alice, sample_doc):
    html = alice.get(f"/documents/{sample_doc}").get_data(as_text=True)
    rows = re.findall(r"<article class=\"seg.*?</article>", html, re.DOTALL)
    lone = seg_at(app, sample_doc, 3)  # 各位代表：, a paragraph of one sentence
    single = next(r for r in rows if f'id="seg-{lone.id}"' in r)
    assert "Merge with next" not in single
    assert sum("Merge with next" in r for r in rows) > 10


def test_a_comment_updates_the_rows_comment_count_out_of_band(app, alice, sample_doc):
    seg = seg_at(app, sample_doc, 5)
    html = alice.post(f"/segments/{seg.id}/comments", {"body": "Check the figure."}).get_data(
        as_text=True
    )
    assert f'<span id="ccount-{seg.id}" class="ccount" hx-swap-oob="true">1</span>' in html
    assert "Check the figure." in html


def test_the_history_panel_is_titled_with_the_row_number(app, alice, sample_doc):
    seg = seg_at(app, sample_doc, 5)
    html = alice.get(f"/segments/{seg.id}/history", htmx=True).get_data(as_text=True)
    assert "History of segment 6 " in html  # the sixth row, whatever its database id


def test_next_segment_that_needs_work(app, alice, sample_doc):
    first, second, third = (seg_at(app, sample_doc, i) for i in (3, 4, 5))
    alice.post(
        f"/segments/{second.id}", {"target": "Done.", "base_version": 1, "action": "confirm"}
    )
    found = alice.get(f"/documents/{sample_doc}/next?kind=unconfirmed&after={first.id}").get_json()
    assert found["segment"] == third.id and found["number"] == 6
    found = alice.get(f"/documents/{sample_doc}/next?kind=untranslated&after={first.id}").get_json()
    assert found["segment"] == third.id
    none = alice.get(f"/documents/{sample_doc}/next?kind=qa&after={first.id}").get_json()
    assert none["segment"] is None and "No further segment with a QA issue" in none["message"]
    assert alice.get(f"/documents/{sample_doc}/next?kind=bogus").status_code == 400
