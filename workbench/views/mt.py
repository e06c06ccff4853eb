"""Machine translation in the browser: the admin page (models), the document's pre-translation
panel (start, live progress, cancel) and the per-segment "translate again" and MT history."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from ..core.errors import Conflict, Invalid
from ..core.permissions import Action, allowed, require
from ..core.usecases import get
from ..core.usecases import mt as cases
from ..db import db_session
from ..htmx import fragment, is_fragment_request
from ..models import MTJob
from ..mt import MTError, packages
from ..services import mt as service
from ..services import mt_jobs
from ..templating import per_request
from .documents import get_document
from .segments import get_segment

bp = Blueprint("mt", __name__)

# A real zh→en model is ~100-300 MB: the app-wide request limit (document imports) is far lower.
MODEL_UPLOAD_LIMIT = 2 * 1024**3


@bp.before_request
@login_required
def _require_login() -> None:
    """Every MT page and action needs a logged-in user (and CSRFProtect checks the token)."""


@bp.app_context_processor
def _mt_helpers():
    def mt_engine_status() -> service.EngineStatus:
        return per_request("workbench.mt_status", lambda: service.engine_status(current_app.config))

    return {"mt_engine_status": mt_engine_status, "mt_again_modes": service.AGAIN_MODES}


@bp.app_template_filter("mt_confidence")
def _mt_confidence(score: float | None) -> int | None:
    """A stored MT score as the percentage a row shows (services.mt.confidence)."""
    return service.confidence(score)


# --- admin page ---------------------------------------------------------------------------------


def _packages_dir() -> Path:
    return Path(current_app.config["MT_PACKAGES_DIR"])


@bp.get("/mt")
def admin():
    """Installed models, the engine and its settings; install/remove for administrators."""
    config = current_app.config
    settings = service.settings_from_config(config)
    from ..mt.argos import device_for  # CTranslate2 is loaded only when someone asks

    try:
        device = " / ".join(device_for(settings))
    except MTError as exc:
        device = str(exc)
    return render_template(
        "mt/admin.html",
        installed=packages.list_packages(_packages_dir()),
        packages_dir=_packages_dir(),
        settings=settings,
        device=device,
        job_batch=mt_jobs.job_batch_size(config),
        queue="Redis" if config.get("REDIS_URL") else f"SQLite ({config['HUEY_SQLITE_PATH']})",
        consumer_in_server=config.get("MT_CONSUMER_IN_SERVER"),
        jobs=mt_jobs.list_jobs(db_session(), limit=20),
        is_admin=allowed(current_user, Action.MANAGE_MODELS),
    )


@bp.post("/mt/install-file")
def install_file():
    """Install an uploaded .argosmodel (validated first; a refused file changes nothing)."""
    require(current_user, Action.MANAGE_MODELS)  # before the upload is read
    request.max_content_length = MODEL_UPLOAD_LIMIT  # before the body is read
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash("Choose an .argosmodel file to install.", "error")
        return redirect(url_for("mt.admin"), code=303)
    with tempfile.TemporaryDirectory(prefix="workbench-upload-") as tmp:
        # the file's own name only (never a path the browser sent)
        path = Path(tmp) / (Path(upload.filename).name or "upload.argosmodel")
        upload.save(path)
        try:
            info = cases.install_model(
                current_user, _packages_dir(), path, replace=bool(request.form.get("replace"))
            )
        except MTError as exc:
            flash(f"Not installed: {exc}", "error")
            return redirect(url_for("mt.admin"), code=303)
    flash(f"Installed {info.pair} {info.version} ({info.name}).", "success")
    return redirect(url_for("mt.admin"), code=303)


@bp.post("/mt/remove")
def remove():
    """Remove the installed models of a pair."""
    source, target = request.form.get("from_code", ""), request.form.get("to_code", "")
    removed = cases.remove_model(current_user, _packages_dir(), source, target)
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
    job = mt_jobs.latest_job(db_session(), doc.id)
    return fragment(
        "mt/_panel.html",
        doc=doc,
        job=job,
        job_gone=mt_jobs.runner_gone(job, current_app.config) if job else "",
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
    try:
        cases.start_pretranslation(
            current_app._get_current_object(),  # type: ignore[attr-defined]
            db_session(),
            current_user,
            document_id,
            refresh=bool(request.form.get("refresh")),
        )
    except (Conflict, Invalid) as exc:
        return _panel(document_id, exc.status, message=str(exc))
    return _panel(document_id, 202)


@bp.post("/mt/jobs/<int:job_id>/cancel")
def cancel(job_id: int):
    """Cancel the job (a running one stops after its current batch)."""
    job = get(db_session(), MTJob, job_id, "MT job")
    try:
        cases.cancel_pretranslation(db_session(), current_user, job_id, current_app.config)
    except Conflict as exc:
        return _panel(job.document_id, exc.status, message=str(exc))
    return _panel(job.document_id)


# --- per segment ------------------------------------------------------------------------------


@bp.post("/segments/<int:segment_id>/mt")
def translate_again(segment_id: int):
    """The engine's output for this segment now, with up to 3 alternatives to pick from;
    `mode` (a form field, see services.mt.AGAIN_MODES) decodes differently from a flagged one."""
    seg = get_segment(segment_id)
    try:
        output = cases.translate_again(
            db_session(),
            current_user,
            current_app.config,
            seg.id,
            mode=request.form.get("mode", "default"),
        )
    except MTError as exc:
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
