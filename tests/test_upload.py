"""Importing from the browser: accepted files land on their review page, refused ones write nothing."""

from __future__ import annotations

import io

import pytest

from workbench.models import Document


def _upload(browser, name: str, data: bytes, **form):
    payload = {"file": (io.BytesIO(data), name), **form}
    return browser.post("/documents", payload, htmx=False, content_type="multipart/form-data")


def _count(session) -> int:
    session.expire_all()
    return session.query(Document).count()


def test_upload_imports_and_redirects(alice, session, sample_text):
    resp = _upload(alice, "report.txt", sample_text.encode("gb18030"), title="江源报告")
    assert resp.status_code == 303
    doc = session.query(Document).one()
    assert resp.headers["Location"].endswith(f"/documents/{doc.id}")
    assert (
        doc.title == "江源报告" and doc.encoding == "gb18030" and doc.created_by.username == "alice"
    )
    page = alice.get(resp.headers["Location"]).get_data(as_text=True)
    assert "一、2024年工作回顾" in page


@pytest.mark.parametrize(
    "name, data, status, words",
    [
        ("empty.txt", b"", 422, "empty"),
        ("scan.pdf", b"%PDF-1.7 ...", 422, "not supported"),
        ("bin.txt", b"\x00\x00\xff\xfe\x00binary", 422, "binary"),
        (
            "broken.txt",
            "报告正文。".encode() * 50 + b"\xff\xfe\xfa" + "继续。".encode(),
            422,
            "byte",
        ),
        ("fake.docx", b"this is not a zip", 422, "docx"),
    ],
)
def test_refused_uploads_say_why_and_write_nothing(alice, session, name, data, status, words):
    resp = _upload(alice, name, data)
    assert resp.status_code == status
    html = resp.get_data(as_text=True)
    assert name in html and words in html.lower()
    assert _count(session) == 0


def test_duplicate_upload_names_the_existing_document(alice, session, sample_text):
    _upload(alice, "a.txt", sample_text.encode())
    resp = _upload(alice, "b.txt", sample_text.encode("gb18030"))
    assert resp.status_code == 409
    assert "already imported as document" in resp.get_data(as_text=True)
    assert _count(session) == 1
    assert _upload(alice, "b.txt", sample_text.encode("gb18030"), force="1").status_code == 303
    assert _count(session) == 2


def test_upload_over_the_limit_is_refused(app, alice, session):
    app.config["MAX_IMPORT_BYTES"] = 1024
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    resp = _upload(alice, "big.txt", "报告。".encode() * 2000)  # 18 KB: over the import limit
    assert resp.status_code == 413 and "limit" in resp.get_data(as_text=True)
    resp = _upload(alice, "huge.txt", "报告。".encode() * 40000)  # over the request limit
    assert resp.status_code == 413
    assert _count(session) == 0


def test_upload_needs_csrf(alice, session, sample_text):
    resp = alice.client.post(
        "/documents",
        data={"file": (io.BytesIO(sample_text.encode()), "r.txt")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 400 and _count(session) == 0
