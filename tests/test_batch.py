"""Batch status and find and replace over HTTP: previews, permissions, apply, one-step undo."""

from __future__ import annotations

import re

import pytest
from conftest import Browser
from sqlalchemy import select

from workbench.models import BatchOperation, Revision, Segment


def state(app, doc_id: int) -> dict[int, tuple[str, str, int]]:
    with app.app_context():
        s = app.extensions["db_session"]()
        return {
            seg.id: (seg.target, seg.status, seg.version)
            for seg in s.scalars(
                select(Segment).where(Segment.document_id == doc_id, Segment.active)
            )
        }


def ids(app, doc_id: int) -> list[int]:
    return sorted(state(app, doc_id))


def save(browser, seg_id: int, target: str, version: int, action: str = "confirm"):
    resp = browser.post(
        f"/segments/{seg_id}", {"target": target, "base_version": version, "action": action}
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)


def plan_of(html: str) -> str:
    return re.search(r'name="plan" value="([0-9a-f]+)"', html).group(1)


@pytest.fixture
def translated(app, alice, sample_doc) -> list[int]:
    """Five segments with English: three mention "Economy", two "growth"."""
    segs = ids(app, sample_doc)[10:15]
    texts = [
        "The Economy grew.",
        "economy and growth.",
        "The ECONOMY is stable.",
        "Steady growth.",
        "Nothing here.",
    ]
    for seg_id, text in zip(segs, texts, strict=True):
        save(alice, seg_id, text, 1, action="save")  # draft
    return segs


def test_status_preview_lists_every_change_and_applies_exactly_it(
    app, alice, sample_doc, translated
):
    url = f"/documents/{sample_doc}/batch/status"
    preview = alice.get(f"{url}?to_status=translated&q=economy", htmx=True)
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "3 segments</strong> will change" in html
    assert html.count("<tr data-segment=") == 3 and "Draft → Translated" in html
    before = state(app, sample_doc)
    assert before == state(app, sample_doc)  # a preview writes nothing
    done = alice.post(url, {"to_status": "translated", "q": "economy", "plan": plan_of(html)})
    assert done.status_code == 200 and "3 segments" in done.get_data(as_text=True)
    after = state(app, sample_doc)
    changed = [i for i in after if after[i] != before[i]]
    assert sorted(changed) == translated[:3]
    assert all(after[i][1] == "translated" for i in changed)
    with app.app_context():
        s = app.extensions["db_session"]()
        notes = s.scalars(select(Revision.note).where(Revision.segment_id == translated[0])).all()
        assert any(n.startswith("batch ") for n in notes)


def test_status_batch_skips_empty_english_and_refuses_what_the_role_may_not(
    app, alice, sample_doc, translated
):
    url = f"/documents/{sample_doc}/batch/status"
    html = alice.get(f"{url}?to_status=reviewed", htmx=True).get_data(as_text=True)
    assert "5 segments</strong> will change" in html and "245 skipped" in html
    assert "no English yet" in html
    refused = alice.get(f"{url}?to_status=approved", htmx=True)
    assert refused.status_code == 403 and "may approve segments" in refused.get_data(as_text=True)
    refused = alice.post(url, {"to_status": "approved", "plan": "x"})
    assert refused.status_code == 403
    bad = alice.get(f"{url}?to_status=new", htmx=True)
    assert bad.status_code == 422 and "a batch can set one of" in bad.get_data(as_text=True)
    editor = Browser(app, "erin", "editor")
    html = editor.get(f"{url}?to_status=approved&q=growth", htmx=True).get_data(as_text=True)
    assert "2 segments</strong> will change" in html


def test_an_out_of_date_preview_is_refused(app, alice, bob, sample_doc, translated):
    url = f"/documents/{sample_doc}/batch/status"
    html = alice.get(f"{url}?to_status=translated&q=economy", htmx=True).get_data(as_text=True)
    save(bob, translated[0], "The economy grew a lot.", 2, action="save")
    resp = alice.post(url, {"to_status": "translated", "q": "economy", "plan": plan_of(html)})
    assert resp.status_code == 409 and "changed since the preview" in resp.get_data(as_text=True)
    assert state(app, sample_doc)[translated[1]][1] == "draft"


def test_find_and_replace_preview_apply_and_one_step_undo(app, alice, bob, sample_doc, translated):
    url = f"/documents/{sample_doc}/batch/replace"
    before = state(app, sample_doc)
    # plain text, case-insensitive by default: all three spellings, each change shown
    html = alice.get(f"{url}?find=economy&replace=economy", htmx=True).get_data(as_text=True)
    assert "2 segments</strong> will change" in html  # "economy and growth." already says it
    assert "<del>Economy</del><ins>economy</ins>" in html and "<del>ECONOMY</del>" in html
    # match case: only the exact spelling
    html = alice.get(f"{url}?find=Economy&replace=economy&case=1", htmx=True).get_data(as_text=True)
    assert "1 segment</strong> will change" in html
    # a regular expression with a group
    spec = {"find": r"(\w+) growth", "replace": r"\1 development", "regex": "1"}
    html = alice.get(url, htmx=True, query_string=spec).get_data(as_text=True)
    assert "2 segments</strong> will change" in html
    done = alice.post(
        url,
        {**spec, "plan": plan_of(html)},
    )
    assert done.status_code == 200
    after = state(app, sample_doc)
    assert after[translated[1]][0] == "economy and development."
    assert after[translated[3]][0] == "Steady development."
    assert after[translated[3]][1] == "draft"
    with app.app_context():
        op = app.extensions["db_session"]().scalars(select(BatchOperation)).one()
        op_id, changes = op.id, op.changes
    assert {c["segment"] for c in changes} == {translated[1], translated[3]}
    # someone edits one of them afterwards: the undo keeps that newer work
    save(bob, translated[3], "Steady, strong development.", after[translated[3]][2], "save")
    undone = alice.post(f"/batch/{op_id}/undo")
    text = undone.get_data(as_text=True)
    assert undone.status_code == 200 and "1 segment put back" in text and "1 changed since" in text
    final = state(app, sample_doc)
    assert final[translated[1]][:2] == before[translated[1]][:2]
    assert final[translated[3]][0] == "Steady, strong development."
    assert alice.post(f"/batch/{op_id}/undo").status_code == 422  # already undone


def test_replace_refuses_bad_input_with_a_reason(app, alice, sample_doc, translated):
    url = f"/documents/{sample_doc}/batch/replace"
    for query, message in [
        ("find=&replace=x", "enter the text to find"),
        ("find=(&replace=x&regex=1", "not valid"),
        ("find=(a%2B)%2B$&replace=x&regex=1", None),  # harmless here: the text is short
        ("find=growth&replace=\\9&regex=1", "replacement is not valid"),
    ]:
        resp = alice.get(f"{url}?{query}", htmx=True)
        if message:
            assert resp.status_code == 422, query
            assert message in resp.get_data(as_text=True)
        else:
            assert resp.status_code == 200
    # replacing the whole English of a translated segment by nothing is not offered
    save(alice, translated[4], "Nothing here.", 2, action="confirm")
    html = alice.get(f"{url}?find=Nothing here.&replace=", htmx=True).get_data(as_text=True)
    assert "0 segments</strong> will change" in html and "the English would be empty" in html


def test_undoing_a_batch_that_puts_back_approvals_needs_an_editor(
    app, alice, sample_doc, translated
):
    editor = Browser(app, "erin", "editor")
    url = f"/documents/{sample_doc}/batch/status"
    html = editor.get(f"{url}?to_status=approved&q=growth", htmx=True).get_data(as_text=True)
    assert (
        editor.post(
            url, {"to_status": "approved", "q": "growth", "plan": plan_of(html)}
        ).status_code
        == 200
    )
    html = alice.get(f"{url}?to_status=needs-work&q=growth", htmx=True).get_data(as_text=True)
    assert "Approved → Needs work" in html
    done = alice.post(url, {"to_status": "needs-work", "q": "growth", "plan": plan_of(html)})
    op_id = re.search(r'data-op="(\d+)"', done.get_data(as_text=True)).group(1)
    # putting "approved" back is approving: the reviewer is refused, the editor may
    refused = alice.post(f"/batch/{op_id}/undo")
    assert refused.status_code == 403 and "approve segments" in refused.get_data(as_text=True)
    assert editor.post(f"/batch/{op_id}/undo").status_code == 200
    assert state(app, sample_doc)[translated[1]][1] == "approved"
