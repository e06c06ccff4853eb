"""Pre-translation takes the memory first (context/exact, then figures replaced), then MT,
and never writes over a person's text."""

from __future__ import annotations

import io

import pytest
from test_mt_jobs import (
    RecordingEngine,
    db,
    human_save,
    import_text,
    job_row,
    new_job,
    segments,
)

from workbench.models import Revision
from workbench.services import mt_jobs as jobs

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="x" creationtoolversion="1" segtype="sentence"
 o-tmf="x" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>全年粮食产量保持稳定。</seg></tuv>
<tuv xml:lang="en"><seg>Grain output remained stable for the year.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>实现营业收入8500万元，增长12.5%。</seg></tuv>
<tuv xml:lang="en"><seg>Revenue reached 85 million yuan, up 12.5 percent.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>完成10件民生实事。</seg></tuv>
<tuv xml:lang="en"><seg>We delivered on ten projects.</seg></tuv></tu>
</body></tmx>"""


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


DOCUMENT = (
    "全年粮食产量保持稳定。实现营业收入1.2亿元，增长8%。完成3件民生实事。这是一个新句子。\n"
    "全年糧食產量保持穩定。\n"
)


def test_memory_first_then_mt_and_counts(ctx):
    from workbench.services import tm

    app = ctx
    s = db(app)
    tm.import_tmx(s, io.BytesIO(TMX.encode()), name="edition", origin="official")
    s.commit()
    doc = import_text(app, DOCUMENT)
    grain, revenue, projects, new, traditional = segments(app, doc)
    engine = RecordingEngine()
    job_id = new_job(app, doc)
    assert jobs.run_job(app, job_id, engine=engine) == "finished"
    after = {seg.id: seg for seg in segments(app, doc)}

    # exact (and the Traditional twin) from the official memory: translated, origin tm
    for seg in (grain, traditional):
        got = after[seg.id]
        assert (got.target, got.status, got.origin) == (
            "Grain output remained stable for the year.",
            "translated",
            "tm",
        )
    # figures replaced: a draft, with a note to check
    got = after[revenue.id]
    assert (got.target, got.status, got.origin) == (
        "Revenue reached 120 million yuan, up 8 percent.",
        "draft",
        "tm",
    )
    note = db(app).query(Revision).filter_by(segment_id=revenue.id).one().note
    assert "check the figures" in note and "85 million yuan → 120 million yuan" in note
    # figures written in words are not guessed: MT; and so is the new sentence
    assert after[projects.id].origin == after[new.id].origin == "mt"
    assert sorted(engine.sentences) == sorted([projects.source, new.source])
    job = job_row(app, job_id)
    assert (job.memory_exact, job.memory_figures, job.done, job.total) == (2, 1, 2, 2)


def test_memory_never_writes_over_a_persons_text(ctx):
    from workbench.services import tm

    app = ctx
    s = db(app)
    tm.import_tmx(s, io.BytesIO(TMX.encode()), name="edition", origin="official")
    s.commit()
    doc = import_text(app, DOCUMENT)
    grain = segments(app, doc)[0]
    human_save(app, grain.id, "My own draft.", "draft")
    assert jobs.run_job(app, new_job(app, doc), engine=RecordingEngine()) == "finished"
    after = {seg.id: seg for seg in segments(app, doc)}
    assert (after[grain.id].target, after[grain.id].origin) == ("My own draft.", "human")


def test_unreviewed_memory_gives_drafts(ctx):
    """An exact match from a unit nobody approved fills a draft (TM_STATUS_OTHER)."""
    app = ctx
    first = import_text(app, "全年粮食产量保持稳定。\n", title="Last year")
    human_save(app, segments(app, first)[0].id, "Grain output was stable.", "translated")
    doc = import_text(app, "全年粮食产量保持稳定。另一句话。\n", title="This year")
    assert jobs.run_job(app, new_job(app, doc), engine=RecordingEngine()) == "finished"
    seg = segments(app, doc)[0]
    assert (seg.target, seg.status, seg.origin) == ("Grain output was stable.", "draft", "tm")


def test_memory_fills_without_an_mt_model(ctx, monkeypatch):
    """No zh→en model installed: the job fails for MT but what the memory had is filled."""
    from workbench.mt import MTError
    from workbench.services import mt as service
    from workbench.services import tm

    app = ctx
    s = db(app)
    tm.import_tmx(s, io.BytesIO(TMX.encode()), name="edition", origin="official")
    s.commit()
    doc = import_text(app, DOCUMENT)

    def no_model(config):
        raise MTError("no zh→en model is installed")

    monkeypatch.setattr(service, "engine_for", no_model)
    job_id = new_job(app, doc)
    assert jobs.run_job(app, job_id) == "failed"
    job = job_row(app, job_id)
    assert (job.memory_exact, job.memory_figures) == (2, 1)
    grain = segments(app, doc)[0]
    assert (grain.origin, grain.status) == ("tm", "translated")
