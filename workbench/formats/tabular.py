"""CSV and XLSX: one row per segment, the same columns in both.

Columns: segment id, paragraph (1-based), heading ("yes"/"no"), Chinese (chosen variant),
English, status, MT (newest raw MT), comments (one "author (time): text" per line).
The cells hold the data as it is (no MT filling, no markers): these files are for sorting,
filtering and re-use, and an empty English cell is itself the visible gap.

CSV is UTF-8 with a BOM (so Excel detects the encoding), streamed row by row. Its cells are
not defused against spreadsheet formulas ("=…", "-…"): they stay exactly the data; open
the XLSX in a spreadsheet, where every cell is typed as a string.
XLSX uses openpyxl's write-only mode (rows go to a temporary file, not to memory).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from .base import (
    ChineseText,
    ExportReport,
    ReportCounter,
    clean_text,
    comment_line,
    iter_segments,
    rezip,
)
from .model import ExportDocument, ExportOptions

COLUMNS = ("segment id", "paragraph", "heading", "Chinese", "English", "status", "MT", "comments")


def rows(
    doc: ExportDocument, options: ExportOptions, counter: ReportCounter
) -> Iterator[list[str]]:
    """The data rows, counting into `counter`; the Chinese header names the variant's tag."""
    chinese = ChineseText(doc.source_lang, options.chinese)
    for number, is_heading, segment in iter_segments(doc):
        if not counter.keep(segment, options):
            continue
        english = clean_text(segment.target)
        counter.written(segment, english)
        yield [
            str(segment.id),
            str(number),
            "yes" if is_heading else "no",
            chinese.convert(segment.source),
            english,
            segment.status,
            clean_text(segment.mt),
            "\n".join(comment_line(c) for c in segment.comments),
        ]


def header(options: ExportOptions) -> list[str]:
    chinese = ChineseText("zh-CN", options.chinese)
    return [f"Chinese ({chinese.lang_tag})" if c == "Chinese" else c for c in COLUMNS]


class CsvExporter:
    name = "csv"
    extension = "csv"
    mimetype = "text/csv"
    description = "CSV (UTF-8 with BOM), one row per segment"
    bilingual = True
    edition = False
    reads = False

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        counter = ReportCounter()
        # newline="" lets the csv module write its own \r\n; detach() so `out` stays open.
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        try:
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(header(options))
            for row in rows(doc, options, counter):
                writer.writerow(row)
            text.flush()
        finally:
            text.detach()
        return counter.report("CSV")


# Column widths in characters: Chinese and English get room, the rest stays narrow.
_WIDTHS = (10, 10, 9, 50, 60, 18, 50, 40)


class XlsxExporter:
    name = "xlsx"
    extension = "xlsx"
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    description = "Excel workbook, one row per segment"
    bilingual = True
    edition = False
    reads = False

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        counter = ReportCounter()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Segments")
        self._layout(sheet)
        bold = Font(bold=True)
        sheet.append([self._cell(sheet, value, font=bold) for value in header(options)])
        wrap = Alignment(wrap_text=True, vertical="top")
        for row in rows(doc, options, counter):
            sheet.append([self._cell(sheet, value, alignment=wrap) for value in row])
        workbook.properties.creator = "workbench"
        workbook.properties.title = clean_text(doc.title)
        workbook.properties.created = doc.exported_at
        buffer = io.BytesIO()
        workbook.save(buffer)
        stamp = doc.exported_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        out.write(rezip(buffer.getvalue(), doc.exported_at, lambda n, b: _fix_core(n, b, stamp)))
        return counter.report("XLSX")

    @staticmethod
    def _layout(sheet: WriteOnlyWorksheet) -> None:
        for index, width in enumerate(_WIDTHS):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"

    @staticmethod
    def _cell(sheet: WriteOnlyWorksheet, value: str, **style: object) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        # openpyxl would read "=…" as a formula: everything here is text.
        cell.data_type = "s"
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell


def _fix_core(name: str, content: bytes, stamp: str) -> bytes:
    """openpyxl stamps dcterms:modified with the current time on save; use exported_at."""
    if name != "docProps/core.xml":
        return content
    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        lambda m: m.group(1) + stamp.encode() + m.group(2),
        content,
    )
