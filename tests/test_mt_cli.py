"""`workbench mt …` and `workbench worker`: models, pre-translation with a progress bar, jobs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from argos_model import build_broken_argosmodel, build_tiny_argosmodel
from click.testing import Result
from sqlalchemy import select

from workbench.models import MTJob, Segment

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def tiny_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_argosmodel(tmp_path_factory.mktemp("tiny-model-cli"))


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def one_error_line(result: Result) -> str:
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def jobs_of(app, doc_id: int) -> list[MTJob]:
    with app.app_context():
        s = app.extensions["db_session"]()
        return list(s.scalars(select(MTJob).where(MTJob.document_id == doc_id).order_by(MTJob.id)))


# --- models -------------------------------------------------------------------------------------


def test_list_install_file_remove(app, cli, tiny_model_file) -> None:
    assert json.loads(cli("mt", "list", "--json").stdout) == []
    installed = cli("mt", "install-file", str(tiny_model_file))
    assert installed.exit_code == 0 and "installed zh→en 1.0" in installed.stdout
    [entry] = json.loads(cli("mt", "list", "--json").stdout)
    assert (entry["from_code"], entry["to_code"], entry["version"]) == ("zh", "en", "1.0")
    assert entry["size_bytes"] > 0
    assert Path(entry["path"]).parent == Path(app.config["MT_PACKAGES_DIR"])
    text = cli("mt", "list").stdout
    assert text.startswith("zh→en\t1.0\t") and entry["path"] in text
    again = cli("mt", "install-file", str(tiny_model_file))
    assert "already installed" in one_error_line(again)
    removed = cli("mt", "remove", "zh", "en")
    assert removed.exit_code == 0 and "removed zh→en 1.0" in removed.stdout
    assert json.loads(cli("mt", "list", "--json").stdout) == []
    assert "no zh→en model is installed" in one_error_line(cli("mt", "remove", "zh", "en"))


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("not-a-zip", "not an Argos package: not a zip archive"),
        ("no-top-folder", "must hold exactly one top-level folder"),
        ("no-model", "no CTranslate2 model (model/model.bin)"),
    ],
)
def test_broken_file_refused_and_directory_unchanged(
    app, cli, tiny_model_file, tmp_path, kind, reason
) -> None:
    packages_dir = Path(app.config["MT_PACKAGES_DIR"])
    cli("mt", "install-file", str(tiny_model_file))
    before = snapshot(packages_dir)
    broken = build_broken_argosmodel(tmp_path / "broken", kind)
    line = one_error_line(cli("mt", "install-file", str(broken)))
    assert reason in line
    assert snapshot(packages_dir) == before
    assert [
        p.name for p in packages_dir.parent.iterdir() if p.name.startswith(".workbench-mt-")
    ] == []


def test_install_offline_fails_fast_with_one_line(app, cli) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    start = time.monotonic()
    result = cli("mt", "install", "zh", "en", "--index", f"http://127.0.0.1:{port}/index.json")
    assert time.monotonic() - start < 5
    line = one_error_line(result)
    assert "no network" in line and "workbench mt install-file PATH.argosmodel" in line
    assert not Path(app.config["MT_PACKAGES_DIR"]).exists()


# --- pre-translation ----------------------------------------------------------------------------


def test_translate_in_process_with_progress(app, cli, sample_doc) -> None:
    result = cli("mt", "translate", str(sample_doc))
    assert result.exit_code == 0, result.output
    assert "MT job 1" in result.stderr  # the progress bar's label (no terminal: label only)
    assert result.stdout.strip().startswith(f"job 1\tdocument {sample_doc}\tfinished\t250/250")
    [job] = jobs_of(app, sample_doc)
    assert (job.state, job.done, job.engine) == ("finished", 250, "fake")
    with app.app_context():
        s = app.extensions["db_session"]()
        origins = set(s.scalars(select(Segment.origin).where(Segment.document_id == sample_doc)))
    assert origins == {"mt"}
    # nothing left to translate without --refresh; --refresh re-translates MT-only segments
    assert "0/0" in cli("mt", "translate", str(sample_doc)).stdout
    assert "250/250" in cli("mt", "translate", str(sample_doc), "--refresh").stdout


def test_translate_failure_is_one_line(app, cli, sample_doc, monkeypatch) -> None:
    monkeypatch.setenv("WORKBENCH_MT_ENGINE", "argos")  # nothing installed
    result = cli("mt", "translate", str(sample_doc))
    assert "no zh→en model is installed" in one_error_line(result)
    assert jobs_of(app, sample_doc) == []  # refused before any job was created
    assert "there is no document 99" in one_error_line(cli("mt", "translate", "99"))


def test_background_jobs_and_cancel(app, cli, sample_doc) -> None:
    queued = cli("mt", "translate", str(sample_doc), "--background")
    assert queued.exit_code == 0 and "queued MT job 1" in queued.stdout
    assert "already has MT job 1" in one_error_line(cli("mt", "translate", str(sample_doc)))
    listed = cli("mt", "jobs").stdout
    assert listed.startswith(f"job 1\tdocument {sample_doc}\tqueued\t0/250")
    as_json = json.loads(cli("mt", "jobs", str(sample_doc), "--json").stdout)
    assert [(j["id"], j["state"], j["total"]) for j in as_json] == [(1, "queued", 250)]
    assert cli("mt", "jobs", "99").stdout.strip() == "no MT jobs"
    cancelled = cli("mt", "cancel", "1")
    assert cancelled.exit_code == 0 and "MT job 1 cancelled" in cancelled.stdout
    assert "nothing to cancel" in one_error_line(cli("mt", "cancel", "1"))
    assert "there is no MT job 7" in one_error_line(cli("mt", "cancel", "7"))


def test_worker_process_runs_queued_jobs(app, cli, sample_doc) -> None:
    cli("mt", "translate", str(sample_doc), "--background")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    script = Path(sys.executable).parent / "workbench"  # the installed console script
    worker = subprocess.Popen(
        [str(script), "worker"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while (
            jobs_of(app, sample_doc)[0].state != "finished"
            and worker.poll() is None
            and time.monotonic() < deadline
        ):
            time.sleep(0.2)
        job = jobs_of(app, sample_doc)[0]
        assert (job.state, job.done) == ("finished", 250)
        assert job.worker.split(":")[1] == str(worker.pid)
    finally:
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output
    assert "SqliteHuey queue" in output


# --- a foreground job killed with kill -9, recovered from the CLI -------------------------------

# `workbench mt translate DOC` in its own process, with a fake engine slow enough to be killed
# mid-job (what a real model is on a long document)
SLOW_TRANSLATE = """
import sys
from workbench.mt.fake import FakeEngine
from workbench.services import mt
mt.engine_for = lambda config: FakeEngine(delay=0.01)
from workbench.cli import main
main(["mt", "translate", sys.argv[1]])
"""


def start_and_kill(app, sample_doc: int) -> MTJob:
    env = dict(os.environ, PYTHONPATH=str(ROOT), WORKBENCH_MT_JOB_BATCH="20")
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_TRANSLATE, str(sample_doc)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            found = jobs_of(app, sample_doc)
            if found and found[0].done >= 40:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the job finished before it could be killed"
    finally:
        proc.kill()  # SIGKILL: no handler runs, the job row stays "running"
        proc.wait(timeout=30)
    [job] = jobs_of(app, sample_doc)
    assert job.state == "running" and job.worker.split(":")[1] == str(proc.pid)
    assert 40 <= job.done < 250
    return job


def test_killed_foreground_job_is_resumed_by_translate(app, cli, sample_doc) -> None:
    job = start_and_kill(app, sample_doc)
    result = cli("mt", "translate", str(sample_doc))
    assert result.exit_code == 0, result.output
    assert f"resuming MT job {job.id}: its process (PID" in result.stderr
    assert "has ended" in result.stderr and "what it translated is kept" in result.stderr
    [resumed] = jobs_of(app, sample_doc)  # the same job, not a second one
    assert (resumed.id, resumed.state, resumed.done, resumed.total) == (
        job.id,
        "finished",
        250,
        250,
    )
    with app.app_context():
        from sqlalchemy import func

        from workbench.models import MTOutput

        s = app.extensions["db_session"]()
        per_segment = s.execute(
            select(MTOutput.segment_id, func.count()).group_by(MTOutput.segment_id)
        ).all()
    assert len(per_segment) == 250 and {n for _, n in per_segment} == {1}  # none lost or doubled


def test_killed_foreground_job_can_be_cancelled_or_resumed_with_flag(app, cli, sample_doc) -> None:
    job = start_and_kill(app, sample_doc)
    cancelled = cli("mt", "cancel", str(job.id))
    assert cancelled.exit_code == 0 and f"MT job {job.id} cancelled" in cancelled.stdout
    [after] = jobs_of(app, sample_doc)
    assert after.state == "cancelled" and "has ended" in after.error
    # nothing interrupted is left: --resume says so and what to do instead
    line = one_error_line(cli("mt", "translate", str(sample_doc), "--resume"))
    assert "no interrupted MT job to resume" in line and "workbench mt translate" in line
    # a fresh job picks up what is left (the cancelled job's MT stays in the segments)
    again = cli("mt", "translate", str(sample_doc))
    assert again.exit_code == 0 and "finished" in again.stdout
    assert jobs_of(app, sample_doc)[-1].done == 250 - after.done


def test_job_of_a_live_process_is_not_taken_over(app, cli, sample_doc) -> None:
    with app.app_context():
        from sqlalchemy import update

        from workbench.db import utcnow
        from workbench.services import mt_jobs

        s = app.extensions["db_session"]()
        job = mt_jobs.create_job(s, sample_doc)
        # running in this very process (alive), heartbeat fresh
        s.execute(
            update(MTJob).values(
                state="running", worker=mt_jobs.worker_name(), heartbeat_at=utcnow()
            )
        )
        s.commit()
    line = one_error_line(cli("mt", "translate", str(sample_doc), "--resume"))
    assert f"already has MT job {job.id} (running in" in line
    assert f"workbench mt cancel {job.id}" in line
