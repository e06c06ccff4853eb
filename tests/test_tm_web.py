"""The memory page: list, import (editors), remove, export, concordance; row matches."""

from __future__ import annotations

import io

from conftest import Browser
from tm_samples import MALFORMED, MEMOQ, TRADOS


def _upload(browser, text: str, encoding: str = "utf-8", **fields):
    data = {"file": (io.BytesIO(text.encode(encoding)), "memo.tmx"), **fields}
    return browser.post("/tm/import", data, htmx=False, content_type="multipart/form-data")


def test_import_search_export_remove(app):
    editor = Browser(app, "ed", "editor")
    resp = _upload(editor, TRADOS, "utf-16", name="ref", origin="reference", penalty="5")
    assert resp.status_code == 303
    page = editor.get("/tm/").get_data(as_text=True)
    assert "2 units imported" in page and "ref" in page and "reference" in page
    page = editor.get("/tm/?q=新质生产力").get_data(as_text=True)
    assert "加快发展<mark>新质生产力</mark>。" in page
    page = editor.get("/tm/?q=productive forces").get_data(as_text=True)
    assert "<mark>productive forces</mark>" in page
    exported = editor.get("/tm/export.tmx?memory=ref")
    assert exported.status_code == 200 and "加快发展新质生产力" in exported.get_data(as_text=True)
    assert editor.get("/tm/export.tmx?memory=nope").status_code == 404
    assert editor.post("/tm/memories/ref/remove", htmx=False).status_code == 303
    assert "No memory yet" in editor.get("/tm/").get_data(as_text=True)


def test_malformed_upload_refused_and_reviewers_cannot_import(app):
    editor = Browser(app, "ed", "editor")
    _upload(editor, MALFORMED)
    page = editor.get("/tm/").get_data(as_text=True)
    assert "line 12" in page and "nothing imported" in page
    assert "No memory yet" in page
    reviewer = Browser(app, "rev", "reviewer")
    assert _upload(reviewer, MEMOQ).status_code == 403
    assert reviewer.post("/tm/memories/x/remove", htmx=False).status_code == 403
    assert reviewer.get("/tm/?q=稳中求进").status_code == 200


def test_row_matches_fragment(app, alice, sample_doc):
    from sqlalchemy import select

    from workbench.models import Segment
    from workbench.services import tm

    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.scalars(select(Segment).where(Segment.document_id == sample_doc).offset(10)).first()
        data = f"""<?xml version="1.0"?><tmx version="1.4"><header srclang="zh-CN" creationtool="x"
        creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"/>
        <body><tu><tuv xml:lang="zh-CN"><seg>{seg.source}</seg></tuv>
        <tuv xml:lang="en"><seg>Match &amp; <b>English</b></seg></tuv></tu></body></tmx>"""
        tm.import_tmx(
            s,
            io.BytesIO(data.replace("<b>", "&lt;b&gt;").replace("</b>", "&lt;/b&gt;").encode()),
            name="m",
        )
        s.commit()
        seg_id = seg.id
    html = alice.get(f"/tm/segments/{seg_id}/matches", htmx=True).get_data(as_text=True)
    assert 'data-n="1"' in html and "exact" in html
    assert "&lt;b&gt;English&lt;/b&gt;" in html  # escaped, never markup
    assert alice.get("/tm/segments/999999/matches", htmx=True).status_code == 404
