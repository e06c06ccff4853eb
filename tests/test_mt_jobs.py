"""The pre-translation job: batches through one engine call each, MT kept apart from human work,
glossary enforcement, resume after a crash, cancel, failing batches, one job per document."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from argos_model import build_tiny_argosmodel
from sqlalchemy import func, select, update

from workbench.db import utcnow
from workbench.models import MTJob, MTOutput, Revision, Segment, Term
from workbench.mt.engine import Translation
from workbench.mt.fake import FakeEngine
from workbench.mt.packages import install_file, list_packages
from workbench.services import mt as service
from workbench.services import mt_jobs as jobs


@pytest.fixture(scope="session")
def tiny_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_argosmodel(tmp_path_factory.mktemp("tiny-model"))


def db(app):
    return app.extensions["db_session"]()


def import_text(app, text: str, title: str = "Small") -> int:
    from workbench.formats.source import read_source
    from workbench.services.documents import import_document

    with app.app_context():
        s = db(app)
        doc = import_document(s, read_source("small.txt", text.encode()), user=None, title=title)
        s.commit()
        return doc.id


def segments(app, doc_id: int) -> list[Segment]:
    s = db(app)
    s.expire_all()
    return list(
        s.scalars(
            select(Segment)
            .where(Segment.document_id == doc_id, Segment.active)
            .order_by(Segment.id)
        )
    )


def new_job(app, doc_id: int, *, refresh: bool = False) -> int:
    s = db(app)
    job = jobs.create_job(s, doc_id, refresh=refresh)
    s.commit()
    return job.id


def job_row(app, job_id: int) -> MTJob:
    s = db(app)
    s.expire_all()
    job = s.get(MTJob, job_id)
    assert job is not None
    return job


def approve_term(app, source: str, target: str) -> None:
    s = db(app)
    s.add(
        Term(source=source, source_key=source, target=target, status="approved", category="system")
    )
    s.commit()


def human_save(app, segment_id: int, text: str, status: str = "translated") -> None:
    """A reviewer's save, in its own session (as a web request would do it)."""
    from workbench.services.segments import save_target

    s = app.extensions["db_session"].session_factory()
    try:
        seg = s.get(Segment, segment_id)
        save_target(
            s, seg, target=text, status=status, user=None, origin="human", base_version=seg.version
        )
        s.commit()
    finally:
        s.close()


class RecordingEngine(FakeEngine):
    """FakeEngine that also remembers every sentence it was sent."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.sentences: list[str] = []

    def translate_batch(self, sentences: Sequence[str], **kwargs) -> list[Translation]:
        self.sentences += list(sentences)
        return super().translate_batch(sentences, **kwargs)


@pytest.fixture
def ctx(app):
    # these tests count the sentences sent per segment: one each, long ones not cut in pieces
    # (the split has its own tests in test_mt_quality.py)
    app.config["MT_SPLIT_LIMIT"] = 0
    with app.app_context():
        yield app


# --- the real path: a tiny Argos model ----------------------------------------------------------


@pytest.mark.argos
def test_install_file_list_and_pretranslate_with_argos(ctx, sample_doc, tiny_model_file) -> None:
    app = ctx
    packages_dir = Path(app.config["MT_PACKAGES_DIR"])
    info = install_file(packages_dir, tiny_model_file)
    assert [(p.pair, p.version) for p in list_packages(packages_dir)] == [("zh→en", "1.0")]
    app.config["MT_ENGINE"] = "argos"
    huey = jobs.huey_for(app)
    huey.immediate = True  # the Huey task runs here, synchronously
    try:
        job = jobs.enqueue(app, db(app), sample_doc)
    finally:
        huey.immediate = False
    done = job_row(app, job.id)
    assert (done.state, done.done, done.total, done.failed) == ("finished", 250, 250, 0)
    assert done.engine == "argos" and info.name in done.model_version
    outputs = db(app).scalars(select(MTOutput).where(MTOutput.job_id == job.id)).all()
    assert len({o.segment_id for o in outputs}) == len(outputs) == 250
    assert {(o.engine, o.model_version) for o in outputs} == {("argos", done.model_version)}
    updated = [s for s in segments(app, sample_doc) if s.origin == "mt"]
    assert updated and all(s.status == "machine-translated" for s in updated)
    rev = db(app).scalars(select(Revision).where(Revision.segment_id == updated[0].id)).all()[-1]
    assert rev.origin == "mt" and f"MT job {job.id}" in rev.note


@pytest.mark.argos
def test_argos_dropped_marker_is_flagged(ctx, tiny_model_file) -> None:
    app = ctx
    install_file(Path(app.config["MT_PACKAGES_DIR"]), tiny_model_file)
    app.config["MT_ENGINE"] = "argos"
    approve_term(app, "林长制", "forest chief system")
    doc = import_text(app, "全面推行林长制，加强生态保护。\n")
    assert jobs.run_job(app, new_job(app, doc)) == "finished"
    [output] = db(app).scalars(select(MTOutput)).all()
    assert output.source == "全面推行林长制，加强生态保护。"
    # the random model never reproduces "ZT1": the loss is recorded, never silently accepted
    assert any("missing" in flag and "林长制" in flag for flag in output.flags)


# --- what is translated ---------------------------------------------------------------------


def test_human_text_untouched_and_outputs_per_segment(ctx, sample_doc) -> None:
    app = ctx
    first, second, third = segments(app, sample_doc)[:3]
    human_save(app, first.id, "Reviewed English.", "reviewed")
    human_save(app, second.id, "A draft.", "draft")
    engine = RecordingEngine()
    job_id = new_job(app, sample_doc)
    assert jobs.run_job(app, job_id, engine=engine) == "finished"
    assert len(engine.sentences) == 248  # the two human segments were never sent
    after = {s.id: s for s in segments(app, sample_doc)}
    assert (after[first.id].target, after[first.id].status) == ("Reviewed English.", "reviewed")
    assert (after[second.id].target, after[second.id].origin) == ("A draft.", "human")
    assert after[third.id].origin == "mt" and after[third.id].target
    assert (
        db(app).scalar(
            select(func.count())
            .select_from(MTOutput)
            .where(MTOutput.segment_id.in_([first.id, second.id]))
        )
        == 0
    )
    output = db(app).scalars(select(MTOutput).where(MTOutput.segment_id == third.id)).one()
    assert (output.engine, output.model_version, output.job_id) == ("fake", "fake-1", job_id)
    assert output.text == after[third.id].target and output.source == third.source_simplified
    job = job_row(app, job_id)
    assert (job.state, job.done, job.total) == ("finished", 248, 248)


def test_one_engine_call_per_batch(ctx, sample_doc) -> None:
    app = ctx
    app.config["MT_JOB_BATCH"] = 64
    engine = FakeEngine()
    jobs.run_job(app, new_job(app, sample_doc), engine=engine)
    assert engine.calls == [64, 64, 64, 58]


def test_traditional_document_is_sent_in_simplified(ctx) -> None:
    app = ctx
    doc = import_text(app, "我們堅持穩中求進，推進鄉村全面振興。\n")
    engine = RecordingEngine()
    jobs.run_job(app, new_job(app, doc), engine=engine)
    assert engine.sentences == ["我们坚持稳中求进，推进乡村全面振兴。"]
    [seg] = segments(app, doc)
    assert seg.source == "我們堅持穩中求進，推進鄉村全面振興。"  # kept as written
    [output] = db(app).scalars(select(MTOutput)).all()
    assert output.source == "我们坚持稳中求进，推进乡村全面振兴。"


def test_glossary_rendering_enforced_with_fake_engine(ctx) -> None:
    app = ctx
    approve_term(app, "林长制", "forest chief system")
    s = db(app)
    s.add(
        Term(
            source="河长制",
            source_key="河长制",
            target="river chief system",
            status="proposed",
            category="system",
        )
    )  # not approved: not enforced
    s.commit()
    doc = import_text(app, "全面推行林长制和河长制。\n")
    engine = RecordingEngine()
    jobs.run_job(app, new_job(app, doc), engine=engine)
    assert engine.sentences == ["全面推行 ZT1 和河长制。"]
    [seg] = segments(app, doc)
    assert "forest chief system" in seg.target and "ZT1" not in seg.target
    [output] = db(app).scalars(select(MTOutput)).all()
    assert output.flags == [] and output.source == "全面推行林长制和河长制。"


class MarkerDropper(FakeEngine):
    def translate_batch(self, sentences, **kwargs):
        return [
            Translation(t.text.replace("ZT1", "").strip(), t.alternatives)
            for t in super().translate_batch(sentences, **kwargs)
        ]


def test_dropped_marker_is_flagged_not_silently_wrong(ctx) -> None:
    app = ctx
    approve_term(app, "林长制", "forest chief system")
    doc = import_text(app, "全面推行林长制。\n")
    jobs.run_job(app, new_job(app, doc), engine=MarkerDropper())
    [output] = db(app).scalars(select(MTOutput)).all()
    assert output.flags and "missing" in output.flags[0]


# --- resume, cancel, failures --------------------------------------------------------------


class Crash(BaseException):
    """A worker dying mid-job (not an error the job could record)."""


def test_resume_after_crash_does_not_redo_finished_segments(ctx, sample_doc, monkeypatch) -> None:
    app = ctx
    app.config["MT_JOB_BATCH"] = 50
    job_id = new_job(app, sample_doc)

    def die_after_two_batches(job: MTJob) -> None:
        if job.done >= 100:
            raise Crash()

    first = FakeEngine()
    with pytest.raises(Crash):
        jobs.run_job(app, job_id, engine=first, progress=die_after_two_batches)
    # the engine works up to PIPELINE_DEPTH batches ahead of the writer (the overlap); what
    # it translated ahead was never written, so the resumed run translates it again
    assert 100 <= sum(first.calls) <= 100 + 50 * jobs.PIPELINE_DEPTH
    assert db(app).scalar(select(func.count()).select_from(MTOutput)) == 100
    crashed = job_row(app, job_id)
    assert (crashed.state, crashed.done) == ("running", 100)
    # nothing happens while the heartbeat is fresh: the worker might be alive elsewhere
    assert jobs.recover_jobs(app) == []
    s = db(app)
    s.execute(
        update(MTJob).values(
            heartbeat_at=utcnow() - timedelta(hours=1), worker="elsewhere:1:dead:1"
        )
    )
    s.commit()

    second = FakeEngine()
    monkeypatch.setattr(service, "engine_for", lambda config: second)
    huey = jobs.huey_for(app)
    huey.immediate = True
    try:
        assert jobs.recover_jobs(app) == [job_id]
    finally:
        huey.immediate = False
    assert sum(second.calls) == 150  # only the segments the crashed run had not finished
    resumed = job_row(app, job_id)
    assert (resumed.state, resumed.done, resumed.total) == ("finished", 250, 250)
    per_segment = (
        db(app)
        .execute(select(MTOutput.segment_id, func.count()).group_by(MTOutput.segment_id))
        .all()
    )
    assert len(per_segment) == 250 and {n for _, n in per_segment} == {1}


def test_startup_requeues_job_of_a_dead_local_process(ctx, sample_doc) -> None:
    import os
    import socket
    import subprocess
    import sys

    app = ctx
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(gone.stdout)
    assert dead_pid != os.getpid()
    job_id = new_job(app, sample_doc)
    s = db(app)
    s.execute(
        update(MTJob).values(
            state="running",
            heartbeat_at=utcnow(),
            worker=f"{socket.gethostname()[:50]}:{dead_pid}:old:1",
        )
    )
    s.commit()
    assert jobs.recover_jobs(app) == []  # the heartbeat is fresh
    huey = jobs.huey_for(app)
    assert jobs.recover_jobs(app, startup=True) == [job_id]  # but its process is gone
    assert job_row(app, job_id).state == "queued"
    assert huey.pending_count() == 1  # and "run job N" is back on the queue


def test_cancel_between_batches(ctx, sample_doc) -> None:
    app = ctx
    app.config["MT_JOB_BATCH"] = 50
    job_id = new_job(app, sample_doc)

    def cancel_after_first_batch(job: MTJob) -> None:
        if job.done == 50:
            other = app.extensions["db_session"].session_factory()
            jobs.request_cancel(other, job.id)
            other.commit()
            other.close()

    engine = FakeEngine()
    assert (
        jobs.run_job(app, job_id, engine=engine, progress=cancel_after_first_batch) == "cancelled"
    )
    # translated ahead by the overlap, never written: at most PIPELINE_DEPTH batches
    assert 50 <= sum(engine.calls) <= 50 + 50 * jobs.PIPELINE_DEPTH
    assert db(app).scalar(select(func.count()).select_from(MTOutput)) == 50
    job = job_row(app, job_id)
    assert (job.state, job.done) == ("cancelled", 50) and job.finished_at is not None
    assert sum(1 for s in segments(app, sample_doc) if s.origin == "mt") == 50


def test_cancel_queued_job_at_once(ctx, sample_doc) -> None:
    app = ctx
    job_id = new_job(app, sample_doc)
    s = db(app)
    assert jobs.request_cancel(s, job_id).state == "cancelled"
    s.commit()
    assert jobs.run_job(app, job_id, engine=FakeEngine()) == "not claimed"
    with pytest.raises(jobs.JobError, match="nothing to cancel"):
        jobs.request_cancel(s, job_id)


def test_failing_batch_does_not_lose_the_others(ctx, sample_doc) -> None:
    app = ctx
    app.config["MT_JOB_BATCH"] = 50
    victim = segments(app, sample_doc)[120]  # in the third batch
    engine = FakeEngine(fail_on=victim.source_simplified)
    job_id = new_job(app, sample_doc)
    assert jobs.run_job(app, job_id, engine=engine) == "finished"
    job = job_row(app, job_id)
    assert (job.done, job.failed, job.total) == (200, 50, 250)
    assert "fake engine told to fail" in job.error
    outputs = db(app).scalar(select(func.count()).select_from(MTOutput))
    assert outputs == 200
    assert segments(app, sample_doc)[120].status == "new"
    # a later run picks up exactly the failed batch
    again = RecordingEngine()
    jobs.run_job(app, new_job(app, sample_doc), engine=again)
    assert len(again.sentences) == 50 and victim.source_simplified in again.sentences


def test_job_fails_only_when_nothing_could_be_translated(ctx, sample_doc) -> None:
    app = ctx
    job_id = new_job(app, sample_doc)
    assert jobs.run_job(app, job_id, engine=FakeEngine(fail_on="")) == "failed"
    job = job_row(app, job_id)
    assert (job.done, job.failed, job.state) == (0, 250, "failed") and job.error


def test_no_model_fails_the_job_with_the_reason(ctx, sample_doc) -> None:
    app = ctx
    app.config["MT_ENGINE"] = "argos"  # and nothing installed
    job_id = new_job(app, sample_doc)
    assert jobs.run_job(app, job_id) == "failed"
    assert "no zh→en model is installed" in job_row(app, job_id).error


# --- one job per document -------------------------------------------------------------------


def test_enqueue_refused_while_a_job_is_active(ctx, sample_doc) -> None:
    app = ctx
    job_id = new_job(app, sample_doc)
    with pytest.raises(jobs.JobActive) as refused:
        jobs.create_job(db(app), sample_doc)
    db(app).rollback()
    assert refused.value.job.id == job_id
    jobs.run_job(app, job_id, engine=FakeEngine())
    assert new_job(app, sample_doc, refresh=True) > job_id  # finished: a new one is fine


def test_concurrent_enqueues_create_one_job(ctx, sample_doc) -> None:
    app = ctx
    barrier = threading.Barrier(4)
    outcomes: list[str] = []

    def request() -> None:
        s = app.extensions["db_session"].session_factory()
        barrier.wait()
        try:
            jobs.create_job(s, sample_doc)
            s.commit()
            outcomes.append("created")
        except jobs.JobActive:
            s.rollback()
            outcomes.append("refused")
        finally:
            s.close()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["created", "refused", "refused", "refused"]
    assert db(app).scalar(select(func.count()).select_from(MTJob)) == 1


def test_two_workers_never_run_the_same_job(ctx, sample_doc) -> None:
    app = ctx
    app.config["MT_JOB_BATCH"] = 50
    job_id = new_job(app, sample_doc)
    engines = [FakeEngine(delay=0.0005), FakeEngine(delay=0.0005)]
    barrier = threading.Barrier(2)
    results: dict[int, str] = {}

    def work(n: int) -> None:
        barrier.wait()
        results[n] = jobs.run_job(app, job_id, engine=engines[n], worker=f"worker-{n}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["finished", "not claimed"]
    assert sum(sum(e.calls) for e in engines) == 250
    assert db(app).scalar(select(func.count()).select_from(MTOutput)) == 250


def test_worker_that_lost_its_job_stops_writing(ctx, sample_doc) -> None:
    app = ctx
    app.config["MT_JOB_BATCH"] = 50
    job_id = new_job(app, sample_doc)

    def taken_over(job: MTJob) -> None:
        if job.done == 50:  # declared stale and claimed by another worker meanwhile
            s = app.extensions["db_session"].session_factory()
            s.execute(update(MTJob).values(worker="someone-else"))
            s.commit()
            s.close()

    assert jobs.run_job(app, job_id, engine=FakeEngine(), progress=taken_over) == "lost"
    assert db(app).scalar(select(func.count()).select_from(MTOutput)) == 50


# --- history and people -----------------------------------------------------------------------


def test_newer_model_keeps_old_mt_in_history(ctx, sample_doc) -> None:
    app = ctx
    jobs.run_job(app, new_job(app, sample_doc), engine=FakeEngine(version="fake-1"))
    edited = segments(app, sample_doc)[5]
    human_save(app, edited.id, "Edited by a person.")

    class NewModel(FakeEngine):
        def translate_batch(self, sentences, **kwargs):
            return [
                Translation("v2: " + t.text, t.alternatives)
                for t in super().translate_batch(sentences, **kwargs)
            ]

    second = new_job(app, sample_doc, refresh=True)
    assert jobs.run_job(app, second, engine=NewModel(version="fake-2")) == "finished"
    assert job_row(app, second).done == 249  # the edited segment is a person's now
    seg = segments(app, sample_doc)[0]
    outputs = (
        db(app)
        .scalars(select(MTOutput).where(MTOutput.segment_id == seg.id).order_by(MTOutput.id))
        .all()
    )
    assert [o.model_version for o in outputs] == ["fake-1", "fake-2"]
    assert seg.target == outputs[1].text and seg.target.startswith("v2: ")
    revs = db(app).scalars(select(Revision).where(Revision.segment_id == seg.id)).all()
    assert [r.origin for r in revs][-2:] == ["mt", "mt"]
    assert segments(app, sample_doc)[5].target == "Edited by a person."


def test_reviewer_saving_during_the_job_wins(ctx, sample_doc) -> None:
    app = ctx
    app.config["MT_JOB_BATCH"] = 50
    chosen: list[int] = []

    class ReviewerMeanwhile(FakeEngine):
        def translate_batch(self, sentences, **kwargs):
            if not self.calls:  # a segment of the batch being translated right now
                seg = next(
                    s for s in segments(app, sample_doc) if s.source_simplified == sentences[3]
                )
                chosen.append(seg.id)
                human_save(app, seg.id, "The reviewer's sentence.")
            return super().translate_batch(sentences, **kwargs)

    job_id = new_job(app, sample_doc)
    assert jobs.run_job(app, job_id, engine=ReviewerMeanwhile()) == "finished"
    target = next(s for s in segments(app, sample_doc) if s.id == chosen[0])
    seg = target
    assert (seg.target, seg.origin, seg.status) == (
        "The reviewer's sentence.",
        "human",
        "translated",
    )
    output = db(app).scalars(select(MTOutput).where(MTOutput.segment_id == target.id)).one()
    assert output.job_id == job_id and output.text  # the MT is kept for the reviewer to see
    assert job_row(app, job_id).done == 250


# --- Huey -----------------------------------------------------------------------------------


def test_job_goes_through_the_sqlite_queue(ctx, sample_doc) -> None:
    app = ctx
    huey = jobs.huey_for(app)
    assert type(huey).__name__ == "SqliteHuey"
    assert Path(app.config["HUEY_SQLITE_PATH"]).exists()
    job = jobs.enqueue(app, db(app), sample_doc)
    assert job.state == "queued" and huey.pending_count() == 1
    huey.execute(huey.dequeue())  # what a consumer does
    assert job_row(app, job.id).state == "finished"


def test_consumer_thread_in_server_runs_jobs(ctx, sample_doc) -> None:
    from workbench.tasks import start_consumer_in_server

    app = ctx
    start_consumer_in_server(app)
    consumer = app.extensions["mt_consumer"]
    try:
        job = jobs.enqueue(app, db(app), sample_doc)
        deadline = time.monotonic() + 30
        while job_row(app, job.id).state in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job_row(app, job.id).state == "finished"
    finally:
        consumer.stop(graceful=True)


def test_consumer_not_started_when_disabled(ctx) -> None:
    ctx.config["MT_CONSUMER_IN_SERVER"] = False
    assert jobs.start_consumer_in_server(ctx) is None
    assert "mt_consumer" not in ctx.extensions


def test_the_engine_given_is_used_even_an_empty_cache(ctx, sample_doc) -> None:
    from workbench.mt.cache import CachedEngine

    app = ctx
    inner = FakeEngine(version="given")
    given = CachedEngine(inner)
    assert len(given) == 0  # falsy: `engine or default` would have picked the default
    job_id = new_job(app, sample_doc)
    jobs.run_job(app, job_id, engine=given)
    assert sum(inner.calls) > 0 and job_row(app, job_id).model_version == "given"


def test_qa_runs_after_mt_once_per_batch(ctx, sample_doc, monkeypatch) -> None:
    """MT English gets its QA issues like a person's: "empty" goes, the numbers check runs."""
    from workbench.models import QAIssue
    from workbench.services import qa

    app = ctx
    app.config["MT_JOB_BATCH"] = 100
    calls: list[int] = []
    real_refresh = qa.refresh_segments

    def counting(session, segs):
        segs = list(segs)
        calls.append(len(segs))
        return real_refresh(session, segs)

    monkeypatch.setattr(qa, "refresh_segments", counting)
    first = segments(app, sample_doc)[0]
    empty_before = db(app).scalar(
        select(func.count()).select_from(QAIssue).where(QAIssue.check_code == "empty")
    )
    assert empty_before == 250
    assert jobs.run_job(app, new_job(app, sample_doc), engine=FakeEngine()) == "finished"
    s = db(app)
    s.expire_all()
    assert (
        s.scalar(select(func.count()).select_from(QAIssue).where(QAIssue.check_code == "empty"))
        == 0
    )
    # the fake engine keeps digits but drops 亿/万 scale words: the number check must notice
    numbers = s.scalars(select(QAIssue).where(QAIssue.check_code == "numbers")).all()
    assert numbers and all(i.document_id == sample_doc for i in numbers)
    assert s.get(Segment, first.id).status == "machine-translated"
    assert calls == [100, 100, 50]  # one QA run per batch, not one per segment
