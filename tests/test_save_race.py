"""Saves racing from one version: exactly one is stored, every other one gets the 409 with
both texts (the version check and the bump are one conditional UPDATE). Run on SQLite, and on
PostgreSQL when WORKBENCH_TEST_POSTGRES_URL is set.

The threads are held at a barrier in `before_flush`, after each has read the segment and
checked its version and before any writes: the moment two reviewers' saves cross. A check
made only in Python lets every one of them through.
"""

from __future__ import annotations

import os
import threading

import pytest
from conftest import Browser
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from workbench.models import Revision, Segment, Term

CLIENTS = 6


@pytest.fixture
def crossing(request):
    """Hold each thread's first segment/term flush until all threads got there (`CLIENTS`,
    or the number the test names with @pytest.mark.parametrize("parties", ...))."""
    parties = getattr(request, "param", CLIENTS)
    barrier = threading.Barrier(parties, timeout=20)
    seen = threading.local()

    def hold(session: Session, _context, _instances) -> None:
        writes = [o for o in session.dirty if isinstance(o, (Segment, Term))]
        if writes and not getattr(seen, "done", False):
            seen.done = True
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass

    event.listen(Session, "before_flush", hold)
    yield
    event.remove(Session, "before_flush", hold)


def _race(app, post) -> list[tuple[int, str]]:
    browsers = [Browser(app, f"reviewer{i}") for i in range(CLIENTS)]
    results: list[tuple[int, str]] = [(0, "")] * CLIENTS

    def run(i: int) -> None:
        resp = post(browsers[i], i)
        results[i] = (resp.status_code, resp.get_data(as_text=True))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def _check_segment_race(app, document_id: int) -> None:
    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.scalars(
            select(Segment).where(Segment.document_id == document_id).order_by(Segment.id)
        ).all()[5]
        seg_id, base = seg.id, seg.version

    def post(browser, i):
        return browser.post(
            f"/segments/{seg_id}", {"target": f"Text number {i}.", "base_version": base}
        )

    results = _race(app, post)
    codes = sorted(code for code, _ in results)
    assert codes == [200] + [409] * (CLIENTS - 1), codes
    winner = next(i for i, (code, _) in enumerate(results) if code == 200)
    for i, (code, html) in enumerate(results):
        if code == 409:  # both texts: theirs in the conflict box, mine kept in the editor
            assert f"Text number {winner}." in html and f"Text number {i}." in html
    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.get(Segment, seg_id)
        assert seg.target == f"Text number {winner}." and seg.version == base + 1
        revisions = s.scalars(select(Revision).where(Revision.segment_id == seg_id)).all()
        assert [r.target for r in revisions if r.version > base] == [seg.target]


def test_segment_save_race_on_sqlite(app, sample_doc, crossing):
    _check_segment_race(app, sample_doc)


def test_term_edit_race_on_sqlite(app, crossing):
    editor = Browser(app, "ed", "editor")
    form = {
        "source": "河长制",
        "target": "river chief system",
        "alternatives": "",
        "forbidden": "",
        "note": "",
        "category": "system",
        "reference": "",
        "term_status": "proposed",
    }
    with app.app_context():
        from workbench.core.usecases import OPERATOR
        from workbench.core.usecases.glossary import tag_term
        from workbench.services.glossary import validate

        s = app.extensions["db_session"]()
        term = tag_term(s, OPERATOR, validate(source="河长制", category="system"))
        term_id, base = term.id, term.version
    del editor

    def post(browser, i):
        data = dict(form, note=f"note {i}", base_version=base)
        return browser.post(f"/glossary/{term_id}", data)

    codes = sorted(code for code, _ in _race(app, post))
    assert codes == [200] + [409] * (CLIENTS - 1), codes
    with app.app_context():
        term = app.extensions["db_session"]().get(Term, term_id)
        assert term.version == base + 1 and term.note.startswith("note ")


PG_URL = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="WORKBENCH_TEST_POSTGRES_URL not set")
def test_segment_save_race_on_postgres(pg_app, sample_text, crossing):
    from workbench.core.usecases import OPERATOR
    from workbench.core.usecases.documents import import_document

    with pg_app.app_context():
        s = pg_app.extensions["db_session"]()
        doc = import_document(s, OPERATOR, "r.txt", sample_text.encode(), max_bytes=10**7).document
        doc_id = doc.id
    _check_segment_race(pg_app, doc_id)


@pytest.mark.parametrize("crossing", [2], indirect=True)
@pytest.mark.parametrize("reshape", ["split", "merge"])
def test_a_split_or_merge_racing_a_save(app, sample_doc, crossing, reshape):
    """Split and merge are versioned writes too: against a save from the same version, one
    of the two is refused (409), never both applied."""
    editor, splitter = Browser(app, "ed"), Browser(app, "sam")
    with app.app_context():
        segments = (
            app.extensions["db_session"]()
            .scalars(select(Segment).where(Segment.document_id == sample_doc).order_by(Segment.id))
            .all()
        )
        starts = {(x.paragraph_id, x.start) for x in segments}
        seg = next(x for x in segments if (x.paragraph_id, x.end) in starts)  # one follows it
        seg_id, base = seg.id, seg.version
    results: dict[str, int] = {}

    def save():
        results["save"] = editor.post(
            f"/segments/{seg_id}", {"target": "On 28 December.", "base_version": base}
        ).status_code

    def change():
        url = f"/segments/{seg_id}/{reshape}"
        data = {"at": 2} if reshape == "split" else {}
        results[reshape] = splitter.post(url, data).status_code

    threads = [threading.Thread(target=save), threading.Thread(target=change)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results.values()) == [200, 409], results
    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.get(Segment, seg_id)
        assert seg.version == base + 1  # exactly one of the two writes happened
