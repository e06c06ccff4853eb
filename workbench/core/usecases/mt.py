"""Machine translation actions: start and cancel pre-translation, translate one segment
again, install and remove models. The engines, packages and the job runner live in
`workbench.mt` (engines, packages) and `workbench.services.mt_jobs` (the job runner); this
module adds who may, and one transaction per action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ...models import Document, MTJob, MTOutput, Segment
from ...mt import packages
from ...services import mt as service
from ...services import mt_jobs
from ..errors import Conflict, Invalid
from ..permissions import Action, Actor, require
from . import get, transaction, user_of


def start_pretranslation(
    app: Any,
    session: Session,
    actor: Actor,
    document_id: int,
    *,
    refresh: bool = False,
    queue: bool = True,
    resume: bool = False,
) -> MTJob:
    """Queue pre-translation of a document (or, `queue=False`, create the job for this process
    to run, as `workbench mt translate` does); Conflict while one is queued or running. A
    queued job whose process died is resumed instead (`services.mt_jobs.enqueue`)."""
    require(actor, Action.PRETRANSLATE)
    get(session, Document, document_id, "document")
    try:
        if not queue:
            with transaction(session):
                return mt_jobs.create_job(
                    session, document_id, refresh=refresh, user=user_of(actor)
                )
        return mt_jobs.enqueue(
            app, session, document_id, refresh=refresh, user=user_of(actor), resume=resume
        )
    except mt_jobs.JobActive as exc:
        session.rollback()
        raise Conflict(str(exc)) from None
    except mt_jobs.JobError as exc:
        session.rollback()
        raise Invalid(str(exc)) from None


def job_to_run_here(
    app: Any,
    session: Session,
    actor: Actor,
    document_id: int,
    *,
    refresh: bool = False,
    resume: bool = False,
) -> tuple[MTJob, str]:
    """The job `workbench mt translate` runs in its own process, and a line saying what it
    does when that is not a new job: the document's job whose process died is resumed (what it
    translated is kept); with `resume`, a queued one is run here. Conflict while the job's
    runner may be alive or a queued job waits for a worker; Invalid for `resume` with nothing
    to resume. The messages name the commands that help."""
    require(actor, Action.PRETRANSLATE)
    get(session, Document, document_id, "document")
    active = mt_jobs.active_job(session, document_id)
    if active is None:
        if resume:
            raise Invalid(
                f"document {document_id} has no interrupted MT job to resume; "
                f"`workbench mt translate {document_id}` starts one"
            )
        job = start_pretranslation(app, session, actor, document_id, refresh=refresh, queue=False)
        return job, ""
    if active.state == "running":
        reason = mt_jobs.take_over(session, active, app.config)
        if not reason:
            raise Conflict(str(mt_jobs.JobActive(active)))
        return active, f"resuming MT job {active.id}: {reason}; what it translated is kept"
    if resume:
        return active, f"running queued MT job {active.id} here"
    # waiting for a worker, which may be about to take it
    raise Conflict(
        f"document {document_id} already has MT job {active.id} (queued): "
        f"`workbench worker` runs it, `workbench mt translate {document_id} --resume` "
        f"runs it here, `workbench mt cancel {active.id}` cancels it"
    )


def cancel_pretranslation(session: Session, actor: Actor, job_id: int, config: Any = None) -> MTJob:
    """Cancel a job (a running one stops after its current batch; one whose process died, at
    once); Conflict if it is over."""
    require(actor, Action.PRETRANSLATE)
    get(session, MTJob, job_id, "MT job")
    with transaction(session):
        try:
            return mt_jobs.request_cancel(session, job_id, config)
        except mt_jobs.JobError as exc:
            raise Conflict(str(exc)) from None


def translate_again(
    session: Session, actor: Actor, config: Any, segment_id: int, mode: str = "default"
) -> MTOutput:
    """A fresh suggestion (with alternatives) stored as the segment's newest MT; the English
    is untouched. `mode` (service.AGAIN_MODES) decodes differently from a flagged output.
    MTError (no model, engine failure) is passed on for the page to explain."""
    require(actor, Action.PRETRANSLATE)
    segment = get(session, Segment, segment_id, "segment")
    if mode not in service.AGAIN_MODES:
        raise Invalid(
            f"unknown way to translate again: choose one of {', '.join(service.AGAIN_MODES)}"
        )
    split_limit = service.settings_from_config(config).split_limit
    with transaction(session):
        return service.translate_again(
            session, service.engine_for(config), segment, split_limit=split_limit, mode=mode
        )


def install_model(
    actor: Actor, packages_dir: Path, path: Path, *, replace: bool = False
) -> packages.PackageInfo:
    require(actor, Action.MANAGE_MODELS)
    return packages.install_file(packages_dir, path, replace=replace)


def remove_model(
    actor: Actor, packages_dir: Path, from_code: str, to_code: str
) -> list[packages.PackageInfo]:
    require(actor, Action.MANAGE_MODELS)
    return packages.remove(packages_dir, from_code, to_code)
