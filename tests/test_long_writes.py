"""Long writes in steps: a large glossary import while a reviewer saves (SQLite, the file
database the app uses). No save fails with a 500, every save is stored, and the import
commits in many short transactions instead of one long one."""

from __future__ import annotations

import io
import threading

from conftest import Browser
from sqlalchemy import event, func, select

from workbench.models import Segment, Term
from workbench.services.batches import WRITE_BATCH

ENTRIES = 6 * WRITE_BATCH


def _glossary_csv(count: int) -> bytes:
    rows = ["source,target,status,category"]
    rows += [f"政策{i}号,policy {i},proposed,other" for i in range(count)]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8-sig")


def _segments(app, document_id: int, limit: int) -> list[tuple[int, int]]:
    with app.app_context():
        session = app.extensions["db_session"]()
        return session.execute(
            select(Segment.id, Segment.version)
            .where(Segment.document_id == document_id, Segment.active)
            .order_by(Segment.id)
            .limit(limit)
        ).all()


def test_saves_during_a_large_glossary_import(app, sample_doc):
    editor = Browser(app, "ed", "editor")
    reviewer = Browser(app, "rev", "reviewer")
    targets = _segments(app, sample_doc, 40)
    engine = app.extensions["db_engine"]
    commits: dict[int, int] = {}

    @event.listens_for(engine, "commit")
    def _count(_conn):
        ident = threading.get_ident()
        commits[ident] = commits.get(ident, 0) + 1

    started = threading.Event()
    result: dict = {}

    def run_import():
        started.set()
        result["import"] = editor.post(
            "/glossary/import",
            {"file": (io.BytesIO(_glossary_csv(ENTRIES)), "big.csv")},
            htmx=False,
            content_type="multipart/form-data",
        )
        result["import_thread"] = threading.get_ident()

    importer = threading.Thread(target=run_import)
    importer.start()
    started.wait()
    statuses = []
    for i, (segment_id, version) in enumerate(targets):
        text = f"Saved during the import, number {i}."
        for _attempt in range(20):  # what the page does on 503: send the text again
            resp = reviewer.post(
                f"/segments/{segment_id}", {"target": text, "base_version": version}
            )
            statuses.append(resp.status_code)
            if resp.status_code != 503:
                break
            assert "your text is kept" in resp.get_data(as_text=True)
        assert resp.status_code == 200, resp.get_data(as_text=True)
    importer.join(timeout=300)
    event.remove(engine, "commit", _count)

    assert 500 not in statuses
    assert result["import"].status_code == 200
    assert f"{ENTRIES} added" in result["import"].get_data(as_text=True)
    with app.app_context():
        session = app.extensions["db_session"]()
        stored = dict(
            session.execute(
                select(Segment.id, Segment.target).where(Segment.id.in_([s for s, _ in targets]))
            ).all()
        )
        assert session.scalar(select(func.count()).select_from(Term)) == ENTRIES
    for i, (segment_id, _v) in enumerate(targets):
        assert stored[segment_id] == f"Saved during the import, number {i}."
    # one transaction per step of entries (and QA steps), never one for the whole file
    assert commits[result["import_thread"]] >= ENTRIES // WRITE_BATCH


def test_a_refused_glossary_file_writes_nothing(app):
    editor = Browser(app, "ed", "editor")
    bad = _glossary_csv(3 * WRITE_BATCH) + "坏词,bad,final,other\r\n".encode()
    resp = editor.post(
        "/glossary/import",
        {"file": (io.BytesIO(bad), "bad.csv")},
        htmx=False,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422 and "unknown status" in resp.get_data(as_text=True)
    with app.app_context():
        session = app.extensions["db_session"]()
        assert session.scalar(select(func.count()).select_from(Term)) == 0


def test_busy_database_answers_503_and_keeps_nothing(app, sample_doc):
    """A save that meets a lock held past the busy timeout: 503 with the busy message."""
    app.extensions["db_engine"].dispose()
    from workbench.db import make_engine

    reviewer = Browser(app, "rev", "reviewer")
    ((segment_id, version),) = _segments(app, sample_doc, 1)
    blocker = make_engine(app.config["DATABASE_URL"]).connect()
    blocker.exec_driver_sql("BEGIN IMMEDIATE")  # hold the write lock
    try:
        app.extensions["db_engine"].dispose()
        fast = make_engine(app.config["DATABASE_URL"], busy_timeout_ms=50)
        app.extensions["db_session"].configure(bind=fast)
        resp = reviewer.post(f"/segments/{segment_id}", {"target": "x", "base_version": version})
    finally:
        blocker.exec_driver_sql("ROLLBACK")
        blocker.close()
    assert resp.status_code == 503
    assert resp.headers["Retry-After"]
    assert "busy; your text is kept, retrying" in resp.get_data(as_text=True)
