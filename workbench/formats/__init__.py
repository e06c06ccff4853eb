"""Exporters (pure): one module per format behind a registry, over the dataclasses in `model`.

    exporter = EXPORTERS["tmx"]
    report = exporter.write(doc, out, ExportOptions(chinese="zh-Hant-TW"))

`out` is any binary file object; the exporter writes UTF-8 (or a zip container) and leaves it
open. `doc.paragraphs` is iterated once, so it may be a generator (bounded memory).
"""

from __future__ import annotations

from .base import (
    MT_MARKER,
    Exporter,
    ExportReport,
    FormatError,
    content_disposition,
    export_filename,
    left_out_marker,
    missing_marker,
)
from .docx_bilingual import DocxBilingualExporter
from .edition import EditionDocxExporter, EditionHtmlExporter, EditionMarkdownExporter
from .html_bilingual import HtmlBilingualExporter
from .model import (
    ExportComment,
    ExportDocument,
    ExportOptions,
    ExportParagraph,
    ExportSegment,
    ExportTerm,
    GlossaryEntry,
)
from .tabular import CsvExporter, XlsxExporter
from .tmx import TmxExporter
from .xliff import OmegatXliffExporter, XliffExporter

EXPORTERS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        TmxExporter(),
        XliffExporter(),
        OmegatXliffExporter(),
        OmegatXliffExporter(),
        DocxBilingualExporter(),
        HtmlBilingualExporter(),
        CsvExporter(),
        XlsxExporter(),
        EditionDocxExporter(),
        EditionHtmlExporter(),
        EditionMarkdownExporter(),
    )
}


def get_exporter(name: str) -> Exporter:
    """The exporter registered as `name`, or ValueError naming the valid ones."""
    try:
        return EXPORTERS[name]
    except KeyError:
        valid = ", ".join(EXPORTERS)
        raise ValueError(f"unknown export format {name!r} (valid: {valid})") from None


__all__ = [
    "EXPORTERS",
    "MT_MARKER",
    "ExportComment",
    "ExportDocument",
    "ExportOptions",
    "ExportParagraph",
    "ExportReport",
    "ExportSegment",
    "ExportTerm",
    "Exporter",
    "FormatError",
    "GlossaryEntry",
    "content_disposition",
    "export_filename",
    "get_exporter",
    "left_out_marker",
    "missing_marker",
]
