"""The glossary through the HTTP layer: tagging, highlights, filters, QA, candidates, import."""

from __future__ import annotations

import re

import pytest
from conftest import Browser
from sqlalchemy import select

from workbench.models import DismissedCandidate, QAIssue, Segment, Term, TermRevision


@pytest.fixture
def alice(app) -> Browser:
    """Approving and importing terms is an editor's work (the permission table), so these
    glossary tests act as an editor; tests/test_permissions.py checks what a reviewer may not."""
    return Browser(app, "alice", "editor")


def tag(client, seg_id: int, source: str, **fields):
    data = {
        "segment": seg_id,
        "source": source,
        "target": "",
        "alternatives": "",
        "forbidden": "",
        "note": "",
        "category": "other",
        "reference": "",
        "term_status": "approved",
    }
    data.update(fields)
    return client.post("/glossary/tag", data)


def segment_with(session, text: str, document_id: int | None = None) -> Segment:
    stmt = (
        select(Segment)
        .where(Segment.active, Segment.source_simplified.contains(text))
        .order_by(Segment.id)
    )
    if document_id is not None:
        stmt = stmt.where(Segment.document_id == document_id)
    return session.scalars(stmt).first()


def import_doc(app, text: str, title: str) -> int:
    from workbench.formats.source import read_source
    from workbench.services.documents import import_document

    with app.app_context():
        s = app.extensions["db_session"]()
        doc = import_document(s, read_source(f"{title}.txt", text.encode()), user=None, title=title)
        s.commit()
        return doc.id


def marks(html: str, term_id: int) -> int:
    return len(re.findall(rf'<mark class="term[^"]*" tabindex="0" data-term="{term_id}"', html))


def term_by_key(session, key: str) -> Term:
    session.expire_all()
    return session.scalars(select(Term).where(Term.source_key == key)).one()


def test_tag_form_is_prefilled_and_shows_existing_entry(alice, session, sample_doc):
    seg = segment_with(session, "林长制")
    resp = alice.get(f"/glossary/tag-form?segment={seg.id}&text=林长制", htmx=True)
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert 'value="林长制"' in page and "Tag a new glossary term" in page
    assert 'value="system" selected' in page  # the X长制 family suggests its category
    tag(alice, seg.id, "林长制", target="forest chief system")
    again = alice.get(f"/glossary/tag-form?segment={seg.id}&text=林長制", htmx=True).get_data(
        as_text=True
    )
    assert "Edit glossary term 林长制" in again and 'value="forest chief system"' in again


def test_tag_through_http_highlights_everywhere(app, alice, session, sample_doc):
    seg = segment_with(session, "林长制")
    resp = tag(
        alice,
        seg.id,
        "林长制",
        target="forest chief system",
        note="森林资源保护责任制",
        category="system",
    )
    assert resp.status_code == 200
    row = resp.get_data(as_text=True)
    term = term_by_key(session, "林长制")
    assert (
        f'id="seg-{seg.id}"' in row and marks(row, term.id) == 1
    )  # the row re-rendered with the mark
    assert 'data-tip="forest chief system — 森林资源保护责任制"' in row
    assert [r.action for r in term.history] == ["create"]
    assert term.history[0].user_id == alice.user_id
    # every occurrence in the document (林长制 occurs twice, far apart: filter past lazy loading) ...
    page = alice.get(f"/documents/{sample_doc}?q=林长制").get_data(as_text=True)
    assert marks(page, term.id) == 2
    # ... and in another document, even written in Traditional characters
    other = import_doc(app, "全面推行林長制，加強森林保護。\n", "Traditional")
    page = alice.get(f"/documents/{other}").get_data(as_text=True)
    assert marks(page, term.id) == 1 and ">林長制</mark>" in page


def test_tag_twice_edits_instead_of_duplicating(alice, session, sample_doc):
    seg = segment_with(session, "三重一大")
    tag(alice, seg.id, "三重一大", target="three importants and one large")
    resp = tag(
        alice,
        seg.id,
        " 三重一大 ",
        target="Three Majors and One Large",
        alternatives="three-major-one-large",
    )
    assert resp.status_code == 200
    terms = session.scalars(select(Term).where(Term.source_key == "三重一大")).all()
    assert len(terms) == 1
    assert terms[0].target == "Three Majors and One Large"
    assert terms[0].alternatives == ["three-major-one-large"]
    assert [r.action for r in terms[0].history] == ["create", "update"]


def test_invalid_tag_answers_422_with_the_form(alice, session, sample_doc):
    seg = segment_with(session, "三保")
    resp = tag(alice, seg.id, "三保", target="three guarantees", alternatives="a | b")
    assert resp.status_code == 422
    assert resp.headers["HX-Retarget"] == f"#panel-{seg.id}"
    assert "contains &#39;|&#39;" in resp.get_data(as_text=True)
    assert tag(alice, seg.id, "", target="x").status_code == 422
    assert tag(alice, seg.id, "三" * 101).status_code == 422
    assert tag(alice, seg.id, "三保", category="nonsense").status_code == 422
    assert session.scalars(select(Term)).all() == []


def test_changes_need_login_and_csrf(app, alice, session, sample_doc):
    seg = segment_with(session, "三保")
    anonymous = app.test_client()
    assert anonymous.get("/glossary").status_code == 302
    no_token = alice.client.post(
        "/glossary/tag", data={"segment": seg.id, "source": "三保"}, headers={"HX-Request": "true"}
    )
    assert no_token.status_code == 400
    assert session.scalars(select(Term)).all() == []


def test_term_filter_is_exact_longest_match(alice, session, sample_doc):
    inner = segment_with(session, "两不愁三保障")
    tag(alice, inner.id, "三保", target="three guarantees")
    tag(alice, inner.id, "两不愁三保障", target="two assurances and three guarantees")
    sanbao, long = term_by_key(session, "三保"), term_by_key(session, "两不愁三保障")
    page = alice.get(f"/documents/{sample_doc}?term={sanbao.id}").get_data(as_text=True)
    shown = set(re.findall(r'data-segment="(\d+)"', page))
    assert str(inner.id) not in shown and len(shown) == 1
    page = alice.get(f"/documents/{sample_doc}?term={long.id}").get_data(as_text=True)
    assert set(re.findall(r'data-segment="(\d+)"', page)) == {str(inner.id)}


def test_glossary_page_search_filter_and_occurrence_links(alice, session, sample_doc):
    seg = segment_with(session, "林长制")
    tag(alice, seg.id, "林长制", target="forest chief system", category="system")
    tag(
        alice,
        seg.id,
        "三保",
        target="three guarantees",
        term_status="proposed",
        category="numbered-abbreviation",
    )
    term = term_by_key(session, "林长制")
    page = alice.get("/glossary").get_data(as_text=True)
    assert "forest chief system" in page and "three guarantees" in page
    assert f"/documents/{sample_doc}?term={term.id}" in page
    assert "<summary>2</summary>" in page  # 林长制 occurs twice
    row = alice.get(f"/glossary/{term.id}/row", htmx=True).get_data(as_text=True)
    assert "<summary>2</summary>" in row  # a single row counts its term the same way
    for query in ("q=林長制", "q=forest", "status=approved", "category=system"):
        found = alice.get(f"/glossary?{query}").get_data(as_text=True)
        assert "forest chief system" in found and "three guarantees" not in found, query
    fragment = alice.get("/glossary?q=three", htmx=True).get_data(as_text=True)
    assert fragment.startswith('<div id="glossary-table">') and "three guarantees" in fragment


def test_edit_in_place_delete_and_history(alice, session, sample_doc):
    seg = segment_with(session, "林长制")
    tag(alice, seg.id, "林长制", target="forest chief system")
    term = term_by_key(session, "林长制")
    form = alice.get(f"/glossary/{term.id}/edit", htmx=True).get_data(as_text=True)
    assert f'hx-post="/glossary/{term.id}"' in form
    resp = alice.post(
        f"/glossary/{term.id}",
        {
            "source": "林长制",
            "target": "Forest Chief System",
            "term_status": "approved",
            "category": "system",
        },
    )
    assert resp.status_code == 200 and "Forest Chief System" in resp.get_data(as_text=True)
    assert (
        alice.post(f"/glossary/{term.id}", {"source": "林长制", "term_status": "bogus"}).status_code
        == 422
    )
    assert alice.post(f"/glossary/{term.id}/delete").status_code == 200
    term = term_by_key(session, "林长制")
    assert term.deleted
    assert "Forest Chief System" not in alice.get("/glossary").get_data(as_text=True)
    page = alice.get(f"/documents/{sample_doc}").get_data(as_text=True)
    assert marks(page, term.id) == 0
    history = alice.get(f"/glossary/{term.id}/history").get_data(as_text=True)
    assert [a for a in re.findall(r"<strong>(\w+)</strong> by alice", history)] == [
        "delete",
        "update",
        "create",
    ]
    assert "deleted" in history
    # tagging it again revives the same entry
    tag(alice, seg.id, "林长制", target="forest chief system")
    assert session.scalars(select(Term).where(Term.source_key == "林长制")).one().id == term.id
    assert [r.action for r in term_by_key(session, "林长制").history][-1] == "restore"


def test_renderings_in_use(alice, session, sample_doc):
    from workbench.services.segments import save_target

    segs = session.scalars(
        select(Segment).where(Segment.source_simplified.contains("林长制"))
    ).all()
    assert len(segs) == 2
    save_target(
        session,
        segs[0],
        target="We applied the forest chief system.",
        status="translated",
        user=None,
        base_version=None,
    )
    save_target(
        session,
        segs[1],
        target="The forest chief scheme was improved.",
        status="translated",
        user=None,
        base_version=None,
    )
    session.commit()
    tag(alice, segs[0].id, "林长制", target="forest chief system", forbidden="forest chief scheme")
    page = alice.get("/glossary/renderings").get_data(as_text=True)
    assert 'class="use-approved"' in page and 'class="use-forbidden"' in page
    assert "2 distinct" in page
    assert f"#seg-{segs[1].id}" in page


def test_term_check_badges_and_filter(alice, session, sample_doc):
    from workbench.services.segments import save_target

    seg = segment_with(session, "林长制")
    save_target(
        session,
        seg,
        target="The forest chief scheme was fully implemented.",
        status="translated",
        user=None,
        base_version=None,
    )
    session.commit()
    assert not session.scalars(select(QAIssue).where(QAIssue.check_code == "terms")).all()
    # the glossary change alone re-runs QA on the affected segment: the term is missing
    tag(alice, seg.id, "林长制", target="forest chief system")
    issues = session.scalars(select(QAIssue).where(QAIssue.check_code == "terms")).all()
    assert {i.segment_id for i in issues} == {seg.id}
    row = alice.get(f"/documents/{sample_doc}?check=terms").get_data(as_text=True)
    assert set(re.findall(r'data-segment="(\d+)"', row)) == {str(seg.id)}
    # readable badges: the check's name and its message, not the code
    assert '<summary class="badge sev-warning"><span class="check-name">Glossary terms</span>' in row
    # an accepted alternative clears it; a forbidden rendering raises it again
    term = term_by_key(session, "林长制")
    alice.post(
        f"/glossary/{term.id}",
        {
            "source": "林长制",
            "target": "forest chief system",
            "alternatives": "forest chief scheme",
            "term_status": "approved",
        },
    )
    session.expire_all()
    assert not session.scalars(select(QAIssue).where(QAIssue.check_code == "terms")).all()
    alice.post(
        f"/glossary/{term.id}",
        {
            "source": "林长制",
            "target": "forest chief system",
            "forbidden": "forest chief scheme",
            "term_status": "approved",
        },
    )
    session.expire_all()
    messages = [
        i.message for i in session.scalars(select(QAIssue).where(QAIssue.check_code == "terms"))
    ]
    assert any("forbidden" in m for m in messages)
    # deleting the term clears its issues
    alice.post(f"/glossary/{term.id}/delete")
    session.expire_all()
    assert not session.scalars(select(QAIssue).where(QAIssue.check_code == "terms")).all()


def test_candidates_accept_and_dismiss_are_remembered(alice, session, sample_doc):
    page = alice.get(f"/documents/{sample_doc}/candidates").get_data(as_text=True)
    assert "三重一大" in page and "林长制" in page
    resp = alice.post(
        f"/documents/{sample_doc}/candidates/accept", {"text": "林长制", "kind": "chief-system"}
    )
    assert resp.status_code == 200 and "Accepted" in resp.get_data(as_text=True)
    term = term_by_key(session, "林长制")
    assert (term.status, term.category) == ("proposed", "system")
    assert [r.action for r in term.history] == ["accept"]
    resp = alice.post(f"/documents/{sample_doc}/candidates/dismiss", {"text": "三重一大"})
    assert resp.status_code == 200
    assert session.scalars(select(DismissedCandidate.text_key)).all() == ["三重一大"]
    page = alice.get(f"/documents/{sample_doc}/candidates").get_data(as_text=True)
    assert "林长制" not in page and "三重一大" not in page
    # candidate marks in the text: none for dismissed or known ones
    review = alice.get(f"/documents/{sample_doc}").get_data(as_text=True)
    assert 'data-candidate="三重一大"' not in review and 'data-candidate="林长制"' not in review
    assert 'class="cand cand-' in review


def test_import_report_and_refused_upload(alice, session, sample_doc):
    import io

    seg = segment_with(session, "林长制")
    tag(alice, seg.id, "林长制", target="forest chief system")
    tag(alice, seg.id, "三保", target="three guarantees", term_status="proposed")
    tag(alice, seg.id, "河长制", target="river chief system")
    csv_data = (
        (
            "source,target,status,category\r\n"
            "林長制,forest-chief system,approved,system\r\n"  # approved rendering would change: conflict
            "三保,three guarantees,approved,numbered-abbreviation\r\n"  # proposed -> approved: update
            "清河行动,Clear River Campaign,approved,campaign\r\n"  # new
            "河长制,river chief system,approved,other\r\n"  # unchanged
        ).encode("utf-8-sig")
    )
    resp = alice.post(
        "/glossary/import",
        {"file": (io.BytesIO(csv_data), "terms.csv")},
        htmx=False,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "1 added, 1 updated, 1 unchanged, 1 in conflict" in page
    assert "approved rendering &#39;forest chief system&#39; would be replaced" in page
    assert term_by_key(session, "林长制").target == "forest chief system"
    assert term_by_key(session, "三保").status == "approved"
    assert term_by_key(session, "清河行动").history[0].action == "import"
    before = session.scalar(select(TermRevision.id).order_by(TermRevision.id.desc()))
    bad = "source,target,status\r\n新词,new word,approved\r\n坏词,bad,final\r\n".encode()
    resp = alice.post(
        "/glossary/import",
        {"file": (io.BytesIO(bad), "bad.csv")},
        htmx=False,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert "CSV row 3: unknown status &#39;final&#39;" in page and "Nothing was imported" in page
    session.expire_all()
    assert session.scalars(select(Term).where(Term.source_key == "新词")).first() is None
    assert session.scalar(select(TermRevision.id).order_by(TermRevision.id.desc())) == before


@pytest.mark.parametrize(
    "fmt, start", [("tbx", b"<?xml"), ("csv", b"\xef\xbb\xbfsource"), ("json", b"{")]
)
def test_export_downloads(alice, session, sample_doc, fmt, start):
    seg = segment_with(session, "林长制")
    tag(alice, seg.id, "林长制", target="forest chief system")
    resp = alice.get(f"/glossary/export.{fmt}")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == f'attachment; filename="glossary.{fmt}"'
    assert resp.data.startswith(start) and "林长制".encode() in resp.data


def test_tag_form_sets_whether_a_term_applies_inside_longer_expressions(alice, session, app):
    """三保 is not highlighted inside “两不愁三保障” unless the reviewer ticks the box."""
    doc = import_doc(app, "巩固“两不愁三保障”成果，兜牢“三保”底线。\n", "nested")
    seg = segment_with(session, "三保", doc)
    form = alice.get(f"/glossary/tag-form?segment={seg.id}&text=三保", htmx=True)
    assert 'name="applies_nested"' in form.get_data(as_text=True)
    row = tag(alice, seg.id, "三保", target="three guarantees").get_data(as_text=True)
    term = term_by_key(session, "三保")
    assert not term.applies_nested and marks(row, term.id) == 1
    row = tag(alice, seg.id, "三保", target="three guarantees", applies_nested="1")
    term = term_by_key(session, "三保")
    assert term.applies_nested and marks(row.get_data(as_text=True), term.id) == 2
