"""CSV and XLSX: one row per segment, the same columns in both.

Columns: segment id, paragraph (1-based), heading ("yes"/"no"), Chinese (chosen variant),
English, status, MT (newest raw MT), comments (one "author (time): text" per line).
The cells hold the data as it is (no MT filling, no markers): these files are for sorting,
filtering and re-use, and an empty English cell is itself the visible gap.

CSV is UTF-8 with a BOM (so Excel detects the encoding), streamed row by row. A cell that a
spreadsheet would run as a formula (starting with =, +, -, @, tab or CR: OWASP's list for
CSV injection) gets a leading apostrophe, so "=HYPERLINK(…)" stays text in LibreOffice and
Excel.

XLSX: every text cell is typed as a string (never a formula), the ids and paragraph numbers
as numbers. It prints readably: A4 landscape, fitted to the page width, the header row
repeated on every page, columns sized and wrapped, frozen header. openpyxl's write-only mode
(rows go to a temporary file, not to memory).
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Iterator
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

from .base import (
    ChineseText,
    ExporterBase,
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
) -> Iterator[list[str | int]]:
    """The data rows, counting into `counter`; the Chinese header names the variant's tag."""
    chinese = ChineseText(doc.source_lang, options.chinese)
    for number, is_heading, segment in iter_segments(doc):
        if not counter.keep(segment, options):
            continue
        english = clean_text(segment.target)
        counter.written(segment, english)
        yield [
            segment.id,
            number,
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


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str | int) -> str:
    """A CSV cell that no spreadsheet runs: formula-like text gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class CsvExporter(ExporterBase):
    name = "csv"
    extension = "csv"
    mimetype = "text/csv"
    description = "CSV (UTF-8 with BOM), one row per segment"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        counter = ReportCounter()
        # newline="" lets the csv module write its own \r\n; detach() so `out` stays open.
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
        try:
            writer = csv.writer(text, lineterminator="\r\n")
            writer.writerow(header(options))
            for row in rows(doc, options, counter):
                writer.writerow([neutralise(value) for value in row])
            text.flush()
        finally:
            text.detach()
        return counter.report("CSV")


# Column widths in characters: Chinese and English get room, the rest stays narrow. Fitted to
# an A4 landscape page, the whole row stays readable.
_WIDTHS = (10, 10, 8, 42, 52, 15, 42, 30)


class XlsxExporter(ExporterBase):
    name = "xlsx"
    extension = "xlsx"
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    description = "Excel workbook, one row per segment"

    def write(self, doc: ExportDocument, out: BinaryIO, options: ExportOptions) -> ExportReport:
        counter = ReportCounter()
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Segments")
        self._layout(sheet)
        bold, plain = Font(bold=True, size=FONT_POINTS), Font(size=FONT_POINTS)
        wrap = Alignment(wrap_text=True, vertical="top")
        titles = header(options)
        sheet.append([self._cell(sheet, value, font=bold, alignment=wrap) for value in titles])
        heights = [row_height(titles)]
        for row in rows(doc, options, counter):
            sheet.append([self._cell(sheet, value, font=plain, alignment=wrap) for value in row])
            heights.append(row_height(row))
        workbook.properties.creator = "workbench"
        workbook.properties.title = clean_text(doc.title)
        workbook.properties.created = doc.exported_at
        buffer = io.BytesIO()
        workbook.save(buffer)
        stamp = doc.exported_at.strftime("%Y-%m-%dT%H:%M:%SZ")

        def fix(name: str, content: bytes) -> bytes:
            return _set_row_heights(_fix_core(name, content, stamp), name, heights)

        out.write(rezip(buffer.getvalue(), doc.exported_at, fix))
        return counter.report("XLSX")

    @staticmethod
    def _layout(sheet: WriteOnlyWorksheet) -> None:
        for index, width in enumerate(_WIDTHS):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.freeze_panes = "A2"
        sheet.print_title_rows = "1:1"  # the header on every printed page
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0  # as many pages down as it takes
        sheet.print_options.gridLines = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.oddFooter.center.text = "Page &P of &N"

    @staticmethod
    def _cell(sheet: WriteOnlyWorksheet, value: str | int, **style: object) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would read "=…" as a formula: text stays text
        for name, setting in style.items():
            setattr(cell, name, setting)
        return cell


FONT_POINTS = 10
LINE_POINTS = 13.5  # one wrapped line of 10 pt text, Chinese fonts included


def _display_units(text: str) -> float:
    """Width in column units ('0' widths); measured in LibreOffice with the 10 pt fonts, a
    Chinese character takes about 1.6."""
    return sum(1.6 if unicodedata.east_asian_width(ch) in "WF" else 1.0 for ch in text)


def row_height(row: list[str | int]) -> float:
    """Points a row needs once its cells wrap at the column widths.

    LibreOffice does not re-measure rows when it opens an XLSX, so wrapped text would spill
    over the next rows; openpyxl's write-only mode cannot size rows, so the heights go into
    the sheet afterwards (`_set_row_heights`).
    """
    lines = 1
    for value, width in zip(row, _WIDTHS):
        per_line = max(width - 2, 1)  # a little slack for the cell's padding
        cell_lines = sum(
            max(math.ceil(_display_units(line) / per_line), 1) for line in str(value).split("\n")
        )
        lines = max(lines, cell_lines)
    return round(lines * LINE_POINTS + 2, 1)


_ROW = re.compile(rb'<row r="(\d+)"')


def _set_row_heights(content: bytes, name: str, heights: list[float]) -> bytes:
    if not name.startswith("xl/worksheets/sheet"):
        return content

    def height(match: re.Match[bytes]) -> bytes:
        number = int(match.group(1))
        points = heights[number - 1] if number <= len(heights) else LINE_POINTS
        return match.group(0) + f' ht="{points}" customHeight="1"'.encode()

    return _ROW.sub(height, content)


def _fix_core(name: str, content: bytes, stamp: str) -> bytes:
    """openpyxl stamps dcterms:modified with the current time on save; use exported_at."""
    if name != "docProps/core.xml":
        return content
    return re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
        lambda m: m.group(1) + stamp.encode() + m.group(2),
        content,
    )
