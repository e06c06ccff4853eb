"""Exporters: a contract every format passes, then what each format promises on its own."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import docx
import openpyxl
import pytest
from lxml import etree, html
from translate.storage import tmx as tk_tmx
from translate.storage import xliff as tk_xliff

from workbench.formats import (
    EXPORTERS,
    ExportComment,
    ExportDocument,
    ExportOptions,
    ExportParagraph,
    ExportSegment,
    ExportTerm,
    FormatError,
    GlossaryEntry,
    content_disposition,
    export_filename,
    get_exporter,
)
from workbench.formats.bilingual import CurrentSegment
from workbench.formats.edition import md_escape
from workbench.formats.xliff import XliffUnit, plan_xliff_import, read_xliff
from workbench.statuses import XLIFF_STATE, Status

T0 = datetime(2024, 3, 1, 9, 30, 0)
T1 = datetime(2024, 3, 2, 17, 5, 9)
EXPORTED = datetime(2024, 3, 5, 8, 0, 0)

# Markup-like text that must come back literally; \x07 must vanish (XML cannot carry it).
MARKUP = "<b>&amp; \"q\" 'a'\x07"
MARKUP_CLEAN = "<b>&amp; \"q\" 'a'"
HEADING_EN = "Report on the Work of the Government"
BODY_ZH = "我们坚持软件发展<i>&。"  # 软件 -> 軟體 in zh-Hant-TW
EMPTY_ZH = "鼠标要更新。"  # 鼠标 -> 滑鼠 in zh-Hant-TW
MT_TEXT = "The mouse needs updating."


def segment(seg_id: int, source: str, target: str, status: str, **extra: object) -> ExportSegment:
    values: dict[str, object] = dict(
        id=seg_id,
        source=source,
        target=target,
        status=status,
        mt="",
        origin="human",
        version=2,
        created_at=T0,
        created_by="alice",
        changed_at=T1,
        changed_by="bob",
        comments=(),
        terms=(),
    )
    values.update(extra)
    return ExportSegment(**values)  # type: ignore[arg-type]


def sample_paragraphs() -> tuple[ExportParagraph, ...]:
    return (
        ExportParagraph(0, "heading", 1, (segment(11, "政府工作报告", HEADING_EN, "approved"),)),
        ExportParagraph(
            1,
            "body",
            0,
            (
                segment(
                    12,
                    BODY_ZH,
                    MARKUP,
                    "translated",
                    comments=(ExportComment("carol", T1, 'check <this> & "that"\x01'),),
                    terms=(ExportTerm(2, 4, "坚持", "adhere to", "policy <term> & note"),),
                ),
                segment(13, EMPTY_ZH, "", "new", mt=MT_TEXT, origin="system"),
            ),
        ),
        ExportParagraph(2, "heading", 2, (segment(14, "一、回顾", "I. Review", "reviewed"),)),
        ExportParagraph(
            3, "body", 0, (segment(15, "经济回升向好。", "The economy recovered.", "approved"),)
        ),
    )


def sample_doc(**changes: object) -> ExportDocument:
    doc = ExportDocument(
        id=7,
        title="2024 Government Work Report <draft>",
        filename="report.txt",
        source_lang="zh-CN",
        target_lang="en",
        created_at=T0,
        exported_at=EXPORTED,
        paragraphs=sample_paragraphs(),
    )
    return replace(doc, **changes)


def export(name: str, doc: ExportDocument | None = None, **options: object):
    out = io.BytesIO()
    report = get_exporter(name).write(doc or sample_doc(), out, ExportOptions(**options))  # type: ignore[arg-type]
    return out.getvalue(), report


@dataclass
class Extracted:
    text: str  # every piece of visible text, in order
    headings: list[str]  # the English of heading paragraphs (or the Chinese where no English)


class ExporterContract:
    """What every exporter must do; a subclass names the format and how to read it back."""

    name: str
    written = 5  # segments of the sample the format writes (TMX: not the one without English)

    def extract(self, data: bytes) -> Extracted:
        raise NotImplementedError

    @property
    def exporter(self):
        return EXPORTERS[self.name]

    def test_registered_with_metadata(self) -> None:
        exporter = self.exporter
        assert exporter.name == self.name
        assert exporter.extension and "." not in exporter.extension
        assert "/" in exporter.mimetype and exporter.description

    def test_markup_like_text_comes_back_literally(self) -> None:
        data, _ = export(self.name)
        text = self.extract(data).text
        assert MARKUP_CLEAN in text
        assert "\x07" not in text and "\x01" not in text
        if not data.startswith(b"PK"):  # zip containers: the compressed bytes prove nothing
            assert b"\x07" not in data and b"\x01" not in data

    def test_non_ascii_chinese_and_english(self) -> None:
        data, _ = export(self.name)
        text = self.extract(data).text
        assert "The economy recovered." in text
        if self.exporter.bilingual:
            assert "经济回升向好。" in text
            assert "<i>&" in text  # markup-like Chinese too

    def test_empty_english_is_counted(self) -> None:
        data, report = export(self.name)
        assert report.missing == 1
        assert report.segments == 5
        assert report.unapproved == 3
        assert any("without English" in line for line in report.lines)

    def test_headings_kept(self) -> None:
        data, _ = export(self.name)
        assert self.extract(data).headings == [HEADING_EN, "I. Review"]

    def test_traditional_variant(self) -> None:
        data, _ = export(self.name, chinese="zh-Hant-TW")
        text = self.extract(data).text
        if self.exporter.bilingual:
            assert "軟體" in text and "滑鼠" in text
            assert "软件" not in text
        else:
            assert data == export(self.name)[0]  # English only: the variant changes nothing

    def test_deterministic(self) -> None:
        assert export(self.name)[0] == export(self.name)[0]

    def test_paragraphs_may_be_a_generator(self) -> None:
        def paragraphs() -> Iterator[ExportParagraph]:
            yield from sample_paragraphs()

        data, report = export(self.name, sample_doc(paragraphs=paragraphs()))
        assert data == export(self.name)[0]
        assert report.segments == self.written

    def test_status_filter_leaves_out(self) -> None:
        _, report = export(self.name, statuses=frozenset({"approved"}))
        assert report.left_out == 3
        assert any("left out" in line for line in report.lines)


# --- XML formats ---------------------------------------------------------------------------

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XLIFF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(
        data, etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    )


class TestTmx(ExporterContract):
    name = "tmx"
    written = 4

    def test_empty_english_is_counted(self) -> None:
        # Changed from the contract: a memory never carries an empty English <tuv> (OmegaT
        # would make it an empty translation), so segment 13 is left out and said so.
        data, report = export(self.name)
        assert (report.segments, report.missing) == (4, 0)
        assert any("1 without English left out" in line for line in report.lines)
        root = parse_xml(data)
        assert root.find("body/tu[@tuid='13']") is None
        assert all((seg.text or "").strip() for seg in root.iter("seg"))

    def test_traditional_variant(self) -> None:
        text = self.extract(export(self.name, chinese="zh-Hant-TW")[0]).text
        assert "軟體" in text and "软件" not in text  # (滑鼠 is in the unit left out)

    def extract(self, data: bytes) -> Extracted:
        root = parse_xml(data)
        heads = [
            tu.findtext(
                "tuv[@xml:lang='en']/seg",
                namespaces={"xml": "http://www.w3.org/XML/1998/namespace"},
            )
            for tu in root.iter("tu")
            if tu.find("prop[@type='x-heading']") is not None
        ]
        return Extracted("\n".join(root.itertext()), heads)

    def test_valid_against_dtd(self, schemas_dir: Path) -> None:
        dtd = etree.DTD(str(schemas_dir / "tmx14.dtd"))
        for chinese in ("zh-Hans", "zh-Hant-HK"):
            data, _ = export("tmx", chinese=chinese)
            assert dtd.validate(parse_xml(data)), dtd.error_log.filter_from_errors()

    def test_translate_toolkit_reads_it(self, tmp_path: Path) -> None:
        path = tmp_path / "out.tmx"
        path.write_bytes(export("tmx", chinese="zh-Hant-TW")[0])
        store = tk_tmx.tmxfile.parsefile(str(path))
        units = {unit.getid(): unit for unit in store.units}
        assert list(units) == ["11", "12", "14", "15"]  # 13 has no English
        assert units["12"].gettarget(lang="en") == MARKUP_CLEAN
        assert units["12"].gettarget(lang="zh-TW").startswith("我們堅持軟體")

    def test_dates_users_props_and_notes(self) -> None:
        tu = parse_xml(export("tmx")[0]).find("body/tu[@tuid='12']")
        assert tu.get("creationdate") == "20240301T093000Z" and tu.get("creationid") == "alice"
        assert tu.get("changedate") == "20240302T170509Z" and tu.get("changeid") == "bob"
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-status"] == "translated" and props["x-segment-id"] == "12"
        assert props["x-paragraph"] == "2"
        assert tu.findtext("note") == 'carol (2024-03-02 17:05 UTC): check <this> & "that"'
        header = parse_xml(export("tmx", chinese="zh-Hant-HK")[0]).find("header")
        assert header.get("srclang") == "zh-HK" and header.get("creationdate") == "20240305T080000Z"


class TestXliff(ExporterContract):
    name = "xliff"

    def extract(self, data: bytes) -> Extracted:
        root = parse_xml(data)
        heads = root.xpath(
            "//x:group[@restype='x-heading']/x:trans-unit/x:target/text()", namespaces=XLIFF_NS
        )
        return Extracted("\n".join(root.itertext()), [str(h) for h in heads])

    def test_valid_against_strict_schema(self, schemas_dir: Path) -> None:
        schema = etree.XMLSchema(etree.parse(str(schemas_dir / "xliff-core-1.2-strict.xsd")))
        for chinese in ("zh-Hans", "zh-Hant-TW"):
            data, _ = export("xliff", chinese=chinese)
            assert schema.validate(parse_xml(data)), schema.error_log.filter_from_errors()

    def test_every_status_valid_and_read_back_by_translate_toolkit(
        self, schemas_dir: Path, tmp_path: Path
    ) -> None:
        paragraph = ExportParagraph(
            0,
            "body",
            0,
            tuple(segment(100 + i, f"句子{i}。", f"S{i}.", s.value) for i, s in enumerate(Status)),
        )
        data, _ = export("xliff", sample_doc(paragraphs=(paragraph,)))
        schema = etree.XMLSchema(etree.parse(str(schemas_dir / "xliff-core-1.2-strict.xsd")))
        assert schema.validate(parse_xml(data)), schema.error_log.filter_from_errors()
        path = tmp_path / "out.xlf"
        path.write_bytes(data)
        store = tk_xliff.xlifffile.parsefile(str(path))
        assert len(store.units) == len(Status)
        for unit, status in zip(store.units, Status):
            target = unit.xmlelement.find("x:target", XLIFF_NS)
            state = target.get("state")
            assert (state, target.get("state-qualifier")) == XLIFF_STATE[status]
            # translate-toolkit maps that state to its number (approved lifts it to final)
            expected = store.units[0].statemap[state]
            if status == Status.APPROVED:
                assert unit.isapproved() and unit.get_state_n() >= 120
            else:
                assert not unit.isapproved()
                assert unit.get_state_n() == min(expected, 100) or (
                    status == Status.NEW and unit.get_state_n() == 30
                )

    def test_structure_notes_version_and_mt(self) -> None:
        root = parse_xml(export("xliff")[0])
        file_el = root.find("x:file", XLIFF_NS)
        assert file_el.get("original") == "report.txt" and file_el.get("source-language") == "zh-CN"
        groups = file_el.findall("x:body/x:group", XLIFF_NS)
        assert [g.get("restype") for g in groups] == [
            "x-heading",
            "x-paragraph",
            "x-heading",
            "x-paragraph",
        ]
        unit = root.find(".//x:trans-unit[@id='12']", XLIFF_NS)
        assert unit.get("extradata") == "version=2"
        notes = [(n.get("from"), n.text) for n in unit.findall("x:note", XLIFF_NS)]
        assert notes[0] == ("carol", '2024-03-02 17:05 UTC: check <this> & "that"')
        assert notes[1] == ("glossary", "坚持 = adhere to — policy <term> & note")
        approved = root.find(".//x:trans-unit[@id='11']", XLIFF_NS)
        assert approved.get("approved") == "yes"
        empty = root.find(".//x:trans-unit[@id='13']", XLIFF_NS)
        assert empty.findtext("x:alt-trans/x:target", namespaces=XLIFF_NS) == MT_TEXT

    def test_read_back_own_export(self) -> None:
        units = read_xliff(export("xliff", chinese="zh-Hant-TW")[0])
        by_id = {u.id: u for u in units}
        assert list(by_id) == ["11", "12", "13", "14", "15"]
        assert by_id["12"].target == MARKUP_CLEAN and by_id["12"].state == "translated"
        assert by_id["12"].base_version == 2 and by_id["12"].source_language == "zh-TW"
        assert by_id["11"].approved and by_id["13"].target == ""
        assert by_id["13"].notes == ()  # the MT lives in alt-trans, not in the notes


class TestDocxBilingual(ExporterContract):
    name = "docx-bilingual"

    def extract(self, data: bytes) -> Extracted:
        document = docx.Document(io.BytesIO(data))
        texts = [p.text for p in document.paragraphs]
        heads = []
        for table in document.tables:
            for row in table.rows:
                cells = row.cells
                texts.extend(c.text for c in cells)
                if cells[-1].paragraphs[0].style.name.startswith("Heading"):
                    heads.append(cells[-1].text)
        return Extracted("\n".join(texts), heads)

    def test_two_columns_header_repeats_and_east_asian_font(self) -> None:
        data, _ = export("docx-bilingual", chinese="zh-Hant-TW")
        document = docx.Document(io.BytesIO(data))
        table = document.tables[0]
        assert [c.text for c in table.rows[0].cells] == ["Chinese (zh-TW)", "English"]
        assert table.rows[0]._tr.find(".//" + qn("w:tblHeader")) is not None
        assert table.rows[1].cells[0].paragraphs[0].style.name == "Heading 1"
        body = table.rows[2].cells
        assert body[0].text == "我們堅持軟體發展<i>&。滑鼠要更新。"
        assert body[1].text == f"{MARKUP_CLEAN} [missing: segment 13]"
        fonts = table.rows[2].cells[0].paragraphs[0].runs[0]._r.find(".//" + qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == "PMingLiU"
        normal = document.styles["Normal"].element.find(".//" + qn("w:rFonts"))
        assert normal.get(qn("w:eastAsia")) == "PMingLiU"

    def test_glossary_appendix_and_fill_mt(self) -> None:
        data, report = export("docx-bilingual", fill_mt=True)
        document = docx.Document(io.BytesIO(data))
        appendix = document.tables[1]
        assert [c.text for c in appendix.rows[1].cells] == [
            "坚持",
            "adhere to",
            "policy <term> & note",
        ]
        assert f"[MT] {MT_TEXT}" in document.tables[0].rows[2].cells[1].text
        assert report.filled_from_mt == 1

    def test_given_glossary_replaces_found_terms(self) -> None:
        doc = sample_doc(
            glossary=(GlossaryEntry("两会", "the two sessions", "NPC and CPPCC", "other"),)
        )
        document = docx.Document(io.BytesIO(export("docx-bilingual", doc)[0]))
        assert [c.text for c in document.tables[1].rows[1].cells] == [
            "两会",
            "the two sessions",
            "NPC and CPPCC",
        ]


@pytest.mark.parametrize("name", ["docx-bilingual", "html-bilingual"])
def test_glossary_notes_follow_the_chinese_variant(name: str) -> None:
    doc = sample_doc(
        glossary=(GlossaryEntry("林长制", "forest chief system", "见河长制", "system"),)
    )
    data, _ = export(name, doc, chinese="zh-Hant-HK")
    if name == "docx-bilingual":
        cells = [c.text for c in docx.Document(io.BytesIO(data)).tables[1].rows[1].cells]
    else:
        cells = [td.text_content() for td in html.fromstring(data).xpath("//section//tbody/tr/td")]
    assert cells == ["林長制", "forest chief system", "見河長制"]


def test_html_appendix_is_laid_out_for_three_columns() -> None:
    page = html.fromstring(export("html-bilingual")[0])
    cols = page.xpath("//section[@class='glossary']//colgroup/col/@class")
    assert cols == ["term", "rendering", "note"]
    css = page.findtext(".//style")
    assert "section.glossary th, section.glossary td { width: auto;" in css
    assert "col.note { width: 48%; }" in css


def qn(tag: str) -> str:
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)


class TestHtmlBilingual(ExporterContract):
    name = "html-bilingual"

    def extract(self, data: bytes) -> Extracted:
        page = html.fromstring(data)
        heads = [
            tr.xpath("td")[1].text_content()
            for tr in page.xpath("//tr[contains(@class, 'heading')]")
        ]
        return Extracted(page.text_content(), heads)

    def test_self_contained_printable_and_escaped(self) -> None:
        data, _ = export("html-bilingual")
        page = html.fromstring(data)
        assert (
            not page.xpath("//script") and not page.xpath("//link") and not page.xpath("//*[@src]")
        )
        style = page.findtext(".//style")
        assert (
            "@page" in style
            and "table-header-group" in style
            and "page-break-inside: avoid" in style
        )
        assert page.xpath("//table[@class='bilingual']/thead")
        assert b"<b>" not in data and b"&lt;b&gt;&amp;amp;" in data

    def test_terms_marked_with_notes(self) -> None:
        page = html.fromstring(export("html-bilingual", chinese="zh-Hant-TW")[0])
        (term,) = page.xpath("//abbr[@class='term']")
        assert term.get("title") == "adhere to — policy <term> & note"
        assert term.text_content() == "堅持"
        assert page.xpath("//section[@class='glossary']//td")[0].text_content() == "堅持"
        assert page.xpath("//td[@lang='zh-TW']")

    def test_missing_marker_visible(self) -> None:
        page = html.fromstring(export("html-bilingual")[0])
        (marker,) = page.xpath("//span[contains(@class, 'marker')]")
        assert marker.text_content() == "[missing: segment 13]"


# --- tables --------------------------------------------------------------------------------


class TestCsv(ExporterContract):
    name = "csv"

    def rows(self, data: bytes) -> list[list[str]]:
        assert data.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    def extract(self, data: bytes) -> Extracted:
        rows = self.rows(data)
        return Extracted(
            "\n".join("\n".join(r) for r in rows), [r[4] for r in rows[1:] if r[2] == "yes"]
        )

    def test_columns_and_cells(self) -> None:
        rows = self.rows(export("csv", chinese="zh-Hant-HK")[0])
        assert rows[0] == [
            "segment id",
            "paragraph",
            "heading",
            "Chinese (zh-HK)",
            "English",
            "status",
            "MT",
            "comments",
        ]
        assert rows[2][:2] == ["12", "2"] and rows[2][4] == MARKUP_CLEAN
        assert rows[2][7] == 'carol (2024-03-02 17:05 UTC): check <this> & "that"'
        assert rows[3][4] == "" and rows[3][6] == MT_TEXT and rows[3][5] == "new"

    @pytest.mark.parametrize(
        "text",
        ['=HYPERLINK("http://x.example","click")', "=1+1", "+1", "-5% growth", "@SUM(A1)", "\tx"],
    )  # fmt: skip  (a CR never reaches a cell: clean_text makes it a newline)
    def test_formulas_neutralised(self, text: str) -> None:
        """OWASP: a cell starting with = + - @ tab or CR gets a leading apostrophe."""
        paragraph = ExportParagraph(0, "body", 0, (segment(1, text, text, "draft"),))
        rows = self.rows(export("csv", sample_doc(paragraphs=(paragraph,)))[0])
        assert rows[1][3] == "'" + text and rows[1][4] == "'" + text
        assert rows[1][0] == "1"  # the id itself is plain

    def test_ordinary_text_untouched(self) -> None:
        paragraph = ExportParagraph(
            0, "body", 0, (segment(1, "增长5%", "Up 5% (=target)", "draft"),)
        )
        rows = self.rows(export("csv", sample_doc(paragraphs=(paragraph,)))[0])
        assert rows[1][3:5] == ["增长5%", "Up 5% (=target)"]


class TestXlsx(ExporterContract):
    name = "xlsx"

    def rows(self, data: bytes) -> list[list[str]]:
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]

    def extract(self, data: bytes) -> Extracted:
        rows = self.rows(data)
        return Extracted(
            "\n".join("\n".join(r) for r in rows), [r[4] for r in rows[1:] if r[2] == "yes"]
        )

    def test_formula_like_text_stays_text(self) -> None:
        paragraph = ExportParagraph(0, "body", 0, (segment(1, "一。", "=SUM(A1:A2)", "draft"),))
        data, _ = export("xlsx", sample_doc(paragraphs=(paragraph,)))
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        assert sheet["E2"].value == "=SUM(A1:A2)" and sheet["E2"].data_type == "s"

    def test_ids_are_numbers_and_text_is_text(self) -> None:
        sheet = openpyxl.load_workbook(io.BytesIO(export("xlsx")[0])).active
        assert (sheet["A3"].value, sheet["A3"].data_type) == (12, "n")
        assert (sheet["B3"].value, sheet["B3"].data_type) == (2, "n")
        assert sheet["C3"].data_type == "s" and sheet["D3"].data_type == "s"

    def test_prints_readably(self) -> None:
        """Widths, wrapping, row heights, header repeated, fitted to the width of A4."""
        sheet = openpyxl.load_workbook(io.BytesIO(export("xlsx")[0])).active
        assert sheet.print_title_rows == "$1:$1" and sheet.freeze_panes == "A2"
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", int(sheet.PAPERSIZE_A4))
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.column_dimensions["D"].width >= 40 and sheet.column_dimensions["E"].width >= 50
        assert all(cell.alignment.wrap_text for cell in sheet[3])
        # Rows are sized for their wrapped text (LibreOffice does not measure them itself).
        long = ExportParagraph(0, "body", 0, (segment(1, "长" * 200, "long " * 80, "draft"),))
        tall = openpyxl.load_workbook(
            io.BytesIO(export("xlsx", sample_doc(paragraphs=(long,)))[0])
        ).active
        assert tall.row_dimensions[2].height >= 8 * 13 and sheet.row_dimensions[3].height < 30

    def test_zip_members_dated_from_export_time(self) -> None:
        with zipfile.ZipFile(io.BytesIO(export("xlsx")[0])) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2024, 3, 5, 8, 0, 0)}
            assert b"2024-03-05T08:00:00Z" in archive.read("docProps/core.xml")


# --- the English edition -------------------------------------------------------------------


class EditionContract(ExporterContract):
    def test_paragraphs_joined_with_markers(self) -> None:
        text = self.extract(export(self.name)[0]).text
        assert f"{MARKUP_CLEAN} [missing: segment 13]" in text

    def test_fill_mt_marks_it(self) -> None:
        data, report = export(self.name, fill_mt=True)
        assert f"{MARKUP_CLEAN} [MT] {MT_TEXT}" in self.extract(data).text
        assert report.filled_from_mt == 1 and report.missing == 1

    def test_approved_only_marks_the_rest(self) -> None:
        data, report = export(self.name, approved_only=True)
        text = self.extract(data).text
        assert "[left out: segment 12, translated] [left out: segment 13, new]" in text
        assert "I. Review" not in text and "[left out: segment 14, reviewed]" in text
        assert report.left_out == 3 and report.segments == 2 and report.unapproved == 0

    def test_no_chinese(self) -> None:
        assert "经济" not in self.extract(export(self.name)[0]).text

    def test_raw_mt_english_is_marked_and_counted_apart(self) -> None:
        raw = segment(16, "新句。", "Raw machine English.", "machine-translated", origin="mt")
        doc = sample_doc(paragraphs=(*sample_paragraphs(), ExportParagraph(4, "body", 0, (raw,))))
        data, report = export(self.name, doc)
        assert "[MT] Raw machine English." in self.extract(data).text
        assert report.machine == 1 and any("1 with raw MT English" in x for x in report.lines)
        left, report = export(self.name, doc, leave_out_mt=True)
        text = self.extract(left).text
        assert "Raw machine English." not in text and "[left out: segment 16, raw MT]" in text
        assert report.machine == 0 and report.left_out == 1
        assert any("1 with raw MT English left out" in x for x in report.lines)


class TestEditionMarkdown(EditionContract):
    name = "edition-md"

    def extract(self, data: bytes) -> Extracted:
        text = data.decode("utf-8")
        unescaped = re.sub(r"\\(.)", r"\1", text)
        heads = [
            re.sub(r"\\(.)", r"\1", line.lstrip("#").strip())
            for line in text.splitlines()
            if line.startswith("#")
        ]
        return Extracted(unescaped, heads)

    def test_heading_levels_and_blank_lines(self) -> None:
        lines = export("edition-md")[0].decode("utf-8").split("\n")
        assert lines[:2] == ["2024 Government Work Report \\<draft\\>", "==="]  # the title
        assert lines[3] == f"# {HEADING_EN}"
        assert lines[4] == ""
        assert lines[7] == "## I\\. Review" or lines[7] == "## I. Review"

    def test_escaping(self) -> None:
        assert md_escape("<b>&amp; *x* [y](z)") == r"\<b\>\&amp; \*x\* \[y\](z)"
        assert md_escape("- item") == r"\- item" and md_escape("12. twelve") == r"12\. twelve"
        assert md_escape("# not a heading") == r"\# not a heading"


class TestEditionHtml(EditionContract):
    name = "edition-html"

    def extract(self, data: bytes) -> Extracted:
        page = html.fromstring(data)
        body = page.find("body")
        heads = [h.text_content() for h in body.xpath("h1[not(@class='title')]|h2|h3|h4|h5|h6")]
        return Extracted(body.text_content(), heads)

    def test_heading_levels(self) -> None:
        page = html.fromstring(export("edition-html")[0])
        assert page.xpath("//h1[@class='title']/text()") == ["2024 Government Work Report <draft>"]
        assert page.xpath("//h1[not(@class)]/text()") == [HEADING_EN]
        assert page.xpath("//h2/text()") == ["I. Review"]
        assert not page.xpath("//script")

    def test_title_and_a4(self) -> None:
        page = html.fromstring(export("edition-html", title="The Work Report")[0])
        assert page.findtext(".//title") == "The Work Report"
        assert page.xpath("//h1[@class='title']/text()") == ["The Work Report"]
        assert "size: A4" in page.findtext(".//style")


class TestEditionDocx(EditionContract):
    name = "edition-docx"

    def extract(self, data: bytes) -> Extracted:
        document = docx.Document(io.BytesIO(data))
        paragraphs = document.paragraphs
        heads = [p.text for p in paragraphs if p.style.name.startswith("Heading")]
        return Extracted("\n".join(p.text for p in paragraphs), heads)

    def test_heading_styles(self) -> None:
        document = docx.Document(io.BytesIO(export("edition-docx")[0]))
        styles = [(p.style.name, p.text) for p in document.paragraphs]
        assert styles[0] == ("Title", "2024 Government Work Report <draft>")
        assert styles[1] == ("Heading 1", HEADING_EN) and styles[3] == ("Heading 2", "I. Review")

    def test_house_style_a4_title_and_page_numbers(self) -> None:
        """Read back with python-docx: page size, title, styles, the page-number field."""
        data, _ = export("edition-docx", title="Report on the Work of the Government, 2024")
        document = docx.Document(io.BytesIO(data))
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert round(section.left_margin.mm) == 20 and round(section.top_margin.mm) == 25
        assert document.paragraphs[0].style.name == "Title"
        assert document.paragraphs[0].text == "Report on the Work of the Government, 2024"
        assert document.core_properties.title == "Report on the Work of the Government, 2024"
        heading = document.styles["Heading 1"]
        assert heading.font.color.rgb == docx.shared.RGBColor(0, 0, 0) and heading.font.bold
        assert heading.paragraph_format.keep_with_next
        assert document.styles["Normal"].font.name == "Times New Roman"
        footer = section.footer.paragraphs[0]._p.xml
        assert "PAGE" in footer and 'w:fldCharType="begin"' in footer

    def test_title_line_english_is_the_title(self) -> None:
        """A document that opens with its title line: that line's English is the title."""
        doc = sample_doc(title="政府工作报告")
        paragraphs = docx.Document(io.BytesIO(export(self.name, doc)[0])).paragraphs
        assert (paragraphs[0].style.name, paragraphs[0].text) == ("Title", HEADING_EN)
        assert HEADING_EN not in [p.text for p in paragraphs[1:]]  # not printed twice
        chosen = docx.Document(io.BytesIO(export(self.name, doc, title="Chosen")[0])).paragraphs
        assert chosen[0].text == "Chosen" and chosen[1].text != HEADING_EN

    def test_mt_marker_is_a_marked_run(self) -> None:
        raw = segment(16, "新句。", "Raw machine English.", "machine-translated", origin="mt")
        doc = sample_doc(paragraphs=(ExportParagraph(0, "body", 0, (raw,)),))
        document = docx.Document(io.BytesIO(export(self.name, doc)[0]))
        (run,) = document.paragraphs[1].runs
        assert run.text == "[MT] Raw machine English." and run.italic


# --- registry, options, filenames ----------------------------------------------------------


def test_registry_has_every_format() -> None:
    assert set(EXPORTERS) == {
        "tmx", "xliff", "xliff-omegat", "docx-bilingual", "html-bilingual", "csv", "xlsx",
        "edition-docx", "edition-html", "edition-md",
    }  # fmt: skip
    with pytest.raises(ValueError, match="unknown export format"):
        get_exporter("pdf")


def test_unknown_variant_refused() -> None:
    with pytest.raises(ValueError, match="zh-Hant-TW"):
        ExportOptions(chinese="zh-Hant")


def test_traditional_document_converted_to_simplified_and_variants() -> None:
    paragraph = ExportParagraph(0, "body", 0, (segment(1, "軟體發展。", "Software.", "draft"),))
    doc = sample_doc(source_lang="zh-Hant", paragraphs=(paragraph,))
    # t2s is character for character: 軟體 becomes 软体, not the mainland word 软件.
    assert "软体发展" in TestCsv().extract(export("csv", doc)[0]).text
    assert "軟體發展" in TestCsv().extract(export("csv", doc, chinese="zh-Hant-TW")[0]).text


def test_export_filename_is_safe() -> None:
    tmx = EXPORTERS["tmx"]
    assert export_filename("政府工作报告", 3, tmx) == "政府工作报告-3-tmx.tmx"
    assert export_filename("政府工作报告", 3, tmx, ascii_only=True) == "document-3-tmx.tmx"
    # The title as written, without path separators, reserved characters or controls.
    name = export_filename("../Work Report: 2024/é\\x\x07", 12, tmx, "zh-Hant-HK")
    assert name == "Work-Report-2024-é-x-12-tmx-zh-hant-hk.tmx"
    name = export_filename("../Work Report: 2024/é\\x", 12, tmx, "zh-Hant-HK", ascii_only=True)
    assert name == "work-report-2024-e-x-12-tmx-zh-hant-hk.tmx"
    assert (
        export_filename("Report", 1, EXPORTERS["edition-md"], "zh-Hant-TW")
        == "Report-1-edition-md.md"
    )


def test_content_disposition_keeps_the_chinese_title() -> None:
    header = content_disposition("2024年政府工作报告-3-tmx.tmx")
    assert header.startswith('attachment; filename="2024-3-tmx.tmx"; ')
    encoded = header.split("filename*=", 1)[1]
    assert encoded.startswith("UTF-8''")
    assert unquote(encoded[len("UTF-8''") :]) == "2024年政府工作报告-3-tmx.tmx"


# --- XLIFF import: reading and planning ----------------------------------------------------

FOREIGN = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="report.docx" source-language="zh-CN" target-language="en-US" datatype="x-other">
  <body>
   <trans-unit id="21">
    <source>我们<g id="1">坚持</g>发展<x id="2"/>。</source>
    <target state="translated">We <g id="1">adhere to</g> development<x id="2"/>.</target>
    <note>checked</note>
   </trans-unit>
   <trans-unit id="22" approved="yes">
    <source><bpt id="1">&lt;b&gt;</bpt>经济<ept id="1">&lt;/b&gt;</ept>回升。</source>
    <target><bpt id="1">&lt;b&gt;</bpt>The economy<ept id="1">&lt;/b&gt;</ept> recovered.</target>
   </trans-unit>
  </body>
 </file>
</xliff>
"""


def test_read_foreign_xliff_with_inline_markup() -> None:
    first, second = read_xliff(FOREIGN.encode("utf-8"))
    assert (first.id, first.source, first.target) == (
        "21",
        "我们坚持发展。",
        "We adhere to development.",
    )
    assert (
        first.state == "translated" and first.base_version is None and first.notes == ("checked",)
    )
    assert (
        second.approved
        and second.source == "经济回升。"
        and second.target == "The economy recovered."
    )


def test_read_xliff_without_namespace_and_version_1_1() -> None:
    data = (
        b'<xliff version="1.1"><file original="f" source-language="zh" datatype="plaintext"><body>'
        b'<trans-unit id="1" extradata="version=4"><source>A</source></trans-unit></body></file></xliff>'
    )
    (unit,) = read_xliff(data)
    assert unit.target is None and unit.base_version == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<xliff><file", "not a well-formed XML file"),
        (b"<tmx version='1.4'/>", "not an XLIFF file"),
        (b"", "not a well-formed XML file"),
        (b'<xliff version="2.0"/>', "not supported"),
        (
            b'<xliff version="1.2"><file><body><trans-unit><source/></trans-unit></body></file></xliff>',
            "without an id",
        ),
    ],
)
def test_read_xliff_refuses_malformed(data: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message) as excinfo:
        read_xliff(data)
    assert "\n" not in str(excinfo.value)


def test_read_xliff_does_not_expand_entities() -> None:
    data = b"""<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xliff version="1.2"><file original="f" source-language="zh" datatype="plaintext"><body>
<trans-unit id="1"><source>&e;</source></trans-unit></body></file></xliff>"""
    (unit,) = read_xliff(data)
    assert "root" not in unit.source


def unit(
    unit_id: str, source: str, target: str | None, base: int | None = 3, **extra: object
) -> XliffUnit:
    values: dict[str, object] = dict(
        id=unit_id,
        source=source,
        target=target,
        state="translated",
        approved=False,
        base_version=base,
    )
    values.update(extra)
    return XliffUnit(**values)  # type: ignore[arg-type]


CURRENT = {
    1: CurrentSegment(1, "第一句。", "First.", "translated", 3),
    2: CurrentSegment(2, "第二句。", "Second.", "translated", 3),
    3: CurrentSegment(3, "第三句。", "Third, edited since.", "reviewed", 5),
    4: CurrentSegment(4, "第四句。", "Fourth.", "translated", 5),
    5: CurrentSegment(5, "软件。", "", "new", 1),
}


def test_plan_sorts_changed_unchanged_unknown_and_conflicts() -> None:
    units = [
        unit("1", "第一句。", "First, improved."),  # changed
        unit("2", "第二句。", "Second."),  # unchanged
        unit("3", "第三句。", "Third, from the file."),  # edited since export -> conflict
        unit("4", "第四句。", "Fourth."),  # edited since but agrees: unchanged
        unit("5", "軟體。", "Software.", base=1, source_language="zh-TW"),  # variant export
        unit("99", "别的。", "Other."),  # not in the document
        unit("2", "第二句。", "Again."),  # duplicate
        unit("x", "第一句。", "x"),  # not a segment id
        unit("1", "改过的中文。", "Changed source."),  # the Chinese differs (and duplicate)
    ]
    plan = plan_xliff_import(units, CURRENT)
    assert [c.segment_id for c in plan.changed] == [1, 5]
    assert (
        plan.changed[0].new_target == "First, improved." and plan.changed[0].old_target == "First."
    )
    assert plan.changed[1].new_status == "translated"
    assert plan.unchanged == [2, 4]
    (conflict,) = plan.conflicts
    assert (conflict.segment_id, conflict.base_version, conflict.current_version) == (3, 3, 5)
    assert (
        conflict.old_target == "Third, edited since."
        and conflict.new_target == "Third, from the file."
    )
    assert [u.unit_id for u in plan.unknown] == ["99", "2", "x", "1"]


def test_plan_status_only_change_and_empty_target() -> None:
    units = [
        unit("1", "第一句。", "First.", state="final", approved=True),
        unit("2", "第二句。", ""),
        unit("4", "第四句。", None, base=None),
    ]
    # Changed from "approved" (issue 13): a file approves only when the editor asks for it.
    plan = plan_xliff_import(units, CURRENT)
    assert [(c.segment_id, c.new_status) for c in plan.changed] == [(1, "reviewed")]
    assert plan.unchanged == [2, 4]
    approving = plan_xliff_import(units, CURRENT, approve=True)
    assert [(c.segment_id, c.new_status) for c in approving.changed] == [(1, "approved")]


def test_plan_without_base_version_never_overwrites_a_persons_english() -> None:
    # Changed (issue 13, "never overwriting silently"): without a version nothing says the
    # file is newer, so a person's English (reviewed) that differs is a conflict...
    plan = plan_xliff_import([unit("3", "第三句。", "Other.", base=None)], CURRENT)
    assert [c.segment_id for c in plan.conflicts] == [3] and not plan.changed
    # ...while an empty segment simply receives the file's English.
    plan = plan_xliff_import([unit("5", "软件。", "Software.", base=None)], CURRENT)
    assert [c.segment_id for c in plan.changed] == [5] and not plan.conflicts


def test_export_edit_import_round_trip() -> None:
    data = export("xliff")[0]
    root = parse_xml(data)
    target = root.find(".//x:trans-unit[@id='13']/x:target", XLIFF_NS)
    target.text = "The mouse must be updated."
    target.set("state", "translated")
    current = {
        s.id: CurrentSegment(s.id, s.source, s.target, s.status, s.version)
        for p in sample_paragraphs()
        for s in p.segments
    }
    plan = plan_xliff_import(read_xliff(etree.tostring(root)), current)
    assert [(c.segment_id, c.new_target, c.new_status) for c in plan.changed] == [
        (13, "The mouse must be updated.", "translated")
    ]
    # 12's English lost its \x07 on export: not a change.
    assert sorted(plan.unchanged) == [11, 12, 14, 15] and not plan.conflicts and not plan.unknown
