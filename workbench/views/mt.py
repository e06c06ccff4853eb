"""Machine translation in the browser: the admin page (models), the document's pre-translation
panel (start, live progress, cancel) and the per-segment "translate again" and MT history."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from .. import db_session
from ..edge import allows_upload
from ..htmx import fragment, is_fragment_request
from ..models import MTJob
from ..mt import MTError, packages, service
from ..mt import jobs as mt_jobs
from ..templating import per_request
from .documents import get_document
from .segments import get_segment

bp = Blueprint("mt", __name__)


@bp.before_request
@login_required
def _require_login() -> None:
    """Every MT page and action needs a logged-in user (and CSRFProtect checks the token)."""


def _require_admin() -> None:
    if not current_user.can("admin"):
        abort(403, "Only administrators can install or remove models.")


@bp.app_context_processor
def _mt_helpers():
    def mt_engine_status() -> service.EngineStatus:
        return per_request("workbench.mt_status", lambda: service.engine_status(current_app.config))

    def mt_latest_job(document_id: int) -> MTJob | None:
        return mt_jobs.latest_job(db_session(), document_id)

    return {"mt_engine_status": mt_engine_status, "mt_latest_job": mt_latest_job}


# --- admin page ---------------------------------------------------------------------------------


def _packages_dir() -> Path:
    return Path(current_app.config["MT_PACKAGES_DIR"])


@bp.get("/mt")
def admin():
    """Installed models, the engine and its settings; install/remove for administrators."""
    config = current_app.config
    return render_template(
        "mt/admin.html",
        installed=packages.list_packages(_packages_dir()),
        packages_dir=_packages_dir(),
        settings=service.settings_from_config(config),
        job_batch=mt_jobs.job_batch_size(config),
        queue="Redis" if config.get("REDIS_URL") else f"SQLite ({config['HUEY_SQLITE_PATH']})",
        consumer_in_server=config.get("MT_CONSUMER_IN_SERVER"),
        jobs=mt_jobs.list_jobs(db_session(), limit=20),
        is_admin=current_user.can("admin"),
    )


@bp.post("/mt/install-file")
@allows_upload("MT_MAX_MODEL_BYTES")  # real models are 100-300 MB, not a document's 5 MB
def install_file():
    """Install an uploaded .argosmodel (validated first; a refused file changes nothing)."""
    _require_admin()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choose an .argosmodel file to install.", "error")
        return redirect(url_for("mt.admin"), code=303)
    with tempfile.TemporaryDirectory(prefix="workbench-upload-") as tmp:
        # the file's own name only (never a path the browser sent)
        path = Path(tmp) / (Path(upload.filename).name or "upload.argosmodel")
        upload.save(path)
        try:
            info = packages.install_file(
                _packages_dir(),
                path,
                replace=bool(request.form.get("replace")),
                max_unpacked=current_app.config["MT_MAX_UNPACKED_BYTES"],
            )
        except MTError as exc:
            flash(f"Not installed: {exc}", "error")
            return redirect(url_for("mt.admin"), code=303)
    flash(f"Installed {info.pair} {info.version} ({info.name}).", "success")
    return redirect(url_for("mt.admin"), code=303)


@bp.post("/mt/remove")
def remove():
    """Remove the installed models of a pair."""
    _require_admin()
    source, target = request.form.get("from_code", ""), request.form.get("to_code", "")
    removed = packages.remove(_packages_dir(), source, target)
    if removed:
        flash(f"Removed {', '.join(f'{p.pair} {p.version}' for p in removed)}.", "success")
    else:
        flash(f"No {source}→{target} model is installed.", "error")
    return redirect(url_for("mt.admin"), code=303)


# --- the document panel --------------------------------------------------------------------------


def _panel(document_id: int, status: int = 200, **extra):
    doc = get_document(document_id)
    if not is_fragment_request():  # a plain form (no JavaScript): back to the document
        if extra.get("message"):
            flash(extra["message"], "error")
        return redirect(url_for("documents.show", document_id=doc.id), code=303)
    return fragment(
        "mt/_panel.html",
        doc=doc,
        job=mt_jobs.latest_job(db_session(), doc.id),
        status=status,
        **extra,
    )


@bp.get("/documents/<int:document_id>/mt")
def panel(document_id: int):
    """The panel with the latest job: polled every second while the job is queued or running."""
    return _panel(document_id)


@bp.post("/documents/<int:document_id>/mt")
def pretranslate(document_id: int):
    """Queue pre-translation of the document; 409 while a job is queued or running."""
    get_document(document_id)
    session = db_session()
    try:
        mt_jobs.enqueue(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            session,
            document_id,
            refresh=bool(request.form.get("refresh")),
            user=current_user,
        )
    except mt_jobs.JobActive as exc:
        session.rollback()
        return _panel(document_id, 409, message=str(exc))
    except mt_jobs.JobError as exc:
        session.rollback()
        return _panel(document_id, 422, message=str(exc))
    return _panel(document_id, 202)


@bp.post("/mt/jobs/<int:job_id>/cancel")
def cancel(job_id: int):
    """Cancel the job (a running one stops after its current batch)."""
    session = db_session()
    job = session.get(MTJob, job_id)
    if job is None:
        abort(404, f"There is no MT job {job_id}.")
    try:
        mt_jobs.request_cancel(session, job_id)
        session.commit()
    except mt_jobs.JobError as exc:
        session.rollback()
        return _panel(job.document_id, 409, message=str(exc))
    return _panel(job.document_id)


# --- per segment ------------------------------------------------------------------------------


@bp.post("/segments/<int:segment_id>/mt")
def translate_again(segment_id: int):
    """The engine's output for this segment now, with up to 3 alternatives to pick from."""
    session = db_session()
    seg = get_segment(segment_id)
    try:
        engine = service.engine_for(current_app.config)
        output = service.translate_again(session, engine, seg)
        session.commit()
    except MTError as exc:
        session.rollback()
        return fragment(
            "mt/_suggestions.html",
            seg=seg,
            output=None,
            error=str(exc),
            status=200 if isinstance(exc, service.NoModelError) else 422,
        )
    return fragment("mt/_suggestions.html", seg=seg, output=output, error="")


@bp.get("/segments/<int:segment_id>/mt/history")
def history(segment_id: int):
    """Every MT output of the segment (older models' included), newest first."""
    seg = get_segment(segment_id)
    return fragment("mt/_history.html", seg=seg, outputs=service.mt_history(db_session(), seg.id))
