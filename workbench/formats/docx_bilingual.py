"""Bilingual DOCX: a two-column table, Chinese | English, one row per paragraph.

Rows follow the document: heading paragraphs are heading rows (both cells in "Heading N"),
the header row repeats on every page (w:tblHeader), and a glossary appendix lists the terms
(term, rendering, note). A paragraph's sentences are joined (Chinese without spaces, English
with single spaces); English that is missing shows a marker, or MT marked "[MT]" with
fill_mt. DOCX cannot be streamed: the document is built in memory, then saved.
"""

from __future__ import annotations

from typing import BinaryIO

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import Table, _Row

from .base import (
    ChineseText,
    ExporterBase,
    ExportReport,
    GlossaryCollector,
    ReportCounter,
    clean_text,
)
from .docx_common import EAST_ASIAN_FONTS, add_english, heading_style, new_document, save, set_fonts
from .model import ExportDocument, ExportOptions, ExportParagraph, GlossaryEntry


def repeat_as_header(row: _Row) -> None:
    """Mark a table row to repeat at the top of every page (Word and LibreOffice honour it)."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


APPENDIX_WIDTHS = (Mm(38), Mm(52), Mm(80))  # of the 170 mm between A4's margins


class DocxBilingualExporter(ExporterBase):
    name = "docx-bilingual"
    extension = "docx"
    mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    description = "Word document: Chinese | English table with a glossary appendix"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        chinese = ChineseText(doc.source_lang, options.chinese)
        counter = ReportCounter()
        glossary = GlossaryCollector(doc, chinese)
        document = new_document(options.chinese, chinese.lang_tag)
        document.add_heading(clean_text(doc.title), level=0)
        table = document.add_table(rows=1, cols=2)
        table.style = document.styles["Table Grid"]
        header = table.rows[0]
        header.cells[0].text = f"Chinese ({chinese.lang_tag})"
        header.cells[1].text = "English"
        for cell in header.cells:
            for run in cell.paragraphs[0].runs:
                run.bold = True
        repeat_as_header(header)
        for paragraph in doc.paragraphs:
            self._row(table, paragraph, chinese, options, counter, glossary)
        self._appendix(document, glossary.entries(), options.chinese, chinese.lang_tag)
        save(document, out, clean_text(doc.title), doc.exported_at)
        return counter.report("Bilingual DOCX")

    @staticmethod
    def _row(
        table: Table,
        paragraph: ExportParagraph,
        chinese: ChineseText,
        options: ExportOptions,
        counter: ReportCounter,
        glossary: GlossaryCollector,
    ) -> None:
        segments = []
        for segment in paragraph.segments:
            if counter.keep(segment, options):
                segments.append(segment)
        if not segments:
            return
        english = [counter.english(s, options) for s in segments]
        for segment in segments:
            glossary.add(segment)
        cells = table.add_row().cells
        zh, en = cells[0].paragraphs[0], cells[1].paragraphs[0]
        if paragraph.is_heading:
            zh.style = en.style = heading_style(paragraph.level)
        zh_run = zh.add_run("".join(chinese.convert(s.source) for s in segments))
        set_fonts(zh_run, EAST_ASIAN_FONTS[options.chinese], chinese.lang_tag)
        add_english(en, english)

    @staticmethod
    def _appendix(
        document: DocxDocument, entries: list[GlossaryEntry], variant: str, lang_tag: str
    ) -> None:
        if not entries:
            return
        document.add_heading("Glossary", level=1)
        table = document.add_table(rows=1, cols=3)
        table.style = document.styles["Table Grid"]
        for cell, label in zip(table.rows[0].cells, ("Term", "Rendering", "Note")):
            cell.paragraphs[0].add_run(label).bold = True
        repeat_as_header(table.rows[0])
        for entry in entries:
            cells = table.add_row().cells
            set_fonts(
                cells[0].paragraphs[0].add_run(entry.source), EAST_ASIAN_FONTS[variant], lang_tag
            )
            cells[1].text = entry.target
            cells[2].text = entry.note
        # Three columns of their own, the note the widest (Word and LibreOffice read the
        # cell widths, not the column's).
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, APPENDIX_WIDTHS):
                cell.width = width
