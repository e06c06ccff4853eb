"""The permission table through HTTP: for every action, the lowest role allowed to take it is
let through, and the role below it is refused with 403 and a message naming what it needs.
(Reviewer-level actions: the role below is "not logged in", refused by the login redirect that
tests/test_auth.py covers.) The table itself is what docs/ARCHITECTURE.md shows."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Browser
from sqlalchemy import select

from workbench.core.permissions import REQUIRED_ROLE, ROLES, Action, allowed, markdown_table
from workbench.models import QAIssue, Segment, Term

ROOT = Path(__file__).resolve().parents[1]


def segment(app, doc_id: int, index: int) -> Segment:
    with app.app_context():
        return (
            app.extensions["db_session"]()
            .scalars(select(Segment).where(Segment.document_id == doc_id).order_by(Segment.id))
            .all()[index]
        )


def untouched(app, doc_id: int) -> Segment:
    """A segment nobody saved yet (each request of a test gets its own)."""
    with app.app_context():
        return (
            app.extensions["db_session"]()
            .scalars(
                select(Segment)
                .where(Segment.document_id == doc_id, Segment.version == 1, Segment.id > 3)
                .order_by(Segment.id)
            )
            .first()
        )


def an_issue(app, severity: str, doc_id: int, browser: Browser) -> int:
    if severity == "warning":  # a double space is a warning
        seg = segment(app, doc_id, 3)
        browser.post(
            f"/segments/{seg.id}", {"target": "Fellow  deputies:", "base_version": seg.version}
        )
    with app.app_context():
        return (
            app.extensions["db_session"]()
            .scalars(
                select(QAIssue.id).where(QAIssue.severity == severity, QAIssue.ignored.is_(False))
            )
            .first()
        )


def approved_term(app) -> int:
    with app.app_context():
        s = app.extensions["db_session"]()
        term = Term(
            source="林长制", source_key="林长制", target="forest chief system", status="approved"
        )
        s.add(term)
        s.commit()
        return term.id


TERM_FORM = {
    "source": "林长制",
    "target": "forest chief system",
    "alternatives": "",
    "forbidden": "",
    "note": "",
    "category": "system",
    "reference": "",
}


def tag(browser, app, doc_id, status):
    seg = segment(app, doc_id, 0)
    return browser.post("/glossary/tag", dict(TERM_FORM, segment=seg.id, term_status=status))


def upload(browser, url, data, name):
    return browser.post(
        url, {"file": (io.BytesIO(data), name)}, htmx=False, content_type="multipart/form-data"
    )


def xliff_of(browser, doc_id) -> bytes:
    return browser.get(f"/documents/{doc_id}/export?format=xliff").get_data()


# action -> request(browser, app, doc_id) returning the response; `ok` the allowed statuses
def first_heading(app, doc_id: int) -> int:
    from workbench.models import Paragraph

    with app.app_context():
        s = app.extensions["db_session"]()
        return s.scalars(
            select(Paragraph.id)
            .where(Paragraph.document_id == doc_id, Paragraph.kind == "heading")
            .order_by(Paragraph.position)
        ).first()


REQUESTS = {
    Action.EDIT_SEGMENT: lambda b, app, d: b.post(
        f"/segments/{untouched(app, d).id}", {"target": "Some English.", "base_version": 1}
    ),
    Action.COMMENT: lambda b, app, d: b.post(
        f"/segments/{segment(app, d, 1).id}/comments", {"body": "A note."}
    ),
    Action.SET_STATUS: lambda b, app, d: b.post(
        f"/segments/{untouched(app, d).id}",
        {"target": "Some English.", "status": "reviewed", "base_version": 1},
    ),
    Action.APPROVE_SEGMENT: lambda b, app, d: b.post(
        f"/segments/{untouched(app, d).id}",
        {"target": "Some English.", "base_version": 1, "action": "approve"},
    ),
    Action.IGNORE_WARNING: lambda b, app, d: b.post(
        f"/qa-issues/{an_issue(app, 'warning', d, b)}/ignore", {"reason": "checked"}
    ),
    Action.IGNORE_ERROR: lambda b, app, d: b.post(
        f"/qa-issues/{an_issue(app, 'error', d, b)}/ignore", {"reason": "checked"}
    ),
    Action.IMPORT_DOCUMENT: lambda b, app, d: upload(
        b, "/documents", "新的报告。".encode(), "n.txt"
    ),
    Action.REFRESH_QA: lambda b, app, d: b.post(f"/documents/{d}/qa/refresh", htmx=False),
    Action.PROPOSE_TERM: lambda b, app, d: tag(b, app, d, "proposed"),
    Action.APPROVE_TERM: lambda b, app, d: b.post(f"/glossary/{approved_term(app)}/delete"),
    Action.IMPORT_GLOSSARY: lambda b, app, d: upload(
        b, "/glossary/import", "source,target\n河长制,river chief system\n".encode(), "g.csv"
    ),
    Action.EXPORT: lambda b, app, d: b.get(f"/documents/{d}/export?format=tmx"),
    Action.FORCE_EDITION: lambda b, app, d: b.get(
        f"/documents/{d}/export?format=edition-html&force=1"
    ),
    Action.IMPORT_BILINGUAL: lambda b, app, d: upload(
        b, f"/documents/{d}/import-bilingual", xliff_of(b, d), "back.xlf"
    ),
    Action.PRETRANSLATE: lambda b, app, d: b.post(f"/documents/{d}/mt"),
    Action.ASSIGN_SECTIONS: lambda b, app, d: b.post(
        f"/documents/{d}/sections", {"paragraph": first_heading(app, d), "user": b.user_id}, htmx=False
    ),
    Action.MANAGE_MODELS: lambda b, app, d: b.post(
        "/mt/remove", {"from_code": "zh", "to_code": "en"}, htmx=False
    ),
    Action.MANAGE_USERS: lambda b, app, d: b.post(
        "/users",
        {"username": f"new-{b.user_id}", "role": "reviewer", "password": "long enough"},
        htmx=False,
    ),
}


def test_every_action_has_a_request():
    assert set(REQUESTS) == set(Action)


@pytest.mark.parametrize("action", list(REQUESTS), ids=lambda a: a.name.lower())
def test_lowest_role_allowed_and_the_one_below_refused(app, sample_doc, action):
    need = REQUIRED_ROLE[action]
    allowed_user = Browser(app, f"{need}1", need)
    resp = REQUESTS[action](allowed_user, app, sample_doc)
    assert resp.status_code in (200, 202, 303), (need, resp.get_data(as_text=True)[:300])
    rank = ROLES.index(need)
    if rank == 0:
        return
    below = ROLES[rank - 1]
    refused = REQUESTS[action](Browser(app, f"{below}2", below), app, sample_doc)
    body = refused.get_data(as_text=True)
    assert refused.status_code == 403, body[:300]
    assert f"may {action.value}" in body or "needs the editor or admin role" in body
    assert f"you are a {below}" in body


def test_a_reviewer_may_not_approve_a_term_by_tagging_or_editing(app, sample_doc):
    reviewer = Browser(app, "rev", "reviewer")
    assert tag(reviewer, app, sample_doc, "approved").status_code == 403
    term_id = approved_term(app)
    edit = reviewer.post(f"/glossary/{term_id}", dict(TERM_FORM, term_status="proposed"))
    assert edit.status_code == 403 and "approve, deprecate, edit or delete" in edit.get_data(
        as_text=True
    )


def test_ranks_and_the_table_in_the_docs():
    class Who:
        def __init__(self, role):
            self.id, self.role = 1, role

    for action, need in REQUIRED_ROLE.items():
        for role in ROLES:
            assert allowed(Who(role), action) == (ROLES.index(role) >= ROLES.index(need))
    assert not allowed(None, Action.EXPORT)
    assert markdown_table() in (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def test_users_page(app):
    admin = Browser(app, "root", "admin")
    page = admin.get("/users").get_data(as_text=True)
    assert "root" in page and 'name="password"' in page
    taken = admin.post(
        "/users", {"username": "root", "role": "editor", "password": "long enough"}, htmx=False
    )
    assert taken.status_code == 409 and "already exists" in taken.get_data(as_text=True)
    short = admin.post(
        "/users", {"username": "x", "role": "editor", "password": "short"}, htmx=False
    )
    assert short.status_code == 422 and "at least 8 characters" in short.get_data(as_text=True)
    assert Browser(app, "ed", "editor").get("/users").status_code == 403


def test_users_are_managed_by_admins_only(app):
    from workbench.core.errors import Forbidden
    from workbench.core.usecases.users import add_user
    from workbench.models import User

    with app.app_context():
        s = app.extensions["db_session"]()
        editor = User(username="ed", role="editor", password_hash="x")
        admin = User(username="ad", role="admin", password_hash="x")
        s.add_all([editor, admin])
        s.commit()
        with pytest.raises(Forbidden, match="only admins may manage user accounts"):
            add_user(s, editor, "new", "reviewer", "long enough")
        assert add_user(s, admin, "new", "reviewer", "long enough").id


def test_forms_offer_a_reviewer_only_what_the_table_allows(app, sample_doc):
    term_id = approved_term(app)
    reviewer, editor = Browser(app, "rev", "reviewer"), Browser(app, "ed", "editor")
    row = f'id="term-{term_id}"'
    page = reviewer.get("/glossary").get_data(as_text=True)
    mine = page[page.index(row) :].split("</tr>")[0]
    assert "History" in mine and "Edit" not in mine and "Delete" not in mine
    page = editor.get("/glossary").get_data(as_text=True)
    assert "Delete" in page[page.index(row) :].split("</tr>")[0]
    seg = segment(app, sample_doc, 0)
    form = reviewer.get(f"/glossary/tag-form?segment={seg.id}&text=新词", htmx=True)
    options = form.get_data(as_text=True).split('name="term_status"')[1].split("</select>")[0]
    assert 'value="proposed"' in options and 'value="approved"' not in options
