"""The exports page: downloads, the edition's QA gate and roles, and the XLIFF round trip."""

from __future__ import annotations

import io

import docx
import pytest
from conftest import Browser
from lxml import etree
from sqlalchemy import select

from workbench.formats import EXPORTERS
from workbench.models import Revision, Segment

XLIFF = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": XLIFF}


def first_segments(app, doc_id: int, count: int) -> list[Segment]:
    with app.app_context():
        s = app.extensions["db_session"]()
        return list(
            s.scalars(
                select(Segment)
                .where(Segment.document_id == doc_id)
                .order_by(Segment.id)
                .limit(count)
            )
        )


def test_exports_page_lists_every_format_and_the_upload(alice, sample_doc):
    page = alice.get(f"/documents/{sample_doc}/exports").get_data(as_text=True)
    for exporter in EXPORTERS.values():
        assert f'name="format" value="{exporter.name}"' in page and exporter.description in page
    assert 'name="chinese"' in page and 'value="zh-Hant-HK"' in page
    assert 'name="fill_mt"' in page and 'name="approved_only"' in page and 'name="status"' in page
    assert (
        f'action="/documents/{sample_doc}/import-bilingual"' in page and 'name="csrf_token"' in page
    )
    assert "250 open QA errors" in page and "Only an editor or admin" in page
    assert 'name="force"' not in page  # a reviewer is not offered "export anyway"


def test_document_page_links_to_exports_and_qa(alice, sample_doc):
    page = alice.get(f"/documents/{sample_doc}").get_data(as_text=True)
    assert (
        f'href="/documents/{sample_doc}/exports"' in page
        and f'href="/documents/{sample_doc}/qa"' in page
    )


def test_login_required(app, sample_doc):
    client = app.test_client()
    for url in (f"/documents/{sample_doc}/exports", f"/documents/{sample_doc}/export?format=tmx"):
        resp = client.get(url)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"]


@pytest.mark.parametrize(
    "query, mimetype, filename",
    [
        ("format=tmx", "application/x-tmx+xml; charset=utf-8", "Sample-{id}-tmx.tmx"),
        (
            "format=xliff&chinese=zh-Hant-TW",
            "application/x-xliff+xml; charset=utf-8",
            "Sample-{id}-xliff-zh-hant-tw.xlf",
        ),
        ("format=csv", "text/csv; charset=utf-8", "Sample-{id}-csv.csv"),
        ("format=html-bilingual", "text/html; charset=utf-8", "Sample-{id}-html-bilingual.html"),
        (
            "format=xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "Sample-{id}-xlsx.xlsx",
        ),
    ],
)
def test_download_headers(alice, sample_doc, query, mimetype, filename):
    resp = alice.get(f"/documents/{sample_doc}/export?{query}")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == mimetype
    name = filename.format(id=sample_doc)
    assert resp.headers["Content-Disposition"] == (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{name}"
    )
    assert resp.headers["Cache-Control"] == "no-store"
    # (the sample has no English yet, so its memory is a header and an empty body)
    assert len(resp.get_data()) > (400 if "tmx" in query else 1000)


def test_bilingual_docx_download_opens(alice, sample_doc):
    resp = alice.get(
        f"/documents/{sample_doc}/export?format=docx-bilingual&chinese=zh-Hant-HK&status=new"
    )
    table = docx.Document(io.BytesIO(resp.get_data())).tables[0]
    assert (
        table.rows[0].cells[0].text == "Chinese (zh-HK)"
        and table.rows[2].cells[0].text == "第四次會議上"
    )


@pytest.mark.parametrize(
    "query, message",
    [
        ("format=pdf", "Unknown export format"),
        ("", "Unknown export format"),
        ("format=tmx&status=done", "unknown status"),
        ("format=tmx&chinese=zh-SG", "unknown Chinese variant"),
    ],
)
def test_bad_export_requests_are_422(alice, sample_doc, query, message):
    resp = alice.get(f"/documents/{sample_doc}/export?{query}")
    assert resp.status_code == 422 and message in resp.get_data(as_text=True)


def test_unknown_document_404(alice):
    assert alice.get("/documents/999/exports").status_code == 404
    assert alice.get("/documents/999/export?format=tmx").status_code == 404


def test_edition_gate_and_role(app, alice, sample_doc):
    url = f"/documents/{sample_doc}/export?format=edition-docx"
    blocked = alice.get(url)
    assert blocked.status_code == 409
    page = blocked.get_data(as_text=True)
    assert (
        "250 open QA errors" in page
        and f"workbench qa {sample_doc}" in page
        and "Not translated" in page
    )
    assert "Export anyway" not in page
    # a reviewer's tick is not enough: refused by the permission table (403, was 409)
    refused = alice.get(url + "&force=1")
    assert refused.status_code == 403 and "needs the editor or admin role" in refused.get_data(
        as_text=True
    )
    editor = Browser(app, "erin", "editor")
    assert 'name="force" value="1"' in editor.get(f"/documents/{sample_doc}/exports").get_data(
        as_text=True
    )
    assert editor.get(url).status_code == 409
    offered = editor.get(url).get_data(as_text=True)
    assert "Export anyway" in offered and 'name="force" value="1"' in offered
    forced = editor.get(url + "&force=1")
    assert forced.status_code == 200
    assert (
        forced.headers["Content-Disposition"]
        == f'attachment; filename="Sample-{sample_doc}-edition-docx.docx"; '
        f"filename*=UTF-8''Sample-{sample_doc}-edition-docx.docx"
    )
    docx.Document(io.BytesIO(forced.get_data()))


def test_edition_allowed_once_exported_segments_have_no_errors(app, sample_doc):
    alice = Browser(app, "alice", "editor")  # approving is an editor's action
    seg = first_segments(app, sample_doc, 4)[3]  # 各位代表: (no figures)
    resp = alice.post(
        f"/segments/{seg.id}",
        {
            "target": "Fellow deputies:",
            "status": "approved",
            "base_version": seg.version,
            "action": "save",
        },
    )
    assert resp.status_code == 200
    md = alice.get(f"/documents/{sample_doc}/export?format=edition-md&approved_only=1")
    assert md.status_code == 200 and "Fellow deputies:" in md.get_data(as_text=True)


# --- XLIFF round trip -----------------------------------------------------------------


def edit_like_a_cat_tool(data: bytes, targets: dict[int, str], unknown_ids: list[str]) -> bytes:
    """Change targets and states as another tool would, keeping everything else."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    for seg_id, text in targets.items():
        target = root.find(f".//x:trans-unit[@id='{seg_id}']/x:target", NS)
        target.text = text
        target.set("state", "signed-off")
    body = root.find(".//x:body", NS)
    for unit_id in unknown_ids:
        unit = etree.SubElement(body, f"{{{XLIFF}}}trans-unit", id=unit_id)
        etree.SubElement(unit, f"{{{XLIFF}}}source").text = "新增的句子。"
        etree.SubElement(unit, f"{{{XLIFF}}}target", state="translated").text = "An added sentence."
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def upload(browser: Browser, doc_id: int, data: bytes, name: str = "from-cat.xlf"):
    return browser.post(
        f"/documents/{doc_id}/import-bilingual",
        {"file": (io.BytesIO(data), name)},
        htmx=False,
        content_type="multipart/form-data",
    )


def test_xliff_round_trip(app, bob, sample_doc):
    alice = Browser(app, "alice", "editor")  # importing a bilingual file is an editor's action
    one, two, three, four = first_segments(app, sample_doc, 4)
    exported = alice.get(f"/documents/{sample_doc}/export?format=xliff").get_data()
    edited = edit_like_a_cat_tool(
        exported,
        {
            one.id: "On 28 December 2024, at the",
            two.id: "fourth session of the Tenth People's Congress",
            four.id: "Fellow deputies (CAT):",
        },
        unknown_ids=["999999", "p3"],
    )
    # Meanwhile Bob edits segment four in the workbench.
    saved = bob.post(
        f"/segments/{four.id}",
        {
            "target": "Fellow deputies:",
            "status": "translated",
            "base_version": four.version,
            "action": "save",
        },
    )
    assert saved.status_code == 200
    resp = upload(alice, sample_doc, edited)
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert 'id="count-changed">2<' in page and 'id="count-unchanged">247<' in page
    assert 'id="count-unknown">2<' in page and 'id="count-conflicts">1<' in page
    assert (
        "Fellow deputies:" in page and "Fellow deputies (CAT):" in page
    )  # both texts of the conflict
    assert "unit <code>999999</code>: not a segment of this document" in page
    with app.app_context():
        s = app.extensions["db_session"]()
        for seg, text in (
            (one, "On 28 December 2024, at the"),
            (two, "fourth session of the Tenth People's Congress"),
        ):
            current = s.get(Segment, seg.id)
            assert (current.target, current.status, current.origin) == (text, "reviewed", "import")
            rev = s.scalars(select(Revision).where(Revision.segment_id == seg.id)).all()[-1]
            assert (rev.origin, rev.user.username, rev.note) == (
                "import",
                "alice",
                "XLIFF import from from-cat.xlf",
            )
        untouched = s.get(Segment, four.id)
        assert (untouched.target, untouched.updated_by.username, untouched.origin) == (
            "Fellow deputies:",
            "bob",
            "human",
        )
        assert s.get(Segment, three.id).target == ""
    # The history panel shows who imported what.
    history = alice.get(f"/segments/{one.id}/history", htmx=True).get_data(as_text=True)
    assert "alice · import" in history and "XLIFF import from from-cat.xlf" in history


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"<xliff version='1.2'><file>", "broken.xlf", "not a well-formed XML file"),
        (b"<?xml version='1.0'?><tmx version='1.4'/>", "memory.xlf", "not an XLIFF file"),
        (b"<xliff version='1.2'/>", "memory.tmx", "not a TMX file"),
        (b"<tmx version='1.4'><body><tu>", "broken.tmx", "not a well-formed TMX file"),
        (b"PK", "report.docx", "not a bilingual file"),
        (b"<xliff version='2.0'/>", "new.xlf", "XLIFF 2.0 is not supported"),
    ],
)
def test_malformed_upload_is_422_and_changes_nothing(app, sample_doc, data, name, message):
    alice = Browser(app, "alice", "editor")  # importing a bilingual file is an editor's action
    resp = upload(alice, sample_doc, data, name)
    assert resp.status_code == 422
    page = resp.get_data(as_text=True)
    assert message in page and "Nothing was changed" in page and name in page
    with app.app_context():
        assert (
            app.extensions["db_session"]().scalar(
                select(Revision).where(Revision.origin == "import")
            )
            is None
        )


def test_upload_without_file_is_422(app, sample_doc):
    alice = Browser(app, "alice", "editor")  # importing a bilingual file is an editor's action
    resp = alice.post(f"/documents/{sample_doc}/import-bilingual", {}, htmx=False)
    assert resp.status_code == 422 and "Choose an XLIFF or TMX file" in resp.get_data(as_text=True)


def test_upload_needs_csrf_token(alice, sample_doc):
    resp = alice.client.post(
        f"/documents/{sample_doc}/import-bilingual",
        data={"file": (io.BytesIO(b"<xliff/>"), "a.xlf")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 400 and "Form expired" in resp.get_data(as_text=True)


# --- TMX back, and approval only on request ---------------------------------------------


def omegat_like_tmx(pairs: list[tuple[str, str]]) -> bytes:
    """A memory as OmegaT writes it: TMX 1.1, `lang` attributes, no ids."""
    units = "".join(
        f'<tu><tuv lang="ZH-CN"><seg>{zh}</seg></tuv><tuv lang="EN-US"><seg>{en}</seg></tuv></tu>'
        for zh, en in pairs
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.1"><header creationtool="OmegaT" '
        f'srclang="ZH-CN" datatype="plaintext" segtype="paragraph"/><body>{units}</body></tmx>'
    ).encode()


def test_tmx_upload_changed_unchanged_unknown_conflict(app, bob, sample_doc):
    alice = Browser(app, "alice", "editor")
    one, two, three, four = first_segments(app, sample_doc, 4)
    saved = bob.post(
        f"/segments/{four.id}",
        {"target": "Fellow deputies:", "status": "translated", "base_version": four.version},
    )
    assert saved.status_code == 200
    data = omegat_like_tmx(
        [
            (one.source, "On 28 December 2024"),  # empty here: changed
            (two.source, two.source),  # OmegaT's copy of the Chinese: unchanged
            ("不在文件里的句子。", "Not in the document."),  # unknown
            (four.source, "Dear deputies:"),  # Bob's English, the file no newer: conflict
        ]
    )
    resp = upload(alice, sample_doc, data, "project_save.tmx")
    assert resp.status_code == 200
    page = resp.get_data(as_text=True)
    assert "TMX import: project_save.tmx" in page
    assert 'id="count-changed">1<' in page and 'id="count-unknown">1<' in page
    assert 'id="count-conflicts">1<' in page and "Dear deputies:" in page
    with app.app_context():
        s = app.extensions["db_session"]()
        assert s.get(Segment, one.id).target == "On 28 December 2024"
        assert s.get(Segment, one.id).status == "translated"
        assert s.get(Segment, two.id).target == ""  # no Chinese stored as English
        assert s.get(Segment, four.id).target == "Fellow deputies:"


def approved_in_the_file(editor: Browser, doc_id: int, seg_id: int, text: str) -> bytes:
    exported = editor.get(f"/documents/{doc_id}/export?format=xliff").get_data()
    root = etree.fromstring(exported, etree.XMLParser(resolve_entities=False, no_network=True))
    unit = root.find(f".//x:trans-unit[@id='{seg_id}']", NS)
    unit.set("approved", "yes")
    target = unit.find("x:target", NS)
    target.text, target.attrib["state"] = text, "final"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def test_file_approves_only_when_an_editor_asks(app, sample_doc):
    editor = Browser(app, "alice", "editor")
    one = first_segments(app, sample_doc, 1)[0]
    data = approved_in_the_file(editor, sample_doc, one.id, "On 28 December 2024")
    assert upload(editor, sample_doc, data).status_code == 200
    with app.app_context():
        assert app.extensions["db_session"]().get(Segment, one.id).status == "reviewed"
    data = approved_in_the_file(editor, sample_doc, one.id, "On 28 December 2024, approved")
    resp = editor.post(
        f"/documents/{sample_doc}/import-bilingual",
        {"file": (io.BytesIO(data), "approved.xlf"), "approve": "1"},
        htmx=False,
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200
    with app.app_context():
        assert app.extensions["db_session"]().get(Segment, one.id).status == "approved"
