"""`workbench mt …` (models, pre-translation, jobs) and `workbench worker` (the task consumer).

Model commands need no database: they work on MT_PACKAGES_DIR (WORKBENCH_MT_PACKAGES_DIR).
Every failure is one line on stderr and exit status 1 (click.ClickException).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click
from flask import Flask
from sqlalchemy.orm import Session

from ..models import Document, MTJob
from ..mt import Engine, MTError, packages
from ..services import mt as service
from ..services import mt_jobs
from .base import make_app, with_app


def _packages_dir() -> Path:
    return Path(make_app(check_schema=False).config["MT_PACKAGES_DIR"])


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1048576:.1f} MB"


@click.group("mt")
def mt_group() -> None:
    """Machine translation: Argos models, pre-translation jobs."""


@mt_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
def list_cmd(as_json: bool) -> None:
    """Installed translation models: pair, version, size, path."""
    found = packages.list_packages(_packages_dir())
    if as_json:
        click.echo(json.dumps([p.as_dict() for p in found], ensure_ascii=False))
        return
    if not found:
        click.echo(f"no models installed in {_packages_dir()}")
    for p in found:
        click.echo(f"{p.pair}\t{p.version}\t{_size(p.size_bytes)}\t{p.path}")


@mt_group.command("install")
@click.argument("from_code")
@click.argument("to_code")
@click.option(
    "--timeout", default=10.0, show_default=True, help="Seconds before giving up on the network."
)
@click.option("--replace", is_flag=True, help="Replace an installed package of the same version.")
@click.option(
    "--index",
    "index_url",
    metavar="URL",
    help="Package index (default: Argos's, or the ARGOS_PACKAGE_INDEX variable).",
)
def install_cmd(
    from_code: str, to_code: str, timeout: float, replace: bool, index_url: str | None
) -> None:
    """Download and install a model from the Argos package index (needs network)."""
    try:
        info = packages.install_from_index(
            _packages_dir(),
            from_code,
            to_code,
            timeout=timeout,
            replace=replace,
            index_url=index_url,
        )
    except MTError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"installed {info.pair} {info.version} ({_size(info.size_bytes)}) in {info.path}")


@mt_group.command("install-file")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--replace", is_flag=True, help="Replace an installed package of the same version.")
def install_file_cmd(path: Path, replace: bool) -> None:
    """Install a model from an .argosmodel file (checked first; a refused file changes nothing)."""
    try:
        info = packages.install_file(_packages_dir(), path, replace=replace)
    except MTError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"installed {info.pair} {info.version} ({_size(info.size_bytes)}) in {info.path}")


@mt_group.command("remove")
@click.argument("from_code")
@click.argument("to_code")
def remove_cmd(from_code: str, to_code: str) -> None:
    """Remove every installed model of the pair (running workers keep theirs until restart)."""
    removed = packages.remove(_packages_dir(), from_code, to_code)
    if not removed:
        raise click.ClickException(f"no {from_code}→{to_code} model is installed")
    for p in removed:
        click.echo(f"removed {p.pair} {p.version} ({p.name})")


def _job_line(job: MTJob) -> str:
    line = f"job {job.id}\tdocument {job.document_id}\t{job.state}\t{job.done}/{job.total}"
    if job.failed:
        line += f"\t{job.failed} failed"
    if job.model_version:
        line += f"\t{job.engine} {job.model_version}"
    if job.error:
        line += f"\t{job.error}"
    return line


@mt_group.command("translate")
@click.argument("document_id", type=int)
@click.option(
    "--refresh",
    is_flag=True,
    help="Also re-translate segments that only have MT (never human text).",
)
@click.option(
    "--background", is_flag=True, help="Queue the job for the worker instead of running it here."
)
@click.option(
    "--resume",
    is_flag=True,
    help="Only resume the document's interrupted or queued job (never start a new one).",
)
@with_app
def translate_cmd(
    session: Session, document_id: int, refresh: bool, background: bool, resume: bool
) -> None:
    """Pre-translate every segment of a document that has no human translation.

    A job of the document whose process died (kill -9, a crash) is resumed, keeping what it
    translated; one still waiting in the queue is run here.
    """
    from flask import current_app

    from ..core.usecases import OPERATOR, get
    from ..core.usecases.mt import job_to_run_here, start_pretranslation

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    get(session, Document, document_id, "document")
    if background:
        job = start_pretranslation(
            app, session, OPERATOR, document_id, refresh=refresh, resume=resume
        )
        click.echo(
            f"queued MT job {job.id} for document {document_id} ({job.total} segments); "
            "`workbench worker` or `workbench serve` runs it"
        )
        return
    try:
        # here the engine is this process's: fail before creating a job that cannot run
        engine = service.engine_for(app.config)
    except MTError as exc:
        raise click.ClickException(str(exc)) from None
    job, note = job_to_run_here(app, session, OPERATOR, document_id, refresh=refresh, resume=resume)
    if note:
        click.echo(note, err=True)
    state = _run_with_bar(app, job, engine)
    session.expire_all()
    final = session.get(MTJob, job.id)
    assert final is not None
    click.echo(_job_line(final))
    if state != "finished":
        raise click.ClickException(f"MT job {job.id} {state}: {final.error or 'no reason given'}")


def _run_with_bar(app: Flask, job: MTJob, engine: Engine) -> str:
    shown = {"done": 0}
    with click.progressbar(
        length=max(job.total, 1), label=f"MT job {job.id}", show_pos=True, file=sys.stderr
    ) as bar:

        def progress(current: MTJob) -> None:
            # a resumed or shrunk job: the bar follows the job's own count
            bar.length = max(current.total, 1)
            step = current.done + current.failed - shown["done"]
            if step > 0:
                bar.update(step)
                shown["done"] += step

        try:
            return mt_jobs.run_job(app, job.id, engine=engine, progress=progress)
        except KeyboardInterrupt:
            mt_jobs.abandon(app, job.id)
            raise click.ClickException(
                f"interrupted: MT job {job.id} cancelled; translated segments are kept"
            ) from None


@mt_group.command("jobs")
@click.argument("document_id", type=int, required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@with_app
def jobs_cmd(session: Session, document_id: int | None, as_json: bool) -> None:
    """Recent MT jobs (of one document), newest first."""
    found = mt_jobs.list_jobs(session, document_id)
    if as_json:
        click.echo(json.dumps([_job_dict(j) for j in found], ensure_ascii=False))
        return
    if not found:
        click.echo("no MT jobs")
    for job in found:
        click.echo(_job_line(job))


def _job_dict(job: MTJob) -> dict:
    return {
        "id": job.id,
        "document": job.document_id,
        "state": job.state,
        "done": job.done,
        "total": job.total,
        "failed": job.failed,
        "error": job.error,
        "engine": job.engine,
        "model_version": job.model_version,
        "refresh": job.refresh,
        "worker": job.worker,
        "created_at": job.created_at.isoformat() if job.created_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }


@mt_group.command("cancel")
@click.argument("job_id", type=int)
@with_app
def cancel_cmd(session: Session, job_id: int) -> None:
    """Cancel a job: a queued one at once, a running one after its current batch (one whose
    process died, at once)."""
    from flask import current_app

    from ..core.usecases import OPERATOR
    from ..core.usecases.mt import cancel_pretranslation

    job = cancel_pretranslation(session, OPERATOR, job_id, current_app.config)
    if job.state == "cancelled":
        click.echo(f"MT job {job_id} cancelled")
    else:
        click.echo(f"MT job {job_id}: cancel requested; it stops after its current batch")


@click.command("worker")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Jobs run at once in this process (they share one model).",
)
def worker_cmd(workers: int) -> None:
    """Run the background task consumer (MT jobs) until Ctrl+C."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = make_app()
    try:
        huey = mt_jobs.huey_for(app)
    except mt_jobs.JobError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"workbench worker: {type(huey).__name__} queue, {workers} thread(s); Ctrl+C stops",
        err=True,
    )
    mt_jobs.run_worker(app, workers)


def register(main: click.Group) -> None:
    main.add_command(mt_group)
    main.add_command(worker_cmd)
