"""Machine translation actions: start and cancel pre-translation, translate one segment
again, install and remove models. The engines, packages and the job runner live in
`workbench.mt`; this module adds who may, and one transaction per action."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ...models import Document, MTJob, MTOutput, Segment
from ...mt import jobs as mt_jobs
from ...mt import packages, service
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
) -> MTJob:
    """Queue pre-translation of a document (or, `queue=False`, create the job for this process
    to run, as `workbench mt translate` does); Conflict while one is queued or running."""
    require(actor, Action.PRETRANSLATE)
    get(session, Document, document_id, "document")
    try:
        if not queue:
            with transaction(session):
                return mt_jobs.create_job(
                    session, document_id, refresh=refresh, user=user_of(actor)
                )
        return mt_jobs.enqueue(app, session, document_id, refresh=refresh, user=user_of(actor))
    except mt_jobs.JobActive as exc:
        session.rollback()
        raise Conflict(str(exc)) from None
    except mt_jobs.JobError as exc:
        session.rollback()
        raise Invalid(str(exc)) from None


def cancel_pretranslation(session: Session, actor: Actor, job_id: int) -> MTJob:
    """Cancel a job (a running one stops after its current batch); Conflict if it is over."""
    require(actor, Action.PRETRANSLATE)
    get(session, MTJob, job_id, "MT job")
    with transaction(session):
        try:
            return mt_jobs.request_cancel(session, job_id)
        except mt_jobs.JobError as exc:
            raise Conflict(str(exc)) from None


def translate_again(session: Session, actor: Actor, config: Any, segment_id: int) -> MTOutput:
    """A fresh suggestion (with alternatives) stored as the segment's newest MT; the English
    is untouched. MTError (no model, engine failure) is passed on for the page to explain."""
    require(actor, Action.PRETRANSLATE)
    segment = get(session, Segment, segment_id, "segment")
    with transaction(session):
        return service.translate_again(session, service.engine_for(config), segment)


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
