"""`workbench export` and `workbench import-xliff` on the sample report, files read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import Result
from lxml import etree, html
from sqlalchemy import select
from translate.storage import tmx as tk_tmx
from translate.storage import xliff as tk_xliff

from workbench.chinese import to_variant
from workbench.formats import EXPORTERS
from workbench.models import QAIssue, Revision, Segment, Term, User

XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NUMERALS = set("0123456789〇零一二三四五六七八九十百千万亿两")
SAFE_PARSER = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)


def segments(app, doc_id: int) -> list[Segment]:
    with app.app_context():
        s = app.extensions["db_session"]()
        rows = s.scalars(
            select(Segment)
            .where(Segment.document_id == doc_id, Segment.active)
            .order_by(Segment.id)
        )
        return list(rows)


def save(app, targets: dict[int, tuple[str, str]]) -> None:
    """Save English and status through the service, as a reviewer would."""
    from workbench.services.segments import save_target

    with app.app_context():
        s = app.extensions["db_session"]()
        for seg_id, (target, status) in targets.items():
            seg = s.get(Segment, seg_id)
            save_target(s, seg, target=target, status=status, user=None, base_version=seg.version)
        s.commit()


def numberless(app, doc_id: int, count: int) -> list[int]:
    """Ids of segments without any figure, whose English cannot trip the number check."""
    ids = [seg.id for seg in segments(app, doc_id) if not NUMERALS & set(seg.source)]
    assert len(ids) >= count
    return ids[:count]


def ignore_all_errors(app, doc_id: int) -> None:
    from workbench.services.qa import ignore_issue

    with app.app_context():
        s = app.extensions["db_session"]()
        editor = User(username="ed", role="editor", password_hash="x")
        s.add(editor)
        for issue in s.scalars(
            select(QAIssue).where(QAIssue.document_id == doc_id, QAIssue.severity == "error")
        ):
            ignore_issue(s, issue, user=editor, reason="checked by hand for this test")
        s.commit()


def add_user(app, name: str) -> None:
    with app.app_context():
        s = app.extensions["db_session"]()
        s.add(User(username=name, role="reviewer", password_hash="x"))
        s.commit()


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


# --- every format, read back --------------------------------------------------------


def read_tmx(path: Path, schemas: Path) -> None:
    root = etree.parse(str(path), SAFE_PARSER).getroot()
    dtd = etree.DTD(str(schemas / "tmx14.dtd"))
    assert dtd.validate(root), dtd.error_log.filter_from_errors()
    store = tk_tmx.tmxfile.parsefile(str(path))
    # A memory takes reviewed human English only: the one approved segment, not 249 empty ones.
    assert len(store.units) == 1
    assert store.units[0].gettarget(lang="en") == "At the fourth session"


def valid_xliff(path: Path, schemas: Path) -> tk_xliff.xlifffile:
    """The file, valid against the XLIFF 1.2 strict schema, as translate-toolkit reads it."""
    schema = etree.XMLSchema(etree.parse(str(schemas / "xliff-core-1.2-strict.xsd")))
    assert schema.validate(etree.parse(str(path), SAFE_PARSER)), (
        schema.error_log.filter_from_errors()
    )
    return tk_xliff.xlifffile.parsefile(str(path))


def read_xliff(path: Path, schemas: Path) -> None:
    store = valid_xliff(path, schemas)
    assert len(store.units) == 250
    assert store.units[1].target == "At the fourth session"
    assert store.units[1].xmlelement.find("x:target", XLIFF_NS).get("state") == "final"


def read_xliff_omegat(path: Path, schemas: Path) -> None:
    store = valid_xliff(path, schemas)
    assert len(store.units) == 250
    # OmegaT's filter translates the text of <target>: it holds the Chinese, never English.
    assert all(unit.target == unit.source for unit in store.units)
    assert store.units[1].target == "第四次会议上"


def read_docx_bilingual(path: Path, _schemas: Path) -> None:
    document = docx.Document(str(path))
    table = document.tables[0]
    assert table.rows[0].cells[0].text == "Chinese (zh-CN)"
    assert [c.text for c in table.rows[2].cells] == ["第四次会议上", "At the fourth session"]
    assert len(table.rows) == 61  # header + one row per paragraph


def read_html_bilingual(path: Path, _schemas: Path) -> None:
    page = html.fromstring(path.read_bytes())
    assert "At the fourth session" in page.text_content() and "第四次会议上" in page.text_content()
    assert not page.xpath("//script")


def read_csv(path: Path, _schemas: Path) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 251 and rows[2][3:6] == [
        "第四次会议上",
        "At the fourth session",
        "approved",
    ]


def read_xlsx(path: Path, _schemas: Path) -> None:
    book = openpyxl.load_workbook(str(path), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()  # read-only workbooks keep the file open until closed
    assert len(rows) == 251 and rows[2][3:5] == ("第四次会议上", "At the fourth session")


def read_edition_docx(path: Path, _schemas: Path) -> None:
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "At the fourth session" in text and "第四次" not in text


def read_edition_html(path: Path, _schemas: Path) -> None:
    text = html.fromstring(path.read_bytes()).text_content()
    assert "At the fourth session" in text and "[missing: segment" in text


def read_edition_md(path: Path, _schemas: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "At the fourth session" in text and "第四次" not in text


READERS = {
    "tmx": read_tmx,
    "xliff": read_xliff,
    "xliff-omegat": read_xliff_omegat,
    "docx-bilingual": read_docx_bilingual,
    "html-bilingual": read_html_bilingual,
    "csv": read_csv,
    "xlsx": read_xlsx,
    "edition-docx": read_edition_docx,
    "edition-html": read_edition_html,
    "edition-md": read_edition_md,
}


def test_every_registered_format_has_a_reader() -> None:
    assert set(READERS) == set(EXPORTERS)


@pytest.mark.parametrize("name", list(EXPORTERS))
def test_export_each_format_and_read_it_back(cli, app, sample_doc, tmp_path, schemas_dir, name):
    second = segments(app, sample_doc)[1]
    save(app, {second.id: ("At the fourth session", "approved")})
    folder = tmp_path / "exports"  # tmp_path also holds the database
    folder.mkdir()
    out = folder / f"out.{EXPORTERS[name].extension}"
    result = cli("export", str(sample_doc), "--format", name, "-o", str(out), "--force")
    assert result.exit_code == 0, result.output
    written = 1 if name == "tmx" else 250  # TMX: only the approved English
    assert f"{written} segments written." in result.stderr
    assert f"wrote {out}" in result.stderr and result.stdout == ""
    READERS[name](out, schemas_dir)
    assert [p.name for p in folder.iterdir()] == [out.name]  # no temporary file left behind


def test_default_filename_in_current_directory(cli, app, sample_doc, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("export", str(sample_doc), "--format", "xliff")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"Sample-{sample_doc}-xliff.xlf").is_file()
    assert "250 without English." in result.stderr


def test_text_format_to_stdout_and_binary_refused(cli, sample_doc):
    result = cli("export", str(sample_doc), "--format", "csv", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.lstrip("\ufeff").startswith(
        "segment id,paragraph,heading,Chinese (zh-CN),English"
    )
    assert "CSV: 250 segments written." in result.stderr  # the report never mixes into the data
    assert "binary format" in one_line_error(
        cli("export", str(sample_doc), "--format", "docx-bilingual", "-o", "-")
    )


def test_status_and_mt_options(cli, app, sample_doc, tmp_path):
    first, second = segments(app, sample_doc)[:2]
    save(app, {second.id: ("At the fourth session", "approved")})
    with app.app_context():
        from workbench.models import MTOutput

        s = app.extensions["db_session"]()
        s.add(
            MTOutput(
                segment_id=first.id,
                engine="fake",
                model_version="1",
                source=first.source,
                text="On 28 December 2024",
            )
        )
        s.commit()
    out = tmp_path / "approved.csv"
    assert (
        cli(
            "export",
            str(sample_doc),
            "--format",
            "csv",
            "--status",
            "approved,translated",
            "-o",
            str(out),
        ).exit_code
        == 0
    )
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == [str(second.id)]
    md = tmp_path / "edition.md"
    result = cli(
        "export", str(sample_doc), "--format", "edition-md", "--fill-mt", "--force", "-o", str(md)
    )
    assert "1 filled from MT" in result.stderr
    assert "\\[MT\\] On 28 December 2024" in md.read_text(
        encoding="utf-8"
    )  # Markdown-escaped marker
    approved = cli(
        "export", str(sample_doc), "--format", "edition-md", "--approved-only", "-o", str(md)
    )
    assert approved.exit_code == 0, approved.output  # the one approved segment has no open error
    assert "249 left out" in approved.stderr


def test_approved_glossary_terms_are_marked(cli, app, sample_doc, tmp_path):
    with app.app_context():
        s = app.extensions["db_session"]()
        s.add_all(
            [
                Term(
                    source="高质量发展",
                    source_key="高质量发展",
                    target="high-quality development",
                    note="standard rendering",
                    status="approved",
                ),
                Term(
                    source="江源区",
                    source_key="江源区",
                    target="Jiangyuan District",
                    status="proposed",
                ),
            ]
        )
        s.commit()
    out = tmp_path / "b.html"
    assert (
        cli("export", str(sample_doc), "--format", "html-bilingual", "-o", str(out)).exit_code == 0
    )
    page = html.fromstring(out.read_bytes())
    titles = {a.get("title") for a in page.xpath("//abbr[@class='term']")}
    assert titles == {
        "high-quality development — standard rendering"
    }  # proposed terms are not marked
    docx_out = tmp_path / "b.docx"
    assert (
        cli("export", str(sample_doc), "--format", "docx-bilingual", "-o", str(docx_out)).exit_code
        == 0
    )
    appendix = docx.Document(str(docx_out)).tables[-1]
    assert [c.text for c in appendix.rows[-1].cells] == [
        "高质量发展",
        "high-quality development",
        "standard rendering",
    ]


# --- the QA gate on the English edition ---------------------------------------------


@pytest.mark.parametrize("name", ["edition-docx", "edition-html", "edition-md"])
def test_edition_refused_with_open_errors(cli, sample_doc, tmp_path, name):
    folder = tmp_path / "exports"
    folder.mkdir()
    out = folder / "edition"
    line = one_line_error(cli("export", str(sample_doc), "--format", name, "-o", str(out)))
    assert (
        "250 open QA errors" in line and f"workbench qa {sample_doc}" in line and "--force" in line
    )
    assert list(folder.iterdir()) == []


def test_edition_with_force_and_after_errors_are_gone(cli, app, sample_doc, tmp_path):
    out = tmp_path / "edition.docx"
    assert (
        cli(
            "export", str(sample_doc), "--format", "edition-docx", "-o", str(out), "--force"
        ).exit_code
        == 0
    )
    out.unlink()
    ignore_all_errors(app, sample_doc)
    result = cli("export", str(sample_doc), "--format", "edition-docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file()


def test_gate_counts_only_exported_segments(cli, app, sample_doc, tmp_path):
    ids = numberless(app, sample_doc, 3)
    save(app, {i: ("The deputies were present.", "approved") for i in ids})
    out = tmp_path / "edition.md"
    refused = cli("export", str(sample_doc), "--format", "edition-md", "-o", str(out))
    assert "247 open QA errors" in one_line_error(refused)
    allowed = cli(
        "export", str(sample_doc), "--format", "edition-md", "--status", "approved", "-o", str(out)
    )
    assert allowed.exit_code == 0, allowed.output
    assert out.read_text(encoding="utf-8").count("The deputies were present.") == 3


def test_bilingual_formats_are_not_gated(cli, sample_doc, tmp_path):
    assert (
        cli(
            "export", str(sample_doc), "--format", "docx-bilingual", "-o", str(tmp_path / "b.docx")
        ).exit_code
        == 0
    )


# --- Traditional Chinese ------------------------------------------------------------


def test_traditional_variant_tags(cli, app, sample_doc, tmp_path):
    second = segments(app, sample_doc)[1]
    save(app, {second.id: ("At the fourth session", "translated")})  # a memory needs English
    out = tmp_path / "hk.tmx"
    assert (
        cli(
            "export", str(sample_doc), "--format", "tmx", "--chinese", "zh-Hant-HK", "-o", str(out)
        ).exit_code
        == 0
    )
    root = etree.parse(str(out), SAFE_PARSER).getroot()
    assert root.find("header").get("srclang") == "zh-HK"
    tuvs = root.findall("body/tu")[0].findall("tuv")
    assert tuvs[0].get(XML_LANG) == "zh-HK" and tuvs[0].findtext("seg") == "第四次會議上"
    xlf = tmp_path / "tw.xlf"
    assert (
        cli(
            "export",
            str(sample_doc),
            "--format",
            "xliff",
            "--chinese",
            "zh-Hant-TW",
            "-o",
            str(xlf),
        ).exit_code
        == 0
    )
    file_el = etree.parse(str(xlf), SAFE_PARSER).getroot().find("x:file", XLIFF_NS)
    assert file_el.get("source-language") == "zh-TW"


def test_traditional_document_defaults_to_taiwan(cli, tmp_path, sample_text, monkeypatch):
    path = tmp_path / "trad.txt"
    path.write_text(to_variant(sample_text, "zh-Hant-TW"), encoding="utf-8")
    info = json.loads(cli("import", str(path), "--json", "--title", "Traditional").output)
    assert info["script"] == "hant"
    monkeypatch.chdir(tmp_path)
    result = cli("export", str(info["id"]), "--format", "docx-bilingual")
    assert result.exit_code == 0, result.output
    out = tmp_path / f"Traditional-{info['id']}-docx-bilingual-zh-hant-tw.docx"
    table = docx.Document(str(out)).tables[0]
    assert table.rows[0].cells[0].text == "Chinese (zh-TW)"
    assert table.rows[2].cells[0].text == "第四次會議上"


# --- bad arguments ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["999", "--format", "tmx"], "no document 999"),
        (["{doc}", "--format", "pdf"], "unknown export format 'pdf'"),
        (["{doc}", "--format", "tmx", "--status", "approved,done"], "unknown status 'done'"),
        (
            ["{doc}", "--format", "tmx", "--chinese", "zh-Hant-SG"],
            "unknown Chinese variant 'zh-Hant-SG'",
        ),
        (
            ["{doc}", "--format", "tmx", "-o", "{tmp}/missing/dir/out.tmx"],
            "No such file or directory",
        ),
        (["{doc}", "--format", "tmx", "-o", "{tmp}"], "is a directory"),
    ],
)
def test_bad_arguments_one_line(cli, sample_doc, tmp_path, args, message):
    args = [a.format(doc=sample_doc, tmp=tmp_path) for a in args]
    assert message in one_line_error(cli("export", *args))


# --- import-xliff ---------------------------------------------------------------------


def edited_xliff(path: Path, targets: dict[int, str], extra_unit: str | None = None) -> Path:
    tree = etree.parse(str(path), SAFE_PARSER)
    for seg_id, text in targets.items():
        target = tree.find(f".//x:trans-unit[@id='{seg_id}']/x:target", XLIFF_NS)
        target.text = text
        target.set("state", "translated")
    if extra_unit:
        body = tree.find(".//x:body", XLIFF_NS)
        unit = etree.SubElement(body, f"{{{XLIFF_NS['x']}}}trans-unit", id=extra_unit)
        etree.SubElement(unit, f"{{{XLIFF_NS['x']}}}source").text = "不存在"
        etree.SubElement(unit, f"{{{XLIFF_NS['x']}}}target").text = "Nothing"
    out = path.with_name("edited.xlf")
    tree.write(str(out), xml_declaration=True, encoding="UTF-8")
    return out


def test_import_xliff_applies_changes_and_reports(cli, app, sample_doc, tmp_path):
    add_user(app, "tran")
    first, second, third = segments(app, sample_doc)[:3]
    exported = tmp_path / "doc.xlf"
    assert cli("export", str(sample_doc), "--format", "xliff", "-o", str(exported)).exit_code == 0
    save(app, {third.id: ("Edited in the workbench meanwhile.", "translated")})
    path = edited_xliff(
        exported,
        {
            first.id: "On 28 December 2024",
            second.id: "At the fourth session",
            third.id: "From the CAT tool.",
        },
        extra_unit="999999",
    )
    result = cli("import-xliff", str(sample_doc), str(path), "--user", "tran", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["changed"], report["unchanged"], report["unknown"], report["conflicts"]) == (
        2,
        247,
        1,
        1,
    )
    assert report["conflict_segments"][0] == {
        "segment_id": third.id,
        "workbench": "Edited in the workbench meanwhile.",
        "file": "From the CAT tool.",
        "exported_version": 1,
        "current_version": 2,
    }
    assert report["unknown_units"] == [{"id": "999999", "reason": "not a segment of this document"}]
    with app.app_context():
        s = app.extensions["db_session"]()
        seg = s.get(Segment, first.id)
        assert (seg.target, seg.status, seg.origin) == (
            "On 28 December 2024",
            "translated",
            "import",
        )
        rev = s.scalars(
            select(Revision).where(Revision.segment_id == first.id).order_by(Revision.id.desc())
        ).first()
        assert (
            rev.origin == "import"
            and rev.user.username == "tran"
            and rev.note == "XLIFF import from edited.xlf"
        )
        assert s.get(Segment, third.id).target == "Edited in the workbench meanwhile."
    again = cli("import-xliff", str(sample_doc), str(path), "--user", "tran")
    assert again.output.startswith("0 changed, 249 unchanged, 1 unknown, 1 conflicts")
    assert "  workbench: Edited in the workbench meanwhile." in again.output


@pytest.mark.parametrize(
    "content, args, message",
    [
        (b"<xliff version='1.2'><file", ["--user", "tran"], "not a well-formed XML file"),
        (b"<tmx version='1.4'/>", ["--user", "tran"], "not an XLIFF file"),
        (b"<xliff version='1.2'/>", [], "--user NAME"),
        (b"<xliff version='1.2'/>", ["--user", "nobody"], "no user 'nobody'"),
    ],
)
def test_import_xliff_refusals_write_nothing(
    cli, app, sample_doc, tmp_path, content, args, message
):
    add_user(app, "tran")
    path = tmp_path / "bad.xlf"
    path.write_bytes(content)
    assert message in one_line_error(cli("import-xliff", str(sample_doc), str(path), *args))
    with app.app_context():
        assert (
            app.extensions["db_session"]().scalar(
                select(Revision).where(Revision.origin == "import")
            )
            is None
        )


def test_import_xliff_missing_file(cli, app, sample_doc, tmp_path):
    add_user(app, "tran")
    line = one_line_error(
        cli("import-xliff", str(sample_doc), str(tmp_path / "nope.xlf"), "--user", "tran")
    )
    assert "nope.xlf" in line and "No such file" in line


def test_import_xliff_with_a_broken_unit_after_good_ones_writes_nothing(
    cli, app, sample_doc, tmp_path
):
    """All or nothing: a valid change before a unit without an id must not be applied."""
    add_user(app, "tran")
    first = segments(app, sample_doc)[0]
    exported = tmp_path / "doc.xlf"
    assert cli("export", str(sample_doc), "--format", "xliff", "-o", str(exported)).exit_code == 0
    path = edited_xliff(exported, {first.id: "On 28 December 2024"})
    text = path.read_text(encoding="utf-8")
    broken = "<trans-unit><source>无编号</source><target>no id</target></trans-unit></group>"
    path.write_text(text.replace("</group>", broken, 1), encoding="utf-8")
    line = one_line_error(cli("import-xliff", str(sample_doc), str(path), "--user", "tran"))
    assert "id" in line
    with app.app_context():
        s = app.extensions["db_session"]()
        assert s.scalar(select(Revision).where(Revision.origin == "import")) is None
        assert s.get(Segment, first.id).target == ""


# --- import-tmx ---------------------------------------------------------------------


def test_import_tmx_round_trip_of_our_own_memory(cli, app, sample_doc, tmp_path):
    add_user(app, "tran")
    first, second, third = segments(app, sample_doc)[:3]
    save(
        app,
        {
            first.id: ("On 28 December 2024", "approved"),
            second.id: ("At the fourth session", "translated"),
            third.id: ("Pan Guoqiang", "reviewed"),
        },
    )
    memory = tmp_path / "memory.tmx"
    assert cli("export", str(sample_doc), "--format", "tmx", "-o", str(memory)).exit_code == 0
    save(app, {third.id: ("Pan Guoqiang, district mayor", "reviewed")})  # edited since
    text = memory.read_text(encoding="utf-8")
    text = text.replace("<seg>At the fourth session</seg>", "<seg>At the 4th session</seg>")
    text = text.replace("<seg>Pan Guoqiang</seg>", "<seg>Mayor Pan Guoqiang</seg>")
    memory.write_text(text, encoding="utf-8")
    result = cli("import-tmx", str(sample_doc), str(memory), "--user", "tran", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["format"] == "tmx" and report["changed_segments"] == [second.id]
    assert [c["segment_id"] for c in report["conflict_segments"]] == [third.id]
    assert report["unchanged"] == 1 and report["unknown"] == 0
    after = {s.id: s for s in segments(app, sample_doc)}
    assert (after[second.id].target, after[second.id].status) == (
        "At the 4th session",
        "translated",
    )
    assert after[first.id].status == "approved"
    assert after[third.id].target == "Pan Guoqiang, district mayor"
    plain = cli("import-tmx", str(sample_doc), str(memory), "--user", "tran")
    assert "conflict: segment" in plain.output and "was edited since the export" in plain.output


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<tmx version='1.4'><body><tu>", "not a well-formed TMX file"),
        (b"<xliff version='1.2'/>", "not a TMX file"),
    ],
)
def test_import_tmx_refusals_write_nothing(cli, app, sample_doc, tmp_path, data, message):
    add_user(app, "tran")
    path = tmp_path / "bad.tmx"
    path.write_bytes(data)
    line = one_line_error(cli("import-tmx", str(sample_doc), str(path), "--user", "tran"))
    assert message in line and "Nothing was changed" in line
