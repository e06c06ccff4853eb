"""MT in the browser: the pre-translate button and its live panel, cancel, "translate again",
inserting MT (a revision of origin MT), the no-model message, admin-only model management."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from argos_model import build_broken_argosmodel, build_tiny_argosmodel
from conftest import Browser
from sqlalchemy import select

from workbench.models import MTJob, MTOutput, Revision, Segment
from workbench.mt.fake import FakeEngine
from workbench.services import mt_jobs as jobs


@pytest.fixture(scope="session")
def tiny_model_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_argosmodel(tmp_path_factory.mktemp("tiny-model-web"))


def db(app):
    s = app.extensions["db_session"]()
    s.expire_all()
    return s


@dataclass(frozen=True)
class Seg:
    id: int
    version: int
    target: str


def first_segment(app, doc_id: int) -> Seg:
    """The document's first segment as plain values (no ORM object outlives its session)."""
    with app.app_context():
        seg = (
            db(app)
            .scalars(select(Segment).where(Segment.document_id == doc_id).order_by(Segment.id))
            .first()
        )
        return Seg(seg.id, seg.version, seg.target)


def latest_job(app, doc_id: int) -> MTJob:
    with app.app_context():
        job = jobs.latest_job(db(app), doc_id)
        assert job is not None
        return job


def upload(browser: Browser, url: str, payload: bytes, filename: str, **kw):
    """POST a file as a plain form would. The body is built here: werkzeug's test client
    spools a large multipart body to a temporary file it never closes (a ResourceWarning)."""
    boundary = "workbench-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
        f"{browser.token}\r\n".encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + payload
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return browser.client.post(
        url, data=b"".join(parts), content_type=f"multipart/form-data; boundary={boundary}", **kw
    )


@pytest.fixture
def admin(app) -> Browser:
    return Browser(app, "root", "admin")


# --- the document panel ---------------------------------------------------------------------


def test_document_page_has_the_panel(alice, sample_doc) -> None:
    page = alice.get(f"/documents/{sample_doc}").get_data(as_text=True)
    assert 'id="mt-panel"' in page and "Pre-translate" in page and "refresh MT" in page
    assert "every 10s" not in page  # nothing to poll yet


def test_button_enqueues_and_refuses_a_second_job(app, alice, sample_doc) -> None:
    resp = alice.post(f"/documents/{sample_doc}/mt", {"refresh": "1"})
    assert resp.status_code == 202
    job = latest_job(app, sample_doc)
    assert (job.state, job.refresh, job.total) == ("queued", True, 250)
    with app.app_context():
        assert jobs.huey_for(app).pending_count() == 1
    html = resp.get_data(as_text=True)
    assert 'hx-trigger="sse:job, every 10s"' in html and f"MT job {job.id} queued" in html
    again = alice.post(f"/documents/{sample_doc}/mt")
    assert again.status_code == 409
    assert f"already has MT job {job.id}" in again.get_data(as_text=True)
    with app.app_context():
        assert db(app).scalar(select(MTJob.id).where(MTJob.id != job.id)) is None


def test_progress_fragment_polls_until_the_job_ends(app, alice, sample_doc) -> None:
    alice.post(f"/documents/{sample_doc}/mt")
    job = latest_job(app, sample_doc)
    polling = alice.get(f"/documents/{sample_doc}/mt", htmx=True).get_data(as_text=True)
    assert 'hx-trigger="sse:job, every 10s"' in polling and "<progress" in polling and "Cancel" in polling
    app.config["MT_JOB_BATCH"] = 100
    with app.app_context():
        jobs.run_job(app, job.id, engine=FakeEngine())
    done = alice.get(f"/documents/{sample_doc}/mt", htmx=True).get_data(as_text=True)
    assert "every 10s" not in done  # the answer carries no trigger: polling stops
    assert "<strong>finished</strong>, 250/250 segments" in done


def test_panel_shows_a_failed_job_with_its_reason(app, alice, sample_doc) -> None:
    alice.post(f"/documents/{sample_doc}/mt")
    with app.app_context():
        jobs.run_job(app, latest_job(app, sample_doc).id, engine=FakeEngine(fail_on=""))
    html = alice.get(f"/documents/{sample_doc}/mt", htmx=True).get_data(as_text=True)
    assert "<strong>failed</strong>" in html and "fake engine told to fail" in html


def test_cancel_button(app, alice, sample_doc) -> None:
    alice.post(f"/documents/{sample_doc}/mt")
    job = latest_job(app, sample_doc)
    resp = alice.post(f"/mt/jobs/{job.id}/cancel")
    assert resp.status_code == 200 and "<strong>cancelled</strong>" in resp.get_data(as_text=True)
    assert latest_job(app, sample_doc).state == "cancelled"
    assert alice.post(f"/mt/jobs/{job.id}/cancel").status_code == 409
    assert alice.post("/mt/jobs/999/cancel").status_code == 404


def test_changes_need_csrf(app, alice, sample_doc) -> None:
    resp = alice.client.post(f"/documents/{sample_doc}/mt", headers={"HX-Request": "true"})
    assert resp.status_code == 400
    with app.app_context():
        assert jobs.latest_job(db(app), sample_doc) is None


def test_pages_need_login(app, sample_doc) -> None:
    client = app.test_client()
    assert client.get("/mt").status_code == 302
    assert client.get(f"/documents/{sample_doc}/mt").status_code == 302


# --- per segment --------------------------------------------------------------------------------


def test_translate_again_offers_alternatives(app, alice, sample_doc) -> None:
    seg = first_segment(app, sample_doc)
    resp = alice.post(f"/segments/{seg.id}/mt")
    assert resp.status_code == 200
    html = resp.get_data(as_text=True)
    with app.app_context():
        output = db(app).scalars(select(MTOutput).where(MTOutput.segment_id == seg.id)).one()
    assert output.engine == "fake" and output.job_id is None
    assert len(output.alternatives) == 3
    for text in [output.text, *output.alternatives]:
        assert f'data-text="{text}"' in html
    assert html.count("insert-mt mt-choice") == 4
    assert first_segment(app, sample_doc).target == ""  # a suggestion, not a save


def test_row_shows_tools_and_mt_history(app, alice, sample_doc) -> None:
    seg = first_segment(app, sample_doc)
    page = alice.get(f"/documents/{sample_doc}").get_data(as_text=True)
    assert f"/segments/{seg.id}/mt" in page and "Translate again" in page
    alice.post(f"/segments/{seg.id}/mt")
    history = alice.get(f"/segments/{seg.id}/mt/history", htmx=True).get_data(as_text=True)
    assert "fake fake-1" in history and "translate again" in history


def test_inserted_mt_is_recorded_as_origin_mt(app, alice, sample_doc) -> None:
    seg = first_segment(app, sample_doc)
    alice.post(f"/segments/{seg.id}/mt")
    with app.app_context():
        output = db(app).scalars(select(MTOutput).where(MTOutput.segment_id == seg.id)).one()
    resp = alice.post(
        f"/segments/{seg.id}", {"target": output.text, "status": "new", "base_version": seg.version}
    )
    assert resp.status_code == 200
    with app.app_context():
        saved = db(app).get(Segment, seg.id)
        rev = (
            db(app)
            .scalars(
                select(Revision).where(Revision.segment_id == seg.id).order_by(Revision.id.desc())
            )
            .first()
        )
        assert (saved.target, saved.status, saved.origin) == (
            output.text,
            "machine-translated",
            "mt",
        )
        assert (rev.origin, rev.user.username) == ("mt", "alice")
        version = saved.version
    # an alternative is untouched MT too; confirming it keeps origin MT but status translated
    resp = alice.post(
        f"/segments/{seg.id}",
        {
            "target": output.alternatives[0],
            "action": "confirm",
            "status": "machine-translated",
            "base_version": version,
        },
    )
    with app.app_context():
        confirmed = db(app).get(Segment, seg.id)
        assert (confirmed.status, confirmed.origin) == ("translated", "mt")
        version = confirmed.version
    # edited MT is a person's work
    alice.post(
        f"/segments/{seg.id}",
        {"target": output.text + " Edited.", "status": "translated", "base_version": version},
    )
    with app.app_context():
        assert db(app).get(Segment, seg.id).origin == "human"


# --- no model, admin page ----------------------------------------------------------------------


def test_no_model_message_on_admin_page_and_rows(app, alice, sample_doc) -> None:
    app.config["MT_ENGINE"] = "argos"  # nothing installed in the test's packages folder
    page = alice.get("/mt").get_data(as_text=True)
    for needle in (
        "No zh→en model installed",
        "workbench mt install zh en",
        "workbench mt install-file PATH.argosmodel",
    ):
        assert needle in page
    doc = alice.get(f"/documents/{sample_doc}").get_data(as_text=True)
    assert doc.count("No zh→en model installed") == 1  # the panel, with the install commands
    assert doc.count("MT: no zh→en model installed") >= 100  # and a short note in every row
    assert "Pre-translate" not in doc and "Translate again" not in doc
    seg = first_segment(app, sample_doc)
    again = alice.post(f"/segments/{seg.id}/mt")
    assert again.status_code == 200 and "No zh→en model installed" in again.get_data(as_text=True)
    # everything else still works
    assert (
        alice.post(
            f"/segments/{seg.id}",
            {"target": "Hello.", "status": "draft", "base_version": seg.version},
        ).status_code
        == 200
    )


def test_admin_page_lists_engine_and_settings(alice) -> None:
    page = alice.get("/mt").get_data(as_text=True)
    assert "Engine <strong>fake</strong>" in page and "fake-1" in page
    assert "Beam size" in page and "Job batch" in page
    assert "Only administrators can install" in page and 'name="file"' not in page


def test_only_admins_install_and_remove(app, alice, admin, tiny_model_file) -> None:
    model = tiny_model_file.read_bytes()
    assert upload(alice, "/mt/install-file", model, "tiny.argosmodel").status_code == 403
    assert (
        alice.post("/mt/remove", {"from_code": "zh", "to_code": "en"}, htmx=False).status_code
        == 403
    )
    packages_dir = Path(app.config["MT_PACKAGES_DIR"])
    assert not packages_dir.exists() or not any(packages_dir.iterdir())

    resp = upload(admin, "/mt/install-file", model, "tiny.argosmodel")
    assert resp.status_code == 303
    page = admin.get("/mt").get_data(as_text=True)
    assert "Installed zh→en 1.0" in page and "Remove zh→en" in page
    app.config["MT_ENGINE"] = "argos"
    assert "Engine <strong>argos</strong>" in admin.get("/mt").get_data(as_text=True)

    resp = admin.post("/mt/remove", {"from_code": "zh", "to_code": "en"}, htmx=False)
    assert resp.status_code == 303
    assert "No zh→en model installed" in admin.get("/mt").get_data(as_text=True)


def test_broken_upload_is_refused_and_changes_nothing(app, admin, tmp_path) -> None:
    broken = build_broken_argosmodel(tmp_path / "broken", "not-a-zip")
    resp = upload(
        admin, "/mt/install-file", broken.read_bytes(), "broken.argosmodel", follow_redirects=True
    )
    assert "Not installed: " in resp.get_data(as_text=True)
    packages_dir = Path(app.config["MT_PACKAGES_DIR"])
    assert not packages_dir.exists() or not any(packages_dir.iterdir())


def test_nav_links_the_admin_page(alice) -> None:
    assert 'href="/mt"' in alice.get("/").get_data(as_text=True)
