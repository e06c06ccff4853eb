"""The same core flows on PostgreSQL (psycopg 3). CI starts a local server (.ci/run).

Set WORKBENCH_TEST_POSTGRES_URL=postgresql+psycopg://user:pw@127.0.0.1/db (an empty database
the tests may wipe) to run them.
"""

from __future__ import annotations

import os
import re

import pytest
from conftest import Browser

URL = os.environ.get("WORKBENCH_TEST_POSTGRES_URL")  # the pg_app fixture (conftest) uses it
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not URL, reason="WORKBENCH_TEST_POSTGRES_URL not set"),
]


def test_import_review_save_conflict_on_postgres(pg_app, sample_text):
    from workbench.formats.source import read_source
    from workbench.models import Segment
    from workbench.services.documents import import_document

    with pg_app.app_context():
        s = pg_app.extensions["db_session"]()
        doc = import_document(s, read_source("r.txt", sample_text.encode()), user=None)
        s.commit()
        doc_id = doc.id
        seg_id = (
            s.query(Segment).filter_by(document_id=doc_id).order_by(Segment.id).offset(5).first().id
        )
    alice, bob = Browser(pg_app, "alice"), Browser(pg_app, "bob")
    page = alice.get(f"/documents/{doc_id}").get_data(as_text=True)
    assert "一、2024年工作回顾" in page
    assert alice.post(f"/segments/{seg_id}", {"target": "A.", "base_version": 1}).status_code == 200
    assert bob.post(f"/segments/{seg_id}", {"target": "B.", "base_version": 1}).status_code == 409
    html = alice.get(f"/documents/{doc_id}?q=林長制").get_data(as_text=True)
    assert len(re.findall(r'<article class="seg ', html)) == 2
    assert alice.post(f"/segments/{seg_id}/split", {"at": 3}).status_code == 200


def test_mt_job_scores_and_weakest_first_on_postgres(pg_app, sample_text):
    """The overlapped job, the stored scores and pieces, and the MT filter and sort queries
    (json_array_length, the weakest-first paragraph order) on PostgreSQL."""
    from sqlalchemy import func, select

    from workbench.formats.source import read_source
    from workbench.models import MTOutput
    from workbench.mt.fake import FakeEngine
    from workbench.services import mt_jobs
    from workbench.services.documents import import_document

    with pg_app.app_context():
        s = pg_app.extensions["db_session"]()
        doc = import_document(s, read_source("r.txt", sample_text.encode()), user=None)
        job = mt_jobs.create_job(s, doc.id)
        s.commit()
        doc_id = doc.id
        assert mt_jobs.run_job(pg_app, job.id, engine=FakeEngine()) == "finished"
        assert s.scalar(select(func.count()).where(MTOutput.score.is_not(None))) == 250
        assert 0 < s.scalar(select(func.count()).where(MTOutput.pieces.is_not(None))) < 250
    alice = Browser(pg_app, "alice")
    for query in ("sort=mt", "mt=50", "mt=flagged", "sort=mt&mt=70&after=3"):
        resp = alice.get(f"/documents/{doc_id}?{query}")
        assert resp.status_code == 200, query
    assert '<article class="seg ' in alice.get(f"/documents/{doc_id}?sort=mt").get_data(
        as_text=True
    )
