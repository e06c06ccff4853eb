"""Pre-translation of a whole document as a background job on Huey.

Huey carries only "run job N"; the job's state lives in the workbench database (MTJob), so
every web worker shows the same progress bar and a lost queue message loses nothing: the
database says which jobs are still to run, and `recover_jobs` puts them back on the queue.

Rules the job keeps:
- one job per document at a time: `create_job` locks the document row before it looks for an
  active job, and `claim` turns queued into running with one conditional UPDATE, so two
  workers (threads, processes or machines) can never both run it;
- only segments without human English are translated (new and empty; with `refresh` also
  untouched MT), in batches: ONE engine call per batch, approved glossary terms protected;
- every output is stored as MTOutput (engine, model version, flags), even when the segment is
  not updated; the segment is updated through save_target (origin "mt") only if nobody saved
  it since the batch was read (its version), so a reviewer's work always wins;
- each batch is committed on its own, with done/heartbeat; a failing batch is counted and the
  job goes on; a job whose worker died (stale heartbeat, or found at a consumer's start-up)
  is re-queued and resumes without redoing the segments it already has MTOutput for;
- every write of a running job is fenced by (state running, worker = me): a worker that lost
  its job (re-queued as stale, or cancelled) stops at its next batch without writing.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from flask import Flask
from huey import Huey, SqliteHuey, crontab
from huey.consumer import Consumer
from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.engine import CursorResult, Result
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from ..core import events
from ..db import utcnow
from ..models import Document, MTJob, MTOutput, Paragraph, Segment, User
from ..mt import Engine, MTError, Translation
from ..statuses import Status
from . import mt as service

log = logging.getLogger(__name__)

ACTIVE_STATES = ("queued", "running")
# job batches read ahead of the writer and handed to the engine (see _run_claimed)
PIPELINE_DEPTH = 2
TASK_NAME = "workbench.mt.pretranslate"
RECOVER_TASK_NAME = "workbench.mt.recover"

# this process's identity in MTJob.worker: a restarted process may reuse a PID (containers),
# the random token tells the incarnations apart
_PROCESS_TOKEN = uuid.uuid4().hex[:8]

ProgressCallback = Callable[[MTJob], None]


class JobError(ValueError):
    """A job request that cannot be honoured; the message says why."""


class JobActive(JobError):
    """The document already has a queued or running job."""

    def __init__(self, job: MTJob) -> None:
        where = f" in {job.worker}" if job.state == "running" and job.worker else ""
        super().__init__(
            f"document {job.document_id} already has MT job {job.id} ({job.state}{where}); "
            f"wait for it, or stop it with `workbench mt cancel {job.id}`"
        )
        self.job = job


def job_batch_size(config: Any) -> int:
    """Sentences per translate_batch call of a job (WORKBENCH_MT_JOB_BATCH)."""
    return max(1, int(config["MT_JOB_BATCH"]))


def stale_after(config: Any) -> timedelta:
    """How long a running job may go without a heartbeat before it is re-queued."""
    return timedelta(seconds=max(1, int(config["MT_STALE_SECONDS"])))


def worker_name() -> str:
    """host:pid:process-token:thread — who runs a job (shown on the page, used for liveness)."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{_PROCESS_TOKEN}:{threading.get_ident() % 100000}"


def _rowcount(result: Result[Any]) -> int:
    # an UPDATE's Result is a CursorResult; rowcount says whether the condition matched
    return cast(CursorResult[Any], result).rowcount


def _session(app: Flask) -> Session:
    # the job's own session, never the request's scoped one: it runs in worker threads
    return Session(bind=app.extensions["db_engine"], expire_on_commit=False)


# --- which segments ---------------------------------------------------------------------------


def _needs_mt(refresh: bool) -> ColumnElement[bool]:
    """SQL condition: segments whose English is nobody's work (new and empty; with refresh also
    untouched MT). Reviewed, edited, imported or drafted text is never sent."""
    empty_new = and_(Segment.status == Status.NEW.value, Segment.target == "")
    if not refresh:
        return empty_new
    untouched_mt = and_(
        Segment.status == Status.MACHINE_TRANSLATED.value, Segment.origin.in_(("mt", "system"))
    )
    return or_(empty_new, untouched_mt)


def _still_needs_mt(segment: Segment, refresh: bool) -> bool:
    """The same rule on a loaded row (re-checked just before writing)."""
    if not segment.active:
        return False
    if segment.status == Status.NEW.value and segment.target == "":
        return True
    return (
        refresh
        and segment.status == Status.MACHINE_TRANSLATED.value
        and segment.origin in ("mt", "system")
    )


def _todo_ids(session: Session, job: MTJob) -> list[int]:
    """Segments still to translate, shortest first (document order among equals); those this
    job already has MT for (a resumed job) are left out.

    Why by length: CTranslate2 pads every sentence of a batch to the longest one, and only
    sorts by length inside one call. Batches of similar length waste no decoding steps, so a
    job in modest batches (quick progress, quick cancel) runs as fast as one call over the
    whole document (bench/mt_throughput.py).
    """
    done_here = exists().where(MTOutput.segment_id == Segment.id, MTOutput.job_id == job.id)
    rows = session.execute(
        select(Segment.id, func.length(Segment.source_simplified))
        .join(Paragraph, Segment.paragraph_id == Paragraph.id)
        .where(
            Segment.document_id == job.document_id,
            Segment.active,
            _needs_mt(job.refresh),
            ~done_here,
        )
        .order_by(Paragraph.position, Segment.start)
    ).all()
    return [segment_id for segment_id, _ in sorted(rows, key=lambda row: row[1])]


def _done_count(session: Session, job_id: int) -> int:
    return (
        session.scalar(
            select(func.count(func.distinct(MTOutput.segment_id))).where(MTOutput.job_id == job_id)
        )
        or 0
    )


# --- creating, claiming, cancelling -------------------------------------------------------------


def create_job(
    session: Session, document_id: int, *, refresh: bool = False, user: User | None = None
) -> MTJob:
    """A queued job for the document; JobActive if one is queued or running already.

    The document row is locked first (a no-op UPDATE: a row lock on PostgreSQL, the write lock
    on SQLite) so two requests cannot both find "no active job" and both insert one.
    """
    locked = session.execute(
        update(Document)
        .where(Document.id == document_id)
        .values(title=Document.title)
        .execution_options(synchronize_session=False)
    )
    if _rowcount(locked) != 1:
        raise JobError(f"there is no document {document_id}")
    active = active_job(session, document_id)
    if active is not None:
        raise JobActive(active)
    job = MTJob(
        document_id=document_id,
        state="queued",
        refresh=refresh,
        created_by_id=user.id if user is not None else None,
    )
    session.add(job)
    session.flush()
    job.total = len(_todo_ids(session, job))
    return job


def active_job(session: Session, document_id: int) -> MTJob | None:
    """The document's queued or running job, if any (there is at most one)."""
    return session.scalars(
        select(MTJob)
        .where(MTJob.document_id == document_id, MTJob.state.in_(ACTIVE_STATES))
        .order_by(MTJob.id)
    ).first()


def claim(session: Session, job_id: int, worker: str) -> bool:
    """Atomically turn the queued job into running for `worker`; False if someone else has it
    (or it was cancelled, or another job of the document is running)."""
    other = aliased(MTJob)
    now = utcnow()
    result = session.execute(
        update(MTJob)
        .where(
            MTJob.id == job_id,
            MTJob.state == "queued",
            ~exists().where(
                other.document_id == MTJob.document_id,
                other.state == "running",
                other.id != MTJob.id,
            ),
        )
        .values(
            state="running",
            worker=worker[:100],
            heartbeat_at=now,
            started_at=func.coalesce(MTJob.started_at, now),
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return _rowcount(result) == 1


def runner_gone(job: MTJob, config: Any = None) -> str:
    """Why a running job's runner is known to be gone, "" if it may still be at work.

    Gone: its process ran on this machine and has ended (kill -9, a crash, a closed terminal),
    or (with `config`) it has given no heartbeat for longer than MT_STALE_SECONDS.
    """
    if job.state != "running":
        return ""
    if _alive_here(job.worker) is False:
        return f"its process (PID {job.worker.split(':')[1]} on this machine) has ended"
    if config is not None and (
        job.heartbeat_at is None or job.heartbeat_at < utcnow() - stale_after(config)
    ):
        seen = f"{job.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC" if job.heartbeat_at else "it started"
        return f"it has given no sign of life since {seen}"
    return ""


def take_over(session: Session, job: MTJob, config: Any = None) -> str:
    """A running job whose runner is gone back to queued, so that a new run can claim it (and
    resume it: what it translated is kept). Returns why it was taken over, "" if it was not
    (its runner may be alive, or someone else took it over first)."""
    reason = runner_gone(job, config)
    if not reason:
        return ""
    requeued = _requeue(session, job.id, job.worker)
    session.refresh(job)
    if not requeued:
        return ""
    log.warning("MT job %s: %s; taken over", job.id, reason)
    return reason


def _requeue(session: Session, job_id: int, worker: str) -> bool:
    """Running → queued (committed), only if `worker` still holds it (→ True)."""
    result = session.execute(
        update(MTJob)
        .where(MTJob.id == job_id, MTJob.state == "running", MTJob.worker == worker)
        .values(state="queued", worker="")
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return _rowcount(result) == 1


def request_cancel(session: Session, job_id: int, config: Any = None) -> MTJob:
    """Cancel: a queued job at once; a running one at its next batch (the worker checks), or
    at once when its runner is gone (nobody else would ever see the request)."""
    job = session.get(MTJob, job_id)
    if job is None:
        raise JobError(f"there is no MT job {job_id}")
    if job.state not in ACTIVE_STATES:
        raise JobError(f"MT job {job_id} is {job.state} already: nothing to cancel")
    gone = runner_gone(job, config)
    if gone:
        session.execute(
            update(MTJob)
            .where(MTJob.id == job_id, MTJob.state == "running", MTJob.worker == job.worker)
            .values(
                state="cancelled",
                cancel_requested=True,
                finished_at=utcnow(),
                error=f"cancelled: {gone}"[:2000],
            )
            .execution_options(synchronize_session=False)
        )
    session.execute(
        update(MTJob)
        .where(MTJob.id == job_id, MTJob.state == "queued")
        .values(
            state="cancelled",
            cancel_requested=True,
            finished_at=utcnow(),
            error="cancelled before it started",
        )
        .execution_options(synchronize_session=False)
    )
    session.execute(
        update(MTJob)
        .where(MTJob.id == job_id, MTJob.state == "running")
        .values(cancel_requested=True)
        .execution_options(synchronize_session=False)
    )
    session.flush()
    session.refresh(job)
    return job


def latest_job(session: Session, document_id: int) -> MTJob | None:
    return session.scalars(
        select(MTJob).where(MTJob.document_id == document_id).order_by(MTJob.id.desc()).limit(1)
    ).first()


def list_jobs(session: Session, document_id: int | None = None, limit: int = 50) -> list[MTJob]:
    stmt = select(MTJob).order_by(MTJob.id.desc()).limit(limit)
    if document_id is not None:
        stmt = stmt.where(MTJob.document_id == document_id)
    return list(session.scalars(stmt))


# --- running ----------------------------------------------------------------------------------


class _Lost(Exception):
    """This worker no longer owns the job (re-queued as stale, or finished elsewhere)."""


def _fence(session: Session, job_id: int, worker: str) -> None:
    """Heartbeat, and proof that the job is still ours, as the transaction's first write.

    Being a write, it also takes SQLite's write lock before the segments are re-read, so no
    reviewer's save can slip between that read and this batch's commit.
    """
    result = session.execute(
        update(MTJob)
        .where(MTJob.id == job_id, MTJob.state == "running", MTJob.worker == worker)
        .values(heartbeat_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if _rowcount(result) != 1:
        session.rollback()
        raise _Lost()


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_job(
    app: Flask,
    job_id: int,
    *,
    engine: Engine | None = None,
    progress: ProgressCallback | None = None,
    worker: str | None = None,
) -> str:
    """Claim and run the job to its end; returns its final state ("not claimed" if another
    worker has it). `engine` defaults to this process's configured engine."""
    worker = worker or worker_name()
    with _session(app) as session:
        if not claim(session, job_id, worker):
            return "not claimed"
        job = session.get(MTJob, job_id)
        assert job is not None
        try:
            return _run_claimed(app, session, job, worker, engine, progress)
        except _Lost:
            log.warning("MT job %s: taken over by another worker; stopping", job_id)
            return "lost"
        except Exception as exc:
            session.rollback()
            log.exception("MT job %s failed", job_id)
            _finish(session, job, worker, "failed", f"{type(exc).__name__}: {exc}")
            return "failed"


@dataclass
class _Batch:
    """One job batch on its way: read (main thread), translated (engine thread), written."""

    chunk: Sequence[int]
    segments: list[Segment]  # those still needing MT when it was read
    versions: dict[int, int]  # their versions then: a reviewer's later save wins
    requests: list[service.Request]
    translated: Future[list[Translation]] | None = None


def _run_claimed(
    app: Flask,
    session: Session,
    job: MTJob,
    worker: str,
    engine: Engine | None,
    progress: ProgressCallback | None,
) -> str:
    try:
        if engine is None:  # not `engine or …`: an empty CachedEngine is falsy (__len__)
            engine = service.engine_for(app.config)
        job.engine, job.model_version = engine.name[:50], engine.model_version[:100]
    except MTError as exc:
        return _finish(session, job, worker, "failed", str(exc))
    todo = _todo_ids(session, job)
    # a resumed job: what it translated before its worker died counts as done
    job.done = _done_count(session, job.id)
    job.total, job.failed = job.done + len(todo), 0
    _fence(session, job.id, worker)
    session.commit()
    if progress:
        progress(job)
    split_limit = service.settings_from_config(app.config).split_limit
    chunks = _chunks(todo, job_batch_size(app.config))
    # The overlap: engine threads translate the next batches while this thread writes, checks
    # and commits the current one. At most PIPELINE_DEPTH batches are read and not yet written
    # (a bounded queue), so a cancel or a lost job wastes at most that much translation, never
    # a write. Both are in the engine at once, one thread each: CTranslate2 interleaves their
    # batches on its inter_threads workers, so none of them idles at the tail of a job batch
    # (a single engine thread would hand over the next batch only once the last one is done).
    ahead: deque[_Batch] = deque()
    with ThreadPoolExecutor(PIPELINE_DEPTH, thread_name_prefix=f"mt-job-{job.id}") as pool:
        try:

            def read_next() -> None:
                chunk = next(chunks, None)
                if chunk is not None:
                    batch = _read_batch(session, job, chunk, split_limit)
                    if batch.requests:
                        batch.translated = pool.submit(
                            engine.translate_batch, service.engine_inputs(batch.requests)
                        )
                    ahead.append(batch)

            for _ in range(PIPELINE_DEPTH):
                read_next()
            while ahead:
                session.refresh(job)
                if job.state != "running" or job.worker != worker:
                    raise _Lost()
                if job.cancel_requested:
                    return _finish(session, job, worker, "cancelled", "cancelled by request")
                batch = ahead.popleft()
                outcome = _outcome(batch)
                read_next()  # before writing: the engine starts on it while this one is written
                _write_batch(session, job, worker, engine, batch, outcome)
                if progress:
                    progress(job)
        finally:
            for batch in ahead:  # cancelled, lost or crashed: what has not started never will
                if batch.translated is not None:
                    batch.translated.cancel()
    if job.done == 0 and job.failed > 0:
        return _finish(session, job, worker, "failed", job.error or "every batch failed")
    return _finish(session, job, worker, "finished", job.error)


def _read_batch(session: Session, job: MTJob, chunk: Sequence[int], split_limit: int) -> _Batch:
    order = {segment_id: n for n, segment_id in enumerate(chunk)}
    segments = sorted(
        session.scalars(select(Segment).where(Segment.id.in_(chunk))), key=lambda s: order[s.id]
    )
    # a reviewer may have saved some of them since the job started
    segments = [s for s in segments if _still_needs_mt(s, job.refresh)]
    requests = service.prepare_requests(
        session, [s.source_simplified for s in segments], split_limit=split_limit
    )
    versions = {s.id: s.version for s in segments}
    session.commit()  # no transaction stays open while the engine works
    return _Batch(chunk, segments, versions, requests)


def _outcome(batch: _Batch) -> list[Translation] | BaseException:
    """The engine's outputs for the batch, or the error it raised (the batch then fails)."""
    if batch.translated is None:
        return []
    try:
        return batch.translated.result()
    except Exception as exc:  # noqa: BLE001 - CTranslate2 raises RuntimeError; any engine error
        return exc


def _write_batch(
    session: Session,
    job: MTJob,
    worker: str,
    engine: Engine,
    batch: _Batch,
    outcome: list[Translation] | BaseException,
) -> None:
    segments, skipped = batch.segments, len(batch.chunk) - len(batch.segments)
    try:
        if isinstance(outcome, BaseException):
            raise outcome
        results = service.suggestions(engine, batch.requests, outcome)
    except Exception as exc:  # noqa: BLE001 - the engine's error, or outputs that don't match
        _fence(session, job.id, worker)
        job.failed += len(segments)
        job.done += skipped
        first = segments[0].id if segments else "?"
        job.error = (
            f"{job.failed} segments failed; last: batch of {len(segments)} from "
            f"segment {first}: {type(exc).__name__}: {exc}"
        )[:2000]
        session.commit()
        log.warning("MT job %s: %s", job.id, job.error)
        return
    _fence(session, job.id, worker)
    fresh = {
        s.id: s
        for s in session.scalars(
            select(Segment)
            .where(Segment.id.in_(list(batch.versions)))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    for segment, request, suggestion in zip(segments, batch.requests, results, strict=True):
        current = fresh[segment.id]
        _store(
            session, job, engine, current, batch.versions[segment.id], request.source, suggestion
        )
    job.done += len(batch.chunk)
    # QA re-runs after the commit, once for the batch (the saves' events are merged)
    events.record(
        session, events.JobProgressed(job.id, job.document_id, job.state, job.done, job.total)
    )
    session.commit()


def _store(
    session: Session,
    job: MTJob,
    engine: Engine,
    segment: Segment,
    base_version: int,
    source: str,
    suggestion: service.Suggestion,
) -> bool:
    """Keep the output; set the segment's English only if it is still nobody's work (→ True)."""
    from .segments import Conflict, EditError, save_target

    flags = list(suggestion.flags) + ([] if suggestion.text else ["the engine returned nothing"])
    output = service.new_output(segment, engine, source, suggestion, job_id=job.id)
    output.flags = flags
    session.add(output)
    if not suggestion.text or not _still_needs_mt(segment, job.refresh):
        return False
    try:
        # both refusals are raised before save_target changes anything: no savepoint needed
        save_target(
            session,
            segment,
            target=suggestion.text,
            status=Status.MACHINE_TRANSLATED.value,
            user=None,
            origin="mt",
            base_version=base_version,
            note=f"MT job {job.id}: {engine.name} {engine.model_version}",
        )
    except (Conflict, EditError):
        return False  # a reviewer saved meanwhile (or merged it away): their text stays, the MT is kept
    return True


def _finish(session: Session, job: MTJob, worker: str, state: str, error: str) -> str:
    try:
        _fence(session, job.id, worker)
    except _Lost:
        return "lost"
    job.state, job.error, job.finished_at = state, (error or "")[:2000], utcnow()
    session.commit()
    return state


def abandon(app: Flask, job_id: int) -> None:
    """The foreground run was interrupted (Ctrl+C): the job ends cancelled, what is done stays."""
    with _session(app) as session:
        session.execute(
            update(MTJob)
            .where(MTJob.id == job_id, MTJob.state.in_(ACTIVE_STATES))
            .values(
                state="cancelled", cancel_requested=True, finished_at=utcnow(), error="interrupted"
            )
            .execution_options(synchronize_session=False)
        )
        session.commit()


# --- recovery -----------------------------------------------------------------------------------


def _alive_here(worker: str) -> bool | None:
    """Whether the worker process is alive: True/False if it ran on this host, None if unknown."""
    parts = worker.split(":")
    if len(parts) < 3 or parts[0] != socket.gethostname()[:50] or not parts[1].isdigit():
        return None
    pid, token = int(parts[1]), parts[2]
    if pid == os.getpid():
        return token == _PROCESS_TOKEN
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_jobs(app: Flask, *, startup: bool = False) -> list[int]:
    """Re-queue running jobs whose worker died; returns the ids put (back) on the queue.

    Dead means: heartbeat older than the stale limit, or (at a consumer's start-up) a worker
    of this host whose process is gone. At start-up every queued job is also submitted again
    (a duplicate message is harmless: only one claim succeeds).
    """
    limit = utcnow() - stale_after(app.config)
    requeued: list[int] = []
    with _session(app) as session:
        for job in session.scalars(select(MTJob).where(MTJob.state == "running")):
            stale = job.heartbeat_at is None or job.heartbeat_at < limit
            dead = stale or (startup and _alive_here(job.worker) is False)
            if not dead:
                continue
            if _requeue(session, job.id, job.worker):
                log.warning("MT job %s: worker %s is gone; re-queued", job.id, job.worker)
                requeued.append(job.id)
        if startup:
            requeued = sorted(
                set(requeued)
                | set(session.scalars(select(MTJob.id).where(MTJob.state == "queued")))
            )
    for job_id in requeued:
        submit(app, job_id)
    return requeued


# --- Huey -------------------------------------------------------------------------------------


def huey_for(app: Flask) -> Huey:
    """This app's Huey: Redis when WORKBENCH_REDIS_URL is set (workers on several machines
    share it), else SQLite beside the database (`workbench serve` alone does everything)."""
    huey = app.extensions.get("mt_huey")
    if huey is not None:
        return huey
    if app.config.get("REDIS_URL"):
        try:
            import redis  # noqa: F401 - only to give a clear message when it is missing
            from huey import RedisHuey
        except ImportError:
            raise JobError(
                "WORKBENCH_REDIS_URL is set but the redis package is missing: "
                "pip install 'workbench[redis]'"
            ) from None
        huey = RedisHuey("workbench", url=app.config["REDIS_URL"], results=False)
    else:
        path = str(app.config["HUEY_SQLITE_PATH"])
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        huey = SqliteHuey("workbench", filename=path, results=False)
    _register_tasks(huey, app)
    app.extensions["mt_huey"] = huey
    return huey


def _register_tasks(huey: Huey, app: Flask) -> None:
    @huey.task(name=TASK_NAME)
    def pretranslate(job_id: int) -> None:
        run_job(app, job_id)

    @huey.periodic_task(crontab(minute="*"), name=RECOVER_TASK_NAME)
    def recover() -> None:
        recover_jobs(app)

    app.extensions["mt_task"] = pretranslate


def submit(app: Flask, job_id: int) -> None:
    """Put "run job N" on the queue (in immediate mode it runs here and now)."""
    huey_for(app)
    app.extensions["mt_task"](job_id)


def enqueue(
    app: Flask,
    session: Session,
    document_id: int,
    *,
    refresh: bool = False,
    user: User | None = None,
    resume: bool = False,
) -> MTJob:
    """Create the job (committed) and hand it to the queue; JobActive if one is active.

    A running job whose runner is gone (runner_gone) is put back on the queue instead, to be
    resumed; with `resume` only that is done (JobError when there is no such job).
    """
    active = active_job(session, document_id)
    if active is not None and take_over(session, active, app.config):
        job = active
    elif resume:
        if active is not None:
            raise JobActive(active)
        raise JobError(f"document {document_id} has no interrupted MT job to resume")
    else:
        job = create_job(session, document_id, refresh=refresh, user=user)
        session.commit()
    try:
        submit(app, job.id)
    except Exception as exc:  # noqa: BLE001 - a queue that cannot be reached (Redis down)
        job.state, job.finished_at = "failed", utcnow()
        job.error = f"cannot reach the task queue: {exc}"[:2000]
        session.commit()
        raise JobError(job.error) from None
    session.refresh(job)
    return job


class _ThreadConsumer(Consumer):
    """A consumer inside another program (the web server): threads only, no signal handlers
    (they belong to the server; its Ctrl+C must keep working)."""

    def _set_signal_handlers(self) -> None:
        return None


def start_consumer_in_server(app: Flask) -> Consumer | None:
    """Called by `workbench serve`/`demo`: a consumer thread in this process, unless disabled
    (WORKBENCH_CONSUMER_IN_SERVER=0, when separate `workbench worker` processes run)."""
    if not app.config.get("MT_CONSUMER_IN_SERVER"):
        return None
    huey = huey_for(app)
    recover_jobs(app, startup=True)
    consumer = _ThreadConsumer(huey, workers=1, worker_type="thread", periodic=True)
    consumer.start()
    app.extensions["mt_consumer"] = consumer
    return consumer


def run_worker(app: Flask, workers: int = 1) -> None:
    """`workbench worker`: a standalone consumer (blocks; Ctrl+C stops it gracefully)."""
    huey = huey_for(app)
    recover_jobs(app, startup=True)
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()
